import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';

/** One entry of a procurement record's history (a requisition's reviews, an RFQ's whole process). */
export interface EventRow {
  id: string | number;
  at: Date;
  actor_id: string | number | null;
  actor_name: string;
  kind: string;
  note: string | null;
  data: Record<string, unknown> | null;
}

export async function insertEvent(
  tx: Queryable,
  event: { entityType: string; entityId: string | number; actor: Actor; kind: string; note?: string | null; data?: unknown },
): Promise<void> {
  await tx.query(
    'INSERT INTO procurement_events (entity_type, entity_id, actor_id, actor_name, kind, note, data) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [
      event.entityType,
      String(event.entityId),
      event.actor.userId,
      event.actor.name,
      event.kind,
      event.note ?? null,
      event.data === undefined ? null : JSON.stringify(event.data),
    ],
  );
}

export function eventsOf(q: Queryable, entityType: string, entityId: string | number): Promise<EventRow[]> {
  return q.query<EventRow>(
    'SELECT id, at, actor_id, actor_name, kind, note, data FROM procurement_events WHERE entity_type = $1 AND entity_id = $2 ORDER BY id',
    [entityType, String(entityId)],
  );
}

export async function departmentExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM departments WHERE id = $1', [id])).length > 0;
}

export interface BudgetRow {
  department_id: string;
  department_name: string | null;
  year: number;
  amount: string | number;
  committed: string | number;
  spent: string | number;
  updated_at: Date;
}

const BUDGET_COLUMNS = 'b.department_id, d.name AS department_name, b.year, b.amount, b.committed, b.spent, b.updated_at';
const FROM_BUDGETS = 'procurement_budgets b JOIN departments d ON d.id = b.department_id';

export function listBudgets(
  q: Queryable,
  filter: { year?: number | undefined; departmentId?: string | undefined },
): Promise<BudgetRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.year !== undefined) {
    params.push(filter.year);
    where.push(`b.year = $${params.length}`);
  }
  if (filter.departmentId !== undefined) {
    params.push(filter.departmentId);
    where.push(`b.department_id = $${params.length}`);
  }
  return q.query<BudgetRow>(
    `SELECT ${BUDGET_COLUMNS} FROM ${FROM_BUDGETS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY b.year DESC, b.department_id LIMIT 1000`,
    params,
  );
}

export async function findBudget(q: Queryable, departmentId: string, year: number): Promise<BudgetRow | undefined> {
  return (
    await q.query<BudgetRow>(`SELECT ${BUDGET_COLUMNS} FROM ${FROM_BUDGETS} WHERE b.department_id = $1 AND b.year = $2`, [
      departmentId,
      year,
    ])
  )[0];
}

/** The year's budgets of these departments, locked until the transaction ends (planning commits against them). */
export function lockBudgets(tx: Queryable, year: number, departmentIds: readonly string[]): Promise<BudgetRow[]> {
  return tx.query<BudgetRow>(
    `SELECT ${BUDGET_COLUMNS} FROM ${FROM_BUDGETS} WHERE b.year = $1 AND b.department_id = ANY($2::text[])
     ORDER BY b.department_id FOR UPDATE OF b`,
    [year, departmentIds],
  );
}

export async function saveBudgetAmount(tx: Queryable, departmentId: string, year: number, amount: number): Promise<void> {
  await tx.query(
    `INSERT INTO procurement_budgets (department_id, year, amount) VALUES ($1, $2, $3)
     ON CONFLICT (department_id, year) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()`,
    [departmentId, year, amount],
  );
}

/**
 * Moves committed and spent figures. A department without a budget row for the year gets one
 * with amount 0, so an overspend shows instead of vanishing.
 */
export async function adjustBudget(
  tx: Queryable,
  departmentId: string,
  year: number,
  delta: { committed: number; spent: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO procurement_budgets (department_id, year, amount, committed, spent) VALUES ($1, $2, 0, $3, $4)
     ON CONFLICT (department_id, year) DO UPDATE SET committed = procurement_budgets.committed + EXCLUDED.committed,
       spent = procurement_budgets.spent + EXCLUDED.spent, updated_at = now()`,
    [departmentId, year, delta.committed, delta.spent],
  );
}
