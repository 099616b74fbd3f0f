import type { IngestEvent } from '@campus/gateway';
import type { Queryable } from '@campus/storage';

/** Rows read per table and round: bounds the memory a long catch-up takes. */
export const CATCH_UP_CHUNK_ROWS = 5_000;

export interface CatchUpChunk {
  /** Events stored after `since`, in receive order, each with all its rows. */
  events: IngestEvent[];
  /** More events follow the last one returned: read again from the watermark. */
  more: boolean;
}

/**
 * Events stored after (or at) the engine's watermark, in receive order: what the engine missed while
 * it was not running (a restart, a crash) or while it was behind the live stream, read back from
 * the event tables so no episode is forgotten. One chunk at a time: each table is read up to
 * `limit` rows, and the chunk ends where the first table that filled its limit ends, so no
 * event of another table (nor a sensor event's other metrics) is passed over by the watermark.
 */
export async function eventsSince(
  db: Queryable,
  since: Date,
  options: { limit?: number; inclusive?: boolean } = {},
): Promise<CatchUpChunk> {
  const limit = options.limit ?? CATCH_UP_CHUNK_ROWS;
  // Inclusive: events stamped `since` itself too (the caller knows which of them it has seen).
  const after = options.inclusive ? '>=' : '>';
  // Times come back as epoch milliseconds (multiplied while exact, then truncated like a JS Date):
  // the driver parses a timestamptz with regular expressions, which for a catch-up of thousands
  // of rows was ~6% of the hub's allocations.
  const times = ['ts', 'received_at']
    .map((column) => `floor(extract(epoch FROM ${column}) * 1000)::float8 AS ${column === 'ts' ? 'ts_ms' : 'received_ms'}`)
    .join(', ');
  const gates = await db.query<{
    ts_ms: number;
    received_ms: number;
    site: string;
    device_id: string;
    event_id: string;
    card_id: string;
    direction: 'in' | 'out';
    granted: boolean;
    reason: string | null;
  }>(
    `SELECT ${times}, site, device_id, event_id, card_id, direction, granted, reason FROM gate_swipes
     WHERE received_at ${after} $1 ORDER BY received_at LIMIT ${limit}`,
    [since],
  );
  const scales = await db.query<{
    ts_ms: number;
    received_ms: number;
    site: string;
    device_id: string;
    event_id: string;
    item_id: string;
    gross: number;
    net: number;
    unit: 'kg' | 'g' | 'lb';
    net_kg: number;
  }>(
    `SELECT ${times}, site, device_id, event_id, item_id, gross, net, unit, net_kg FROM scale_readings
     WHERE received_at ${after} $1 ORDER BY received_at LIMIT ${limit}`,
    [since],
  );
  const sensors = await db.query<{
    ts_ms: number;
    received_ms: number;
    site: string;
    device_id: string;
    event_id: string;
    asset_id: string;
    metric: string;
    value: number;
    unit: string;
  }>(
    `SELECT ${times}, site, device_id, event_id, asset_id, metric, value, unit FROM sensor_readings
     WHERE received_at ${after} $1 ORDER BY received_at, device_id, event_id LIMIT ${limit}`,
    [since],
  );
  const events: IngestEvent[] = [
    ...gates.map(
      (r): IngestEvent => ({
        kind: 'gate',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: new Date(r.ts_ms),
        receivedAt: new Date(r.received_ms),
        cardId: r.card_id,
        direction: r.direction,
        granted: r.granted,
        reason: r.reason,
      }),
    ),
    ...scales.map(
      (r): IngestEvent => ({
        kind: 'scale',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: new Date(r.ts_ms),
        receivedAt: new Date(r.received_ms),
        itemId: r.item_id,
        gross: r.gross,
        net: r.net,
        unit: r.unit,
        netKg: r.net_kg,
      }),
    ),
  ];
  const telemetry = new Map<string, IngestEvent & { kind: 'sensor' }>();
  for (const r of sensors) {
    const key = `${r.device_id}\u0000${r.event_id}`;
    const existing = telemetry.get(key);
    if (existing) existing.metrics.push({ name: r.metric, value: r.value, unit: r.unit });
    else
      telemetry.set(key, {
        kind: 'sensor',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: new Date(r.ts_ms),
        receivedAt: new Date(r.received_ms),
        assetId: r.asset_id,
        metrics: [{ name: r.metric, value: r.value, unit: r.unit }],
      });
  }
  events.push(...telemetry.values());
  events.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.ts.getTime() - b.ts.getTime());
  const filled = [gates, scales, sensors].flatMap((rows) =>
    rows.length >= limit ? [rows[rows.length - 1]?.received_ms ?? 0] : [],
  );
  if (filled.length === 0) return { events, more: false };
  const end = Math.min(...filled);
  // Rows stamped `end` may continue past a full table's limit: they come in the next chunk. Only
  // a whole chunk stamped in one millisecond is kept as it is, so the catch-up always advances.
  const before = events.filter((event) => event.receivedAt.getTime() < end);
  return { events: before.length > 0 ? before : events.filter((event) => event.receivedAt.getTime() <= end), more: true };
}
