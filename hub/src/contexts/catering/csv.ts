import { CsvError, parse } from 'csv-parse/sync';
import { STOCK_CATEGORIES, type StockCategory } from './vocabulary.ts';

/**
 * CSV formats of the catering data load (SYS-3): dishes with their recipes, and stock items
 * with their opening stock. One header row; column names match case-insensitively, and the
 * Chinese headers of the canteens' existing spreadsheets are accepted as aliases.
 */

export const CATERING_IMPORT_KINDS = ['dishes', 'stock'] as const;
export type CateringImportKind = (typeof CATERING_IMPORT_KINDS)[number];

export interface ColumnSpec {
  key: string;
  aliases: readonly string[];
  required: boolean;
  description: string;
}

const col = (key: string, aliases: string[], required: boolean, description: string): ColumnSpec => ({
  key,
  aliases,
  required,
  description,
});

export const CATERING_COLUMNS: Record<CateringImportKind, readonly ColumnSpec[]> = {
  dishes: [
    col('id', ['dish_id', '菜品编号', '编号'], true, 'Dish code (what terminals send as dishId)'),
    col('name', ['菜品名称', '名称'], true, 'Name'),
    col('name_zh', ['中文名称', '中文名'], false, 'Chinese name'),
    col('stall_id', ['stall', '档口', '档口编号'], false, 'Code of the stall serving it'),
    col('category', ['类别', '分类'], false, 'e.g. staple, meat, vegetable, soup'),
    col('price', ['价格', '单价'], true, 'Yuan per portion, up to two decimals'),
    col(
      'recipe',
      ['配方', '食材配方'],
      false,
      "item:quantity per portion, separated by ; (e.g. flour:0.15;pork:0.05), in the items' units",
    ),
  ],
  stock: [
    col('id', ['item_id', '食材编号', '编号'], true, 'Item code (what scales send as itemId)'),
    col('name', ['食材名称', '名称'], true, 'Name'),
    col('name_zh', ['中文名称', '中文名'], false, 'Chinese name'),
    col('specification', ['spec', '规格'], false, 'Specification'),
    col('unit', ['单位'], true, 'Unit of stock: kg, L, piece...'),
    col('category', ['类别', '分类'], false, `${STOCK_CATEGORIES.join(' | ')} (default ingredient)`),
    col('safety_stock', ['安全库存'], true, 'Safety stock, in the unit'),
    col('opening_stock', ['期初库存', '库存'], false, 'Quantity on the shelf now (default 0)'),
    col('batch', ['批次', '批号'], false, 'Batch of the opening stock (default OPENING)'),
    col('supplier', ['supplier_name', '供应商'], false, 'Supplier of the opening stock'),
  ],
};

export interface Rejection {
  row: number;
  field: string;
  reason: string;
}

export interface CsvRow {
  row: number;
  values: Record<string, string>;
}

/** A file of a few thousand dishes or items is a large canteen; more is a mistake. */
export const MAX_CATERING_IMPORT_ROWS = 5000;

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return (
    Array.isArray(record) &&
    record.every((cell) => typeof cell === 'string') &&
    typeof info === 'object' &&
    info !== null &&
    'lines' in info &&
    typeof info.lines === 'number'
  );
}

function columnOf(kind: CateringImportKind, header: string): string | undefined {
  const wanted = header.trim().toLowerCase();
  return CATERING_COLUMNS[kind].find((c) => c.key === wanted || c.aliases.some((a) => a.toLowerCase() === wanted))?.key;
}

/** Rows keyed by column key; every header and shape problem reported at once. */
export function parseCateringCsv(kind: CateringImportKind, text: string): { rows: CsvRow[]; rejected: Rejection[] } {
  let records: InfoRecord[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its typings do not say so, the guard checks.
    const parsed: unknown[] = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
    records = parsed.filter(isInfoRecord);
    if (records.length !== parsed.length) throw new Error('csv-parse returned records without info');
  } catch (err) {
    if (err instanceof CsvError) {
      return {
        rows: [],
        rejected: [
          { row: typeof err.lines === 'number' ? err.lines : 0, field: 'file', reason: `not readable as CSV: ${err.message}` },
        ],
      };
    }
    throw err;
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], rejected: [{ row: 1, field: 'file', reason: 'is empty; the first row names the columns' }] };
  const rejected: Rejection[] = [];
  const keys = head.record.map((header) => columnOf(kind, header));
  const seen = new Set<string>();
  head.record.forEach((header, index) => {
    const key = keys[index];
    if (key === undefined)
      rejected.push({ row: 1, field: header || `column ${index + 1}`, reason: 'is not a column of this import' });
    else if (seen.has(key)) rejected.push({ row: 1, field: header, reason: `names column ${key} a second time` });
    else seen.add(key);
  });
  for (const spec of CATERING_COLUMNS[kind]) {
    if (spec.required && !seen.has(spec.key)) rejected.push({ row: 1, field: spec.key, reason: 'required column is missing' });
  }
  if (body.length === 0) rejected.push({ row: 1, field: 'file', reason: 'has no rows below the header' });
  if (body.length > MAX_CATERING_IMPORT_ROWS)
    rejected.push({ row: 1, field: 'file', reason: `has ${body.length} rows; at most ${MAX_CATERING_IMPORT_ROWS}` });
  if (rejected.length > 0) return { rows: [], rejected };
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    if (record.length !== keys.length) {
      rejected.push({ row: info.lines, field: 'row', reason: `has ${record.length} cells, the header has ${keys.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    keys.forEach((key, index) => {
      if (key !== undefined) values[key] = record[index] ?? '';
    });
    rows.push({ row: info.lines, values });
  }
  return { rows, rejected };
}

export interface DishRecord {
  id: string;
  name: string;
  nameZh: string | null;
  stallId: string | null;
  category: string | null;
  price: number;
  recipe: Array<{ itemId: string; quantity: number }> | undefined;
}

export interface StockRecord {
  id: string;
  name: string;
  nameZh: string | null;
  specification: string | null;
  unit: string;
  category: StockCategory;
  safetyStock: number;
  openingStock: number;
  batch: string | null;
  supplier: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; rejected: Rejection[] };

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MONEY = /^\d{1,6}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,7}(\.\d{1,4})?$/;
const STOCK_QUANTITY = /^\d{1,10}(\.\d{1,3})?$/;

class RowCheck {
  readonly rejected: Rejection[] = [];
  readonly #row: CsvRow;
  constructor(row: CsvRow) {
    this.#row = row;
  }
  text(key: string, required: boolean, max = 128): string | null {
    const value = this.#row.values[key]?.trim() ?? '';
    if (value === '') {
      if (required) this.fail(key, 'is required');
      return null;
    }
    if (value.length > max) this.fail(key, `must be at most ${max} characters`);
    return value;
  }
  code(key: string, required: boolean): string | null {
    const value = this.text(key, required, 64);
    if (value !== null && !CODE.test(value)) this.fail(key, 'must be a code of letters, digits, . _ - (starting alphanumeric)');
    return value;
  }
  number(key: string, pattern: RegExp, required: boolean, what: string): number | null {
    const value = this.text(key, required, 32);
    if (value === null) return null;
    if (!pattern.test(value)) {
      this.fail(key, `must be ${what}`);
      return null;
    }
    return Number(value);
  }
  fail(field: string, reason: string): void {
    this.rejected.push({ row: this.#row.row, field, reason });
  }
}

export function checkDishRow(row: CsvRow): Checked<DishRecord> {
  const c = new RowCheck(row);
  const id = c.code('id', true);
  const name = c.text('name', true);
  const nameZh = c.text('name_zh', false);
  const stallId = c.code('stall_id', false);
  const category = c.text('category', false, 64);
  const price = c.number('price', MONEY, true, 'an amount in yuan with at most two decimals');
  const recipeText = c.text('recipe', false, 2000);
  let recipe: DishRecord['recipe'];
  if (recipeText !== null) {
    recipe = [];
    for (const part of recipeText
      .split(/[;；]/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [itemId = '', quantity = ''] = part.split(/[:：]/).map((p) => p.trim());
      if (!CODE.test(itemId) || !QUANTITY.test(quantity) || Number(quantity) <= 0) {
        c.fail('recipe', `"${part}" is not item:quantity (quantity > 0, at most 4 decimals)`);
        continue;
      }
      if (recipe.some((line) => line.itemId === itemId)) c.fail('recipe', `${itemId} is listed twice`);
      recipe.push({ itemId, quantity: Number(quantity) });
    }
  }
  if (c.rejected.length > 0 || id === null || name === null || price === null) return { ok: false, rejected: c.rejected };
  return { ok: true, value: { id, name, nameZh, stallId, category, price, recipe } };
}

export function checkStockRow(row: CsvRow): Checked<StockRecord> {
  const c = new RowCheck(row);
  const id = c.code('id', true);
  const name = c.text('name', true);
  const nameZh = c.text('name_zh', false);
  const specification = c.text('specification', false, 200);
  const unit = c.text('unit', true, 16);
  const categoryText = c.text('category', false, 32) ?? 'ingredient';
  const category = STOCK_CATEGORIES.find((k) => k === categoryText);
  if (!category) c.fail('category', `must be one of ${STOCK_CATEGORIES.join(', ')}`);
  const safetyStock = c.number('safety_stock', STOCK_QUANTITY, true, 'a quantity ≥ 0 with at most 3 decimals');
  const openingStock = c.number('opening_stock', STOCK_QUANTITY, false, 'a quantity ≥ 0 with at most 3 decimals') ?? 0;
  const batch = c.text('batch', false, 64);
  const supplier = c.text('supplier', false, 128);
  if (c.rejected.length > 0 || id === null || name === null || unit === null || safetyStock === null || !category) {
    return { ok: false, rejected: c.rejected };
  }
  return {
    ok: true,
    value: {
      id,
      name,
      nameZh,
      specification,
      unit,
      category,
      safetyStock,
      openingStock,
      batch: batch ?? (openingStock > 0 ? 'OPENING' : null),
      supplier,
    },
  };
}
