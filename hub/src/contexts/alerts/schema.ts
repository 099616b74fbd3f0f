import { ALERT_CATEGORIES, ALERT_SEVERITIES } from '@campus/protocol';
import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';

export const AlertSchema = Type.Object({
  id: Type.Integer(),
  ruleId: Type.String(),
  category: Type.Enum(ALERT_CATEGORIES),
  subject: Type.String(),
  site: Type.String(),
  severity: Type.Enum(ALERT_SEVERITIES),
  title: Type.String(),
  message: Type.String(),
  evidence: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum(['raised', 'acknowledged', 'resolved']),
  occurrences: Type.Integer(),
  raisedAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  acknowledgedBy: Nullable(Type.Integer()),
  acknowledgedAt: Nullable(Type.String()),
  resolvedBy: Nullable(Type.Integer()),
  resolvedAt: Nullable(Type.String()),
  resolutionNote: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
});

export const AlertQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(['open', 'raised', 'acknowledged', 'resolved'])),
  severity: Type.Optional(Type.Enum(ALERT_SEVERITIES)),
  site: Type.Optional(Type.String({ maxLength: 64 })),
  ruleId: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
});

export const RotaBodySchema = Type.Object(
  {
    site: Type.String({ minLength: 1, maxLength: 64 }),
    category: Type.Enum(ALERT_CATEGORIES),
    userId: Type.Integer({ minimum: 1 }),
    position: Type.Integer({ minimum: 0, maximum: 20, description: '0 hears first; escalations walk down the positions' }),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const RotaSchema = Type.Object({
  id: Type.Integer(),
  site: Type.String(),
  category: Type.String(),
  userId: Type.Integer(),
  position: Type.Integer(),
  startsAt: Type.String(),
  endsAt: Type.String(),
});
