/** Display text in both languages of the campus (REQUIREMENTS: user-facing text in en and zh). */
export interface Label {
  en: string;
  zh: string;
}

export const REQUISITION_KINDS = ['goods', 'service'] as const;
export type RequisitionKind = (typeof REQUISITION_KINDS)[number];
export const REQUISITION_KIND_LABELS: Record<RequisitionKind, Label> = {
  goods: { en: 'Goods', zh: '物品' },
  service: { en: 'Service', zh: '服务' },
};

/** What a requisition is for, so receiving can book it: `stock-item:<id>`, `asset-category:<code>`. */
export const ITEM_REF = /^[a-z][a-z-]{0,31}:[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

export const REQUISITION_SOURCES = ['person', 'rule'] as const;
export type RequisitionSource = (typeof REQUISITION_SOURCES)[number];

export const REQUISITION_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'planned',
  'sourcing',
  'contracted',
  'closed',
  'cancelled',
] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];
export const REQUISITION_STATUS_LABELS: Record<RequisitionStatus, Label> = {
  draft: { en: 'Draft', zh: '草稿' },
  submitted: { en: 'Under review', zh: '审核中' },
  returned: { en: 'Returned for revision', zh: '退回修改' },
  approved: { en: 'Approved', zh: '审核通过' },
  planned: { en: 'In the procurement plan', zh: '已列入采购计划' },
  sourcing: { en: 'Sourcing', zh: '采购询价中' },
  contracted: { en: 'Contracted', zh: '已签订合同' },
  closed: { en: 'Delivered and closed', zh: '已到货关闭' },
  cancelled: { en: 'Cancelled', zh: '已撤销' },
};

export const PROCUREMENT_METHODS = ['direct', 'rfq', 'tender'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];
export const METHOD_LABELS: Record<ProcurementMethod, Label> = {
  direct: { en: 'Direct purchase', zh: '直接采购' },
  rfq: { en: 'Request for quotes', zh: '询价采购' },
  tender: { en: 'Public tender', zh: '公开招标' },
};

export const PLAN_LINE_STATUSES = ['planned', 'sourcing', 'contracted', 'closed'] as const;
export type PlanLineStatus = (typeof PLAN_LINE_STATUSES)[number];

export const SUPPLIER_CATEGORIES = ['food', 'equipment', 'services', 'other'] as const;
export type SupplierCategory = (typeof SUPPLIER_CATEGORIES)[number];
export const SUPPLIER_CATEGORY_LABELS: Record<SupplierCategory, Label> = {
  food: { en: 'Food and ingredients', zh: '食材' },
  equipment: { en: 'Equipment and goods', zh: '设备物资' },
  services: { en: 'Services', zh: '服务' },
  other: { en: 'Other', zh: '其他' },
};

export const SUPPLIER_STATUSES = ['active', 'suspended'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** Known qualification kinds with labels; others may be recorded (a kind is a lower-case key). */
export const QUALIFICATION_LABELS: Record<string, Label> = {
  business_license: { en: 'Business licence', zh: '营业执照' },
  food_operation_license: { en: 'Food operation licence', zh: '食品经营许可证' },
  food_production_license: { en: 'Food production licence', zh: '食品生产许可证' },
  iso9001: { en: 'ISO 9001 quality management', zh: 'ISO9001质量管理体系认证' },
  safety_production_license: { en: 'Work safety licence', zh: '安全生产许可证' },
  medical_device_license: { en: 'Medical device licence', zh: '医疗器械经营许可证' },
  ccc: { en: 'China Compulsory Certificate', zh: '3C认证' },
};

export const RFQ_STATUSES = ['open', 'evaluated', 'awarded', 'cancelled'] as const;
export type RfqStatus = (typeof RFQ_STATUSES)[number];
export const RFQ_STATUS_LABELS: Record<RfqStatus, Label> = {
  open: { en: 'Open for quotes', zh: '报价中' },
  evaluated: { en: 'Evaluated', zh: '已评审' },
  awarded: { en: 'Awarded', zh: '已定标' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
};

export const CONTRACT_STATUSES = ['active', 'completed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const CONTRACT_STATUS_LABELS: Record<ContractStatus, Label> = {
  active: { en: 'In performance', zh: '履行中' },
  completed: { en: 'Completed', zh: '已完成' },
  terminated: { en: 'Terminated', zh: '已终止' },
};

/** Where accepted goods of a contract line go (receiving closes the loop requisition → shelf). */
export const LINE_TARGETS = ['asset_category', 'stock_item', 'service'] as const;
export type LineTarget = (typeof LINE_TARGETS)[number];
export const LINE_TARGET_LABELS: Record<LineTarget, Label> = {
  asset_category: { en: 'Asset register', zh: '资产登记' },
  stock_item: { en: 'Ingredient stock', zh: '食材库存' },
  service: { en: 'Service (no stock)', zh: '服务（不入库）' },
};

export const LINE_STATUSES = ['open', 'closed'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export const ACCEPTANCE_RESULTS = ['pending', 'passed', 'failed'] as const;
export type AcceptanceResult = (typeof ACCEPTANCE_RESULTS)[number];
export const ACCEPTANCE_LABELS: Record<AcceptanceResult, Label> = {
  pending: { en: 'Awaiting acceptance', zh: '待验收' },
  passed: { en: 'Accepted', zh: '验收合格' },
  failed: { en: 'Rejected at acceptance', zh: '验收不合格' },
};

export const ISSUE_KINDS = ['late_delivery', 'quality', 'quantity', 'documentation', 'payment', 'complaint', 'other'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];
export const ISSUE_KIND_LABELS: Record<IssueKind, Label> = {
  late_delivery: { en: 'Late delivery', zh: '延迟交货' },
  quality: { en: 'Quality', zh: '质量问题' },
  quantity: { en: 'Quantity', zh: '数量不符' },
  documentation: { en: 'Documents', zh: '单据资料' },
  payment: { en: 'Payment', zh: '付款' },
  complaint: { en: 'Complaint', zh: '投诉' },
  other: { en: 'Other', zh: '其他' },
};
/** Issues that say something about the supplier's quality and so teach its reputation. */
export const QUALITY_ISSUE_KINDS: readonly IssueKind[] = ['quality', 'complaint'];

export const ISSUE_STATUSES = ['open', 'resolved'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const INSTALMENT_STATUSES = ['due', 'paid'] as const;
export type InstalmentStatus = (typeof INSTALMENT_STATUSES)[number];

export function labelsOf<K extends string>(labels: Record<K, Label>): Array<{ key: K; label: Label }> {
  return (Object.keys(labels) as K[]).map((key) => ({ key, label: labels[key] }));
}
