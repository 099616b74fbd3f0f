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

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

function splitByKind(records: readonly IngestRecord[]): ByKind {
  const byKind: ByKind = { gate: [], terminal: [], scale: [], sensor: [], dead: [] };
  for (const record of records) {
    if (record.kind === 'dead_letter') byKind.dead.push(record);
    else (byKind[record.kind] as IngestEvent[]).push(record);
  }
  return byKind;
}

/**
 * Writes one batch inside the caller's transaction: all of it or none of it. Resends are rare,
 * so the batch first goes in as plain INSERTs under a savepoint (ON CONFLICT DO NOTHING costs
 * PostgreSQL a speculative insertion per row, ~28% more server CPU per event, measured:
 * docs/benchmarks.md); should any event already be stored, or come twice in the batch, the
 * savepoint is rolled back and the batch is written again skipping what is stored.
 */
export async function storeBatch(tx: Queryable, records: readonly IngestRecord[]): Promise<StoreResult> {
  await tx.query('SAVEPOINT ingest_batch');
  try {
    const result = await storeNewBatch(tx, records);
    await tx.query('RELEASE SAVEPOINT ingest_batch');
    return result;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT ingest_batch');
  }
  return storeBatchSkippingStored(tx, records);
}

/**
 * The fast path on its own, for a caller that retries a refused batch in a new transaction with
 * `storeBatchSkippingStored` (the gateway's writer: no savepoint round trips). Throws PostgreSQL's
 * unique_violation (`isUniqueViolation`) when an event of the batch is already stored or comes twice.
 */
export async function storeNewBatch(tx: Queryable, records: readonly IngestRecord[]): Promise<StoreResult> {
  const byKind = splitByKind(records);
  const { sql, params } = batchStatement(byKind, false);
  await tx.query(sql, params);
  const stored = records.filter((record): record is IngestEvent => record.kind !== 'dead_letter');
  return { stored, duplicates: 0, deadLetters: byKind.dead.length };
}

/** Writes a batch leaving out the events already stored; says which were new (exactly once). */
export async function storeBatchSkippingStored(tx: Queryable, records: readonly IngestRecord[]): Promise<StoreResult> {
  const byKind = splitByKind(records);
  const { sql, params } = batchStatement(byKind, true);
  const answers = await tx.query<{ kind: IngestEvent['kind']; stored: number; rows: number; fresh: string[] | null }>(
    sql,
    params,
  );
  // Per kind, the usual answer "every row was new" comes back as one number instead of one row
  // per row (the rows were ~4% of the gateway's event loop); the keys travel only for resends.
  const allFresh = new Set<IngestEvent['kind']>();
  const keys = new Set<string>();
  for (const answer of answers) {
    if (answer.stored === answer.rows) allFresh.add(answer.kind);
    for (const key of answer.fresh ?? []) {
      const split = key.indexOf('\u001f');
      keys.add(eventKey(key.slice(0, split), key.slice(split + 1)));
    }
  }
  // A batch can hold the same event twice (a resend that arrived before the first was
  // written): only its first occurrence counts as stored.
  const stored: IngestEvent[] = [];
  let events = 0;
  for (const record of records) {
    if (record.kind === 'dead_letter') continue;
    events += 1;
    if (allFresh.has(record.kind) || keys.delete(eventKey(record.deviceId, record.eventId))) stored.push(record);
  }
  return { stored, duplicates: events - stored.length, deadLetters: byKind.dead.length };
}

/** One kind's INSERT, its parameters numbered from `first`, and how many rows it writes. */
interface KindInsert {
  kind: IngestEvent['kind'] | 'dead_letter';
  rows: number;
  sql: (first: number) => string;
  params: unknown[];
}

/**
 * The whole batch as one statement: each table's INSERT is a data-modifying CTE, so a batch
 * costs one round trip whatever its mix (it was one per table plus the savepoint's two: under
 * a busy event loop each round trip waited for a turn of the loop, and the transaction's time
 * is what a QoS 1 publisher's window waits on). With `skipStored`, stored events are left out
 * (ON CONFLICT DO NOTHING) and the answer has a row per event kind: how many rows went in, and
 * when not all of them, which (device, event) keys.
 */
function batchStatement(byKind: ByKind, skipStored: boolean): { sql: string; params: unknown[] } {
  const inserts = kindInserts(byKind);
  if (inserts.length === 0) return { sql: 'SELECT 1 WHERE false', params: [] };
  const ctes: string[] = [];
  const answers: string[] = [];
  const params: unknown[] = [];
  for (const insert of inserts) {
    const name = `w_${insert.kind}`;
    const sql = insert.sql(params.length + 1);
    params.push(...insert.params);
    if (skipStored && insert.kind !== 'dead_letter') {
      ctes.push(`${name} AS (${sql} ON CONFLICT DO NOTHING RETURNING device_id, event_id)`);
      answers.push(
        `SELECT '${insert.kind}' AS kind, count(*)::int AS stored, ${insert.rows} AS rows,
           CASE WHEN count(*) < ${insert.rows} THEN array_agg(device_id || E'\\x1f' || event_id) END AS fresh
         FROM ${name}`,
      );
    } else {
      ctes.push(`${name} AS (${sql})`);
    }
  }
  const answer = answers.length > 0 ? answers.join(' UNION ALL ') : 'SELECT 1';
  return { sql: `WITH ${ctes.join(', ')} ${answer}`, params };
}

function kindInserts({ gate, terminal, scale, sensor, dead }: ByKind): KindInsert[] {
  // Event columns travel as compact text (columns.ts); times as epoch milliseconds. Every event
  // table starts with the same five columns, bound first and unnested as t1-t5.
  const EVENT_COLUMNS = 'ts, received_at, site, device_id, event_id';
  const eventSelect = 'to_timestamp(t1 / 1000.0), to_timestamp(t2 / 1000.0), t3, t4, t5';
  const eventUnnest = (n: number) =>
    `$${n}::float8[], $${n + 1}::float8[], ${textArray(n + 2)}, ${textArray(n + 3)}, ${textArray(n + 4)}`;
  const eventParams = (events: readonly IngestEvent[]) => [
    instantColumn(events.map((e) => e.ts)),
    instantColumn(events.map((e) => e.receivedAt)),
    textColumn(events.map((e) => e.site)),
    textColumn(events.map((e) => e.deviceId)),
    textColumn(events.map((e) => e.eventId)),
  ];
  const inserts: KindInsert[] = [];
  if (gate.length > 0) {
    inserts.push({
      kind: 'gate',
      rows: gate.length,
      sql: (n) => `INSERT INTO gate_swipes (${EVENT_COLUMNS}, card_id, direction, granted, reason)
         SELECT ${eventSelect}, t6, t7, t8, t9
         FROM unnest(${eventUnnest(n)}, ${textArray(n + 5)}, ${textArray(n + 6)}, $${n + 7}::boolean[], ${textArray(n + 8)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9)`,
      params: [
        ...eventParams(gate),
        textColumn(gate.map((e) => e.cardId)),
        textColumn(gate.map((e) => e.direction)),
        booleanColumn(gate.map((e) => e.granted)),
        textColumn(gate.map((e) => e.reason)),
      ],
    });
  }
  if (terminal.length > 0) {
    inserts.push({
      kind: 'terminal',
      rows: terminal.length,
      sql: (n) => `INSERT INTO terminal_orders (${EVENT_COLUMNS}, order_id, items, total, payer_card, meal_period)
         SELECT ${eventSelect}, t6, t7::jsonb, t8, t9, t10
         FROM unnest(${eventUnnest(n)}, ${textArray(n + 5)}, ${textArray(n + 6)}, $${n + 7}::numeric[], ${textArray(n + 8)}, ${textArray(n + 9)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9, t10)`,
      params: [
        ...eventParams(terminal),
        textColumn(terminal.map((e) => e.orderId)),
        textColumn(terminal.map((e) => JSON.stringify(e.items))),
        numberColumn(terminal.map((e) => e.total)),
        textColumn(terminal.map((e) => e.payerCard)),
        textColumn(terminal.map((e) => e.mealPeriod)),
      ],
    });
  }
  if (scale.length > 0) {
    inserts.push({
      kind: 'scale',
      rows: scale.length,
      sql: (n) => `INSERT INTO scale_readings (${EVENT_COLUMNS}, item_id, gross, net, unit, net_kg)
         SELECT ${eventSelect}, t6, t7, t8, t9, t10
         FROM unnest(${eventUnnest(n)}, ${textArray(n + 5)}, $${n + 6}::float8[], $${n + 7}::float8[], ${textArray(n + 8)}, $${n + 9}::float8[])
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9, t10)`,
      params: [
        ...eventParams(scale),
        textColumn(scale.map((e) => e.itemId)),
        numberColumn(scale.map((e) => e.gross)),
        numberColumn(scale.map((e) => e.net)),
        textColumn(scale.map((e) => e.unit)),
        numberColumn(scale.map((e) => e.netKg)),
      ],
    });
  }
  if (sensor.length > 0) {
    const rows = sensor.flatMap((e) => e.metrics.map((metric) => ({ e, metric })));
    inserts.push({
      kind: 'sensor',
      rows: rows.length,
      sql: (n) => `INSERT INTO sensor_readings (${EVENT_COLUMNS}, asset_id, metric, value, unit)
         SELECT ${eventSelect}, t6, t7, t8, t9
         FROM unnest(${eventUnnest(n)}, ${textArray(n + 5)}, ${textArray(n + 6)}, $${n + 7}::float8[], ${textArray(n + 8)})
           AS t(t1, t2, t3, t4, t5, t6, t7, t8, t9)`,
      params: [
        ...eventParams(rows.map((r) => r.e)),
        textColumn(rows.map((r) => r.e.assetId)),
        textColumn(rows.map((r) => r.metric.name)),
        numberColumn(rows.map((r) => r.metric.value)),
        textColumn(rows.map((r) => r.metric.unit)),
      ],
    });
  }
  if (dead.length > 0) {
    // Payloads travel as hex text: both drivers serialise text arrays the same way, bytea arrays not.
    inserts.push({
      kind: 'dead_letter',
      rows: dead.length,
      sql: (n) => `INSERT INTO dead_letters (received_at, device_id, topic, reason, detail, payload)
       SELECT received_at, device_id, topic, reason, detail, decode(payload_hex, 'hex')
       FROM unnest($${n}::timestamptz[], $${n + 1}::text[], $${n + 2}::text[], $${n + 3}::text[], $${n + 4}::text[], $${n + 5}::text[])
         AS t(received_at, device_id, topic, reason, detail, payload_hex)`,
      params: [
        dead.map((d) => d.receivedAt),
        dead.map((d) => d.deviceId),
        dead.map((d) => d.topic),
        dead.map((d) => d.reason),
        dead.map((d) => d.detail),
        dead.map((d) => d.payload.toString('hex')),
      ],
    });
  }
  return inserts;
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
