import type { ContractRow, DeliveryRow, InstalmentRow, IssueRow, LineRow, PaymentRow } from './contract-repository.ts';
import { instalmentState } from './contract-tracking.ts';
import type { PlanLineRow, PlanRow } from './plan-repository.ts';
import type { PlannedLine } from './planning.ts';
import { expiryFlags, qualificationGaps } from './qualifications.ts';
import type { BudgetRow, EventRow } from './repository.ts';
import type { RequisitionRow } from './requisition-repository.ts';
import type { BidRow, InvitationRow, RfqRow } from './sourcing-repository.ts';
import type { QualificationRow, ReputationEventRow, SupplierRow } from './supplier-repository.ts';
import {
  ACCEPTANCE_LABELS,
  CONTRACT_STATUS_LABELS,
  ISSUE_KIND_LABELS,
  LINE_TARGET_LABELS,
  METHOD_LABELS,
  QUALIFICATION_LABELS,
  REQUISITION_STATUS_LABELS,
  RFQ_STATUS_LABELS,
  SUPPLIER_CATEGORY_LABELS,
} from './vocabulary.ts';

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const money = (value: string | number) => Math.round(Number(value) * 100) / 100;
const qty = (value: string | number) => Math.round(Number(value) * 1000) / 1000;
const idOrNull = (value: string | number | null) => (value === null ? null : Number(value));

export function presentEvent(row: EventRow) {
  return { at: row.at.toISOString(), actorName: row.actor_name, kind: row.kind, note: row.note, data: row.data };
}

export function presentRequisition(row: RequisitionRow) {
  return {
    id: Number(row.id),
    source: row.source,
    departmentId: row.department_id,
    departmentName: row.department_name,
    requester: row.requester_id === null ? null : { id: Number(row.requester_id), name: row.requester_name },
    requesterName: row.requester_name,
    kind: row.kind,
    itemName: row.item_name,
    specification: row.specification,
    quantity: qty(row.quantity),
    unit: row.unit,
    budget: row.budget === null ? null : money(row.budget),
    reason: row.reason,
    itemRef: row.item_ref,
    neededBy: row.needed_by,
    dedupeKey: row.dedupe_key,
    status: row.status,
    statusLabel: REQUISITION_STATUS_LABELS[row.status],
    revision: row.revision,
    approvalId: idOrNull(row.approval_id),
    returnReason: row.return_reason,
    closeReason: row.close_reason,
    planLineId: idOrNull(row.plan_line_id),
    budgetYear: row.budget_year,
    committedAmount: money(row.committed_amount),
    submittedAt: iso(row.submitted_at),
    approvedAt: iso(row.approved_at),
    closedAt: iso(row.closed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentBudget(row: BudgetRow) {
  return {
    departmentId: row.department_id,
    departmentName: row.department_name,
    year: row.year,
    amount: money(row.amount),
    committed: money(row.committed),
    spent: money(row.spent),
    available: money(Number(row.amount) - Number(row.committed) - Number(row.spent)),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentPlannedLine(line: PlannedLine) {
  return { ...line, methodLabel: METHOD_LABELS[line.method] };
}

export function presentPlanLine(row: PlanLineRow) {
  return {
    id: Number(row.id),
    planId: Number(row.plan_id),
    lineNo: row.line_no,
    kind: row.kind,
    itemName: row.item_name,
    specification: row.specification,
    itemRef: row.item_ref,
    unit: row.unit,
    requestedQuantity: qty(row.requested_quantity),
    stockOffset: qty(row.stock_offset),
    quantity: qty(row.quantity),
    estimatedAmount: money(row.estimated_amount),
    method: row.method,
    methodLabel: METHOD_LABELS[row.method],
    neededBy: row.needed_by,
    startBy: row.start_by,
    urgent: row.urgent,
    allocations: row.allocations,
    status: row.status,
  };
}

export function presentPlanSummary(row: PlanRow) {
  return {
    id: Number(row.id),
    title: row.title,
    year: row.year,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentPlan(row: PlanRow, lines: PlanLineRow[]) {
  return {
    ...presentPlanSummary(row),
    lines: lines.map(presentPlanLine),
    deferred: row.deferred,
    coveredByStock: row.covered,
    budgets: row.budgets,
    warnings: row.warnings,
  };
}

export function presentQualification(row: QualificationRow, today: string, warningDays: number) {
  return {
    id: Number(row.id),
    kind: row.kind,
    label: QUALIFICATION_LABELS[row.kind] ?? null,
    number: row.number,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    ...expiryFlags({ expiresOn: row.expires_on }, today, warningDays),
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function presentSupplier(
  row: SupplierRow,
  qualifications: readonly QualificationRow[],
  today: string,
  warningDays: number,
) {
  const held = qualifications.filter((q) => q.supplier_id === row.id);
  return {
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    category: row.category,
    categoryLabel: SUPPLIER_CATEGORY_LABELS[row.category],
    creditCode: row.credit_code,
    contactName: row.contact_name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    status: row.status,
    reputation: money(row.reputation),
    stats: {
      deliveries: row.deliveries,
      onTimeRate: ratio(row.on_time_deliveries, row.deliveries),
      acceptances: row.acceptances,
      passRate: ratio(row.passed_acceptances, row.acceptances),
      complaints: row.complaints,
    },
    qualified:
      row.status === 'active' &&
      qualificationGaps(
        held.map((q) => ({ kind: q.kind, number: q.number, expiresOn: q.expires_on })),
        [],
        today,
      ).length === 0,
    qualifications: held.map((q) => presentQualification(q, today, warningDays)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentReputationEvent(row: ReputationEventRow) {
  return {
    at: row.at.toISOString(),
    kind: row.kind,
    observation: Number(row.observation),
    before: Number(row.reputation_before),
    after: Number(row.reputation_after),
    ref: row.ref,
  };
}

export function presentRfq(row: RfqRow) {
  return {
    id: Number(row.id),
    number: row.number,
    planLineId: Number(row.plan_line_id),
    title: row.title,
    method: row.method,
    methodLabel: METHOD_LABELS[row.method],
    item: { name: row.item_name, quantity: qty(row.quantity), unit: row.unit, estimatedAmount: money(row.estimated_amount) },
    weights: row.weights,
    requiredQualifications: row.required_qualifications,
    deadline: row.deadline.toISOString(),
    status: row.status,
    statusLabel: RFQ_STATUS_LABELS[row.status],
    awardedBidId: idOrNull(row.awarded_bid_id),
    awardJustification: row.award_justification,
    cancelReason: row.cancel_reason,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    evaluatedAt: iso(row.evaluated_at),
    awardedAt: iso(row.awarded_at),
  };
}

export function presentInvitation(row: InvitationRow) {
  return { supplierId: row.supplier_id, supplierName: row.supplier_name, invitedAt: row.invited_at.toISOString() };
}

export function presentBid(row: BidRow) {
  return {
    id: Number(row.id),
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    price: money(row.price),
    deliveryDays: row.delivery_days,
    notes: row.notes,
    recordedByName: row.recorded_by_name,
    submittedAt: row.submitted_at.toISOString(),
    score:
      row.rank === null
        ? null
        : {
            qualification: Number(row.qualification_score),
            price: Number(row.price_score),
            reputation: Number(row.reputation_score),
            total: Number(row.total_score),
            rank: row.rank,
          },
  };
}

export function presentContract(row: ContractRow) {
  return {
    id: Number(row.id),
    number: row.number,
    title: row.title,
    signedOn: row.signed_on,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    rfqId: idOrNull(row.rfq_id),
    planLineId: idOrNull(row.plan_line_id),
    departmentId: row.department_id,
    amount: money(row.amount),
    paymentTerms: row.payment_terms,
    budgetYear: row.budget_year,
    status: row.status,
    statusLabel: CONTRACT_STATUS_LABELS[row.status],
    overdue: row.overdue_instalments > 0,
    overdueInstalments: row.overdue_instalments,
    createdByName: row.created_by_name,
    createdAt: row.created_at.toISOString(),
    completedAt: iso(row.completed_at),
  };
}

export function presentLine(row: LineRow) {
  return {
    id: Number(row.id),
    lineNo: row.line_no,
    itemName: row.item_name,
    specification: row.specification,
    quantity: qty(row.quantity),
    unit: row.unit,
    unitPrice: money(row.unit_price),
    amount: money(row.amount),
    target: { kind: row.target_kind, ref: row.target_ref, label: LINE_TARGET_LABELS[row.target_kind] },
    dueOn: row.due_on,
    deliveredQuantity: qty(row.delivered_quantity),
    acceptedQuantity: qty(row.accepted_quantity),
    status: row.status,
    closedAt: iso(row.closed_at),
  };
}

/** An instalment with its payment progress on `today` (PRC-6 overdue flags). */
export function presentInstalment(row: InstalmentRow, today: string) {
  const state = instalmentState({ amount: Number(row.amount), paidAmount: Number(row.paid_amount), dueOn: row.due_on }, today);
  return {
    id: Number(row.id),
    contractId: Number(row.contract_id),
    contractNumber: row.contract_number,
    supplierName: row.supplier_name,
    seq: row.seq,
    label: row.label,
    percent: Number(row.percent),
    amount: money(row.amount),
    dueOn: row.due_on,
    paidAmount: money(row.paid_amount),
    paidOn: row.paid_on,
    outstanding: state.outstanding,
    status: state.paid ? ('paid' as const) : ('due' as const),
    overdue: state.overdue,
    daysOverdue: state.daysOverdue,
  };
}

export function presentPayment(row: PaymentRow) {
  return {
    id: Number(row.id),
    instalmentId: Number(row.instalment_id),
    amount: money(row.amount),
    paidOn: row.paid_on,
    reference: row.reference,
    recordedByName: row.recorded_by_name,
    at: row.at.toISOString(),
  };
}

export function presentDelivery(row: DeliveryRow) {
  return {
    id: Number(row.id),
    lineId: Number(row.line_id),
    quantity: qty(row.quantity),
    deliveredOn: row.delivered_on,
    batch: row.batch,
    note: row.note,
    daysLate: row.days_late,
    receivedByName: row.received_by_name,
    acceptance: row.acceptance,
    acceptanceLabel: ACCEPTANCE_LABELS[row.acceptance],
    acceptedQuantity: row.accepted_quantity === null ? null : qty(row.accepted_quantity),
    acceptanceNote: row.acceptance_note,
    acceptedByName: row.accepted_by_name,
    acceptedAt: iso(row.accepted_at),
    receipt: row.receipt,
  };
}

export function presentIssue(row: IssueRow) {
  return {
    id: Number(row.id),
    deliveryId: idOrNull(row.delivery_id),
    kind: row.kind,
    kindLabel: ISSUE_KIND_LABELS[row.kind],
    description: row.description,
    status: row.status,
    handling: row.handling,
    raisedByName: row.raised_by_name,
    raisedAt: row.raised_at.toISOString(),
    resolvedByName: row.resolved_by_name,
    resolvedAt: iso(row.resolved_at),
  };
}
