/** The live `ingest.stats` message (hub/src/contexts/ingest/schema.ts IngestStatsSchema): counters since start. */
export interface IngestStats {
  stored: Record<string, number>;
  duplicates: Record<string, number>;
  rejected: Record<string, number>;
  spool: { rows: number; bytes: number };
  queued: number;
  clients: number;
  commitLatencyMs: { p50: number; p99: number };
}

export interface RatePoint {
  at: number;
  rate: number;
}

export interface RateState {
  last: { at: number; stored: number } | null;
  points: RatePoint[];
  latest: IngestStats | null;
}

export const RATE_POINTS = 150;
const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

/**
 * Turns the cumulative counters into events per second between two snapshots. A counter that
 * went down (the hub restarted) starts over instead of drawing a negative rate.
 */
export function nextRate(state: RateState, stats: IngestStats, at: number): RateState {
  const stored = sum(stats.stored);
  const points = [...state.points];
  if (state.last && at > state.last.at && stored >= state.last.stored) {
    points.push({ at, rate: ((stored - state.last.stored) * 1000) / (at - state.last.at) });
  }
  return { last: { at, stored }, points: points.slice(-RATE_POINTS), latest: stats };
}

export const totalOf = sum;
