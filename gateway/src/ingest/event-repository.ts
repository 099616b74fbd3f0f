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

/**
 * One column of an event table as it travels (columns.ts): text (or JSON text, cast on the
 * way in), numbers, booleans, or instants as epoch milliseconds.
 */
type BatchColumn =
  | { name: string; type: 'text' | 'jsonb'; values: ReadonlyArray<string | null> }
  | { name: string; type: 'float8' | 'numeric'; values: readonly number[] }
  | { name: string; type: 'boolean'; values: readonly boolean[] }
  | { name: string; type: 'instant'; values: readonly Date[] };

/** The five columns every event table starts with. */
function eventColumns(events: readonly IngestEvent[]): BatchColumn[] {
  return [
    { name: 'ts', type: 'instant', values: events.map((e) => e.ts) },
    { name: 'received_at', type: 'instant', values: events.map((e) => e.receivedAt) },
    { name: 'site', type: 'text', values: events.map((e) => e.site) },
    { name: 'device_id', type: 'text', values: events.map((e) => e.deviceId) },
    { name: 'event_id', type: 'text', values: events.map((e) => e.eventId) },
  ];
}

function encodeColumn(column: BatchColumn): string {
  switch (column.type) {
    case 'text':
    case 'jsonb':
      return textColumn(column.values);
    case 'float8':
    case 'numeric':
      return numberColumn(column.values);
    case 'boolean':
      return booleanColumn(column.values);
    case 'instant':
      return instantColumn(column.values);
  }
}

/** An `INSERT … SELECT … FROM unnest(…)` of whole columns: one parameter per column. */
function columnsInsert(kind: IngestEvent['kind'], table: string, rows: number, columns: BatchColumn[]): KindInsert {
  const unnested = (column: BatchColumn, n: number) =>
    column.type === 'text' || column.type === 'jsonb'
      ? textArray(n)
      : `$${n}::${column.type === 'instant' ? 'float8' : column.type}[]`;
  const selected = (column: BatchColumn, alias: string) =>
    column.type === 'instant' ? `to_timestamp(${alias} / 1000.0)` : column.type === 'jsonb' ? `${alias}::jsonb` : alias;
  const aliases = columns.map((_, i) => `t${i + 1}`);
  return {
    kind,
    rows,
    sql: (first) =>
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
         SELECT ${columns.map((c, i) => selected(c, aliases[i] as string)).join(', ')}
         FROM unnest(${columns.map((c, i) => unnested(c, first + i)).join(', ')}) AS t(${aliases.join(', ')})`,
    params: columns.map(encodeColumn),
  };
}

function kindInserts({ gate, terminal, scale, sensor, dead }: ByKind): KindInsert[] {
  const inserts: KindInsert[] = [];
  if (gate.length > 0) {
    inserts.push(
      columnsInsert('gate', 'gate_swipes', gate.length, [
        ...eventColumns(gate),
        { name: 'card_id', type: 'text', values: gate.map((e) => e.cardId) },
        { name: 'direction', type: 'text', values: gate.map((e) => e.direction) },
        { name: 'granted', type: 'boolean', values: gate.map((e) => e.granted) },
        { name: 'reason', type: 'text', values: gate.map((e) => e.reason) },
      ]),
    );
  }
  if (terminal.length > 0) {
    inserts.push(
      columnsInsert('terminal', 'terminal_orders', terminal.length, [
        ...eventColumns(terminal),
        { name: 'order_id', type: 'text', values: terminal.map((e) => e.orderId) },
        { name: 'items', type: 'jsonb', values: terminal.map((e) => JSON.stringify(e.items)) },
        { name: 'total', type: 'numeric', values: terminal.map((e) => e.total) },
        { name: 'payer_card', type: 'text', values: terminal.map((e) => e.payerCard) },
        { name: 'meal_period', type: 'text', values: terminal.map((e) => e.mealPeriod) },
      ]),
    );
  }
  if (scale.length > 0) {
    inserts.push(
      columnsInsert('scale', 'scale_readings', scale.length, [
        ...eventColumns(scale),
        { name: 'item_id', type: 'text', values: scale.map((e) => e.itemId) },
        { name: 'gross', type: 'float8', values: scale.map((e) => e.gross) },
        { name: 'net', type: 'float8', values: scale.map((e) => e.net) },
        { name: 'unit', type: 'text', values: scale.map((e) => e.unit) },
        { name: 'net_kg', type: 'float8', values: scale.map((e) => e.netKg) },
      ]),
    );
  }
  if (sensor.length > 0) {
    // A row per metric: the event's columns repeat for each.
    const rows = sensor.flatMap((e) => e.metrics.map((metric) => ({ e, metric })));
    inserts.push(
      columnsInsert('sensor', 'sensor_readings', rows.length, [
        ...eventColumns(rows.map((r) => r.e)),
        { name: 'asset_id', type: 'text', values: rows.map((r) => r.e.assetId) },
        { name: 'metric', type: 'text', values: rows.map((r) => r.metric.name) },
        { name: 'value', type: 'float8', values: rows.map((r) => r.metric.value) },
        { name: 'unit', type: 'text', values: rows.map((r) => r.metric.unit) },
      ]),
    );
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
