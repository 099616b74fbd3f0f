import type { Queryable } from '@campus/storage';
import type { DepreciationMethod } from './depreciation.ts';
import type { AssetStatus } from './status.ts';

/** pg returns bigint and numeric as strings, PGlite bigint as numbers: present.ts converts. */
type Num = string | number;

function one<Row>(rows: Row[], what: string): Row {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ── categories ──────────────────────────────────────────────────────────────

export interface CategoryRow {
  code: string;
  name: string;
  name_zh: string | null;
  parent_code: string | null;
  path: string;
  depreciation_method: DepreciationMethod;
  useful_life_months: number;
  residual_rate: Num;
}

const CATEGORY_COLUMNS = 'code, name, name_zh, parent_code, path, depreciation_method, useful_life_months, residual_rate';

export async function findCategory(q: Queryable, code: string): Promise<CategoryRow | undefined> {
  return (await q.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM asset_categories WHERE code = $1`, [code]))[0];
}

export function listCategories(q: Queryable): Promise<CategoryRow[]> {
  return q.query<CategoryRow>(`SELECT ${CATEGORY_COLUMNS} FROM asset_categories ORDER BY path`);
}

export async function countChildren(q: Queryable, code: string): Promise<number> {
  return Number(
    (await q.query<{ n: Num }>('SELECT count(*) AS n FROM asset_categories WHERE parent_code = $1', [code]))[0]?.n ?? 0,
  );
}

export async function insertCategory(q: Queryable, row: CategoryRow): Promise<CategoryRow> {
  return one(
    await q.query<CategoryRow>(
      `INSERT INTO asset_categories (code, name, name_zh, parent_code, path, depreciation_method, useful_life_months, residual_rate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${CATEGORY_COLUMNS}`,
      [
        row.code,
        row.name,
        row.name_zh,
        row.parent_code,
        row.path,
        row.depreciation_method,
        row.useful_life_months,
        row.residual_rate,
      ],
    ),
    'insert into asset_categories',
  );
}

export async function updateCategory(q: Queryable, row: CategoryRow): Promise<CategoryRow> {
  return one(
    await q.query<CategoryRow>(
      `UPDATE asset_categories SET name = $2, name_zh = $3, depreciation_method = $4, useful_life_months = $5, residual_rate = $6,
         updated_at = now() WHERE code = $1 RETURNING ${CATEGORY_COLUMNS}`,
      [row.code, row.name, row.name_zh, row.depreciation_method, row.useful_life_months, row.residual_rate],
    ),
    'update asset_categories',
  );
}

// ── the register ────────────────────────────────────────────────────────────

export interface AssetRow {
  id: string;
  name: string;
  category_code: string;
  model: string | null;
  specification: string | null;
  department_id: string;
  location: string | null;
  status: AssetStatus;
  status_before: AssetStatus | null;
  supplier_name: string | null;
  purchase_date: string;
  amount: Num;
  opening_depreciation: Num;
  source_ref: string | null;
  accepted_at: Date | null;
  disposed_at: Date | null;
  created_by: Num | null;
  created_at: Date;
  updated_at: Date;
}

const ASSET_COLUMNS =
  'id, name, category_code, model, specification, department_id, location, status, status_before, supplier_name, ' +
  'purchase_date::text AS purchase_date, amount, opening_depreciation, source_ref, accepted_at, disposed_at, created_by, created_at, updated_at';

export async function nextAssetNumber(q: Queryable): Promise<string> {
  return one(await q.query<{ id: string }>(`SELECT 'A' || lpad(nextval('asset_number_seq')::text, 8, '0') AS id`), 'asset number')
    .id;
}

export interface NewAsset {
  id: string;
  name: string;
  categoryCode: string;
  model: string | null;
  specification: string | null;
  departmentId: string;
  location: string | null;
  status: AssetStatus;
  supplierName: string | null;
  purchaseDate: string;
  amount: number;
  openingDepreciation: number;
  sourceRef: string | null;
  accepted: boolean;
  createdBy: number | null;
}

export async function insertAsset(q: Queryable, a: NewAsset): Promise<AssetRow> {
  return one(
    await q.query<AssetRow>(
      `INSERT INTO assets (id, name, category_code, model, specification, department_id, location, status, supplier_name,
         purchase_date, amount, opening_depreciation, source_ref, accepted_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CASE WHEN $14 THEN now() END, $15)
       RETURNING ${ASSET_COLUMNS}`,
      [
        a.id,
        a.name,
        a.categoryCode,
        a.model,
        a.specification,
        a.departmentId,
        a.location,
        a.status,
        a.supplierName,
        a.purchaseDate,
        a.amount,
        a.openingDepreciation,
        a.sourceRef,
        a.accepted,
        a.createdBy,
      ],
    ),
    'insert into assets',
  );
}

export async function findAsset(q: Queryable, id: string): Promise<AssetRow | undefined> {
  return (await q.query<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE id = $1`, [id]))[0];
}

/** Reads and row-locks an asset: workflows on one asset serialise on it. */
export async function lockAsset(q: Queryable, id: string): Promise<AssetRow | undefined> {
  return (await q.query<AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE id = $1 FOR UPDATE`, [id]))[0];
}

export async function assetExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM assets WHERE id = $1', [id])).length > 0;
}

/** Fields a correction or an edit may set; undefined leaves a field alone. */
export interface AssetChanges {
  name?: string | undefined;
  categoryCode?: string | undefined;
  model?: string | null | undefined;
  specification?: string | null | undefined;
  departmentId?: string | undefined;
  location?: string | null | undefined;
  supplierName?: string | null | undefined;
  purchaseDate?: string | undefined;
  amount?: number | undefined;
}

export async function updateAsset(q: Queryable, id: string, c: AssetChanges): Promise<AssetRow> {
  return one(
    await q.query<AssetRow>(
      `UPDATE assets SET
         name = COALESCE($2, name),
         category_code = COALESCE($3, category_code),
         model = CASE WHEN $4 THEN $5 ELSE model END,
         specification = CASE WHEN $6 THEN $7 ELSE specification END,
         department_id = COALESCE($8, department_id),
         location = CASE WHEN $9 THEN $10 ELSE location END,
         supplier_name = CASE WHEN $11 THEN $12 ELSE supplier_name END,
         purchase_date = COALESCE($13::date, purchase_date),
         amount = COALESCE($14, amount),
         updated_at = now()
       WHERE id = $1 RETURNING ${ASSET_COLUMNS}`,
      [
        id,
        c.name ?? null,
        c.categoryCode ?? null,
        c.model !== undefined,
        c.model ?? null,
        c.specification !== undefined,
        c.specification ?? null,
        c.departmentId ?? null,
        c.location !== undefined,
        c.location ?? null,
        c.supplierName !== undefined,
        c.supplierName ?? null,
        c.purchaseDate ?? null,
        c.amount ?? null,
      ],
    ),
    'update assets',
  );
}

export async function setAssetStatus(
  q: Queryable,
  id: string,
  status: AssetStatus,
  options: { remember?: AssetStatus | null; accepted?: boolean; disposed?: boolean } = {},
): Promise<AssetRow> {
  return one(
    await q.query<AssetRow>(
      `UPDATE assets SET status = $2, status_before = $3,
         accepted_at = CASE WHEN $4 THEN now() ELSE accepted_at END,
         disposed_at = CASE WHEN $5 THEN now() ELSE disposed_at END,
         updated_at = now()
       WHERE id = $1 RETURNING ${ASSET_COLUMNS}`,
      [id, status, options.remember ?? null, options.accepted ?? false, options.disposed ?? false],
    ),
    'update asset status',
  );
}

export interface AssetFilter {
  q?: string | undefined;
  /** Category codes to match (a category and its subtree are resolved by the caller's path). */
  categoryPath?: string | undefined;
  categoryCode?: string | undefined;
  departmentId?: string | undefined;
  status?: AssetStatus | undefined;
  location?: string | undefined;
  afterId?: string | undefined;
  limit: number;
}

/** Rows a text search first looks through in asset-number order before it asks the bigram index. */
export const SEARCH_WINDOW = 2_000;

/**
 * The register, by asset number, keyset-paged. Only the filters given enter the SQL, so each
 * query can use its index: (department_id, id), (status, id), (category_code, id), the
 * location prefix index and the bigram GIN index of the search text.
 *
 * A text search runs in two steps because no single plan suits every term: a common term
 * ("projector") fills a page within the first rows in id order, while the index would fetch
 * and sort thousands of matches; a rare one ("M-996") needs the index, or the scan reads the
 * whole table. So the first SEARCH_WINDOW rows in order are searched first; only a page they
 * cannot fill goes to the index query, whose answer is complete by itself.
 */
export async function listAssets(q: Queryable, f: AssetFilter): Promise<AssetRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.categoryPath)
    add(
      (p) => `category_code = ANY (ARRAY(SELECT code FROM asset_categories WHERE path LIKE ${p} || '%'))`,
      likeLiteral(f.categoryPath),
    );
  else if (f.categoryCode) add((p) => `category_code = ${p}`, f.categoryCode);
  if (f.departmentId) add((p) => `department_id = ${p}`, f.departmentId);
  if (f.status) add((p) => `status = ${p}`, f.status);
  if (f.location) add((p) => `location LIKE ${p} || '%'`, likeLiteral(f.location));
  if (f.afterId !== undefined) add((p) => `id > ${p}`, f.afterId);
  const whereOf = (clauses: string[]) => (clauses.length ? `WHERE ${clauses.join(' AND ')}` : '');
  if (!f.q) {
    return q.query<AssetRow>(
      `SELECT ${ASSET_COLUMNS} FROM assets ${whereOf(where)} ORDER BY id LIMIT ${Number(f.limit)}`,
      params,
    );
  }
  const text = f.q.toLowerCase();
  const pattern = `$${params.push(likeLiteral(text))}`;
  const windowed = await q.query<AssetRow>(
    `SELECT ${ASSET_COLUMNS} FROM assets WHERE id = ANY (ARRAY(
       SELECT id FROM (SELECT id, search_text FROM assets ${whereOf(where)} ORDER BY id LIMIT ${SEARCH_WINDOW}) w
       WHERE search_text LIKE '%' || ${pattern} || '%' ORDER BY id LIMIT ${Number(f.limit)}))
     ORDER BY id`,
    params,
  );
  if (windowed.length >= f.limit) return windowed;
  const clauses = [...where, `search_text LIKE '%' || ${pattern} || '%'`];
  // Every bigram of the text must be among the row's (GIN index); LIKE then checks their order.
  if ([...text].length >= 2) clauses.push(`asset_search_grams(search_text) @> asset_search_grams($${params.push(text)}::text)`);
  return q.query<AssetRow>(
    `SELECT ${ASSET_COLUMNS} FROM assets ${whereOf(clauses)} ORDER BY id LIMIT ${Number(f.limit)}`,
    params,
  );
}

export async function bookedDepreciation(q: Queryable, assetId: string): Promise<number> {
  const row = (
    await q.query<{ total: Num | null }>('SELECT sum(amount) AS total FROM asset_depreciation WHERE asset_id = $1', [assetId])
  )[0];
  return Number(row?.total ?? 0);
}

// ── vouchers ────────────────────────────────────────────────────────────────

export interface VoucherRow {
  id: Num;
  asset_id: string;
  file_name: string;
  stored_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: Num | null;
  uploaded_at: Date;
}

const VOUCHER_COLUMNS = 'id, asset_id, file_name, stored_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at';

export async function insertVoucher(
  q: Queryable,
  v: {
    assetId: string;
    fileName: string;
    storedName: string;
    contentType: string;
    size: number;
    sha256: string;
    by: number | null;
  },
): Promise<VoucherRow> {
  return one(
    await q.query<VoucherRow>(
      `INSERT INTO asset_vouchers (asset_id, file_name, stored_name, content_type, size_bytes, sha256, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VOUCHER_COLUMNS}`,
      [v.assetId, v.fileName, v.storedName, v.contentType, v.size, v.sha256, v.by],
    ),
    'insert into asset_vouchers',
  );
}

export function vouchersOf(q: Queryable, assetId: string): Promise<VoucherRow[]> {
  return q.query<VoucherRow>(`SELECT ${VOUCHER_COLUMNS} FROM asset_vouchers WHERE asset_id = $1 ORDER BY id`, [assetId]);
}

export async function findVoucher(q: Queryable, assetId: string, id: number): Promise<VoucherRow | undefined> {
  return (
    await q.query<VoucherRow>(`SELECT ${VOUCHER_COLUMNS} FROM asset_vouchers WHERE asset_id = $1 AND id = $2`, [assetId, id])
  )[0];
}

// ── sensors and maintenance history ─────────────────────────────────────────

export async function sensorsOf(q: Queryable, assetId: string): Promise<string[]> {
  return (
    await q.query<{ device_id: string }>('SELECT device_id FROM asset_sensors WHERE asset_id = $1 ORDER BY device_id', [assetId])
  ).map((r) => r.device_id);
}

export function sensorOwners(
  q: Queryable,
  deviceIds: readonly string[],
): Promise<Array<{ device_id: string; asset_id: string }>> {
  return q.query('SELECT device_id, asset_id FROM asset_sensors WHERE device_id = ANY ($1::text[])', [deviceIds]);
}

export async function replaceSensors(q: Queryable, assetId: string, deviceIds: readonly string[]): Promise<void> {
  await q.query('DELETE FROM asset_sensors WHERE asset_id = $1', [assetId]);
  if (deviceIds.length > 0) {
    await q.query('INSERT INTO asset_sensors (device_id, asset_id) SELECT d, $1 FROM unnest($2::text[]) AS d', [
      assetId,
      deviceIds,
    ]);
  }
}

export async function assetOfSensor(q: Queryable, deviceId: string): Promise<string | undefined> {
  return (await q.query<{ asset_id: string }>('SELECT asset_id FROM asset_sensors WHERE device_id = $1', [deviceId]))[0]
    ?.asset_id;
}

export interface MaintenanceRow {
  id: Num;
  asset_id: string;
  kind: 'started' | 'completed' | 'damage';
  ref: string | null;
  description: string;
  cost: Num | null;
  charged_to: string | null;
  recorded_by_name: string;
  at: Date;
}

export async function insertMaintenance(
  q: Queryable,
  m: {
    assetId: string;
    kind: MaintenanceRow['kind'];
    ref: string | null;
    description: string;
    cost: number | null;
    chargedTo: string | null;
    by: number | null;
    byName: string;
  },
): Promise<MaintenanceRow> {
  return one(
    await q.query<MaintenanceRow>(
      `INSERT INTO asset_maintenance (asset_id, kind, ref, description, cost, charged_to, recorded_by, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, asset_id, kind, ref, description, cost, charged_to, recorded_by_name, at`,
      [m.assetId, m.kind, m.ref, m.description, m.cost, m.chargedTo, m.by, m.byName],
    ),
    'insert into asset_maintenance',
  );
}

export function maintenanceOf(q: Queryable, assetId: string, limit: number, beforeId?: number): Promise<MaintenanceRow[]> {
  return q.query<MaintenanceRow>(
    `SELECT id, asset_id, kind, ref, description, cost, charged_to, recorded_by_name, at FROM asset_maintenance
     WHERE asset_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [assetId, beforeId ?? null, limit],
  );
}

/**
 * Departments are identity's; the register references them by foreign key, and this is the
 * same check made early so the error names the field.
 */
export async function departmentExists(q: Queryable, id: string): Promise<boolean> {
  return (await q.query('SELECT 1 FROM departments WHERE id = $1', [id])).length > 0;
}

export interface CardRow {
  id: string;
  name: string;
  category_name: string;
  category_name_zh: string | null;
  model: string | null;
  department_id: string;
  department_name: string;
  location: string | null;
  status: AssetStatus;
}

export async function findCard(q: Queryable, id: string): Promise<CardRow | undefined> {
  return (
    await q.query<CardRow>(
      `SELECT a.id, a.name, c.name AS category_name, c.name_zh AS category_name_zh, a.model, a.department_id,
         d.name AS department_name, a.location, a.status
       FROM assets a JOIN asset_categories c ON c.code = a.category_code JOIN departments d ON d.id = a.department_id
       WHERE a.id = $1`,
      [id],
    )
  )[0];
}
