import Type from 'typebox';
import { importReportProperties } from '../../http/csv-import-schema.ts';
import { Nullable } from '../../http/nullable.ts';
import {
  ACCEPTANCE_RESULTS,
  CONTRACT_STATUSES,
  INSTALMENT_STATUSES,
  ISSUE_KINDS,
  ISSUE_STATUSES,
  ITEM_REF,
  LINE_STATUSES,
  LINE_TARGETS,
  PLAN_LINE_STATUSES,
  PROCUREMENT_METHODS,
  REQUISITION_KINDS,
  REQUISITION_SOURCES,
  REQUISITION_STATUSES,
  RFQ_STATUSES,
  SUPPLIER_CATEGORIES,
  SUPPLIER_STATUSES,
} from './vocabulary.ts';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const DateTime = Type.String({ format: 'date-time' });
const Money = Type.Number({ minimum: 0, maximum: 999_999_999_999 });
const Quantity = Type.Number({ exclusiveMinimum: 0, maximum: 100_000_000 });
const LabelSchema = Type.Object({ en: Type.String(), zh: Type.String() });
const Cursor = Type.Optional(Type.String({ maxLength: 200 }));
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const DepartmentId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });
const SupplierId = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const SupplierParams = Type.Object({ id: SupplierId });
export const BudgetParams = Type.Object({ departmentId: DepartmentId, year: Year });
export const DeliveryParams = Type.Object({ id: Type.Integer({ minimum: 1 }), deliveryId: Type.Integer({ minimum: 1 }) });
export const InstalmentParams = Type.Object({ id: Type.Integer({ minimum: 1 }), instalmentId: Type.Integer({ minimum: 1 }) });
export const IssueParams = Type.Object({ id: Type.Integer({ minimum: 1 }), issueId: Type.Integer({ minimum: 1 }) });

export const EventSchema = Type.Object({
  at: Type.String(),
  actorName: Type.String(),
  kind: Type.String(),
  note: Nullable(Type.String()),
  data: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const ReasonSchema = Type.Object({ reason: Text(2000) }, { additionalProperties: false });

// ── requisitions (PRC-1, PRC-2) ──────────────────────────────────────────────

const requisitionFields = {
  kind: Type.Enum(REQUISITION_KINDS, { default: 'goods', description: 'An item (goods) or a service' }),
  itemName: Text(200),
  specification: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  quantity: Quantity,
  unit: Text(32),
  budget: Type.Optional(Nullable(Money)),
  reason: Text(2000),
  itemRef: Type.Optional(
    Nullable(
      Type.String({
        pattern: ITEM_REF.source,
        description: 'stock-item:<id> or asset-category:<code>: where receiving books it',
      }),
    ),
  ),
  neededBy: Type.Optional(Nullable(DateOnly)),
};

export const NewRequisitionSchema = Type.Object(
  {
    ...requisitionFields,
    departmentId: Type.Optional(DepartmentId),
    submit: Type.Optional(Type.Boolean({ description: 'Send for review at once' })),
  },
  { additionalProperties: false },
);

export const EditRequisitionSchema = Type.Object(
  {
    kind: Type.Optional(Type.Enum(REQUISITION_KINDS)),
    itemName: Type.Optional(requisitionFields.itemName),
    specification: requisitionFields.specification,
    quantity: Type.Optional(Quantity),
    unit: Type.Optional(requisitionFields.unit),
    budget: requisitionFields.budget,
    reason: Type.Optional(requisitionFields.reason),
    itemRef: requisitionFields.itemRef,
    neededBy: requisitionFields.neededBy,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RequisitionQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(REQUISITION_STATUSES)),
  departmentId: Type.Optional(DepartmentId),
  source: Type.Optional(Type.Enum(REQUISITION_SOURCES)),
  kind: Type.Optional(Type.Enum(REQUISITION_KINDS)),
  planLineId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Limit,
  cursor: Cursor,
});

const PersonSchema = Type.Object({ id: Type.Integer(), name: Type.String() });

export const RequisitionSchema = Type.Object({
  id: Type.Integer(),
  source: Type.Enum(REQUISITION_SOURCES),
  departmentId: Type.String(),
  departmentName: Nullable(Type.String()),
  requester: Nullable(PersonSchema),
  requesterName: Type.String(),
  kind: Type.Enum(REQUISITION_KINDS),
  itemName: Type.String(),
  specification: Nullable(Type.String()),
  quantity: Type.Number(),
  unit: Type.String(),
  budget: Nullable(Type.Number()),
  reason: Type.String(),
  itemRef: Nullable(Type.String()),
  neededBy: Nullable(Type.String()),
  dedupeKey: Nullable(Type.String()),
  status: Type.Enum(REQUISITION_STATUSES),
  statusLabel: LabelSchema,
  revision: Type.Integer(),
  approvalId: Nullable(Type.Integer()),
  returnReason: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
  planLineId: Nullable(Type.Integer()),
  budgetYear: Nullable(Type.Integer()),
  committedAmount: Type.Number(),
  submittedAt: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const RequisitionDetailSchema = Type.Object({ requisition: RequisitionSchema, history: Type.Array(EventSchema) });

// ── budgets and plans (PRC-3) ────────────────────────────────────────────────

export const BudgetQuerySchema = Type.Object({ year: Type.Optional(Year), departmentId: Type.Optional(DepartmentId) });
export const BudgetBodySchema = Type.Object({ amount: Money }, { additionalProperties: false });
export const BudgetSchema = Type.Object({
  departmentId: Type.String(),
  departmentName: Nullable(Type.String()),
  year: Type.Integer(),
  amount: Type.Number(),
  committed: Type.Number(),
  spent: Type.Number(),
  available: Type.Number(),
  updatedAt: Type.String(),
});

export const PlanRequestSchema = Type.Object(
  {
    title: Type.Optional(Text(200)),
    year: Year,
    requisitionIds: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        maxItems: 1000,
        description: 'Default: every approved requisition',
      }),
    ),
  },
  { additionalProperties: false },
);

const AllocationSchema = Type.Object({
  requisitionId: Type.Integer(),
  departmentId: Type.String(),
  quantity: Type.Number(),
  amount: Type.Number(),
});

const lineFields = {
  lineNo: Type.Integer(),
  kind: Type.Enum(REQUISITION_KINDS),
  itemName: Type.String(),
  specification: Nullable(Type.String()),
  itemRef: Nullable(Type.String()),
  unit: Type.String(),
  requestedQuantity: Type.Number(),
  stockOffset: Type.Number({ description: 'Covered by stock on hand above safety stock' }),
  quantity: Type.Number({ description: 'To buy' }),
  estimatedAmount: Type.Number(),
  method: Type.Enum(PROCUREMENT_METHODS),
  methodLabel: LabelSchema,
  neededBy: Type.String(),
  startBy: Type.String(),
  urgent: Type.Boolean(),
  allocations: Type.Array(AllocationSchema),
};

const DeferredSchema = Type.Object({
  requisitionId: Type.Integer(),
  departmentId: Type.String(),
  reason: Type.Enum(['no_budget', 'over_budget']),
  message: Type.String(),
});
const CoveredSchema = Type.Object({ requisitionId: Type.Integer(), itemRef: Type.String(), quantity: Type.Number() });
const PlanBudgetSchema = Type.Object({
  departmentId: Type.String(),
  amount: Type.Number(),
  committedBefore: Type.Number(),
  planned: Type.Number(),
  available: Type.Number(),
});

export const PlanPreviewSchema = Type.Object({
  lines: Type.Array(Type.Object(lineFields)),
  deferred: Type.Array(DeferredSchema),
  coveredByStock: Type.Array(CoveredSchema),
  budgets: Type.Array(PlanBudgetSchema),
  warnings: Type.Array(Type.String()),
});

export const PlanLineSchema = Type.Object({
  id: Type.Integer(),
  planId: Type.Integer(),
  ...lineFields,
  status: Type.Enum(PLAN_LINE_STATUSES),
});

export const PlanSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  year: Type.Integer(),
  createdByName: Type.String(),
  createdAt: Type.String(),
});

export const PlanSchema = Type.Object({
  ...PlanSummarySchema.properties,
  lines: Type.Array(PlanLineSchema),
  deferred: Type.Array(DeferredSchema),
  coveredByStock: Type.Array(CoveredSchema),
  budgets: Type.Array(PlanBudgetSchema),
  warnings: Type.Array(Type.String()),
});

export const PlanQuerySchema = Type.Object({ year: Type.Optional(Year), limit: Limit, cursor: Cursor });

// ── suppliers (PRC-5) ────────────────────────────────────────────────────────

export const QualificationInputSchema = Type.Object(
  {
    kind: Type.String({
      pattern: '^[a-z][a-z0-9_]{1,47}$',
      description: 'e.g. business_license, food_operation_license, iso9001',
    }),
    number: Text(64),
    issuedOn: Type.Optional(Nullable(DateOnly)),
    expiresOn: Type.Optional(Nullable(DateOnly)),
  },
  { additionalProperties: false },
);

const contactFields = {
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  creditCode: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
};

export const NewSupplierSchema = Type.Object(
  {
    id: SupplierId,
    name: Text(200),
    category: Type.Enum(SUPPLIER_CATEGORIES),
    ...contactFields,
    qualifications: Type.Optional(Type.Array(QualificationInputSchema, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const EditSupplierSchema = Type.Object(
  {
    name: Type.Optional(Text(200)),
    category: Type.Optional(Type.Enum(SUPPLIER_CATEGORIES)),
    status: Type.Optional(Type.Enum(SUPPLIER_STATUSES)),
    ...contactFields,
  },
  { additionalProperties: false, minProperties: 1 },
);

export const SupplierQuerySchema = Type.Object({
  category: Type.Optional(Type.Enum(SUPPLIER_CATEGORIES)),
  status: Type.Optional(Type.Enum(SUPPLIER_STATUSES)),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name (Chinese or English) or code' })),
  expiringWithinDays: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 3650,
      description: 'Only suppliers with a qualification expired or expiring within so many days',
    }),
  ),
  limit: Limit,
  cursor: Cursor,
});

export const QualificationSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  label: Nullable(LabelSchema),
  number: Type.String(),
  issuedOn: Nullable(Type.String()),
  expiresOn: Nullable(Type.String()),
  expired: Type.Boolean(),
  expiringSoon: Type.Boolean(),
});

export const SupplierSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  category: Type.Enum(SUPPLIER_CATEGORIES),
  categoryLabel: LabelSchema,
  creditCode: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  address: Nullable(Type.String()),
  status: Type.Enum(SUPPLIER_STATUSES),
  reputation: Type.Number(),
  stats: Type.Object({
    deliveries: Type.Integer(),
    onTimeRate: Nullable(Type.Number()),
    acceptances: Type.Integer(),
    passRate: Nullable(Type.Number()),
    complaints: Type.Integer(),
  }),
  qualified: Type.Boolean({ description: 'Active, with at least one unexpired qualification' }),
  qualifications: Type.Array(QualificationSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const SupplierDetailSchema = Type.Object({
  supplier: SupplierSchema,
  reputationHistory: Type.Array(
    Type.Object({
      at: Type.String(),
      kind: Type.String(),
      observation: Type.Number(),
      before: Type.Number(),
      after: Type.Number(),
      ref: Nullable(Type.String()),
    }),
  ),
});

export const ImportReportSchema = Type.Object(importReportProperties(Type.Literal('suppliers')));

// ── sourcing (PRC-4) ─────────────────────────────────────────────────────────

const WeightsSchema = Type.Object(
  {
    qualification: Type.Number({ minimum: 0, maximum: 1 }),
    price: Type.Number({ minimum: 0, maximum: 1 }),
    reputation: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false, description: 'Evaluation weights, summing to 1' },
);

export const NewRfqSchema = Type.Object(
  {
    planLineId: Type.Integer({ minimum: 1 }),
    title: Type.Optional(Text(200)),
    supplierIds: Type.Array(SupplierId, { minItems: 1, maxItems: 50, uniqueItems: true }),
    deadline: DateTime,
    weights: Type.Optional(WeightsSchema),
    requiredQualifications: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_]{1,47}$' }), { maxItems: 20, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

export const BidBodySchema = Type.Object(
  {
    supplierId: SupplierId,
    price: Type.Number({ exclusiveMinimum: 0, maximum: 999_999_999_999 }),
    deliveryDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const AwardBodySchema = Type.Object(
  {
    bidId: Type.Integer({ minimum: 1 }),
    justification: Type.Optional(Type.String({ maxLength: 2000, description: 'Required when the bid is not ranked first' })),
  },
  { additionalProperties: false },
);

export const RfqQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(RFQ_STATUSES)),
  planLineId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Limit,
  cursor: Cursor,
});

export const RfqSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  planLineId: Type.Integer(),
  title: Type.String(),
  method: Type.Enum(['rfq', 'tender']),
  methodLabel: LabelSchema,
  item: Type.Object({ name: Type.String(), quantity: Type.Number(), unit: Type.String(), estimatedAmount: Type.Number() }),
  weights: WeightsSchema,
  requiredQualifications: Type.Array(Type.String()),
  deadline: Type.String(),
  status: Type.Enum(RFQ_STATUSES),
  statusLabel: LabelSchema,
  awardedBidId: Nullable(Type.Integer()),
  awardJustification: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  createdByName: Type.String(),
  createdAt: Type.String(),
  evaluatedAt: Nullable(Type.String()),
  awardedAt: Nullable(Type.String()),
});

export const BidSchema = Type.Object({
  id: Type.Integer(),
  supplierId: Type.String(),
  supplierName: Type.String(),
  price: Type.Number(),
  deliveryDays: Type.Integer(),
  notes: Nullable(Type.String()),
  recordedByName: Type.String(),
  submittedAt: Type.String(),
  score: Nullable(
    Type.Object({
      qualification: Type.Number(),
      price: Type.Number(),
      reputation: Type.Number(),
      total: Type.Number(),
      rank: Type.Integer(),
    }),
  ),
});

export const RfqDetailSchema = Type.Object({
  rfq: RfqSchema,
  invitations: Type.Array(Type.Object({ supplierId: Type.String(), supplierName: Type.String(), invitedAt: Type.String() })),
  bids: Type.Array(BidSchema),
  history: Type.Array(EventSchema),
});

// ── contracts (PRC-5, PRC-6) ─────────────────────────────────────────────────

export const ContractLineInputSchema = Type.Object(
  {
    itemName: Text(200),
    specification: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    quantity: Quantity,
    unit: Text(32),
    unitPrice: Money,
    target: Type.Object(
      {
        kind: Type.Enum(LINE_TARGETS),
        ref: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$' }))),
      },
      { additionalProperties: false, description: 'asset_category + category code, stock_item + item id, or service' },
    ),
    dueOn: Type.Optional(Nullable(DateOnly)),
  },
  { additionalProperties: false },
);

export const PaymentTermSchema = Type.Object(
  {
    label: Text(100),
    percent: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    dueOn: Type.Optional(DateOnly),
    dueAfterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'Days after signing' })),
  },
  { additionalProperties: false },
);

export const NewContractSchema = Type.Object(
  {
    number: Type.String({
      pattern: '^[A-Za-z0-9\\u4e00-\\u9fff][A-Za-z0-9\\u4e00-\\u9fff_.()/-]{0,63}$',
      description: 'Contract number (合同编号)',
    }),
    title: Type.Optional(Text(200)),
    signedOn: DateOnly,
    supplierId: SupplierId,
    rfqId: Type.Optional(Type.Integer({ minimum: 1 })),
    planLineId: Type.Optional(Type.Integer({ minimum: 1 })),
    departmentId: Type.Optional(DepartmentId),
    paymentTerms: Text(2000),
    instalments: Type.Array(PaymentTermSchema, { minItems: 1, maxItems: 24 }),
    lines: Type.Array(ContractLineInputSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);

export const AcceptanceBodySchema = Type.Object(
  {
    result: Type.Enum(['passed', 'failed']),
    acceptedQuantity: Type.Optional(Quantity),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'What was found; required when failed' })),
  },
  { additionalProperties: false },
);

export const DeliveryBodySchema = Type.Object(
  {
    lineId: Type.Integer({ minimum: 1 }),
    quantity: Quantity,
    deliveredOn: DateOnly,
    batch: Type.Optional(Text(64)),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    acceptance: Type.Optional(AcceptanceBodySchema),
  },
  { additionalProperties: false },
);

export const PaymentBodySchema = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 999_999_999_999 }),
    paidOn: DateOnly,
    reference: Type.Optional(Type.String({ maxLength: 100, description: 'Voucher or transfer reference' })),
  },
  { additionalProperties: false },
);

export const IssueBodySchema = Type.Object(
  {
    kind: Type.Enum(ISSUE_KINDS),
    description: Text(2000),
    deliveryId: Type.Optional(Type.Integer({ minimum: 1 })),
    severity: Type.Optional(Type.Enum(['minor', 'major'], { description: 'For quality problems and complaints' })),
  },
  { additionalProperties: false },
);

export const ResolveIssueSchema = Type.Object({ handling: Text(2000) }, { additionalProperties: false });

export const ContractQuerySchema = Type.Object({
  status: Type.Optional(Type.Enum(CONTRACT_STATUSES)),
  supplierId: Type.Optional(SupplierId),
  departmentId: Type.Optional(DepartmentId),
  overdue: Type.Optional(Type.Boolean({ description: 'Only contracts with an unpaid instalment past due' })),
  limit: Limit,
  cursor: Cursor,
});

export const InstalmentQuerySchema = Type.Object({
  overdue: Type.Optional(Type.Boolean()),
  dueBy: Type.Optional(DateOnly),
  limit: Limit,
  cursor: Cursor,
});

export const ContractSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  title: Type.String(),
  signedOn: Type.String(),
  supplierId: Type.String(),
  supplierName: Type.String(),
  rfqId: Nullable(Type.Integer()),
  planLineId: Nullable(Type.Integer()),
  departmentId: Type.String(),
  amount: Type.Number(),
  paymentTerms: Type.String(),
  budgetYear: Type.Integer(),
  status: Type.Enum(CONTRACT_STATUSES),
  statusLabel: LabelSchema,
  overdue: Type.Boolean(),
  overdueInstalments: Type.Integer(),
  createdByName: Type.String(),
  createdAt: Type.String(),
  completedAt: Nullable(Type.String()),
});

export const ContractLineSchema = Type.Object({
  id: Type.Integer(),
  lineNo: Type.Integer(),
  itemName: Type.String(),
  specification: Nullable(Type.String()),
  quantity: Type.Number(),
  unit: Type.String(),
  unitPrice: Type.Number(),
  amount: Type.Number(),
  target: Type.Object({ kind: Type.Enum(LINE_TARGETS), ref: Nullable(Type.String()), label: LabelSchema }),
  dueOn: Nullable(Type.String()),
  deliveredQuantity: Type.Number(),
  acceptedQuantity: Type.Number(),
  status: Type.Enum(LINE_STATUSES),
  closedAt: Nullable(Type.String()),
});

export const InstalmentSchema = Type.Object({
  id: Type.Integer(),
  contractId: Type.Integer(),
  contractNumber: Type.String(),
  supplierName: Type.String(),
  seq: Type.Integer(),
  label: Type.String(),
  percent: Type.Number(),
  amount: Type.Number(),
  dueOn: Type.String(),
  paidAmount: Type.Number(),
  paidOn: Nullable(Type.String()),
  outstanding: Type.Number(),
  status: Type.Enum(INSTALMENT_STATUSES),
  overdue: Type.Boolean(),
  daysOverdue: Type.Integer(),
});

export const DeliverySchema = Type.Object({
  id: Type.Integer(),
  lineId: Type.Integer(),
  quantity: Type.Number(),
  deliveredOn: Type.String(),
  batch: Type.String(),
  note: Nullable(Type.String()),
  daysLate: Type.Integer(),
  receivedByName: Type.String(),
  acceptance: Type.Enum(ACCEPTANCE_RESULTS),
  acceptanceLabel: LabelSchema,
  acceptedQuantity: Nullable(Type.Number()),
  acceptanceNote: Nullable(Type.String()),
  acceptedByName: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  receipt: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const IssueSchema = Type.Object({
  id: Type.Integer(),
  deliveryId: Nullable(Type.Integer()),
  kind: Type.Enum(ISSUE_KINDS),
  kindLabel: LabelSchema,
  description: Type.String(),
  status: Type.Enum(ISSUE_STATUSES),
  handling: Nullable(Type.String()),
  raisedByName: Type.String(),
  raisedAt: Type.String(),
  resolvedByName: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
});

export const PaymentSchema = Type.Object({
  id: Type.Integer(),
  instalmentId: Type.Integer(),
  amount: Type.Number(),
  paidOn: Type.String(),
  reference: Nullable(Type.String()),
  recordedByName: Type.String(),
  at: Type.String(),
});

export const ContractDetailSchema = Type.Object({
  contract: ContractSchema,
  lines: Type.Array(ContractLineSchema),
  instalments: Type.Array(InstalmentSchema),
  payments: Type.Array(PaymentSchema),
  deliveries: Type.Array(DeliverySchema),
  issues: Type.Array(IssueSchema),
  history: Type.Array(EventSchema),
});

// ── labels ───────────────────────────────────────────────────────────────────

const Entry = <T extends readonly string[]>(keys: T) => Type.Array(Type.Object({ key: Type.Enum(keys), label: LabelSchema }));

export const VocabularySchema = Type.Object({
  requisitionKinds: Entry(REQUISITION_KINDS),
  requisitionStatuses: Entry(REQUISITION_STATUSES),
  methods: Entry(PROCUREMENT_METHODS),
  supplierCategories: Entry(SUPPLIER_CATEGORIES),
  qualificationKinds: Type.Array(Type.Object({ key: Type.String(), label: LabelSchema })),
  rfqStatuses: Entry(RFQ_STATUSES),
  contractStatuses: Entry(CONTRACT_STATUSES),
  lineTargets: Entry(LINE_TARGETS),
  acceptanceResults: Entry(ACCEPTANCE_RESULTS),
  issueKinds: Entry(ISSUE_KINDS),
});

export const SettingsSchema = Type.Object({
  largeRequisitionBudget: Type.Number(),
  directBelow: Type.Number(),
  tenderFrom: Type.Number(),
  leadTimeDays: Type.Object({ direct: Type.Integer(), rfq: Type.Integer(), tender: Type.Integer() }),
  defaultNeededInDays: Type.Integer(),
  evaluationWeights: WeightsSchema,
  reputation: Type.Object({ prior: Type.Number(), alpha: Type.Number(), latePenaltyPerDay: Type.Number() }),
  qualificationWarningDays: Type.Integer(),
  minInvitedSuppliers: Type.Integer(),
});
