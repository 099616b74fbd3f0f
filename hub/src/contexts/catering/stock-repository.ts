import type { Queryable } from '@campus/storage';
import type { Direction, MealPeriod, MovementReason, StocktakeStatus } from './vocabulary.ts';

export interface StockItemRow {
  id: string;
  name: string;
  name_zh: string | null;
  specification: string | null;
  unit: string;
  category: string;
  safety_stock: string;
  book_quantity: string;
  active: boolean;
}

const ITEM_COLUMNS = 'id, name, name_zh, specification, unit, category, safety_stock, book_quantity, active';

export interface StockItemFilter {
  q?: string | undefined;
  category?: string | undefined;
  belowSafety?: boolean | undefined;
  active?: boolean | undefined;
  afterId?: string | undefined;
  limit: number;
}

export function listStockItems(q: Queryable, filter: StockItemFilter): Promise<StockItemRow[]> {
  return q.query<StockItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM stock_items
     WHERE ($1::text IS NULL OR name ILIKE '%' || $1 || '%' OR name_zh LIKE '%' || $1 || '%' OR id = $1)
       AND ($2::text IS NULL OR category = $2)
       AND ($3::boolean IS NULL OR (book_quantity < safety_stock) = $3)
       AND ($4::boolean IS NULL OR active = $4) AND ($5::text IS NULL OR id > $5)
     ORDER BY id LIMIT $6`,
    [
      filter.q ?? null,
      filter.category ?? null,
      filter.belowSafety ?? null,
      filter.active ?? null,
      filter.afterId ?? null,
      filter.limit,
    ],
  );
}

export function findStockItems(q: Queryable, ids: readonly string[]): Promise<StockItemRow[]> {
  return q.query<StockItemRow>(`SELECT ${ITEM_COLUMNS} FROM stock_items WHERE id = ANY ($1::text[])`, [ids]);
}

export async function findStockItem(q: Queryable, id: string): Promise<StockItemRow | undefined> {
  return (await findStockItems(q, [id]))[0];
}

export function activeStockItems(q: Queryable): Promise<StockItemRow[]> {
  return q.query<StockItemRow>(`SELECT ${ITEM_COLUMNS} FROM stock_items WHERE active ORDER BY id`);
}

export interface StockItemFields {
  name: string;
  nameZh: string | null;
  specification: string | null;
  unit: string;
  category: string;
  safetyStock: number;
  active: boolean;
}

export async function insertStockItem(tx: Queryable, id: string, fields: StockItemFields): Promise<StockItemRow | undefined> {
  const rows = await tx.query<StockItemRow>(
    `INSERT INTO stock_items (id, name, name_zh, specification, unit, category, safety_stock, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING ${ITEM_COLUMNS}`,
    [id, fields.name, fields.nameZh, fields.specification, fields.unit, fields.category, fields.safetyStock, fields.active],
  );
  return rows[0];
}

export async function updateStockItem(tx: Queryable, id: string, fields: StockItemFields): Promise<StockItemRow | undefined> {
  const rows = await tx.query<StockItemRow>(
    `UPDATE stock_items SET name = $2, name_zh = $3, specification = $4, unit = $5, category = $6, safety_stock = $7,
       active = $8, updated_at = now() WHERE id = $1 RETURNING ${ITEM_COLUMNS}`,
    [id, fields.name, fields.nameZh, fields.specification, fields.unit, fields.category, fields.safetyStock, fields.active],
  );
  return rows[0];
}

export async function hasMovements(q: Queryable, itemId: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM stock_movements WHERE item_id = $1 LIMIT 1', [itemId])).length > 0;
}

export interface MovementRow {
  id: string | number;
  item_id: string;
  item_name: string;
  item_name_zh: string | null;
  specification: string | null;
  unit: string;
  direction: Direction;
  quantity: string;
  reason: MovementReason;
  occurred_at: Date;
  supplier_id: string | null;
  supplier_name: string | null;
  batch: string | null;
  note: string | null;
  source_ref: string | null;
  production_id: string | number | null;
  stocktake_id: string | number | null;
  balance_after: string;
  recorded_by_name: string;
}

const MOVEMENT_SELECT = `SELECT m.id, m.item_id, i.name AS item_name, i.name_zh AS item_name_zh, i.specification, i.unit,
    m.direction, m.quantity, m.reason, m.occurred_at, m.supplier_id, m.supplier_name, m.batch, m.note, m.source_ref,
    m.production_id, m.stocktake_id, m.balance_after, m.recorded_by_name
  FROM stock_movements m JOIN stock_items i ON i.id = m.item_id`;

export interface NewMovement {
  itemId: string;
  direction: Direction;
  quantity: number;
  reason: MovementReason;
  occurredAt: Date;
  supplierId: string | null;
  supplierName: string | null;
  batch: string | null;
  note: string | null;
  sourceRef: string | null;
  productionId: number | null;
  stocktakeId: number | null;
  recordedBy: number | null;
  recordedByName: string;
}

/**
 * Books a movement and moves the item's running balance in one statement (the row lock of the
 * UPDATE serialises concurrent movements of an item). Returns nothing when the item does not
 * exist or an outgoing movement would take the book quantity below zero.
 */
export async function insertMovement(tx: Queryable, m: NewMovement): Promise<{ id: number; balance_after: string } | undefined> {
  const delta = m.direction === 'in' ? m.quantity : -m.quantity;
  const rows = await tx.query<{ id: string | number; balance_after: string }>(
    `WITH moved AS (
       UPDATE stock_items SET book_quantity = book_quantity + $2::numeric, updated_at = now()
       WHERE id = $1 AND book_quantity + $2::numeric >= 0 RETURNING book_quantity
     )
     INSERT INTO stock_movements (item_id, direction, quantity, reason, occurred_at, supplier_id, supplier_name, batch, note,
       source_ref, production_id, stocktake_id, balance_after, recorded_by, recorded_by_name)
     SELECT $1::text, $3::text, $4::numeric, $5::text, $6::timestamptz, $7::text, $8::text, $9::text, $10::text, $11::text,
       $12::bigint, $13::bigint, moved.book_quantity, $14::bigint, $15::text FROM moved
     RETURNING id, balance_after`,
    [
      m.itemId,
      delta,
      m.direction,
      m.quantity,
      m.reason,
      m.occurredAt,
      m.supplierId,
      m.supplierName,
      m.batch,
      m.note,
      m.sourceRef,
      m.productionId,
      m.stocktakeId,
      m.recordedBy,
      m.recordedByName,
    ],
  );
  const row = rows[0];
  return row ? { id: Number(row.id), balance_after: row.balance_after } : undefined;
}

export interface MovementFilter {
  itemId?: string | undefined;
  reason?: MovementReason | undefined;
  direction?: Direction | undefined;
  batch?: string | undefined;
  supplier?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export function listMovements(q: Queryable, filter: MovementFilter): Promise<MovementRow[]> {
  return q.query<MovementRow>(
    `${MOVEMENT_SELECT}
     WHERE ($1::text IS NULL OR m.item_id = $1) AND ($2::text IS NULL OR m.reason = $2) AND ($3::text IS NULL OR m.direction = $3)
       AND ($4::text IS NULL OR m.batch = $4) AND ($5::text IS NULL OR m.supplier_id = $5 OR m.supplier_name = $5)
       AND ($6::timestamptz IS NULL OR m.occurred_at >= $6) AND ($7::timestamptz IS NULL OR m.occurred_at < $7)
       AND ($8::bigint IS NULL OR m.id < $8)
     ORDER BY m.id DESC LIMIT $9`,
    [
      filter.itemId ?? null,
      filter.reason ?? null,
      filter.direction ?? null,
      filter.batch ?? null,
      filter.supplier ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

export function findMovements(q: Queryable, ids: readonly number[]): Promise<MovementRow[]> {
  return q.query<MovementRow>(`${MOVEMENT_SELECT} WHERE m.id = ANY ($1::bigint[]) ORDER BY m.id`, [ids]);
}

export interface BatchBalanceRow {
  batch: string;
  received_at: Date;
  remaining: string;
}

/** Delivered batches of an item with what is left of each (movements that name the batch). */
export function batchBalances(q: Queryable, itemId: string): Promise<BatchBalanceRow[]> {
  return q.query<BatchBalanceRow>(
    `SELECT batch, min(occurred_at) FILTER (WHERE direction = 'in') AS received_at,
        sum(CASE WHEN direction = 'in' THEN quantity ELSE -quantity END) AS remaining
     FROM stock_movements WHERE item_id = $1 AND batch IS NOT NULL
     GROUP BY batch HAVING count(*) FILTER (WHERE direction = 'in') > 0
     ORDER BY received_at, batch`,
    [itemId],
  );
}

export interface LatestScaleRow {
  item_id: string;
  net_kg: number;
  ts: Date;
  device_id: string;
}

/**
 * The latest inventory-scale weight (IOT-3) of each item, among readings newer than `since`.
 * The bound keeps each lookup on the hypertable's time index (there is no (item_id, ts) index
 * on the gateway's table), and an older weight is no longer live anyway.
 */
export function latestScaleReadings(q: Queryable, itemIds: readonly string[], since: Date): Promise<LatestScaleRow[]> {
  return q.query<LatestScaleRow>(
    `SELECT i.item_id, s.net_kg, s.ts, s.device_id FROM unnest($1::text[]) AS i (item_id)
     JOIN LATERAL (SELECT net_kg, ts, device_id FROM scale_readings r WHERE r.item_id = i.item_id AND r.ts >= $2
       ORDER BY r.ts DESC LIMIT 1) s ON true`,
    [itemIds, since],
  );
}

export interface StocktakeRow {
  id: string | number;
  status: StocktakeStatus;
  note: string | null;
  opened_at: Date;
  closed_at: Date | null;
}

const STOCKTAKE_COLUMNS = 'id, status, note, opened_at, closed_at';

export async function insertStocktake(tx: Queryable, note: string | null, openedBy: number | null): Promise<StocktakeRow> {
  const rows = await tx.query<StocktakeRow>(
    `INSERT INTO stocktakes (note, opened_by) VALUES ($1, $2) RETURNING ${STOCKTAKE_COLUMNS}`,
    [note, openedBy],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into stocktakes returned nothing');
  return row;
}

export async function findOpenStocktake(q: Queryable): Promise<StocktakeRow | undefined> {
  return (await q.query<StocktakeRow>(`SELECT ${STOCKTAKE_COLUMNS} FROM stocktakes WHERE status = 'open'`))[0];
}

export async function findStocktake(q: Queryable, id: number, lock = false): Promise<StocktakeRow | undefined> {
  return (
    await q.query<StocktakeRow>(`SELECT ${STOCKTAKE_COLUMNS} FROM stocktakes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  )[0];
}

export function listStocktakes(
  q: Queryable,
  filter: { status?: StocktakeStatus | undefined; beforeId?: number | undefined; limit: number },
) {
  return q.query<StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM stocktakes WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR id < $2)
     ORDER BY id DESC LIMIT $3`,
    [filter.status ?? null, filter.beforeId ?? null, filter.limit],
  );
}

export async function closeStocktake(tx: Queryable, id: number, status: StocktakeStatus): Promise<StocktakeRow | undefined> {
  return (
    await tx.query<StocktakeRow>(
      `UPDATE stocktakes SET status = $2, closed_at = now() WHERE id = $1 RETURNING ${STOCKTAKE_COLUMNS}`,
      [id, status],
    )
  )[0];
}

export interface CountRow {
  item_id: string;
  item_name: string;
  item_name_zh: string | null;
  unit: string;
  book_quantity: string;
  counted_quantity: string;
  cause: string | null;
  counted_at: Date;
}

export async function upsertCount(
  tx: Queryable,
  count: { stocktakeId: number; itemId: string; book: string; counted: number; cause: string | null; countedBy: number | null },
): Promise<void> {
  await tx.query(
    `INSERT INTO stocktake_counts (stocktake_id, item_id, book_quantity, counted_quantity, cause, counted_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (stocktake_id, item_id) DO UPDATE SET book_quantity = $3, counted_quantity = $4, cause = $5, counted_by = $6,
       counted_at = now()`,
    [count.stocktakeId, count.itemId, count.book, count.counted, count.cause, count.countedBy],
  );
}

export function listCounts(q: Queryable, stocktakeId: number): Promise<CountRow[]> {
  return q.query<CountRow>(
    `SELECT c.item_id, i.name AS item_name, i.name_zh AS item_name_zh, i.unit, c.book_quantity, c.counted_quantity, c.cause,
        c.counted_at
     FROM stocktake_counts c JOIN stock_items i ON i.id = c.item_id WHERE c.stocktake_id = $1 ORDER BY c.item_id`,
    [stocktakeId],
  );
}

export interface ProductionRow {
  id: string | number;
  canteen_id: string;
  dish_id: string;
  dish_name: string;
  dish_name_zh: string | null;
  service_date: string;
  meal_period: MealPeriod;
  portions: number;
  note: string | null;
  created_at: Date;
}

const PRODUCTION_SELECT = `SELECT p.id, p.canteen_id, p.dish_id, d.name AS dish_name, d.name_zh AS dish_name_zh,
    p.service_date::text AS service_date, p.meal_period, p.portions, p.note, p.created_at
  FROM production_records p JOIN dishes d ON d.id = p.dish_id`;

export async function insertProduction(
  tx: Queryable,
  record: {
    canteenId: string;
    dishId: string;
    serviceDate: string;
    mealPeriod: MealPeriod;
    portions: number;
    note: string | null;
    recordedBy: number | null;
  },
): Promise<number> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO production_records (canteen_id, dish_id, service_date, meal_period, portions, note, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [record.canteenId, record.dishId, record.serviceDate, record.mealPeriod, record.portions, record.note, record.recordedBy],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into production_records returned nothing');
  return Number(row.id);
}

export async function findProduction(q: Queryable, id: number): Promise<ProductionRow | undefined> {
  return (await q.query<ProductionRow>(`${PRODUCTION_SELECT} WHERE p.id = $1`, [id]))[0];
}

export function listProduction(
  q: Queryable,
  filter: {
    canteenId?: string | undefined;
    dishId?: string | undefined;
    date?: string | undefined;
    mealPeriod?: string | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<ProductionRow[]> {
  return q.query<ProductionRow>(
    `${PRODUCTION_SELECT}
     WHERE ($1::text IS NULL OR p.canteen_id = $1) AND ($2::text IS NULL OR p.dish_id = $2)
       AND ($3::date IS NULL OR p.service_date = $3) AND ($4::text IS NULL OR p.meal_period = $4)
       AND ($5::bigint IS NULL OR p.id < $5)
     ORDER BY p.id DESC LIMIT $6`,
    [
      filter.canteenId ?? null,
      filter.dishId ?? null,
      filter.date ?? null,
      filter.mealPeriod ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

export function movementsOfProductions(q: Queryable, productionIds: readonly number[]): Promise<Array<MovementRow>> {
  return q.query<MovementRow>(`${MOVEMENT_SELECT} WHERE m.production_id = ANY ($1::bigint[]) ORDER BY m.id`, [productionIds]);
}

export interface BatchUseRow {
  movement_id: string | number;
  quantity: string;
  reason: MovementReason;
  occurred_at: Date;
  production_id: string | number | null;
  canteen_id: string | null;
  dish_id: string | null;
  dish_name: string | null;
  dish_name_zh: string | null;
  service_date: string | null;
  meal_period: MealPeriod | null;
  portions: number | null;
}

/** Forward trace: every outgoing movement of a batch, with the production (dish, meal) it fed. */
export function usesOfBatch(q: Queryable, itemId: string, batch: string): Promise<BatchUseRow[]> {
  return q.query<BatchUseRow>(
    `SELECT m.id AS movement_id, m.quantity, m.reason, m.occurred_at, m.production_id, p.canteen_id, p.dish_id,
        d.name AS dish_name, d.name_zh AS dish_name_zh, p.service_date::text AS service_date, p.meal_period, p.portions
     FROM stock_movements m LEFT JOIN production_records p ON p.id = m.production_id LEFT JOIN dishes d ON d.id = p.dish_id
     WHERE m.item_id = $1 AND m.batch = $2 AND m.direction = 'out'
     ORDER BY m.occurred_at, m.id`,
    [itemId, batch],
  );
}

/** Deliveries (stock-in with supplier) of the given (item, batch) pairs. */
export function deliveriesOfBatches(
  q: Queryable,
  pairs: ReadonlyArray<{ itemId: string; batch: string }>,
): Promise<MovementRow[]> {
  return q.query<MovementRow>(
    `${MOVEMENT_SELECT} JOIN unnest($1::text[], $2::text[]) AS b (item_id, batch) ON b.item_id = m.item_id AND b.batch = m.batch
     WHERE m.direction = 'in' ORDER BY m.occurred_at, m.id`,
    [pairs.map((p) => p.itemId), pairs.map((p) => p.batch)],
  );
}

/** Deliveries of one supplier (by procurement id or name), newest first. */
export function deliveriesOfSupplier(q: Queryable, supplier: string, limit: number): Promise<MovementRow[]> {
  return q.query<MovementRow>(
    `${MOVEMENT_SELECT} WHERE m.direction = 'in' AND m.reason = 'delivery' AND (m.supplier_id = $1 OR m.supplier_name = $1)
     ORDER BY m.id DESC LIMIT $2`,
    [supplier, limit],
  );
}

/** Productions matching a served dish (backward trace). */
export function productionsOf(
  q: Queryable,
  key: { dishId: string; date: string; mealPeriod?: string | undefined; canteenId?: string | undefined },
): Promise<ProductionRow[]> {
  return q.query<ProductionRow>(
    `${PRODUCTION_SELECT} WHERE p.dish_id = $1 AND p.service_date = $2 AND ($3::text IS NULL OR p.meal_period = $3)
       AND ($4::text IS NULL OR p.canteen_id = $4) ORDER BY p.id`,
    [key.dishId, key.date, key.mealPeriod ?? null, key.canteenId ?? null],
  );
}
