import { describe, expect, it } from 'vitest';
import { checkDishRow, checkStockRow, parseCateringCsv } from './csv.ts';

describe('catering CSV formats (SYS-3)', () => {
  it('reads Chinese headers and keeps line numbers for the report', () => {
    const parsed = parseCateringCsv(
      'dishes',
      '\uFEFF菜品编号,菜品名称,单价,配方\nnoodles,Beef noodles,12,flour:0.15；pork:0.05\n\nrice,Rice,1.5,',
    );
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows.map((r) => r.row)).toEqual([2, 4]);
    const [noodles, rice] = parsed.rows.map(checkDishRow);
    expect(noodles).toEqual({
      ok: true,
      value: {
        id: 'noodles',
        name: 'Beef noodles',
        nameZh: null,
        stallId: null,
        category: null,
        price: 12,
        recipe: [
          { itemId: 'flour', quantity: 0.15 },
          { itemId: 'pork', quantity: 0.05 },
        ],
      },
    });
    // An empty recipe cell keeps the dish's recipe as it is.
    expect(rice).toMatchObject({ ok: true, value: { recipe: undefined } });
  });

  it('reports every problem of a row by column', () => {
    const [row] = parseCateringCsv('dishes', 'id,name,price,recipe\nbad id,,12.345,flour:0;flour:1').rows;
    if (!row) throw new Error('expected a row');
    const checked = checkDishRow(row);
    expect(checked.ok ? [] : checked.rejected.map((r) => r.field)).toEqual(['id', 'name', 'price', 'recipe']);
  });

  it('refuses unknown and duplicate columns and missing required ones, before any row', () => {
    expect(parseCateringCsv('stock', 'id,名称,名称,colour\nx,y,y,z').rejected.map((r) => r.field)).toEqual([
      '名称',
      'colour',
      'unit',
      'safety_stock',
    ]);
    expect(parseCateringCsv('stock', '').rejected).toEqual([
      { row: 1, field: 'file', reason: 'is empty; the first row names the columns' },
    ]);
  });

  it('gives opening stock a batch so it can be traced', () => {
    const [row] = parseCateringCsv('stock', 'id,name,unit,safety_stock,opening_stock\negg,Egg,kg,5,30').rows;
    if (!row) throw new Error('expected a row');
    expect(checkStockRow(row)).toMatchObject({ ok: true, value: { openingStock: 30, batch: 'OPENING', category: 'ingredient' } });
  });
});
