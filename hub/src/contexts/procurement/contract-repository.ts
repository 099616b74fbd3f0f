import type { Queryable } from '@campus/storage';
import type { ScheduledInstalment } from './contract-tracking.ts';
import type { AcceptanceResult, ContractStatus, IssueKind, IssueStatus, LineStatus, LineTarget } from './vocabulary.ts';

/** The departments a contract serves and their weights: payments and commitments are charged by them. */
export interface DepartmentShare {
  departmentId: string;
  weight: number;
}

export interface ContractRow {
  id: string | number;
  number: string;
  title: string;
  signed_on: string;
  supplier_id: string;
  supplier_name: string;
  rfq_id: string | number | null;
  plan_line_id: string | number | null;
  department_id: string;
  amount: string | number;
  payment_terms: string;
  budget_year: number;
  department_shares: DepartmentShare[];
  status: ContractStatus;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  /** Derived: unpaid instalments past their due date (the list's overdue flag). */
  overdue_instalments: number;
}

export interface LineRow {
  id: string | number;
  contract_id: string | number;
  line_no: number;
  item_name: string;
  specification: string | null;
  quantity: string | number;
  unit: string;
  unit_price: string | number;
  amount: string | number;
  target_kind: LineTarget;
  target_ref: string | null;
  due_on: string | null;
  delivered_quantity: string | number;
  accepted_quantity: string | number;
  status: LineStatus;
  closed_at: Date | null;
}

export interface InstalmentRow {
  id: string | number;
  contract_id: string | number;
  contract_number: string;
  supplier_name: string;
  seq: number;
  label: string;
  percent: string | number;
  amount: string | number;
  due_on: string;
  paid_amount: string | number;
  paid_on: string | null;
}

export interface PaymentRow {
  id: string | number;
  instalment_id: string | number;
  amount: string | number;
  paid_on: string;
  reference: string | null;
  recorded_by_name: string;
  at: Date;
}

export interface DeliveryRow {
  id: string | number;
  contract_id: string | number;
  line_id: string | number;
  quantity: string | number;
  delivered_on: string;
  batch: string;
  note: string | null;
  days_late: number;
  received_by_name: string;
  acceptance: AcceptanceResult;
  accepted_quantity: string | number | null;
  acceptance_note: string | null;
  accepted_by_name: string | null;
  accepted_at: Date | null;
  receipt: Record<string, unknown> | null;
  created_at: Date;
}

export interface IssueRow {
  id: string | number;
  contract_id: string | number;
  delivery_id: string | number | null;
  kind: IssueKind;
  description: string;
  status: IssueStatus;
  handling: string | null;
  raised_by_name: string;
  raised_at: Date;
  resolved_by_name: string | null;
  resolved_at: Date | null;
}

const CONTRACT_COLUMNS = `c.id, c.number, c.title, c.signed_on::text AS signed_on, c.supplier_id, s.name AS supplier_name, c.rfq_id,
  c.plan_line_id, c.department_id, c.amount, c.payment_terms, c.budget_year, c.department_shares, c.status, c.created_by_name,
  c.created_at, c.updated_at, c.completed_at,
  (SELECT count(*)::int FROM procurement_instalments i WHERE i.contract_id = c.id AND i.paid_on IS NULL AND i.due_on < $1::date) AS overdue_instalments`;
const FROM_CONTRACTS = 'procurement_contracts c JOIN procurement_suppliers s ON s.id = c.supplier_id';
const LINE_COLUMNS = `id, contract_id, line_no, item_name, specification, quantity, unit, unit_price, amount, target_kind, target_ref,
  due_on::text AS due_on, delivered_quantity, accepted_quantity, status, closed_at`;
const INSTALMENT_COLUMNS = `i.id, i.contract_id, c.number AS contract_number, s.name AS supplier_name, i.seq, i.label, i.percent, i.amount,
  i.due_on::text AS due_on, i.paid_amount, i.paid_on::text AS paid_on`;
const FROM_INSTALMENTS =
  'procurement_instalments i JOIN procurement_contracts c ON c.id = i.contract_id JOIN procurement_suppliers s ON s.id = c.supplier_id';
const DELIVERY_COLUMNS = `id, contract_id, line_id, quantity, delivered_on::text AS delivered_on, batch, note, days_late, received_by_name,
  acceptance, accepted_quantity, acceptance_note, accepted_by_name, accepted_at, receipt, created_at`;
const ISSUE_COLUMNS =
  'id, contract_id, delivery_id, kind, description, status, handling, raised_by_name, raised_at, resolved_by_name, resolved_at';

export async function numberTaken(q: Queryable, number: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM procurement_contracts WHERE number = $1', [number])).length > 0;
}

export async function insertContract(
  tx: Queryable,
  c: {
    number: string;
    title: string;
    signedOn: string;
    supplierId: string;
    rfqId: number | null;
    planLineId: number | null;
    departmentId: string;
    amount: number;
    paymentTerms: string;
    budgetYear: number;
    shares: DepartmentShare[];
    createdBy: number | null;
    createdByName: string;
  },
): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO procurement_contracts (number, title, signed_on, supplier_id, rfq_id, plan_line_id, department_id, amount, payment_terms,
       budget_year, department_shares, created_by, created_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      c.number,
      c.title,
      c.signedOn,
      c.supplierId,
      c.rfqId,
      c.planLineId,
      c.departmentId,
      c.amount,
      c.paymentTerms,
      c.budgetYear,
      JSON.stringify(c.shares),
      c.createdBy,
      c.createdByName,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('contract insert returned nothing');
  return Number(id);
}

export async function findContract(q: Queryable, id: number, today: string): Promise<ContractRow | undefined> {
  return (await q.query<ContractRow>(`SELECT ${CONTRACT_COLUMNS} FROM ${FROM_CONTRACTS} WHERE c.id = $2`, [today, id]))[0];
}

export async function lockContract(tx: Queryable, id: number, today: string): Promise<ContractRow | undefined> {
  return (
    await tx.query<ContractRow>(`SELECT ${CONTRACT_COLUMNS} FROM ${FROM_CONTRACTS} WHERE c.id = $2 FOR UPDATE OF c`, [today, id])
  )[0];
}

export async function setContractStatus(tx: Queryable, id: number, status: ContractStatus): Promise<void> {
  await tx.query(
    `UPDATE procurement_contracts SET status = $2, updated_at = now(), completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END
     WHERE id = $1`,
    [id, status],
  );
}

export interface ContractFilter {
  status?: ContractStatus | undefined;
  supplierId?: string | undefined;
  departmentId?: string | undefined;
  /** Only contracts with an unpaid instalment past due. */
  overdue?: boolean | undefined;
  beforeId?: number | undefined;
  limit: number;
  today: string;
}

export function listContracts(q: Queryable, filter: ContractFilter): Promise<ContractRow[]> {
  const where: string[] = [];
  const params: unknown[] = [filter.today];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status !== undefined) add('c.status = ?', filter.status);
  if (filter.supplierId !== undefined) add('c.supplier_id = ?', filter.supplierId);
  if (filter.departmentId !== undefined) add('c.department_id = ?', filter.departmentId);
  if (filter.beforeId !== undefined) add('c.id < ?', filter.beforeId);
  // Driven by the partial index of unpaid instalments: few are overdue among many contracts.
  if (filter.overdue !== undefined)
    where.push(
      `c.id ${filter.overdue ? '' : 'NOT '}IN (SELECT i.contract_id FROM procurement_instalments i WHERE i.paid_on IS NULL AND i.due_on < $1::date)`,
    );
  params.push(filter.limit);
  return q.query<ContractRow>(
    `SELECT ${CONTRACT_COLUMNS} FROM ${FROM_CONTRACTS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY c.id DESC LIMIT $${params.length}`,
    params,
  );
}

export async function insertLine(
  tx: Queryable,
  contractId: number,
  line: {
    lineNo: number;
    itemName: string;
    specification: string | null;
    quantity: number;
    unit: string;
    unitPrice: number;
    amount: number;
    targetKind: LineTarget;
    targetRef: string | null;
    dueOn: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO procurement_contract_lines (contract_id, line_no, item_name, specification, quantity, unit, unit_price, amount, target_kind,
       target_ref, due_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      contractId,
      line.lineNo,
      line.itemName,
      line.specification,
      line.quantity,
      line.unit,
      line.unitPrice,
      line.amount,
      line.targetKind,
      line.targetRef,
      line.dueOn,
    ],
  );
}

export function linesOf(q: Queryable, contractId: number): Promise<LineRow[]> {
  return q.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM procurement_contract_lines WHERE contract_id = $1 ORDER BY line_no`, [
    contractId,
  ]);
}

export async function lockLine(tx: Queryable, contractId: number, lineId: number): Promise<LineRow | undefined> {
  return (
    await tx.query<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM procurement_contract_lines WHERE id = $1 AND contract_id = $2 FOR UPDATE`,
      [lineId, contractId],
    )
  )[0];
}

export async function updateLineQuantities(
  tx: Queryable,
  lineId: number,
  change: { delivered?: number; accepted?: number; close?: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE procurement_contract_lines SET delivered_quantity = delivered_quantity + $2, accepted_quantity = accepted_quantity + $3,
       status = CASE WHEN $4::boolean THEN 'closed' ELSE status END, closed_at = CASE WHEN $4::boolean THEN now() ELSE closed_at END
     WHERE id = $1`,
    [lineId, change.delivered ?? 0, change.accepted ?? 0, change.close ?? false],
  );
}

export async function pendingQuantity(q: Queryable, lineId: number): Promise<number> {
  const rows = await q.query<{ pending: string | number | null }>(
    `SELECT sum(quantity) AS pending FROM procurement_deliveries WHERE line_id = $1 AND acceptance = 'pending'`,
    [lineId],
  );
  return Number(rows[0]?.pending ?? 0);
}

export async function insertInstalment(tx: Queryable, contractId: number, instalment: ScheduledInstalment): Promise<void> {
  await tx.query(
    'INSERT INTO procurement_instalments (contract_id, seq, label, percent, amount, due_on) VALUES ($1, $2, $3, $4, $5, $6)',
    [contractId, instalment.seq, instalment.label, instalment.percent, instalment.amount, instalment.dueOn],
  );
}

export function instalmentsOf(q: Queryable, contractId: number): Promise<InstalmentRow[]> {
  return q.query<InstalmentRow>(`SELECT ${INSTALMENT_COLUMNS} FROM ${FROM_INSTALMENTS} WHERE i.contract_id = $1 ORDER BY i.seq`, [
    contractId,
  ]);
}

export async function lockInstalment(tx: Queryable, contractId: number, id: number): Promise<InstalmentRow | undefined> {
  return (
    await tx.query<InstalmentRow>(
      `SELECT ${INSTALMENT_COLUMNS} FROM ${FROM_INSTALMENTS} WHERE i.id = $1 AND i.contract_id = $2 FOR UPDATE OF i`,
      [id, contractId],
    )
  )[0];
}

export async function addPayment(
  tx: Queryable,
  input: {
    instalmentId: number;
    contractId: number;
    amount: number;
    paidOn: string;
    settled: boolean;
    reference: string | null;
    recordedBy: number | null;
    recordedByName: string;
  },
): Promise<void> {
  await tx.query(
    `UPDATE procurement_instalments SET paid_amount = paid_amount + $2, paid_on = CASE WHEN $3::boolean THEN $4::date ELSE paid_on END
     WHERE id = $1`,
    [input.instalmentId, input.amount, input.settled, input.paidOn],
  );
  await tx.query(
    `INSERT INTO procurement_payments (instalment_id, contract_id, amount, paid_on, reference, recorded_by, recorded_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [input.instalmentId, input.contractId, input.amount, input.paidOn, input.reference, input.recordedBy, input.recordedByName],
  );
}

export function paymentsOf(q: Queryable, contractId: number): Promise<PaymentRow[]> {
  return q.query<PaymentRow>(
    `SELECT id, instalment_id, amount, paid_on::text AS paid_on, reference, recorded_by_name, at FROM procurement_payments
     WHERE contract_id = $1 ORDER BY id`,
    [contractId],
  );
}

export interface InstalmentFilter {
  /** Only unpaid instalments past due on `today`. */
  overdue?: boolean | undefined;
  /** Only unpaid instalments due on or before this date (what finance pays next). */
  dueBy?: string | undefined;
  afterKey?: { dueOn: string; id: number } | undefined;
  limit: number;
  today: string;
}

/** Unpaid instalments by due date (the partial index on unpaid rows serves it). */
export function listUnpaidInstalments(q: Queryable, filter: InstalmentFilter): Promise<InstalmentRow[]> {
  const where = ['i.paid_on IS NULL'];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    let clause = sql;
    for (const value of values) {
      params.push(value);
      clause = clause.replace('?', `$${params.length}`);
    }
    where.push(clause);
  };
  if (filter.overdue) add('i.due_on < ?::date', filter.today);
  if (filter.dueBy !== undefined) add('i.due_on <= ?::date', filter.dueBy);
  if (filter.afterKey !== undefined) add('(i.due_on, i.id) > (?::date, ?)', filter.afterKey.dueOn, filter.afterKey.id);
  params.push(filter.limit);
  return q.query<InstalmentRow>(
    `SELECT ${INSTALMENT_COLUMNS} FROM ${FROM_INSTALMENTS} WHERE ${where.join(' AND ')} ORDER BY i.due_on, i.id LIMIT $${params.length}`,
    params,
  );
}

export async function insertDelivery(
  tx: Queryable,
  d: {
    contractId: number;
    lineId: number;
    quantity: number;
    deliveredOn: string;
    batch: string;
    note: string | null;
    daysLate: number;
    receivedBy: number | null;
    receivedByName: string;
  },
): Promise<DeliveryRow> {
  const rows = await tx.query<DeliveryRow>(
    `INSERT INTO procurement_deliveries (contract_id, line_id, quantity, delivered_on, batch, note, days_late, received_by, received_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DELIVERY_COLUMNS}`,
    [d.contractId, d.lineId, d.quantity, d.deliveredOn, d.batch, d.note, d.daysLate, d.receivedBy, d.receivedByName],
  );
  const row = rows[0];
  if (!row) throw new Error('delivery insert returned nothing');
  return row;
}

export async function lockDelivery(tx: Queryable, contractId: number, id: number): Promise<DeliveryRow | undefined> {
  return (
    await tx.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM procurement_deliveries WHERE id = $1 AND contract_id = $2 FOR UPDATE`,
      [id, contractId],
    )
  )[0];
}

export async function settleDelivery(
  tx: Queryable,
  id: number,
  input: {
    acceptance: 'passed' | 'failed';
    acceptedQuantity: number;
    note: string | null;
    by: string;
    receipt: Record<string, unknown> | null;
  },
): Promise<DeliveryRow> {
  const rows = await tx.query<DeliveryRow>(
    `UPDATE procurement_deliveries SET acceptance = $2, accepted_quantity = $3, acceptance_note = $4, accepted_by_name = $5, accepted_at = now(),
       receipt = $6 WHERE id = $1 RETURNING ${DELIVERY_COLUMNS}`,
    [
      id,
      input.acceptance,
      input.acceptedQuantity,
      input.note,
      input.by,
      input.receipt === null ? null : JSON.stringify(input.receipt),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error(`delivery ${id} vanished during acceptance`);
  return row;
}

export function deliveriesOf(q: Queryable, contractId: number): Promise<DeliveryRow[]> {
  return q.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM procurement_deliveries WHERE contract_id = $1 ORDER BY id`, [
    contractId,
  ]);
}

export async function insertIssue(
  tx: Queryable,
  input: { contractId: number; deliveryId: number | null; kind: IssueKind; description: string; raisedByName: string },
): Promise<IssueRow> {
  const rows = await tx.query<IssueRow>(
    `INSERT INTO procurement_issues (contract_id, delivery_id, kind, description, raised_by_name) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${ISSUE_COLUMNS}`,
    [input.contractId, input.deliveryId, input.kind, input.description, input.raisedByName],
  );
  const row = rows[0];
  if (!row) throw new Error('issue insert returned nothing');
  return row;
}

export async function lockIssue(tx: Queryable, contractId: number, id: number): Promise<IssueRow | undefined> {
  return (
    await tx.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM procurement_issues WHERE id = $1 AND contract_id = $2 FOR UPDATE`, [
      id,
      contractId,
    ])
  )[0];
}

export async function resolveIssue(tx: Queryable, id: number, handling: string, by: string): Promise<IssueRow> {
  const rows = await tx.query<IssueRow>(
    `UPDATE procurement_issues SET status = 'resolved', handling = $2, resolved_by_name = $3, resolved_at = now() WHERE id = $1
     RETURNING ${ISSUE_COLUMNS}`,
    [id, handling, by],
  );
  const row = rows[0];
  if (!row) throw new Error(`issue ${id} vanished`);
  return row;
}

export function issuesOf(q: Queryable, contractId: number): Promise<IssueRow[]> {
  return q.query<IssueRow>(`SELECT ${ISSUE_COLUMNS} FROM procurement_issues WHERE contract_id = $1 ORDER BY id`, [contractId]);
}
