import type { Queryable } from '@campus/storage';
import type { RequisitionKind, RequisitionSource, RequisitionStatus } from './vocabulary.ts';

export interface RequisitionRow {
  id: string | number;
  source: RequisitionSource;
  department_id: string;
  department_name: string | null;
  requester_id: string | number | null;
  requester_name: string;
  kind: RequisitionKind;
  item_name: string;
  specification: string | null;
  quantity: string | number;
  unit: string;
  budget: string | number | null;
  reason: string;
  item_ref: string | null;
  needed_by: string | null;
  dedupe_key: string | null;
  status: RequisitionStatus;
  revision: number;
  approval_id: string | number | null;
  return_reason: string | null;
  close_reason: string | null;
  plan_line_id: string | number | null;
  budget_year: number | null;
  committed_amount: string | number;
  submitted_at: Date | null;
  approved_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `r.id, r.source, r.department_id, d.name AS department_name, r.requester_id, r.requester_name, r.kind, r.item_name,
  r.specification, r.quantity, r.unit, r.budget, r.reason, r.item_ref, r.needed_by::text AS needed_by, r.dedupe_key, r.status,
  r.revision, r.approval_id, r.return_reason, r.close_reason, r.plan_line_id, r.budget_year, r.committed_amount, r.submitted_at,
  r.approved_at, r.closed_at, r.created_at, r.updated_at`;
const FROM = 'procurement_requisitions r JOIN departments d ON d.id = r.department_id';

export interface NewRequisition {
  source: RequisitionSource;
  departmentId: string;
  requesterId: number | null;
  requesterName: string;
  kind: RequisitionKind;
  itemName: string;
  specification: string | null;
  quantity: number;
  unit: string;
  budget: number | null;
  reason: string;
  itemRef: string | null;
  neededBy: string | null;
  dedupeKey: string | null;
}

/** @returns the new requisition, or undefined when an open one already holds the dedupe key. */
export async function insertRequisition(tx: Queryable, r: NewRequisition): Promise<RequisitionRow | undefined> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO procurement_requisitions (source, department_id, requester_id, requester_name, kind, item_name, specification,
       quantity, unit, budget, reason, item_ref, needed_by, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status NOT IN ('closed', 'cancelled') DO NOTHING
     RETURNING id`,
    [
      r.source,
      r.departmentId,
      r.requesterId,
      r.requesterName,
      r.kind,
      r.itemName,
      r.specification,
      r.quantity,
      r.unit,
      r.budget,
      r.reason,
      r.itemRef,
      r.neededBy,
      r.dedupeKey,
    ],
  );
  const id = rows[0]?.id;
  return id === undefined ? undefined : findRequisition(tx, Number(id));
}

export async function findOpenByDedupeKey(q: Queryable, key: string): Promise<RequisitionRow | undefined> {
  return (
    await q.query<RequisitionRow>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE r.dedupe_key = $1 AND r.status NOT IN ('closed', 'cancelled')`,
      [key],
    )
  )[0];
}

export async function findRequisition(q: Queryable, id: number): Promise<RequisitionRow | undefined> {
  return (await q.query<RequisitionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1`, [id]))[0];
}

/** Reads a requisition and holds it until the transaction ends, so two steps on it queue up. */
export async function lockRequisition(tx: Queryable, id: number): Promise<RequisitionRow | undefined> {
  return (await tx.query<RequisitionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 FOR UPDATE OF r`, [id]))[0];
}

/** Approved requisitions to plan (all, or the given ones), locked; most urgent first. */
export function lockApproved(tx: Queryable, ids: readonly number[] | undefined): Promise<RequisitionRow[]> {
  return ids === undefined
    ? tx.query<RequisitionRow>(
        `SELECT ${COLUMNS} FROM ${FROM} WHERE r.status = 'approved' ORDER BY r.id LIMIT 5000 FOR UPDATE OF r`,
      )
    : tx.query<RequisitionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ANY($1::bigint[]) ORDER BY r.id FOR UPDATE OF r`, [
        ids,
      ]);
}

export function lockOfPlanLine(tx: Queryable, planLineId: number): Promise<RequisitionRow[]> {
  return tx.query<RequisitionRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE r.plan_line_id = $1 ORDER BY r.id FOR UPDATE OF r`, [
    planLineId,
  ]);
}

/** The columns a step may set (undefined leaves a column alone). */
export interface RequisitionChanges {
  status?: RequisitionStatus | undefined;
  kind?: RequisitionKind | undefined;
  item_name?: string | undefined;
  specification?: string | null | undefined;
  quantity?: number | undefined;
  unit?: string | undefined;
  budget?: number | null | undefined;
  reason?: string | undefined;
  item_ref?: string | null | undefined;
  needed_by?: string | null | undefined;
  requester_id?: number | null | undefined;
  requester_name?: string | undefined;
  revision?: number | undefined;
  approval_id?: number | null | undefined;
  return_reason?: string | null | undefined;
  close_reason?: string | null | undefined;
  plan_line_id?: number | null | undefined;
  budget_year?: number | null | undefined;
  committed_amount?: number | undefined;
  submitted_at?: Date | null | undefined;
  approved_at?: Date | null | undefined;
  closed_at?: Date | null | undefined;
}

export async function updateRequisition(tx: Queryable, id: number, changes: RequisitionChanges): Promise<RequisitionRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  await tx.query(`UPDATE procurement_requisitions SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
  const row = await findRequisition(tx, id);
  if (!row) throw new Error(`requisition ${id} vanished during an update`);
  return row;
}

export interface RequisitionFilter {
  status?: RequisitionStatus | undefined;
  departmentId?: string | undefined;
  source?: RequisitionSource | undefined;
  kind?: RequisitionKind | undefined;
  planLineId?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first; each filter has an index ending in id (department, status, department+status). */
export function listRequisitions(q: Queryable, filter: RequisitionFilter): Promise<RequisitionRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.status !== undefined) add('r.status = ?', filter.status);
  if (filter.departmentId !== undefined) add('r.department_id = ?', filter.departmentId);
  if (filter.source !== undefined) add('r.source = ?', filter.source);
  if (filter.kind !== undefined) add('r.kind = ?', filter.kind);
  if (filter.planLineId !== undefined) add('r.plan_line_id = ?', filter.planLineId);
  if (filter.beforeId !== undefined) add('r.id < ?', filter.beforeId);
  params.push(filter.limit);
  return q.query<RequisitionRow>(
    `SELECT ${COLUMNS} FROM ${FROM} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT $${params.length}`,
    params,
  );
}
