import type { Queryable } from '@campus/storage';
import type { DepreciationMethod } from './depreciation.ts';
import { ON_BOOKS } from './status.ts';

type Num = string | number;

export interface RunRow {
  period: string;
  run_by_name: string;
  run_at: Date;
  asset_count: number;
  total: Num;
}

const RUN_COLUMNS = `to_char(period, 'YYYY-MM') AS period, run_by_name, run_at, asset_count, total`;

/** Claims a period: true when this call created the run, false when the period already ran. */
export async function claimRun(q: Queryable, period: string, by: number | null, byName: string): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO asset_depreciation_runs (period, run_by, run_by_name) VALUES ($1::date, $2, $3) ON CONFLICT (period) DO NOTHING RETURNING period`,
    [`${period}-01`, by, byName],
  );
  return rows.length > 0;
}

export async function findRun(q: Queryable, period: string): Promise<RunRow | undefined> {
  return (
    await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM asset_depreciation_runs WHERE period = $1::date`, [`${period}-01`])
  )[0];
}

export async function latestRun(q: Queryable): Promise<RunRow | undefined> {
  return (await q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM asset_depreciation_runs ORDER BY period DESC LIMIT 1`))[0];
}

export function listRuns(q: Queryable, limit: number): Promise<RunRow[]> {
  return q.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM asset_depreciation_runs ORDER BY period DESC LIMIT $1`, [limit]);
}

export async function finishRun(q: Queryable, period: string, count: number, total: number): Promise<RunRow | undefined> {
  return (
    await q.query<RunRow>(
      `UPDATE asset_depreciation_runs SET asset_count = $2, total = $3 WHERE period = $1::date RETURNING ${RUN_COLUMNS}`,
      [`${period}-01`, count, total],
    )
  )[0];
}

export interface DepreciableRow {
  id: string;
  category_code: string;
  department_id: string;
  purchase_date: string;
  amount: Num;
  booked: Num;
  depreciation_method: DepreciationMethod;
  useful_life_months: number;
  residual_rate: Num;
}

/**
 * Assets on the books bought before `period`, with what is booked already (opening balance
 * plus earlier runs), keyset-paged by id so a run over 100,000 assets works in slices.
 */
export function depreciable(q: Queryable, period: string, afterId: string | null, limit: number): Promise<DepreciableRow[]> {
  return q.query<DepreciableRow>(
    `SELECT a.id, a.category_code, a.department_id, a.purchase_date::text AS purchase_date, a.amount,
       a.opening_depreciation + COALESCE((SELECT sum(d.amount) FROM asset_depreciation d WHERE d.asset_id = a.id), 0) AS booked,
       c.depreciation_method, c.useful_life_months, c.residual_rate
     FROM assets a JOIN asset_categories c ON c.code = a.category_code
     WHERE a.status = ANY ($1::text[]) AND a.purchase_date < $2::date AND ($3::text IS NULL OR a.id > $3)
     ORDER BY a.id LIMIT $4`,
    [ON_BOOKS, `${period}-01`, afterId, limit],
  );
}

export interface ChargeRow {
  assetId: string;
  amount: number;
  accumulated: number;
  bookValue: number;
  method: DepreciationMethod;
  monthIndex: number;
  categoryCode: string;
  departmentId: string;
}

/** One statement per slice (unnest): a handful of parameters whatever the slice size. */
export async function insertCharges(q: Queryable, period: string, rows: readonly ChargeRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO asset_depreciation (asset_id, period, amount, accumulated, book_value, method, month_index, category_code, department_id)
     SELECT a, $1::date, am, ac, bv, m, mi, c, d
     FROM unnest($2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::text[], $7::int[], $8::text[], $9::text[])
       AS t(a, am, ac, bv, m, mi, c, d)`,
    [
      `${period}-01`,
      rows.map((r) => r.assetId),
      rows.map((r) => r.amount),
      rows.map((r) => r.accumulated),
      rows.map((r) => r.bookValue),
      rows.map((r) => r.method),
      rows.map((r) => r.monthIndex),
      rows.map((r) => r.categoryCode),
      rows.map((r) => r.departmentId),
    ],
  );
}

export interface ReportRow {
  asset_id: string;
  name: string;
  category_code: string;
  department_id: string;
  method: DepreciationMethod;
  month_index: number;
  cost: Num;
  amount: Num;
  accumulated: Num;
  book_value: Num;
}

export function reportRows(q: Queryable, period: string, afterId: string | null, limit: number): Promise<ReportRow[]> {
  return q.query<ReportRow>(
    `SELECT d.asset_id, a.name, d.category_code, d.department_id, d.method, d.month_index, a.amount AS cost, d.amount, d.accumulated, d.book_value
     FROM asset_depreciation d JOIN assets a ON a.id = d.asset_id
     WHERE d.period = $1::date AND ($2::text IS NULL OR d.asset_id > $2) ORDER BY d.asset_id LIMIT $3`,
    [`${period}-01`, afterId, limit],
  );
}

export interface TotalRow {
  key: string;
  name: string | null;
  assets: Num;
  amount: Num;
  accumulated: Num;
  book_value: Num;
}

export function totalsBy(q: Queryable, period: string, by: 'category' | 'department'): Promise<TotalRow[]> {
  const sql =
    by === 'category'
      ? `SELECT d.category_code AS key, c.name, count(*) AS assets, sum(d.amount) AS amount, sum(d.accumulated) AS accumulated,
           sum(d.book_value) AS book_value
         FROM asset_depreciation d LEFT JOIN asset_categories c ON c.code = d.category_code
         WHERE d.period = $1::date GROUP BY d.category_code, c.name ORDER BY d.category_code`
      : `SELECT d.department_id AS key, p.name, count(*) AS assets, sum(d.amount) AS amount, sum(d.accumulated) AS accumulated,
           sum(d.book_value) AS book_value
         FROM asset_depreciation d LEFT JOIN departments p ON p.id = d.department_id
         WHERE d.period = $1::date GROUP BY d.department_id, p.name ORDER BY d.department_id`;
  return q.query<TotalRow>(sql, [`${period}-01`]);
}
