import type { Queryable } from '@campus/storage';
import { OPEN_KITCHEN_STATUSES } from './kitchen-workflow.ts';
import type { KitchenStatus, MealPeriod, PreOrderStatus } from './vocabulary.ts';

/** The open statuses as SQL literals (constants of ours, never input): matches the partial index. */
const OPEN_LIST = OPEN_KITCHEN_STATUSES.map((status) => `'${status}'`).join(', ');

export interface OrderLine {
  dishId: string | null;
  setMealId: string | null;
  name: string | null;
  nameZh: string | null;
  quantity: number;
  unitPrice: number;
}

export interface PreOrderRow {
  id: string | number;
  user_id: string | number;
  canteen_id: string;
  service_date: string;
  meal_period: MealPeriod;
  status: PreOrderStatus;
  total: string;
  cutoff_at: Date;
  created_at: Date;
  lines: OrderLine[];
}

const PRE_ORDER_SELECT = `SELECT p.id, p.user_id, p.canteen_id, p.service_date::text AS service_date, p.meal_period, p.status,
    p.total, p.cutoff_at, p.created_at,
    COALESCE((SELECT json_agg(json_build_object('dishId', l.dish_id, 'setMealId', l.set_meal_id,
        'name', COALESCE(d.name, m.name), 'nameZh', COALESCE(d.name_zh, m.name_zh), 'quantity', l.quantity, 'unitPrice', l.unit_price)
        ORDER BY l.line_no)
      FROM pre_order_lines l LEFT JOIN dishes d ON d.id = l.dish_id LEFT JOIN set_meals m ON m.id = l.set_meal_id
      WHERE l.pre_order_id = p.id), '[]') AS lines
  FROM pre_orders p`;

export interface NewPreOrder {
  userId: number;
  canteenId: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  total: number;
  cutoffAt: Date;
  lines: ReadonlyArray<{ dishId: string | null; setMealId: string | null; quantity: number; unitPrice: number }>;
}

export async function insertPreOrder(tx: Queryable, order: NewPreOrder): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO pre_orders (user_id, canteen_id, service_date, meal_period, total, cutoff_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id`,
    [order.userId, order.canteenId, order.serviceDate, order.mealPeriod, order.total, order.cutoffAt],
  );
  const id = Number(rows[0]?.id);
  await tx.query(
    `INSERT INTO pre_order_lines (pre_order_id, line_no, dish_id, set_meal_id, quantity, unit_price)
     SELECT $1::bigint, n, d, s, q, p FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::numeric[]) AS x (n, d, s, q, p)`,
    [
      id,
      order.lines.map((_, index) => index + 1),
      order.lines.map((l) => l.dishId),
      order.lines.map((l) => l.setMealId),
      order.lines.map((l) => l.quantity),
      order.lines.map((l) => l.unitPrice),
    ],
  );
  return id;
}

export async function findPreOrder(q: Queryable, id: number, lock = false): Promise<PreOrderRow | undefined> {
  if (lock) await q.query('SELECT id FROM pre_orders WHERE id = $1 FOR UPDATE', [id]);
  return (await q.query<PreOrderRow>(`${PRE_ORDER_SELECT} WHERE p.id = $1`, [id]))[0];
}

export async function findActivePreOrder(q: Queryable, userId: number, serviceDate: string, mealPeriod: string) {
  return (
    await q.query<{ id: string | number }>(
      `SELECT id FROM pre_orders WHERE user_id = $1 AND service_date = $2 AND meal_period = $3 AND status <> 'cancelled'`,
      [userId, serviceDate, mealPeriod],
    )
  )[0];
}

export interface PreOrderFilter {
  userId?: number | undefined;
  canteenId?: string | undefined;
  date?: string | undefined;
  mealPeriod?: string | undefined;
  status?: PreOrderStatus | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export function listPreOrders(q: Queryable, filter: PreOrderFilter): Promise<PreOrderRow[]> {
  return q.query<PreOrderRow>(
    `${PRE_ORDER_SELECT}
     WHERE ($1::bigint IS NULL OR p.user_id = $1) AND ($2::text IS NULL OR p.canteen_id = $2) AND ($3::date IS NULL OR p.service_date = $3)
       AND ($4::text IS NULL OR p.meal_period = $4) AND ($5::text IS NULL OR p.status = $5) AND ($6::bigint IS NULL OR p.id < $6)
     ORDER BY p.id DESC LIMIT $7`,
    [
      filter.userId ?? null,
      filter.canteenId ?? null,
      filter.date ?? null,
      filter.mealPeriod ?? null,
      filter.status ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

export async function setPreOrderStatus(tx: Queryable, id: number, status: PreOrderStatus): Promise<void> {
  await tx.query('UPDATE pre_orders SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

export interface PortionRow {
  service_date: string;
  canteen_id: string;
  meal_period: MealPeriod;
  dish_id: string;
  portions: string | number;
}

/** Pre-ordered portions per dish (set meals expanded into their dishes), cancelled ones excluded. */
export function preOrderedPortions(
  q: Queryable,
  filter: { from: string; to: string; canteenId?: string | undefined },
): Promise<PortionRow[]> {
  return q.query<PortionRow>(
    `SELECT p.service_date::text AS service_date, p.canteen_id, p.meal_period, COALESCE(l.dish_id, x.dish_id) AS dish_id,
        sum(l.quantity * COALESCE(x.portions, 1)) AS portions
     FROM pre_orders p JOIN pre_order_lines l ON l.pre_order_id = p.id
       LEFT JOIN set_meal_dishes x ON x.set_meal_id = l.set_meal_id
     WHERE p.service_date BETWEEN $1::date AND $2::date AND p.status <> 'cancelled' AND ($3::text IS NULL OR p.canteen_id = $3)
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [filter.from, filter.to, filter.canteenId ?? null],
  );
}

/** Walk-in (terminal) portions per dish on the given dates. */
export function soldAtTerminals(
  q: Queryable,
  filter: { dates?: readonly string[]; from?: string; to?: string; canteenId?: string | undefined },
) {
  return q.query<PortionRow>(
    `SELECT service_date::text AS service_date, canteen_id, meal_period, dish_id, sum(quantity) AS portions
     FROM kitchen_order_lines
     WHERE ($1::date[] IS NULL OR service_date = ANY ($1::date[])) AND ($2::date IS NULL OR service_date >= $2)
       AND ($3::date IS NULL OR service_date <= $3) AND ($4::text IS NULL OR canteen_id = $4)
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [filter.dates ?? null, filter.from ?? null, filter.to ?? null, filter.canteenId ?? null],
  );
}

export interface KitchenOrderRow {
  id: string | number;
  canteen_id: string;
  device_id: string;
  event_id: string;
  order_id: string;
  ordered_at: Date;
  service_date: string;
  meal_period: MealPeriod;
  total: string;
  status: KitchenStatus;
  updated_at: Date;
  lines: Array<{ dishId: string; name: string | null; nameZh: string | null; quantity: number; unitPrice: number }>;
}

const KITCHEN_SELECT = `SELECT k.id, k.canteen_id, k.device_id, k.event_id, k.order_id, k.ordered_at,
    k.service_date::text AS service_date, k.meal_period, k.total, k.status, k.updated_at,
    COALESCE((SELECT json_agg(json_build_object('dishId', l.dish_id, 'name', d.name, 'nameZh', d.name_zh,
        'quantity', l.quantity, 'unitPrice', l.unit_price) ORDER BY l.line_no)
      FROM kitchen_order_lines l LEFT JOIN dishes d ON d.id = l.dish_id WHERE l.kitchen_order_id = k.id), '[]') AS lines
  FROM kitchen_orders k`;

/**
 * Copies terminal orders (IOT-2, stored by the gateway) into kitchen orders of the canteen that
 * owns the terminal, with their lines. Keyed by (device_id, event_id): copying the same event
 * again does nothing, so a replay, a resend or a catch-up after a restart never doubles an order.
 * Orders of terminals no canteen owns stay in terminal_orders only.
 * @returns the ids of the kitchen orders created now.
 */
export async function importTerminalOrders(
  tx: Queryable,
  source: { keys: ReadonlyArray<{ deviceId: string; eventId: string; ts: Date }> } | { since: Date },
  timeZone: string,
): Promise<number[]> {
  const byKeys = 'keys' in source;
  const where = byKeys
    ? `JOIN unnest($2::text[], $3::text[], $4::timestamptz[]) AS e (device_id, event_id, ts)
         ON e.device_id = t.device_id AND e.event_id = t.event_id AND e.ts = t.ts`
    : `WHERE t.ts >= $2 AND NOT EXISTS (SELECT 1 FROM kitchen_orders k WHERE k.device_id = t.device_id AND k.event_id = t.event_id)`;
  const params: unknown[] = byKeys
    ? [timeZone, source.keys.map((k) => k.deviceId), source.keys.map((k) => k.eventId), source.keys.map((k) => k.ts)]
    : [timeZone, source.since];
  const rows = await tx.query<{ id: string | number }>(
    `WITH src AS (
       SELECT DISTINCT ON (t.device_id, t.event_id) t.device_id, t.event_id, t.order_id, t.ts, t.items, t.total, t.meal_period,
         c.canteen_id, (t.ts AT TIME ZONE $1::text)::date AS service_date
       FROM terminal_orders t JOIN canteen_terminals c ON c.device_id = t.device_id ${where}
       ORDER BY t.device_id, t.event_id, t.ts
     ), created AS (
       INSERT INTO kitchen_orders (canteen_id, device_id, event_id, order_id, ordered_at, service_date, meal_period, total)
       SELECT canteen_id, device_id, event_id, order_id, ts, service_date, meal_period, total FROM src
       ON CONFLICT (device_id, event_id) DO NOTHING
       RETURNING id, device_id, event_id, canteen_id, service_date, meal_period
     ), lines AS (
       INSERT INTO kitchen_order_lines (kitchen_order_id, line_no, dish_id, quantity, unit_price, canteen_id, service_date, meal_period)
       SELECT created.id, e.n, e.item ->> 'dishId', (e.item ->> 'quantity')::int, (e.item ->> 'unitPrice')::numeric,
         created.canteen_id, created.service_date, created.meal_period
       FROM created JOIN src ON src.device_id = created.device_id AND src.event_id = created.event_id
         CROSS JOIN LATERAL jsonb_array_elements(src.items) WITH ORDINALITY AS e (item, n)
     )
     SELECT id FROM created ORDER BY id`,
    params,
  );
  return rows.map((r) => Number(r.id));
}

export function findKitchenOrders(q: Queryable, ids: readonly number[]): Promise<KitchenOrderRow[]> {
  return q.query<KitchenOrderRow>(`${KITCHEN_SELECT} WHERE k.id = ANY ($1::bigint[]) ORDER BY k.id`, [ids]);
}

export async function findKitchenOrder(q: Queryable, id: number, lock = false): Promise<KitchenOrderRow | undefined> {
  if (lock) await q.query('SELECT id FROM kitchen_orders WHERE id = $1 FOR UPDATE', [id]);
  return (await findKitchenOrders(q, [id]))[0];
}

/**
 * The queue reads oldest first: the kitchen works in order of arrival. Without a status it is
 * the open queue, written out literally so the partial index of open orders serves it (the
 * served history of a day would otherwise be walked through to reach the newest orders).
 */
export function listKitchenQueue(
  q: Queryable,
  filter: { canteenId: string; status?: KitchenStatus | undefined; afterId?: number | undefined; limit: number },
): Promise<KitchenOrderRow[]> {
  const statusClause = filter.status ? 'k.status = $4' : `k.status IN (${OPEN_LIST})`;
  const params: unknown[] = [filter.canteenId, filter.afterId ?? null, filter.limit];
  if (filter.status) params.push(filter.status);
  return q.query<KitchenOrderRow>(
    `${KITCHEN_SELECT} WHERE k.canteen_id = $1 AND ${statusClause} AND ($2::bigint IS NULL OR k.id > $2)
     ORDER BY k.id LIMIT $3`,
    params,
  );
}

export async function setKitchenStatus(tx: Queryable, id: number, status: KitchenStatus): Promise<void> {
  await tx.query('UPDATE kitchen_orders SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

export async function countQueue(q: Queryable, canteenId: string): Promise<Record<KitchenStatus, number>> {
  const rows = await q.query<{ status: KitchenStatus; n: string | number }>(
    // Named statuses (not <> 'served'), so the count reads the queue index, not a day's history.
    `SELECT status, count(*) AS n FROM kitchen_orders WHERE canteen_id = $1 AND status IN (${OPEN_LIST}) GROUP BY status`,
    [canteenId],
  );
  const counts: Record<KitchenStatus, number> = { pending: 0, preparing: 0, ready: 0, served: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}
