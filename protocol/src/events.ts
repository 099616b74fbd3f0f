import Type, { type Static } from 'typebox';
import type { DeviceKind } from './topics.ts';

/**
 * Device event payloads (IOT-1..4). One schema per message: the gateway compiles these to
 * validate, the hub serialises with them and the TS types derive from them.
 * Every event carries a device-unique `eventId` (a string, or a sequence number) and the
 * device's own timestamp (ISO-8601 with zone, or epoch milliseconds).
 */

export const EventIdSchema = Type.Union(
  [Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$' }), Type.Integer({ minimum: 0 })],
  { description: 'Device-unique event id or sequence number; a resend carries the same id.' },
);

export const DeviceTimestampSchema = Type.Union(
  [
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})$',
      description: 'ISO-8601 date-time with a zone, e.g. 2026-11-24T07:30:00+08:00',
    }),
    Type.Integer({ minimum: 0, description: 'Epoch milliseconds' }),
  ],
  { description: 'When the device saw the event.' },
);

const Common = {
  eventId: EventIdSchema,
  ts: DeviceTimestampSchema,
  deviceId: Type.Optional(Type.String({ description: 'If present it must equal the topic device id.' })),
};

/**
 * Printable text: no control characters. Ids and codes with a newline or a NUL in them break
 * logs, CSV exports and screens, and the gateway's batch encoding relies on it
 * (gateway/src/ingest/columns.ts).
 */
const PRINTABLE = '^[^\\x00-\\x1F\\x7F]*$';
const Code = (description: string) => Type.String({ minLength: 1, maxLength: 64, pattern: PRINTABLE, description });

/** IOT-1: a card swipe at a dorm access gate. */
export const GateSwipeSchema = Type.Object(
  {
    ...Common,
    cardId: Code('Campus card or credential id'),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    result: Type.Union([Type.Literal('granted'), Type.Literal('denied')]),
    reason: Type.Optional(
      Type.String({ maxLength: 64, pattern: PRINTABLE, description: 'Why the gate denied (or a special grant)' }),
    ),
  },
  { additionalProperties: false },
);
export type GateSwipe = Static<typeof GateSwipeSchema>;

/**
 * DRM-6: a gate in online mode asks whether a card may pass before it opens; the gateway
 * answers on the gate's command topic from the resident ↔ card ↔ gate permissions.
 */
export const GateAuthorizeRequestSchema = Type.Object(
  {
    requestId: Code('Echoed in the answer so the gate can match it'),
    ts: DeviceTimestampSchema,
    cardId: Code('Campus card or credential id'),
    direction: Type.Enum(['in', 'out']),
  },
  { additionalProperties: false },
);
export type GateAuthorizeRequest = Static<typeof GateAuthorizeRequestSchema>;

export const GateAuthorizeResultSchema = Type.Object({
  type: Type.Literal('authorize_result'),
  requestId: Type.String(),
  cardId: Type.String(),
  allowed: Type.Boolean(),
  reason: Type.String({
    description: 'granted, or why not: revoked, expired, other_building, unknown_card, access_list_unavailable…',
  }),
});
export type GateAuthorizeResult = Static<typeof GateAuthorizeResultSchema>;

export const MEAL_PERIODS = ['breakfast', 'lunch', 'dinner', 'late_night'] as const;
export type MealPeriod = (typeof MEAL_PERIODS)[number];

export const OrderItemSchema = Type.Object(
  {
    dishId: Code('Dish id'),
    quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
    unitPrice: Type.Number({ minimum: 0, maximum: 100000, description: 'Yuan per portion' }),
  },
  { additionalProperties: false },
);

/** IOT-2: an order placed at a canteen ordering terminal. */
export const TerminalOrderSchema = Type.Object(
  {
    ...Common,
    orderId: Code('Terminal order id'),
    items: Type.Array(OrderItemSchema, { minItems: 1, maxItems: 100 }),
    total: Type.Number({ minimum: 0, maximum: 1000000, description: 'Yuan; must equal the sum of the items' }),
    payerCard: Code('Paying campus card'),
    mealPeriod: Type.Enum(MEAL_PERIODS),
  },
  { additionalProperties: false },
);
export type TerminalOrder = Static<typeof TerminalOrderSchema>;

export const WEIGHT_UNITS = ['kg', 'g', 'lb'] as const;

/** IOT-3: the weight of a stocked item on an inventory scale. */
export const ScaleReadingSchema = Type.Object(
  {
    ...Common,
    itemId: Code('Stocked item id'),
    gross: Type.Number({ minimum: 0, maximum: 100000 }),
    net: Type.Number({ minimum: 0, maximum: 100000, description: 'Must not exceed gross' }),
    unit: Type.Enum(WEIGHT_UNITS),
  },
  { additionalProperties: false },
);
export type ScaleReading = Static<typeof ScaleReadingSchema>;

export const MetricSchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,47}$', description: 'e.g. temperature, vibration, current' }),
    value: Type.Number(),
    unit: Type.String({ minLength: 1, maxLength: 16, pattern: PRINTABLE, description: 'e.g. °C, mm/s, A, kPa, h' }),
  },
  { additionalProperties: false },
);

/** IOT-4: telemetry of one asset's equipment sensor. */
export const SensorTelemetrySchema = Type.Object(
  {
    ...Common,
    assetId: Code('Asset id in the asset register'),
    metrics: Type.Array(MetricSchema, { minItems: 1, maxItems: 64 }),
  },
  { additionalProperties: false },
);
export type SensorTelemetry = Static<typeof SensorTelemetrySchema>;

export const EVENT_SCHEMA_BY_KIND = {
  gate: GateSwipeSchema,
  terminal: TerminalOrderSchema,
  scale: ScaleReadingSchema,
  sensor: SensorTelemetrySchema,
} as const satisfies Record<DeviceKind, unknown>;

export interface DeviceEventByKind {
  gate: GateSwipe;
  terminal: TerminalOrder;
  scale: ScaleReading;
  sensor: SensorTelemetry;
}

/** Why the gateway refused a message; stable codes shown to operators. */
export const REJECT_REASONS = [
  'malformed_json',
  'schema_invalid',
  'oversize',
  'clock_skew',
  'topic_mismatch',
  'unknown_device',
  'acl_denied',
  'storage_rejected',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
