import type { Queryable } from '@campus/storage';
import type { MealPeriodSetting } from './cutoff.ts';
import type { MealPeriod } from './vocabulary.ts';

export interface CanteenRow {
  id: string;
  name: string;
  name_zh: string | null;
  location: string | null;
  active: boolean;
  terminal_ids: string[];
}

const CANTEEN_SELECT = `SELECT c.id, c.name, c.name_zh, c.location, c.active,
    COALESCE((SELECT array_agg(t.device_id ORDER BY t.device_id) FROM canteen_terminals t WHERE t.canteen_id = c.id), '{}') AS terminal_ids
  FROM canteens c`;

export function listCanteens(q: Queryable): Promise<CanteenRow[]> {
  return q.query<CanteenRow>(`${CANTEEN_SELECT} ORDER BY c.id`);
}

export async function findCanteen(q: Queryable, id: string): Promise<CanteenRow | undefined> {
  return (await q.query<CanteenRow>(`${CANTEEN_SELECT} WHERE c.id = $1`, [id]))[0];
}

export interface CanteenFields {
  name: string;
  nameZh: string | null;
  location: string | null;
  active: boolean;
}

export async function upsertCanteen(tx: Queryable, id: string, fields: CanteenFields): Promise<void> {
  await tx.query(
    `INSERT INTO canteens (id, name, name_zh, location, active) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = $2, name_zh = $3, location = $4, active = $5, updated_at = now()`,
    [id, fields.name, fields.nameZh, fields.location, fields.active],
  );
}

/** Terminals already attached to another canteen than `canteenId`. */
export function terminalsOwnedElsewhere(q: Queryable, canteenId: string, deviceIds: string[]) {
  return q.query<{ device_id: string; canteen_id: string }>(
    'SELECT device_id, canteen_id FROM canteen_terminals WHERE device_id = ANY ($1::text[]) AND canteen_id <> $2',
    [deviceIds, canteenId],
  );
}

export async function replaceTerminals(tx: Queryable, canteenId: string, deviceIds: string[]): Promise<void> {
  await tx.query('DELETE FROM canteen_terminals WHERE canteen_id = $1', [canteenId]);
  await tx.query('INSERT INTO canteen_terminals (device_id, canteen_id) SELECT unnest($1::text[]), $2::text', [
    deviceIds,
    canteenId,
  ]);
}

export interface StallRow {
  id: string;
  canteen_id: string;
  name: string;
  name_zh: string | null;
  active: boolean;
}

export function listStalls(q: Queryable, canteenId: string | undefined): Promise<StallRow[]> {
  return q.query<StallRow>(
    'SELECT id, canteen_id, name, name_zh, active FROM canteen_stalls WHERE ($1::text IS NULL OR canteen_id = $1) ORDER BY canteen_id, id',
    [canteenId ?? null],
  );
}

export async function findStall(q: Queryable, id: string): Promise<StallRow | undefined> {
  return (await q.query<StallRow>('SELECT id, canteen_id, name, name_zh, active FROM canteen_stalls WHERE id = $1', [id]))[0];
}

export async function upsertStall(
  tx: Queryable,
  row: { id: string; canteenId: string; name: string; nameZh: string | null; active: boolean },
): Promise<void> {
  await tx.query(
    `INSERT INTO canteen_stalls (id, canteen_id, name, name_zh, active) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = $3, name_zh = $4, active = $5, updated_at = now()`,
    [row.id, row.canteenId, row.name, row.nameZh, row.active],
  );
}

export interface DishRow {
  id: string;
  name: string;
  name_zh: string | null;
  stall_id: string | null;
  canteen_id: string | null;
  category: string | null;
  price: string;
  active: boolean;
}

const DISH_SELECT = `SELECT d.id, d.name, d.name_zh, d.stall_id, s.canteen_id, d.category, d.price, d.active
  FROM dishes d LEFT JOIN canteen_stalls s ON s.id = d.stall_id`;

export interface DishFilter {
  q?: string | undefined;
  canteenId?: string | undefined;
  stallId?: string | undefined;
  active?: boolean | undefined;
  afterId?: string | undefined;
  limit: number;
}

export function listDishes(q: Queryable, filter: DishFilter): Promise<DishRow[]> {
  return q.query<DishRow>(
    `${DISH_SELECT}
     WHERE ($1::text IS NULL OR d.name ILIKE '%' || $1 || '%' OR d.name_zh LIKE '%' || $1 || '%' OR d.id = $1)
       AND ($2::text IS NULL OR s.canteen_id = $2) AND ($3::text IS NULL OR d.stall_id = $3)
       AND ($4::boolean IS NULL OR d.active = $4) AND ($5::text IS NULL OR d.id > $5)
     ORDER BY d.id LIMIT $6`,
    [
      filter.q ?? null,
      filter.canteenId ?? null,
      filter.stallId ?? null,
      filter.active ?? null,
      filter.afterId ?? null,
      filter.limit,
    ],
  );
}

export function findDishes(q: Queryable, ids: readonly string[]): Promise<DishRow[]> {
  return q.query<DishRow>(`${DISH_SELECT} WHERE d.id = ANY ($1::text[])`, [ids]);
}

export interface DishFields {
  name: string;
  nameZh: string | null;
  stallId: string | null;
  category: string | null;
  price: number;
  active: boolean;
}

export async function upsertDish(tx: Queryable, id: string, fields: DishFields): Promise<void> {
  await tx.query(
    `INSERT INTO dishes (id, name, name_zh, stall_id, category, price, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = $2, name_zh = $3, stall_id = $4, category = $5, price = $6, active = $7, updated_at = now()`,
    [id, fields.name, fields.nameZh, fields.stallId, fields.category, fields.price, fields.active],
  );
}

export interface RecipeLineRow {
  dish_id: string;
  item_id: string;
  quantity: string;
  item_name: string;
  item_name_zh: string | null;
  unit: string;
}

export function listRecipes(q: Queryable, dishIds: readonly string[] | null): Promise<RecipeLineRow[]> {
  return q.query<RecipeLineRow>(
    `SELECT r.dish_id, r.item_id, r.quantity, i.name AS item_name, i.name_zh AS item_name_zh, i.unit
     FROM recipe_lines r JOIN stock_items i ON i.id = r.item_id
     WHERE ($1::text[] IS NULL OR r.dish_id = ANY ($1::text[])) ORDER BY r.dish_id, r.item_id`,
    [dishIds],
  );
}

export async function replaceRecipe(tx: Queryable, dishId: string, lines: ReadonlyArray<{ itemId: string; quantity: number }>) {
  await tx.query('DELETE FROM recipe_lines WHERE dish_id = $1', [dishId]);
  await tx.query(
    'INSERT INTO recipe_lines (dish_id, item_id, quantity) SELECT $1::text, * FROM unnest($2::text[], $3::numeric[])',
    [dishId, lines.map((l) => l.itemId), lines.map((l) => l.quantity)],
  );
}

export interface SetMealRow {
  id: string;
  canteen_id: string;
  name: string;
  name_zh: string | null;
  meal_period: MealPeriod;
  price: string;
  active: boolean;
  dishes: Array<{ dishId: string; portions: number }>;
}

const SET_MEAL_SELECT = `SELECT m.id, m.canteen_id, m.name, m.name_zh, m.meal_period, m.price, m.active,
    COALESCE((SELECT json_agg(json_build_object('dishId', x.dish_id, 'portions', x.portions) ORDER BY x.dish_id)
      FROM set_meal_dishes x WHERE x.set_meal_id = m.id), '[]') AS dishes
  FROM set_meals m`;

export function listSetMeals(
  q: Queryable,
  filter: { canteenId?: string | undefined; mealPeriod?: string | undefined; afterId?: string | undefined; limit: number },
): Promise<SetMealRow[]> {
  return q.query<SetMealRow>(
    `${SET_MEAL_SELECT} WHERE ($1::text IS NULL OR m.canteen_id = $1) AND ($2::text IS NULL OR m.meal_period = $2)
       AND ($3::text IS NULL OR m.id > $3) ORDER BY m.id LIMIT $4`,
    [filter.canteenId ?? null, filter.mealPeriod ?? null, filter.afterId ?? null, filter.limit],
  );
}

export function findSetMeals(q: Queryable, ids: readonly string[]): Promise<SetMealRow[]> {
  return q.query<SetMealRow>(`${SET_MEAL_SELECT} WHERE m.id = ANY ($1::text[])`, [ids]);
}

export interface SetMealFields {
  canteenId: string;
  name: string;
  nameZh: string | null;
  mealPeriod: MealPeriod;
  price: number;
  active: boolean;
  dishes: ReadonlyArray<{ dishId: string; portions: number }>;
}

export async function upsertSetMeal(tx: Queryable, id: string, fields: SetMealFields): Promise<void> {
  await tx.query(
    `INSERT INTO set_meals (id, canteen_id, name, name_zh, meal_period, price, active) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET canteen_id = $2, name = $3, name_zh = $4, meal_period = $5, price = $6, active = $7, updated_at = now()`,
    [id, fields.canteenId, fields.name, fields.nameZh, fields.mealPeriod, fields.price, fields.active],
  );
  await tx.query('DELETE FROM set_meal_dishes WHERE set_meal_id = $1', [id]);
  await tx.query(
    'INSERT INTO set_meal_dishes (set_meal_id, dish_id, portions) SELECT $1::text, * FROM unnest($2::text[], $3::int[])',
    [id, fields.dishes.map((d) => d.dishId), fields.dishes.map((d) => d.portions)],
  );
}

interface SettingRow {
  meal_period: MealPeriod;
  serves_from: string;
  serves_until: string;
  cutoff_days_before: number;
  cutoff_time: string;
}

const toSetting = (row: SettingRow): MealPeriodSetting => ({
  mealPeriod: row.meal_period,
  servesFrom: row.serves_from,
  servesUntil: row.serves_until,
  cutoffDaysBefore: Number(row.cutoff_days_before),
  cutoffTime: row.cutoff_time,
});

export async function listMealPeriodSettings(q: Queryable): Promise<MealPeriodSetting[]> {
  const rows = await q.query<SettingRow>(
    `SELECT meal_period, serves_from, serves_until, cutoff_days_before, cutoff_time FROM meal_period_settings
     ORDER BY serves_from`,
  );
  return rows.map(toSetting);
}

export async function saveMealPeriodSetting(tx: Queryable, setting: MealPeriodSetting): Promise<void> {
  await tx.query(
    `INSERT INTO meal_period_settings (meal_period, serves_from, serves_until, cutoff_days_before, cutoff_time)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (meal_period) DO UPDATE SET serves_from = $2, serves_until = $3, cutoff_days_before = $4, cutoff_time = $5, updated_at = now()`,
    [setting.mealPeriod, setting.servesFrom, setting.servesUntil, setting.cutoffDaysBefore, setting.cutoffTime],
  );
}

export interface MenuEntryRow {
  canteen_id: string;
  service_date: string;
  meal_period: MealPeriod;
  dish_id: string | null;
  set_meal_id: string | null;
  name: string;
  name_zh: string | null;
  price: string;
  stall_id: string | null;
}

export function listMenu(
  q: Queryable,
  filter: { canteenId?: string | undefined; from: string; to: string; mealPeriod?: string | undefined },
): Promise<MenuEntryRow[]> {
  return q.query<MenuEntryRow>(
    `SELECT e.canteen_id, e.service_date::text AS service_date, e.meal_period, e.dish_id, e.set_meal_id,
        COALESCE(d.name, m.name) AS name, COALESCE(d.name_zh, m.name_zh) AS name_zh, COALESCE(d.price, m.price) AS price,
        d.stall_id
     FROM menu_items e LEFT JOIN dishes d ON d.id = e.dish_id LEFT JOIN set_meals m ON m.id = e.set_meal_id
     WHERE ($1::text IS NULL OR e.canteen_id = $1) AND e.service_date BETWEEN $2::date AND $3::date
       AND ($4::text IS NULL OR e.meal_period = $4)
     ORDER BY e.service_date, e.canteen_id, e.meal_period, e.set_meal_id NULLS FIRST, e.dish_id`,
    [filter.canteenId ?? null, filter.from, filter.to, filter.mealPeriod ?? null],
  );
}

export async function replaceMenu(
  tx: Queryable,
  key: { canteenId: string; date: string; mealPeriod: MealPeriod },
  dishIds: readonly string[],
  setMealIds: readonly string[],
): Promise<void> {
  await tx.query('DELETE FROM menu_items WHERE canteen_id = $1 AND service_date = $2 AND meal_period = $3', [
    key.canteenId,
    key.date,
    key.mealPeriod,
  ]);
  await tx.query(
    `INSERT INTO menu_items (canteen_id, service_date, meal_period, dish_id, set_meal_id)
     SELECT $1::text, $2::date, $3::text, unnest($4::text[]), NULL::text
     UNION ALL SELECT $1::text, $2::date, $3::text, NULL::text, unnest($5::text[])`,
    [key.canteenId, key.date, key.mealPeriod, dishIds, setMealIds],
  );
}

/** Dish ids on any canteen's menu for the date, or null when nothing is published for it. */
export async function menuDishesOn(q: Queryable, date: string): Promise<Set<string> | null> {
  const rows = await q.query<{ dish_id: string }>(
    `SELECT DISTINCT COALESCE(e.dish_id, x.dish_id) AS dish_id FROM menu_items e
     LEFT JOIN set_meal_dishes x ON x.set_meal_id = e.set_meal_id WHERE e.service_date = $1`,
    [date],
  );
  return rows.length === 0 ? null : new Set(rows.map((r) => r.dish_id));
}
