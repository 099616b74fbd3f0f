import type { Queryable } from '@campus/storage';
import { likeLiteral } from './repository.ts';
import { ON_BOOKS } from './status.ts';
import type { DiscrepancyAction, LineResult } from './stocktake.ts';

type Num = string | number;

function one<Row>(rows: Row[], what: string): Row {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
}

export interface StocktakeRow {
  id: Num;
  title: string;
  department_id: string | null;
  category_code: string | null;
  location_prefix: string | null;
  status: 'counting' | 'closed';
  planned_by: Num | null;
  planned_at: Date;
  closed_by: Num | null;
  closed_at: Date | null;
}

const STOCKTAKE_COLUMNS =
  'id, title, department_id, category_code, location_prefix, status, planned_by, planned_at, closed_by, closed_at';

export interface LineRow {
  id: Num;
  stocktake_id: Num;
  asset_id: string | null;
  expected: boolean;
  expected_location: string | null;
  description: string | null;
  result: LineResult;
  found_location: string | null;
  counted_by: Num | null;
  counted_at: Date | null;
  cause: string | null;
  action: DiscrepancyAction | null;
  resolved_at: Date | null;
}

const LINE_COLUMNS =
  'id, stocktake_id, asset_id, expected, expected_location, description, result, found_location, counted_by, counted_at, cause, action, resolved_at';

export async function insertStocktake(
  q: Queryable,
  s: {
    title: string;
    departmentId: string | null;
    categoryCode: string | null;
    locationPrefix: string | null;
    by: number | null;
  },
): Promise<StocktakeRow> {
  return one(
    await q.query<StocktakeRow>(
      `INSERT INTO asset_stocktakes (title, department_id, category_code, location_prefix, status, planned_by)
       VALUES ($1, $2, $3, $4, 'counting', $5) RETURNING ${STOCKTAKE_COLUMNS}`,
      [s.title, s.departmentId, s.categoryCode, s.locationPrefix, s.by],
    ),
    'insert into asset_stocktakes',
  );
}

/** The count sheet: every asset on the books within the scope, with where the register says it is. */
export async function generateSheet(
  q: Queryable,
  stocktakeId: number,
  scope: { departmentId: string | null; categoryPath: string | null; locationPrefix: string | null },
): Promise<number> {
  const rows = await q.query<{ id: Num }>(
    `INSERT INTO asset_stocktake_lines (stocktake_id, asset_id, expected, expected_location, result)
     SELECT $1, id, true, location, 'pending' FROM assets
     WHERE status = ANY ($2::text[])
       AND ($3::text IS NULL OR department_id = $3)
       AND ($4::text IS NULL OR category_code IN (SELECT code FROM asset_categories WHERE path LIKE $4 || '%'))
       AND ($5::text IS NULL OR location LIKE $5 || '%')
     ORDER BY id RETURNING id`,
    [
      stocktakeId,
      ON_BOOKS,
      scope.departmentId,
      scope.categoryPath === null ? null : likeLiteral(scope.categoryPath),
      scope.locationPrefix === null ? null : likeLiteral(scope.locationPrefix),
    ],
  );
  return rows.length;
}

export async function findStocktake(q: Queryable, id: number, lock = false): Promise<StocktakeRow | undefined> {
  return (
    await q.query<StocktakeRow>(`SELECT ${STOCKTAKE_COLUMNS} FROM asset_stocktakes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])
  )[0];
}

export function listStocktakes(q: Queryable, limit: number, beforeId?: number): Promise<StocktakeRow[]> {
  return q.query<StocktakeRow>(
    `SELECT ${STOCKTAKE_COLUMNS} FROM asset_stocktakes WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [beforeId ?? null, limit],
  );
}

export function sheetPage(
  q: Queryable,
  stocktakeId: number,
  filter: { result?: LineResult | undefined; afterId?: number | undefined; limit: number },
): Promise<LineRow[]> {
  return q.query<LineRow>(
    `SELECT ${LINE_COLUMNS} FROM asset_stocktake_lines WHERE stocktake_id = $1 AND ($2::text IS NULL OR result = $2)
       AND ($3::bigint IS NULL OR id > $3) ORDER BY id LIMIT $4`,
    [stocktakeId, filter.result ?? null, filter.afterId ?? null, filter.limit],
  );
}

export function wholeSheet(q: Queryable, stocktakeId: number): Promise<LineRow[]> {
  return q.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM asset_stocktake_lines WHERE stocktake_id = $1 ORDER BY id`, [stocktakeId]);
}

export async function lineOfAsset(q: Queryable, stocktakeId: number, assetId: string): Promise<LineRow | undefined> {
  return (
    await q.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM asset_stocktake_lines WHERE stocktake_id = $1 AND asset_id = $2`, [
      stocktakeId,
      assetId,
    ])
  )[0];
}

export async function findLine(q: Queryable, stocktakeId: number, lineId: number): Promise<LineRow | undefined> {
  return (
    await q.query<LineRow>(`SELECT ${LINE_COLUMNS} FROM asset_stocktake_lines WHERE stocktake_id = $1 AND id = $2`, [
      stocktakeId,
      lineId,
    ])
  )[0];
}

export async function recordCount(
  q: Queryable,
  lineId: number,
  c: { result: LineResult; foundLocation: string | null; by: number | null },
): Promise<LineRow> {
  return one(
    await q.query<LineRow>(
      `UPDATE asset_stocktake_lines SET result = $2, found_location = $3, counted_by = $4, counted_at = now(), cause = NULL, action = NULL,
         resolved_by = NULL, resolved_at = NULL
       WHERE id = $1 RETURNING ${LINE_COLUMNS}`,
      [lineId, c.result, c.foundLocation, c.by],
    ),
    'update asset_stocktake_lines',
  );
}

export async function insertExtra(
  q: Queryable,
  e: { stocktakeId: number; assetId: string | null; description: string | null; foundLocation: string | null; by: number | null },
): Promise<LineRow> {
  return one(
    await q.query<LineRow>(
      `INSERT INTO asset_stocktake_lines (stocktake_id, asset_id, expected, description, result, found_location, counted_by, counted_at)
       VALUES ($1, $2, false, $3, 'extra', $4, $5, now()) RETURNING ${LINE_COLUMNS}`,
      [e.stocktakeId, e.assetId, e.description, e.foundLocation, e.by],
    ),
    'insert into asset_stocktake_lines',
  );
}

export async function resolveLine(
  q: Queryable,
  lineId: number,
  r: { cause: string; action: DiscrepancyAction; by: number | null },
): Promise<LineRow> {
  return one(
    await q.query<LineRow>(
      `UPDATE asset_stocktake_lines SET cause = $2, action = $3, resolved_by = $4, resolved_at = now() WHERE id = $1 RETURNING ${LINE_COLUMNS}`,
      [lineId, r.cause, r.action, r.by],
    ),
    'resolve asset_stocktake_lines',
  );
}

export async function closeStocktake(q: Queryable, id: number, by: number | null): Promise<StocktakeRow> {
  return one(
    await q.query<StocktakeRow>(
      `UPDATE asset_stocktakes SET status = 'closed', closed_by = $2, closed_at = now() WHERE id = $1 RETURNING ${STOCKTAKE_COLUMNS}`,
      [id, by],
    ),
    'close asset_stocktakes',
  );
}
