import type { Queryable } from '@campus/storage';
import type { Allocation, PlannedLine, PlanResult } from './planning.ts';
import type { PlanLineStatus, ProcurementMethod, RequisitionKind } from './vocabulary.ts';

export interface PlanRow {
  id: string | number;
  title: string;
  year: number;
  created_by: string | number | null;
  created_by_name: string;
  settings: Record<string, unknown>;
  deferred: PlanResult['deferred'];
  covered: PlanResult['coveredByStock'];
  budgets: PlanResult['budgets'];
  warnings: string[];
  created_at: Date;
}

export interface PlanLineRow {
  id: string | number;
  plan_id: string | number;
  plan_year: number;
  line_no: number;
  kind: RequisitionKind;
  item_key: string;
  item_name: string;
  specification: string | null;
  item_ref: string | null;
  unit: string;
  requested_quantity: string | number;
  stock_offset: string | number;
  quantity: string | number;
  estimated_amount: string | number;
  method: ProcurementMethod;
  needed_by: string;
  start_by: string;
  urgent: boolean;
  allocations: Allocation[];
  status: PlanLineStatus;
}

const PLAN_COLUMNS = 'id, title, year, created_by, created_by_name, settings, deferred, covered, budgets, warnings, created_at';
const LINE_COLUMNS = `l.id, l.plan_id, p.year AS plan_year, l.line_no, l.kind, l.item_key, l.item_name, l.specification, l.item_ref, l.unit,
  l.requested_quantity, l.stock_offset, l.quantity, l.estimated_amount, l.method, l.needed_by::text AS needed_by,
  l.start_by::text AS start_by, l.urgent, l.allocations, l.status`;
const FROM_LINES = 'procurement_plan_lines l JOIN procurement_plans p ON p.id = l.plan_id';

export async function insertPlan(
  tx: Queryable,
  input: { title: string; year: number; createdBy: number | null; createdByName: string; settings: unknown; result: PlanResult },
): Promise<PlanRow> {
  const rows = await tx.query<PlanRow>(
    `INSERT INTO procurement_plans (title, year, created_by, created_by_name, settings, deferred, covered, budgets, warnings)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${PLAN_COLUMNS}`,
    [
      input.title,
      input.year,
      input.createdBy,
      input.createdByName,
      JSON.stringify(input.settings),
      JSON.stringify(input.result.deferred),
      JSON.stringify(input.result.coveredByStock),
      JSON.stringify(input.result.budgets),
      JSON.stringify(input.result.warnings),
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('plan insert returned nothing');
  return row;
}

export async function insertPlanLine(tx: Queryable, planId: number, line: PlannedLine): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO procurement_plan_lines (plan_id, line_no, kind, item_key, item_name, specification, item_ref, unit, requested_quantity,
       stock_offset, quantity, estimated_amount, method, needed_by, start_by, urgent, allocations)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
    [
      planId,
      line.lineNo,
      line.kind,
      line.key,
      line.itemName,
      line.specification,
      line.itemRef,
      line.unit,
      line.requestedQuantity,
      line.stockOffset,
      line.quantity,
      line.estimatedAmount,
      line.method,
      line.neededBy,
      line.startBy,
      line.urgent,
      JSON.stringify(line.allocations),
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('plan line insert returned nothing');
  return Number(id);
}

export async function findPlan(q: Queryable, id: number): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM procurement_plans WHERE id = $1`, [id]))[0];
}

export function listPlans(
  q: Queryable,
  filter: { year?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<PlanRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.year !== undefined) {
    params.push(filter.year);
    where.push(`year = $${params.length}`);
  }
  if (filter.beforeId !== undefined) {
    params.push(filter.beforeId);
    where.push(`id < $${params.length}`);
  }
  params.push(filter.limit);
  return q.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM procurement_plans ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}

export function linesOfPlan(q: Queryable, planId: number): Promise<PlanLineRow[]> {
  return q.query<PlanLineRow>(`SELECT ${LINE_COLUMNS} FROM ${FROM_LINES} WHERE l.plan_id = $1 ORDER BY l.line_no`, [planId]);
}

export async function findPlanLine(q: Queryable, id: number): Promise<PlanLineRow | undefined> {
  return (await q.query<PlanLineRow>(`SELECT ${LINE_COLUMNS} FROM ${FROM_LINES} WHERE l.id = $1`, [id]))[0];
}

export async function lockPlanLine(tx: Queryable, id: number): Promise<PlanLineRow | undefined> {
  return (await tx.query<PlanLineRow>(`SELECT ${LINE_COLUMNS} FROM ${FROM_LINES} WHERE l.id = $1 FOR UPDATE OF l`, [id]))[0];
}

export async function setPlanLineStatus(tx: Queryable, id: number, status: PlanLineStatus): Promise<void> {
  await tx.query('UPDATE procurement_plan_lines SET status = $2 WHERE id = $1', [id, status]);
}
