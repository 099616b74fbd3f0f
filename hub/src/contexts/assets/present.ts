import type { Device } from '@campus/gateway';
import type { ReportRow, RunRow, TotalRow } from './depreciation-repository.ts';
import type { AssetRow, CategoryRow, MaintenanceRow, VoucherRow } from './repository.ts';
import type { LineRow, StocktakeRow } from './stocktake-repository.ts';
import type { BorrowingRow, DisposalRow, TransferRow } from './workflow-repository.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const num = (v: string | number | null) => (v === null ? null : Number(v));

export function presentCategory(row: CategoryRow) {
  return {
    code: row.code,
    name: row.name,
    nameZh: row.name_zh,
    parentCode: row.parent_code,
    depreciationMethod: row.depreciation_method,
    usefulLifeMonths: row.useful_life_months,
    residualRate: Number(row.residual_rate),
  };
}

export function presentAsset(row: AssetRow) {
  return {
    id: row.id,
    name: row.name,
    categoryCode: row.category_code,
    model: row.model,
    specification: row.specification,
    departmentId: row.department_id,
    location: row.location,
    status: row.status,
    supplierName: row.supplier_name,
    purchaseDate: row.purchase_date,
    amount: Number(row.amount),
    sourceRef: row.source_ref,
    acceptedAt: iso(row.accepted_at),
    disposedAt: iso(row.disposed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A sensor as the register lists it, with what the gateway's registry knows of it now. */
export function presentSensor(deviceId: string, device: Device | undefined) {
  return {
    deviceId,
    registered: device !== undefined,
    site: device?.site ?? null,
    label: device?.label ?? null,
    enabled: device?.enabled ?? false,
  };
}

export function presentVoucher(row: VoucherRow) {
  return {
    id: Number(row.id),
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

export function presentMaintenance(row: MaintenanceRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    ref: row.ref,
    description: row.description,
    cost: num(row.cost),
    chargedTo: row.charged_to,
    recordedBy: row.recorded_by_name,
    at: row.at.toISOString(),
  };
}

export function presentBorrowing(row: BorrowingRow) {
  return {
    id: Number(row.id),
    assetId: row.asset_id,
    borrowerId: num(row.borrower_id),
    borrowerName: row.borrower_name,
    departmentId: row.department_id,
    purpose: row.purpose,
    dueOn: row.due_on,
    status: row.status,
    approvalRequestId: num(row.approval_request_id),
    decisionNote: row.decision_note,
    requestedAt: row.requested_at.toISOString(),
    lentAt: iso(row.lent_at),
    returnedAt: iso(row.returned_at),
    returnCondition: row.return_condition,
  };
}

export function presentTransfer(row: TransferRow) {
  return {
    id: Number(row.id),
    assetId: row.asset_id,
    fromDepartmentId: row.from_department_id,
    toDepartmentId: row.to_department_id,
    toLocation: row.to_location,
    reason: row.reason,
    status: row.status,
    approvalRequestId: num(row.approval_request_id),
    requestedAt: row.requested_at.toISOString(),
    decidedAt: iso(row.decided_at),
    decisionNote: row.decision_note,
  };
}

export function presentDisposal(row: DisposalRow) {
  return {
    id: Number(row.id),
    assetId: row.asset_id,
    reason: row.reason,
    condition: row.condition,
    status: row.status,
    approvalRequestId: num(row.approval_request_id),
    stocktakeId: num(row.stocktake_id),
    requestedAt: row.requested_at.toISOString(),
    decidedAt: iso(row.decided_at),
    decisionNote: row.decision_note,
    method: row.method,
    proceeds: num(row.proceeds),
    buyer: row.buyer,
    recipient: row.recipient,
    destructionMethod: row.destruction_method,
    witness: row.witness,
    executedOn: row.executed_on,
    executionNotes: row.execution_notes,
    executedAt: iso(row.executed_at),
  };
}

export function presentStocktake(row: StocktakeRow) {
  return {
    id: Number(row.id),
    title: row.title,
    departmentId: row.department_id,
    categoryCode: row.category_code,
    locationPrefix: row.location_prefix,
    status: row.status,
    plannedAt: row.planned_at.toISOString(),
    closedAt: iso(row.closed_at),
  };
}

export function presentLine(row: LineRow) {
  return {
    id: Number(row.id),
    assetId: row.asset_id,
    expected: row.expected,
    expectedLocation: row.expected_location,
    description: row.description,
    result: row.result,
    foundLocation: row.found_location,
    countedAt: iso(row.counted_at),
    cause: row.cause,
    action: row.action,
  };
}

export function presentRun(row: RunRow, created: boolean) {
  return {
    period: row.period,
    runAt: row.run_at.toISOString(),
    runBy: row.run_by_name,
    assetCount: row.asset_count,
    total: Number(row.total),
    created,
  };
}

export function presentTotal(row: TotalRow) {
  return {
    key: row.key,
    name: row.name,
    assets: Number(row.assets),
    amount: Number(row.amount),
    accumulated: Number(row.accumulated),
    bookValue: Number(row.book_value),
  };
}

export function presentReportLine(row: ReportRow) {
  return {
    assetId: row.asset_id,
    name: row.name,
    categoryCode: row.category_code,
    departmentId: row.department_id,
    method: row.method,
    monthIndex: row.month_index,
    cost: Number(row.cost),
    amount: Number(row.amount),
    accumulated: Number(row.accumulated),
    bookValue: Number(row.book_value),
  };
}
