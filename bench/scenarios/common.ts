import type { LoadDevice } from '@campus/device-sims/load';
import { planFleet } from '@campus/device-sims/load';
import { createScratchDir, createScratchPg } from '../databases.ts';
import type { LoadMeasurement, LoadPlan } from '../measure.ts';
import type { BenchOptions, Target } from '../options.ts';
import type { ResultRow } from '../results.ts';
import type { DbTarget } from '../sinks/db-target.ts';

/** What every measurement shares: the options, the fleet, fresh databases, and how a load run becomes a row. */

export interface BenchContext {
  options: BenchOptions;
  runDir: string;
  fleet: LoadDevice[][];
  nextTag(): string;
}

export const KB_PER_MB = 1024;

export function benchFleet(options: BenchOptions): LoadDevice[][] {
  return planFleet({
    processes: options.processes,
    devicesPerKind: options.devicesPerKind,
    mix: options.mix,
    idPrefix: 'bench',
    site: 'bench',
    secret: 'bench-device-secret',
  });
}

/**
 * Runs `work` against an empty database of the target kind; `scratchDir` gives it more
 * temporary directories. All of it is removed after.
 */
export async function withDatabase<T>(
  context: BenchContext,
  target: Target,
  label: string,
  work: (db: DbTarget, scratchDir: (label: string) => Promise<string>) => Promise<T>,
): Promise<T> {
  const cleanups: Array<() => Promise<void>> = [];
  const scratchDir = async (dirLabel: string) => {
    const scratch = await createScratchDir(dirLabel);
    cleanups.push(scratch.remove);
    return scratch.dir;
  };
  try {
    if (target === 'pg') {
      const scratch = await createScratchPg(context.options.pgUrl, label);
      cleanups.push(scratch.drop);
      return await work({ kind: 'pg', url: scratch.url }, scratchDir);
    }
    return await work({ kind: 'pglite', dataDir: await scratchDir(label) }, scratchDir);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

export function plan(context: BenchContext, brokerPort: number, qos: 0 | 1, totalRate: number, db?: DbTarget): LoadPlan {
  const { options } = context;
  return {
    ...(db?.kind === 'pg' ? { database: new URL(db.url).pathname.slice(1) } : {}),
    brokerPort,
    fleet: context.fleet,
    qos,
    totalRate,
    durationMs: options.durationMs,
    warmupMs: options.warmupMs,
    mix: options.mix,
    sensorMetrics: options.sensorMetrics,
    window: options.window,
    runTag: context.nextTag(),
  };
}

export function loadRow(
  base: Omit<ResultRow, 'eventsPerSec' | 'rowsPerSec' | 'committed' | 'publisherPeakRssMb' | 'notes'>,
  m: LoadMeasurement,
): ResultRow {
  const cores = (ms: number) => ms / m.elapsedMs;
  const notes: string[] = [];
  const lost = m.sent - m.committed;
  if (lost > 0) {
    const why = m.qos === 0 ? ' (QoS 0 is at most once: in flight when the publishers disconnected)' : '';
    notes.push(`${lost} of ${m.sent} sent not committed${why}`);
  }
  const failed = m.publishers.reduce((total, report) => total + report.failed + report.disconnects, 0);
  if (failed > 0) notes.push(`${failed} publish failures/disconnects`);
  return {
    ...base,
    eventsPerSec: m.eventsPerSec,
    rowsPerSec: m.rowsPerSec,
    committed: m.committed,
    sent: m.sent,
    ...(m.p50Ms === undefined ? {} : { p50Ms: m.p50Ms }),
    ...(m.p99Ms === undefined ? {} : { p99Ms: m.p99Ms }),
    ...(m.p999Ms === undefined ? {} : { p999Ms: m.p999Ms }),
    publisherPeakRssMb: m.publishers.map((report) => report.maxRssKb / KB_PER_MB),
    cores: {
      publishers: cores(m.cpu.publishersMs),
      ...(m.cpu.brokerMs === undefined ? {} : { broker: cores(m.cpu.brokerMs) }),
      sink: cores(m.cpu.sinkMs),
      postgres: cores(m.cpu.postgresMs),
      other: cores(m.cpu.otherMs),
    },
    eventLoop: m.sinkUsage.eventLoopUtilization,
    notes,
  };
}
