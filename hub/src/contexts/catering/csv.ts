import { type ColumnSpec, column } from '../../http/csv-columns.ts';
import { type CsvRow, type ParsedCsv, parseCsvImport, type Rejection } from '../../http/csv-import.ts';
import type { RowResult } from '../../http/csv-row-check.ts';
import { STOCK_CATEGORIES, type StockCategory } from './vocabulary.ts';

/**
 * CSV formats of the catering data load (SYS-3): dishes with their recipes, and stock items
 * with their opening stock. One header row; column names match case-insensitively, and the
 * Chinese headers of the canteens' existing spreadsheets are accepted as aliases.
 */

export const CATERING_IMPORT_KINDS = ['dishes', 'stock'] as const;
export type CateringImportKind = (typeof CATERING_IMPORT_KINDS)[number];

export const CATERING_COLUMNS: Record<CateringImportKind, readonly ColumnSpec[]> = {
  dishes: [
    column('id', ['dish_id', '菜品编号', '编号'], true, 'Dish code (what terminals send as dishId)'),
    column('name', ['菜品名称', '名称'], true, 'Name'),
    column('name_zh', ['中文名称', '中文名'], false, 'Chinese name'),
    column('stall_id', ['stall', '档口', '档口编号'], false, 'Code of the stall serving it'),
    column('category', ['类别', '分类'], false, 'e.g. staple, meat, vegetable, soup'),
    column('price', ['价格', '单价'], true, 'Yuan per portion, up to two decimals'),
    column(
      'recipe',
      ['配方', '食材配方'],
      false,
      "item:quantity per portion, separated by ; (e.g. flour:0.15;pork:0.05), in the items' units",
    ),
  ],
  stock: [
    column('id', ['item_id', '食材编号', '编号'], true, 'Item code (what scales send as itemId)'),
    column('name', ['食材名称', '名称'], true, 'Name'),
    column('name_zh', ['中文名称', '中文名'], false, 'Chinese name'),
    column('specification', ['spec', '规格'], false, 'Specification'),
    column('unit', ['单位'], true, 'Unit of stock: kg, L, piece...'),
    column('category', ['类别', '分类'], false, `${STOCK_CATEGORIES.join(' | ')} (default ingredient)`),
    column('safety_stock', ['安全库存'], true, 'Safety stock, in the unit'),
    column('opening_stock', ['期初库存', '库存'], false, 'Quantity on the shelf now (default 0)'),
    column('batch', ['批次', '批号'], false, 'Batch of the opening stock (default OPENING)'),
    column('supplier', ['supplier_name', '供应商'], false, 'Supplier of the opening stock'),
  ],
};

export type { CsvRow, Rejection };

/** A file of a few thousand dishes or items is a large canteen; more is a mistake. */
export const MAX_CATERING_IMPORT_ROWS = 5000;

/** Rows keyed by column key; every header and shape problem reported at once. */
export function parseCateringCsv(kind: CateringImportKind, text: string): ParsedCsv {
  return parseCsvImport(text, {
    columns: CATERING_COLUMNS[kind],
    maxRows: MAX_CATERING_IMPORT_ROWS,
    tooManyRows: (max) => `has more than ${max} rows; at most ${max} in one file`,
  });
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

export type Checked<T> = RowResult<T>;

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MONEY = /^\d{1,6}(\.\d{1,2})?$/;
const QUANTITY = /^\d{1,7}(\.\d{1,4})?$/;
const STOCK_QUANTITY = /^\d{1,10}(\.\d{1,3})?$/;

/**
 * Catering's own row reader, not the shared RowCheck (hub/src/http/csv-row-check.ts): its
 * messages are worded differently ("must be at most N characters") and clients show them.
 */
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
