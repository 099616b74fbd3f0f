import Type from 'typebox';
import { Nullable } from '../../http/nullable.ts';
import { DEPRECIATION_METHODS } from './depreciation.ts';
import { ASSET_STATUSES } from './status.ts';
import { COUNT_RESULTS, DISCREPANCY_ACTIONS } from './stocktake.ts';

const NullableString = Nullable(Type.String());
const Label = Type.Object({ en: Type.String(), zh: Type.String() });

export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const PeriodString = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const AssetIdString = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'Asset number (资产编号): letters, digits, . _ -',
});
export const CategoryCodeString = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$',
  description: 'Category code (分类编码)',
});
const Money = Type.Number({ minimum: 0, maximum: 1e11, multipleOf: 0.01 });

export const AssetStatusSchema = Type.Enum(ASSET_STATUSES);
export const MethodSchema = Type.Enum(DEPRECIATION_METHODS);

// ── categories ──

export const CategorySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameZh: NullableString,
  parentCode: NullableString,
  depreciationMethod: MethodSchema,
  usefulLifeMonths: Type.Integer(),
  residualRate: Type.Number(),
});

export const CategoryBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    parentCode: Type.Optional(Nullable(CategoryCodeString)),
    depreciationMethod: Type.Optional(MethodSchema),
    usefulLifeMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 1200 })),
    residualRate: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1 })),
  },
  { additionalProperties: false },
);

// ── the register ──

export const AssetSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  categoryCode: Type.String(),
  model: NullableString,
  specification: NullableString,
  departmentId: Type.String(),
  location: NullableString,
  status: AssetStatusSchema,
  supplierName: NullableString,
  purchaseDate: Type.String(),
  amount: Type.Number(),
  sourceRef: NullableString,
  acceptedAt: NullableString,
  disposedAt: NullableString,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const SensorSchema = Type.Object({
  deviceId: Type.String(),
  /** False when the gateway no longer knows the device. */
  registered: Type.Boolean(),
  site: NullableString,
  label: NullableString,
  enabled: Type.Boolean(),
});

export const AssetDetailSchema = Type.Object({
  asset: AssetSchema,
  category: CategorySchema,
  sensors: Type.Array(SensorSchema),
  accumulatedDepreciation: Type.Number(),
  bookValue: Type.Number(),
  repairLink: Type.String(),
});

export const AssetCardSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  categoryName: Type.String(),
  categoryNameZh: NullableString,
  model: NullableString,
  departmentId: Type.String(),
  departmentName: Type.String(),
  location: NullableString,
  status: AssetStatusSchema,
  repairLink: Type.String(),
});

export const AssetQuerySchema = Type.Object({
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Text in number, name, model, specification, place, supplier' }),
  ),
  categoryCode: Type.Optional(CategoryCodeString),
  includeSubcategories: Type.Boolean({ default: true, description: 'With categoryCode: also the categories below it' }),
  departmentId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(AssetStatusSchema),
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Place, matched as a prefix' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const assetFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  categoryCode: CategoryCodeString,
  model: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  specification: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  departmentId: Type.String({ minLength: 1, maxLength: 64 }),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  supplierName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  purchaseDate: DateString,
  amount: Money,
};

export const IntakeBodySchema = Type.Object(
  {
    id: Type.Optional(AssetIdString),
    ...assetFields,
    sourceRef: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const AssetPatchSchema = Type.Object(
  {
    name: Type.Optional(assetFields.name),
    categoryCode: Type.Optional(assetFields.categoryCode),
    model: assetFields.model,
    specification: assetFields.specification,
    location: assetFields.location,
    supplierName: assetFields.supplierName,
    purchaseDate: Type.Optional(assetFields.purchaseDate),
    amount: Type.Optional(assetFields.amount),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const IntakeResponseSchema = Type.Object({
  asset: AssetSchema,
  approvalRequestId: Type.Integer(),
  review: Type.Boolean(),
});

export const SensorsBodySchema = Type.Object(
  { deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, uniqueItems: true }) },
  { additionalProperties: false },
);

export const VoucherSchema = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
});

export const MaintenanceEventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(['started', 'completed', 'damage']),
  ref: NullableString,
  description: Type.String(),
  cost: Type.Union([Type.Number(), Type.Null()]),
  chargedTo: NullableString,
  recordedBy: Type.String(),
  at: Type.String(),
});

// ── workflows ──

export const BorrowBodySchema = Type.Object(
  { purpose: Type.String({ minLength: 1, maxLength: 500 }), dueOn: DateString },
  { additionalProperties: false },
);

export const BorrowingSchema = Type.Object({
  id: Type.Integer(),
  assetId: Type.String(),
  borrowerId: Type.Union([Type.Integer(), Type.Null()]),
  borrowerName: Type.String(),
  departmentId: NullableString,
  purpose: Type.String(),
  dueOn: Type.String(),
  status: Type.Enum(['pending', 'rejected', 'cancelled', 'borrowed', 'returned']),
  approvalRequestId: Type.Union([Type.Integer(), Type.Null()]),
  decisionNote: NullableString,
  requestedAt: Type.String(),
  lentAt: NullableString,
  returnedAt: NullableString,
  returnCondition: NullableString,
});

export const ReturnBodySchema = Type.Object(
  { condition: Type.String({ minLength: 1, maxLength: 500, description: 'State on return, e.g. "good", "screen scratched"' }) },
  { additionalProperties: false },
);

export const TransferBodySchema = Type.Object(
  {
    toDepartmentId: Type.String({ minLength: 1, maxLength: 64 }),
    toLocation: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    reason: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

export const TransferSchema = Type.Object({
  id: Type.Integer(),
  assetId: Type.String(),
  fromDepartmentId: Type.String(),
  toDepartmentId: Type.String(),
  toLocation: NullableString,
  reason: Type.String(),
  status: Type.Enum(['pending', 'approved', 'rejected', 'cancelled']),
  approvalRequestId: Type.Union([Type.Integer(), Type.Null()]),
  requestedAt: Type.String(),
  decidedAt: NullableString,
  decisionNote: NullableString,
});

export const DisposalBodySchema = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: 1000, description: 'Why (报废原因)' }),
    condition: Type.String({ minLength: 1, maxLength: 1000, description: 'State of the asset (资产状况)' }),
  },
  { additionalProperties: false },
);

export const DISPOSAL_METHODS = ['sale', 'donation', 'destruction', 'write_off'] as const;
export const DISPOSAL_METHOD_LABELS = {
  sale: { en: 'Sale', zh: '变卖' },
  donation: { en: 'Donation', zh: '捐赠' },
  destruction: { en: 'Destruction', zh: '报废销毁' },
  write_off: { en: 'Write-off of a loss', zh: '盘亏核销' },
} as const;

export const ExecutionBodySchema = Type.Object(
  {
    method: Type.Enum(DISPOSAL_METHODS),
    executedOn: DateString,
    proceeds: Type.Optional(Money),
    buyer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    destructionMethod: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    witness: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const DisposalSchema = Type.Object({
  id: Type.Integer(),
  assetId: Type.String(),
  reason: Type.String(),
  condition: Type.String(),
  status: Type.Enum(['pending', 'approved', 'rejected', 'cancelled', 'executed']),
  approvalRequestId: Type.Union([Type.Integer(), Type.Null()]),
  stocktakeId: Type.Union([Type.Integer(), Type.Null()]),
  requestedAt: Type.String(),
  decidedAt: NullableString,
  decisionNote: NullableString,
  method: Type.Union([Type.Enum(DISPOSAL_METHODS), Type.Null()]),
  proceeds: Type.Union([Type.Number(), Type.Null()]),
  buyer: NullableString,
  recipient: NullableString,
  destructionMethod: NullableString,
  witness: NullableString,
  executedOn: NullableString,
  executionNotes: NullableString,
  executedAt: NullableString,
});

export const DisposalQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(['pending', 'approved', 'rejected', 'cancelled', 'executed'])),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

// ── stocktakes ──

export const StocktakeBodySchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    departmentId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    categoryCode: Type.Optional(CategoryCodeString),
    locationPrefix: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const StocktakeSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  departmentId: NullableString,
  categoryCode: NullableString,
  locationPrefix: NullableString,
  status: Type.Enum(['counting', 'closed']),
  plannedAt: Type.String(),
  closedAt: NullableString,
});

export const LineSchema = Type.Object({
  id: Type.Integer(),
  assetId: NullableString,
  expected: Type.Boolean(),
  expectedLocation: NullableString,
  description: NullableString,
  result: Type.Enum(['pending', ...COUNT_RESULTS]),
  foundLocation: NullableString,
  countedAt: NullableString,
  cause: NullableString,
  action: Type.Union([Type.Enum(DISCREPANCY_ACTIONS), Type.Null()]),
});

export const ReconciliationSchema = Type.Object({
  total: Type.Integer(),
  counted: Type.Integer(),
  pending: Type.Integer(),
  matched: Type.Integer(),
  unresolved: Type.Integer(),
  moved: Type.Array(LineSchema),
  losses: Type.Array(LineSchema),
  surplus: Type.Array(LineSchema),
});

export const StocktakeDetailSchema = Type.Object({ stocktake: StocktakeSchema, reconciliation: ReconciliationSchema });

export const CountsBodySchema = Type.Object(
  {
    counts: Type.Array(
      Type.Object(
        {
          assetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          result: Type.Enum(COUNT_RESULTS),
          location: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Where it was found' })),
          description: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'An unregistered find' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

export const ResolutionBodySchema = Type.Object(
  {
    cause: Type.String({ minLength: 1, maxLength: 1000, description: 'Why (原因分析)' }),
    action: Type.Enum(DISCREPANCY_ACTIONS, { description: 'Corrective action (改进措施)' }),
  },
  { additionalProperties: false },
);

export const SheetQuerySchema = Type.Object({
  result: Type.Optional(Type.Enum(['pending', ...COUNT_RESULTS])),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

// ── depreciation ──

export const RunBodySchema = Type.Object({ period: PeriodString }, { additionalProperties: false });

export const RunSchema = Type.Object({
  period: Type.String(),
  runAt: Type.String(),
  runBy: Type.String(),
  assetCount: Type.Integer(),
  total: Type.Number(),
  /** False when the period had run already: nothing changed. */
  created: Type.Boolean(),
});

const TotalSchema = Type.Object({
  key: Type.String(),
  name: NullableString,
  assets: Type.Integer(),
  amount: Type.Number(),
  accumulated: Type.Number(),
  bookValue: Type.Number(),
});

export const ReportSchema = Type.Object({
  period: Type.String(),
  run: Type.Union([RunSchema, Type.Null()]),
  byCategory: Type.Array(TotalSchema),
  byDepartment: Type.Array(TotalSchema),
});

export const ReportLineSchema = Type.Object({
  assetId: Type.String(),
  name: Type.String(),
  categoryCode: Type.String(),
  departmentId: Type.String(),
  method: MethodSchema,
  monthIndex: Type.Integer(),
  cost: Type.Number(),
  amount: Type.Number(),
  accumulated: Type.Number(),
  bookValue: Type.Number(),
});

export const PeriodQuerySchema = Type.Object({ period: PeriodString });
export const CsvQuerySchema = Type.Object({
  period: PeriodString,
  view: Type.Enum(['assets', 'categories', 'departments'], { default: 'assets' }),
});
export const ReportPageQuerySchema = Type.Object({
  period: PeriodString,
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const MetaSchema = Type.Object({
  statuses: Type.Record(Type.String(), Label),
  depreciationMethods: Type.Record(Type.String(), Label),
  disposalMethods: Type.Record(Type.String(), Label),
  discrepancyActions: Type.Record(Type.String(), Label),
});

// ── params ──

export const AssetParamsSchema = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const IdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const VoucherParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  voucherId: Type.Integer({ minimum: 1 }),
});
export const LineParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }), lineId: Type.Integer({ minimum: 1 }) });
export const CategoryParamsSchema = Type.Object({ code: CategoryCodeString });
export const HistoryQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
