import type { Queryable } from '@campus/storage';
import type { Forecast } from './forecast.ts';
import type { MealPeriod, PlanStatus } from './vocabulary.ts';

export interface PlanLineRow {
  itemId: string;
  name: string;
  nameZh: string | null;
  specification: string | null;
  quantity: number;
  unit: string;
  neededBy: string;
  need: number;
  available: number;
  requisitionId: number | null;
}

export interface PlanRow {
  id: string | number;
  needed_on: string;
  status: PlanStatus;
  forecast: Forecast;
  created_at: Date;
  decided_at: Date | null;
  lines: PlanLineRow[];
}

const PLAN_SELECT = `SELECT p.id, p.needed_on::text AS needed_on, p.status, p.forecast, p.created_at, p.decided_at,
    COALESCE((SELECT json_agg(json_build_object('itemId', l.item_id, 'name', i.name, 'nameZh', i.name_zh,
        'specification', i.specification, 'quantity', l.quantity, 'unit', l.unit, 'neededBy', l.needed_by::text,
        'need', l.need, 'available', l.available, 'requisitionId', l.requisition_id) ORDER BY l.item_id)
      FROM purchase_plan_lines l JOIN stock_items i ON i.id = l.item_id WHERE l.plan_id = p.id), '[]') AS lines
  FROM purchase_plans p`;

export async function insertPlan(tx: Queryable, forecast: Forecast, createdBy: number | null): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    'INSERT INTO purchase_plans (needed_on, forecast, created_by) VALUES ($1, $2, $3) RETURNING id',
    [forecast.date, JSON.stringify(forecast), createdBy],
  );
  const id = Number(rows[0]?.id);
  const items = new Map(forecast.items.map((item) => [item.itemId, item]));
  await tx.query(
    `INSERT INTO purchase_plan_lines (plan_id, item_id, quantity, unit, needed_by, need, available)
     SELECT $1::bigint, * FROM unnest($2::text[], $3::numeric[], $4::text[], $5::date[], $6::numeric[], $7::numeric[])`,
    [
      id,
      forecast.lines.map((l) => l.itemId),
      forecast.lines.map((l) => l.quantity),
      forecast.lines.map((l) => l.unit),
      forecast.lines.map((l) => l.neededBy),
      forecast.lines.map((l) => items.get(l.itemId)?.need ?? 0),
      forecast.lines.map((l) => items.get(l.itemId)?.available ?? 0),
    ],
  );
  return id;
}

export async function findPlan(q: Queryable, id: number, lock = false): Promise<PlanRow | undefined> {
  if (lock) await q.query('SELECT id FROM purchase_plans WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE p.id = $1`, [id]))[0];
}

export async function findProposedPlan(q: Queryable, neededOn: string): Promise<{ id: string | number } | undefined> {
  return (
    await q.query<{ id: string | number }>(`SELECT id FROM purchase_plans WHERE needed_on = $1 AND status = 'proposed'`, [
      neededOn,
    ])
  )[0];
}

export function listPlans(
  q: Queryable,
  filter: { status?: PlanStatus | undefined; beforeId?: number | undefined; limit: number },
) {
  return q.query<PlanRow>(
    `${PLAN_SELECT} WHERE ($1::text IS NULL OR p.status = $1) AND ($2::bigint IS NULL OR p.id < $2) ORDER BY p.id DESC LIMIT $3`,
    [filter.status ?? null, filter.beforeId ?? null, filter.limit],
  );
}

export async function setPlanStatus(tx: Queryable, id: number, status: PlanStatus): Promise<void> {
  await tx.query('UPDATE purchase_plans SET status = $2, decided_at = now() WHERE id = $1', [id, status]);
}

export async function setLineRequisition(tx: Queryable, planId: number, itemId: string, requisitionId: number): Promise<void> {
  await tx.query('UPDATE purchase_plan_lines SET requisition_id = $3 WHERE plan_id = $1 AND item_id = $2', [
    planId,
    itemId,
    requisitionId,
  ]);
}

export interface WasteRow {
  service_date: string;
  canteen_id: string;
  meal_period: MealPeriod;
  dish_id: string;
  dish_name: string | null;
  dish_name_zh: string | null;
  prepared: string | number;
  walk_in: string | number;
  pre_ordered: string | number;
}

/**
 * Prepared portions (production records) against sold ones (terminal orders plus pre-orders
 * not cancelled, set meals expanded), per day, canteen, meal period and dish.
 */
export function wasteFigures(
  q: Queryable,
  scope: { from: string; to: string; canteenId?: string | undefined },
): Promise<WasteRow[]> {
  return q.query<WasteRow>(
    `WITH prepared AS (
       SELECT service_date, canteen_id, meal_period, dish_id, sum(portions) AS prepared FROM production_records
       WHERE service_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR canteen_id = $3) GROUP BY 1, 2, 3, 4
     ), walk_in AS (
       SELECT service_date, canteen_id, meal_period, dish_id, sum(quantity) AS walk_in FROM kitchen_order_lines
       WHERE service_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR canteen_id = $3) GROUP BY 1, 2, 3, 4
     ), pre AS (
       SELECT p.service_date, p.canteen_id, p.meal_period, COALESCE(l.dish_id, x.dish_id) AS dish_id,
         sum(l.quantity * COALESCE(x.portions, 1)) AS pre_ordered
       FROM pre_orders p JOIN pre_order_lines l ON l.pre_order_id = p.id LEFT JOIN set_meal_dishes x ON x.set_meal_id = l.set_meal_id
       WHERE p.service_date BETWEEN $1::date AND $2::date AND p.status <> 'cancelled' AND ($3::text IS NULL OR p.canteen_id = $3)
       GROUP BY 1, 2, 3, 4
     )
     SELECT f.service_date::text AS service_date, f.canteen_id, f.meal_period, f.dish_id, d.name AS dish_name, d.name_zh AS dish_name_zh,
       COALESCE(f.prepared, 0) AS prepared, COALESCE(f.walk_in, 0) AS walk_in, COALESCE(f.pre_ordered, 0) AS pre_ordered
     FROM (
       SELECT service_date, canteen_id, meal_period, dish_id, prepared, walk_in, pre_ordered
       FROM prepared FULL JOIN walk_in USING (service_date, canteen_id, meal_period, dish_id)
         FULL JOIN pre USING (service_date, canteen_id, meal_period, dish_id)
     ) f LEFT JOIN dishes d ON d.id = f.dish_id
     ORDER BY 1, 2, 3, 4`,
    [scope.from, scope.to, scope.canteenId ?? null],
  );
}
