import type { DeviceKind } from '@campus/protocol';
import type { Queryable } from '@campus/storage';
import type { RecentQuery, RejectQuery } from './schema.ts';

const TABLES: Record<DeviceKind, { table: string; columns: string }> = {
  gate: { table: 'gate_swipes', columns: 'card_id, direction, granted, reason' },
  terminal: { table: 'terminal_orders', columns: 'order_id, items, total::float8 AS total, payer_card, meal_period' },
  scale: { table: 'scale_readings', columns: 'item_id, gross, net, unit, net_kg' },
  sensor: { table: 'sensor_readings', columns: 'asset_id, metric, value, unit' },
};

export interface StoredEventRow extends Record<string, unknown> {
  ts: Date;
  received_at: Date;
  site: string;
  device_id: string;
  event_id: string;
}

export interface DeadLetterRow {
  id: string | number;
  received_at: Date;
  device_id: string | null;
  topic: string;
  reason: string;
  detail: string;
  payload: Uint8Array;
}

export async function listRecentEvents(db: Queryable, kind: DeviceKind, query: RecentQuery): Promise<StoredEventRow[]> {
  const { table, columns } = TABLES[kind];
  return db.query<StoredEventRow>(
    `SELECT ts, received_at, site, device_id, event_id, ${columns} FROM ${table}
     WHERE ($1::text IS NULL OR device_id = $1) AND ($2::timestamptz IS NULL OR ts < $2)
     ORDER BY ts DESC LIMIT $3`,
    [query.deviceId ?? null, query.before ?? null, query.limit],
  );
}

export async function listRejects(db: Queryable, query: RejectQuery): Promise<DeadLetterRow[]> {
  return db.query<DeadLetterRow>(
    `SELECT id, received_at, device_id, topic, reason, detail, payload FROM dead_letters
     WHERE ($1::text IS NULL OR device_id = $1) AND ($2::text IS NULL OR reason = $2) AND ($3::bigint IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [query.deviceId ?? null, query.reason ?? null, query.beforeId ?? null, query.limit],
  );
}
