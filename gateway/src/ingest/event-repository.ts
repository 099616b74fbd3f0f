import type { Queryable } from '@campus/storage';
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

/**
 * Writes one batch in one transaction: all of it or none of it. Arrays go through `unnest`,
 * one statement per table whatever the batch size, which keeps bind parameters at a handful
 * (PGlite crashes past 32,767) and lets ON CONFLICT absorb QoS 1 resends.
 */
export async function storeBatch(tx: Queryable, records: readonly IngestRecord[]): Promise<StoreResult> {
  const gate: GateSwipeEvent[] = [];
  const terminal: TerminalOrderEvent[] = [];
  const scale: ScaleReadingEvent[] = [];
  const sensor: SensorTelemetryEvent[] = [];
  const dead: DeadLetter[] = [];
  for (const record of records) {
    switch (record.kind) {
      case 'gate':
        gate.push(record);
        break;
      case 'terminal':
        terminal.push(record);
        break;
      case 'scale':
        scale.push(record);
        break;
      case 'sensor':
        sensor.push(record);
        break;
      case 'dead_letter':
        dead.push(record);
        break;
    }
  }

  const fresh = new Set<string>();
  const collect = (rows: Array<{ device_id: string; event_id: string }>) => {
    for (const row of rows) fresh.add(eventKey(row.device_id, row.event_id));
  };

  if (gate.length > 0) {
    collect(
      await tx.query(
        `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted, reason)
         SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[])
         ON CONFLICT DO NOTHING RETURNING device_id, event_id`,
        [
          gate.map((e) => e.ts),
          gate.map((e) => e.receivedAt),
          gate.map((e) => e.site),
          gate.map((e) => e.deviceId),
          gate.map((e) => e.eventId),
          gate.map((e) => e.cardId),
          gate.map((e) => e.direction),
          gate.map((e) => e.granted),
          gate.map((e) => e.reason),
        ],
      ),
    );
  }
  if (terminal.length > 0) {
    collect(
      await tx.query(
        `INSERT INTO terminal_orders (ts, received_at, site, device_id, event_id, order_id, items, total, payer_card, meal_period)
         SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::numeric[], $9::text[], $10::text[])
         ON CONFLICT DO NOTHING RETURNING device_id, event_id`,
        [
          terminal.map((e) => e.ts),
          terminal.map((e) => e.receivedAt),
          terminal.map((e) => e.site),
          terminal.map((e) => e.deviceId),
          terminal.map((e) => e.eventId),
          terminal.map((e) => e.orderId),
          terminal.map((e) => JSON.stringify(e.items)),
          terminal.map((e) => e.total),
          terminal.map((e) => e.payerCard),
          terminal.map((e) => e.mealPeriod),
        ],
      ),
    );
  }
  if (scale.length > 0) {
    collect(
      await tx.query(
        `INSERT INTO scale_readings (ts, received_at, site, device_id, event_id, item_id, gross, net, unit, net_kg)
         SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::text[], $10::float8[])
         ON CONFLICT DO NOTHING RETURNING device_id, event_id`,
        [
          scale.map((e) => e.ts),
          scale.map((e) => e.receivedAt),
          scale.map((e) => e.site),
          scale.map((e) => e.deviceId),
          scale.map((e) => e.eventId),
          scale.map((e) => e.itemId),
          scale.map((e) => e.gross),
          scale.map((e) => e.net),
          scale.map((e) => e.unit),
          scale.map((e) => e.netKg),
        ],
      ),
    );
  }
  if (sensor.length > 0) {
    const rows = sensor.flatMap((e) => e.metrics.map((metric) => ({ e, metric })));
    collect(
      await tx.query(
        `INSERT INTO sensor_readings (ts, received_at, site, device_id, event_id, asset_id, metric, value, unit)
         SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::text[])
         ON CONFLICT DO NOTHING RETURNING device_id, event_id`,
        [
          rows.map((r) => r.e.ts),
          rows.map((r) => r.e.receivedAt),
          rows.map((r) => r.e.site),
          rows.map((r) => r.e.deviceId),
          rows.map((r) => r.e.eventId),
          rows.map((r) => r.e.assetId),
          rows.map((r) => r.metric.name),
          rows.map((r) => r.metric.value),
          rows.map((r) => r.metric.unit),
        ],
      ),
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

  // A batch can hold the same event twice (a resend that arrived before the first was
  // written): only its first occurrence counts as stored.
  const stored: IngestEvent[] = [];
  let events = 0;
  for (const record of records) {
    if (record.kind === 'dead_letter') continue;
    events += 1;
    const key = eventKey(record.deviceId, record.eventId);
    if (fresh.delete(key)) stored.push(record);
  }
  return { stored, duplicates: events - stored.length, deadLetters: dead.length };
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
