import { DEVICE_KINDS, ID_PATTERN, REJECT_REASONS } from '@campus/protocol';
import Type, { type Static } from 'typebox';

export const KindParamsSchema = Type.Object({
  kind: Type.Enum(DEVICE_KINDS, { description: 'Device kind' }),
});

export const RecentQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  deviceId: Type.Optional(Type.String({ pattern: ID_PATTERN })),
  before: Type.Optional(Type.String({ format: 'date-time', description: 'Page backwards: only rows older than this.' })),
});
export type RecentQuery = Static<typeof RecentQuerySchema>;

export const RejectQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  deviceId: Type.Optional(Type.String({ pattern: ID_PATTERN })),
  reason: Type.Optional(Type.Enum(REJECT_REASONS)),
  beforeId: Type.Optional(Type.Integer({ minimum: 1, description: 'Page backwards: only rejects with a smaller id.' })),
});
export type RejectQuery = Static<typeof RejectQuerySchema>;

export const StoredEventSchema = Type.Object({
  ts: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  site: Type.String(),
  deviceId: Type.String(),
  eventId: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'The kind-specific fields as stored.' }),
});

export const RecentEventsSchema = Type.Object({ kind: Type.String(), items: Type.Array(StoredEventSchema) });

export const RejectSchema = Type.Object({
  id: Type.Integer(),
  receivedAt: Type.String({ format: 'date-time' }),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  topic: Type.String(),
  reason: Type.String(),
  detail: Type.String(),
  payloadText: Type.Union([Type.String(), Type.Null()], { description: 'The payload as UTF-8 when it is text.' }),
  payloadBase64: Type.String(),
});
export const RejectListSchema = Type.Object({ items: Type.Array(RejectSchema) });

export const DeviceSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  site: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  lastSeen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  connection: Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Null()], {
    description: 'What the device last said of its connection (status message or last will); null if it never said',
  }),
  connectionSince: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const DeviceListSchema = Type.Object({ items: Type.Array(DeviceSchema) });

export const IngestStatsSchema = Type.Object({
  stored: Type.Record(Type.String(), Type.Number()),
  duplicates: Type.Record(Type.String(), Type.Number()),
  rejected: Type.Record(Type.String(), Type.Number()),
  spool: Type.Object({ rows: Type.Number(), bytes: Type.Number() }),
  queued: Type.Number(),
  clients: Type.Number(),
  commitLatencyMs: Type.Object({ p50: Type.Number(), p99: Type.Number() }),
});
