import type { Queryable } from '@campus/storage';
import { booleanColumn, instantColumn, numberColumn, textArray, textColumn } from './columns.ts';
import type {
  DeadLetter,
  GateSwipeEvent,
  IngestEvent,
  IngestRecord,
  ScaleReadingEvent,
  SensorTelemetryEvent,
  TerminalOrderEvent,
} from './records.ts';

export interface StoreResult {
  /** Events stored now, in arrival order; resends of stored events are left out (exactly once). */
  stored: IngestEvent[];
  duplicates: number;
  deadLetters: number;
}

const eventKey = (deviceId: string, eventId: string) => `${deviceId}\u0000${eventId}`;

interface ByKind {
  gate: GateSwipeEvent[];
  terminal: TerminalOrderEvent[];
  scale: ScaleReadingEvent[];
  sensor: SensorTelemetryEvent[];
  dead: DeadLetter[];
}

/** PostgreSQL's unique_violation: an event of the batch is already stored (a QoS 1 resend). */
const UNIQUE_VIOLATION = '23505';

/**
 * Writes one batch inside the caller's transaction: all of it or none of it. Arrays go through
 * `unnest`, one statement per table whatever the batch size, which keeps bind parameters at a
 * handful (PGlite crashes past 32,767).
 *
 * Resends are rare, so the batch first goes in with plain INSERTs under a savepoint: ON CONFLICT
 * DO NOTHING costs PostgreSQL a speculative insertion per row (~28% more server CPU per event,
 * measured: docs/benchmarks.md). Should any event already be stored, or come twice in the batch,
 * the savepoint is rolled back and the batch is written again with ON CONFLICT, which tells
 * which events are new (exactly once).
 */
export async function storeBatch(tx: Queryable, records: readonly IngestRecord[]): Promise<StoreResult> {
  const byKind: ByKind = { gate: [], terminal: [], scale: [], sensor: [], dead: [] };
  for (const record of records) {
    if (record.kind === 'dead_letter') byKind.dead.push(record);
    else (byKind[record.kind] as IngestEvent[]).push(record);
  }
  await tx.query('SAVEPOINT ingest_batch');
  try {
    await insertBatch(tx, byKind, false);
    await tx.query('RELEASE SAVEPOINT ingest_batch');
    const stored = records.filter((record): record is IngestEvent => record.kind !== 'dead_letter');
    return { stored, duplicates: 0, deadLetters: byKind.dead.length };
  } catch (err) {
    if ((err as { code?: unknown }).code !== UNIQUE_VIOLATION) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT ingest_batch');
  }
  const fresh = await insertBatch(tx, byKind, true);
  // A batch can hold the same event twice (a resend that arrived before the first was
  // written): only its first occurrence counts as stored.
  const stored: IngestEvent[] = [];
  let events = 0;
  for (const record of records) {
    if (record.kind === 'dead_letter') continue;
    events += 1;
    if (fresh.allFresh.has(record.kind) || fresh.keys.delete(eventKey(record.deviceId, record.eventId))) stored.push(record);
  }
  return { stored, duplicates: events - stored.length, deadLetters: byKind.dead.length };
}

/**
 * One INSERT per table. With `skipStored`, stored events are left out (ON CONFLICT DO NOTHING)
 * and the answer says which events were new: every one of a kind (`allFresh`), or their keys.
 */
async function insertBatch(
  tx: Queryable,
  { gate, terminal, scale, sensor, dead }: ByKind,
  skipStored: boolean,
): Promise<{ allFresh: Set<IngestEvent['kind']>; keys: Set<string> }> {
  const keys = new Set<string>();
  const allFresh = new Set<IngestEvent['kind']>();
  /**
   * Runs one kind's INSERT. Skipping stored events, it notes which are new; the usual answer,
   * "every row was new", comes back as one number instead of one row per row (the rows were ~4%
   * of the gateway's event loop); the keys travel only when some were resends.
   */
  const insertFresh = async (kind: IngestEvent['kind'], rows: number, insert: string, params: unknown[]) => {
    if (!skipStored) {
      await tx.query(insert, params);
      return;
    }
    const [answer] = await tx.query<{ stored: number; fresh: string[] | null }>(
      `WITH ins AS (${insert} ON CONFLICT DO NOTHING RETURNING device_id, event_id)
       SELECT count(*)::int AS stored,
         CASE WHEN count(*) < ${rows} THEN array_agg(device_id || E'\\x1f' || event_id) END AS fresh
       FROM ins`,
      params,
    );
    if (answer?.stored === rows) {
      allFresh.add(kind);
      return;
    }
    for (const key of answer?.fresh ?? []) {
      const split = key.indexOf('\u001f');
      keys.add(eventKey(key.slice(0, split), key.slice(split + 1)));
    }
  };

  // Event columns travel as compact text (columns.ts); times as epoch milliseconds. Every event
  // table starts with the same five columns, bound as $1-$5 and unnested as t1-t5.
  const ts = (n: number) => `to_timestamp(t${n} / 1000.0)`;
  const EVENT_COLUMNS = 'ts, received_at, site, device_id, event_id';
  const eventSelect = `${ts(1)}, ${ts(2)}, t3, t4, t5`;
  const eventUnnest = `$1::float8[], $2::float8[], ${textArray(3)}, ${textArray(4)}, ${textArray(5)}`;
  const eventParams = (events: readonly IngestEvent[]) => [
    instantColumn(events.map((e) => e.ts)),
    instantColumn(events.map((e) => e.receivedAt)),
    textColumn(events.map((e) => e.site)),
    textColumn(events.map((e) => e.deviceId)),
    textColumn(events.map((e) => e.eventId)),
  ];
  if (gate.length > 0) {
    await insertFresh(
      'gate',
      gate.length,
      `INSERT INTO gate_swipes (${EVENT_COLUMNS}, card_id, direction, granted, reason)
         SELECT ${eventSelect}, t6, t7, t8, t9
         FROM unnest(${eventUnnest}, ${textArray(6)}, ${textArray(7)}, $8::boolean[], ${textArray(9)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9)`,
      [
        ...eventParams(gate),
        textColumn(gate.map((e) => e.cardId)),
        textColumn(gate.map((e) => e.direction)),
        booleanColumn(gate.map((e) => e.granted)),
        textColumn(gate.map((e) => e.reason)),
      ],
    );
  }
  if (terminal.length > 0) {
    await insertFresh(
      'terminal',
      terminal.length,
      `INSERT INTO terminal_orders (${EVENT_COLUMNS}, order_id, items, total, payer_card, meal_period)
         SELECT ${eventSelect}, t6, t7::jsonb, t8, t9, t10
         FROM unnest(${eventUnnest}, ${textArray(6)}, ${textArray(7)}, $8::numeric[], ${textArray(9)}, ${textArray(10)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9, t10)`,
      [
        ...eventParams(terminal),
        textColumn(terminal.map((e) => e.orderId)),
        textColumn(terminal.map((e) => JSON.stringify(e.items))),
        numberColumn(terminal.map((e) => e.total)),
        textColumn(terminal.map((e) => e.payerCard)),
        textColumn(terminal.map((e) => e.mealPeriod)),
      ],
    );
  }
  if (scale.length > 0) {
    await insertFresh(
      'scale',
      scale.length,
      `INSERT INTO scale_readings (${EVENT_COLUMNS}, item_id, gross, net, unit, net_kg)
         SELECT ${eventSelect}, t6, t7, t8, t9, t10
         FROM unnest(${eventUnnest}, ${textArray(6)}, $7::float8[], $8::float8[], ${textArray(9)}, $10::float8[])
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9, t10)`,
      [
        ...eventParams(scale),
        textColumn(scale.map((e) => e.itemId)),
        numberColumn(scale.map((e) => e.gross)),
        numberColumn(scale.map((e) => e.net)),
        textColumn(scale.map((e) => e.unit)),
        numberColumn(scale.map((e) => e.netKg)),
      ],
    );
  }
  if (sensor.length > 0) {
    const rows = sensor.flatMap((e) => e.metrics.map((metric) => ({ e, metric })));
    await insertFresh(
      'sensor',
      rows.length,
      `INSERT INTO sensor_readings (${EVENT_COLUMNS}, asset_id, metric, value, unit)
         SELECT ${eventSelect}, t6, t7, t8, t9
         FROM unnest(${eventUnnest}, ${textArray(6)}, ${textArray(7)}, $8::float8[], ${textArray(9)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9)`,
      [
        ...eventParams(rows.map((r) => r.e)),
        textColumn(rows.map((r) => r.e.assetId)),
        textColumn(rows.map((r) => r.metric.name)),
        numberColumn(rows.map((r) => r.metric.value)),
        textColumn(rows.map((r) => r.metric.unit)),
      ],
    );
  }
  if (dead.length > 0) {
    // Payloads travel as hex text: both drivers serialise text arrays the same way, bytea arrays not.
    await tx.query(
      `INSERT INTO dead_letters (received_at, device_id, topic, reason, detail, payload)
       SELECT received_at, device_id, topic, reason, detail, decode(payload_hex, 'hex')
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS t(received_at, device_id, topic, reason, detail, payload_hex)`,
      [
        dead.map((d) => d.receivedAt),
        dead.map((d) => d.deviceId),
        dead.map((d) => d.topic),
        dead.map((d) => d.reason),
        dead.map((d) => d.detail),
        dead.map((d) => d.payload.toString('hex')),
      ],
    );
  }

  return { allFresh, keys };
}

/** Keeps the dead-letter table bounded: only the newest `maxRows` stay. */
export async function trimDeadLetters(db: Queryable, maxRows: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH doomed AS (DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - $1 RETURNING 1)
     SELECT count(*)::int AS n FROM doomed`,
    [maxRows],
  );
  return rows[0]?.n ?? 0;
}
