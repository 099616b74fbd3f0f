import Type from 'typebox';

export const REVIEW_STATUSES = ['pending', 'passed', 'corrected'] as const;

const Label = Type.Object({ en: Type.String(), zh: Type.String() });

export const PolicySchema = Type.Object({
  entityType: Type.String(),
  label: Label,
  sampleRate: Type.Number(),
  configured: Type.Boolean(),
});

export const PolicyBodySchema = Type.Object(
  { sampleRate: Type.Number({ minimum: 0, maximum: 1, description: 'Share of new records drawn for review, 0..1' }) },
  { additionalProperties: false },
);

export const ItemSchema = Type.Object({
  id: Type.Integer(),
  entityType: Type.String(),
  entityId: Type.String(),
  status: Type.Enum(REVIEW_STATUSES),
  enteredBy: Type.Union([Type.Integer(), Type.Null()]),
  enteredByName: Type.String(),
  enrolledAt: Type.String(),
  reviewerName: Type.Union([Type.String(), Type.Null()]),
  reviewedAt: Type.Union([Type.String(), Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
});

export const CorrectionSchema = Type.Object({
  id: Type.Integer(),
  before: Type.Record(Type.String(), Type.Unknown()),
  after: Type.Record(Type.String(), Type.Unknown()),
  notes: Type.Union([Type.String(), Type.Null()]),
  correctedByName: Type.String(),
  correctedAt: Type.String(),
});

export const ItemDetailSchema = Type.Object({
  item: ItemSchema,
  record: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  corrections: Type.Array(CorrectionSchema),
});

export const ItemQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(REVIEW_STATUSES)),
  entityType: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const PassBodySchema = Type.Object(
  { notes: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const CorrectBodySchema = Type.Object(
  {
    changes: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
      minProperties: 1,
      maxProperties: 20,
      description: 'Field → corrected value, e.g. {"amount": 4200, "model": "X-200"}',
    }),
    notes: Type.String({ minLength: 1, maxLength: 2000, description: 'What was wrong' }),
  },
  { additionalProperties: false },
);

export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const EntityTypeParamsSchema = Type.Object({ entityType: Type.String({ minLength: 1, maxLength: 64 }) });
