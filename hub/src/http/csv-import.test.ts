import { describe, expect, it } from 'vitest';
import { column } from './csv-columns.ts';
import { parseCsvImport } from './csv-import.ts';

const format = {
  columns: [column('id', ['编号'], true, 'Code'), column('name', ['名称'], true, 'Name'), column('note', [], false, 'Note')],
  maxRows: 2,
  tooManyRows: (max: number) => `has more than ${max} rows`,
};

describe('shared CSV import parsing (SYS-3)', () => {
  it('keys rows by column, aliases case-insensitively, and counts refused rows in the total', () => {
    const parsed = parseCsvImport('\uFEFFID,名称\r\na,Alpha\r\nb\r\n', format);
    expect(parsed).toEqual({
      rows: [{ row: 2, values: { id: 'a', name: 'Alpha' } }],
      rejected: [{ row: 3, field: 'row', reason: 'has 1 cells, the header has 2' }],
      total: 2,
    });
  });

  it('reports header problems in column order, then missing columns, and no rows', () => {
    const parsed = parseCsvImport('名称,name,colour,\nx,y,z,w\n', format);
    expect(parsed.rows).toEqual([]);
    expect(parsed.total).toBe(1);
    expect(parsed.rejected).toEqual([
      { row: 1, field: 'name', reason: 'names column name a second time' },
      { row: 1, field: 'colour', reason: 'is not a column of this import' },
      { row: 1, field: 'column 4', reason: 'is not a column of this import' },
      { row: 1, field: 'id', reason: 'required column is missing' },
    ]);
  });

  it('stops reading a file once it is over the row limit', () => {
    // The unclosed quote far below the limit is never reached: the file is refused for its length.
    const long = `id,name\n${Array.from({ length: 50 }, (_, n) => `r${n},R${n}`).join('\n')}\nbad,"unclosed\n`;
    expect(parseCsvImport(long, format)).toEqual({
      rows: [],
      total: 3,
      rejected: [{ row: 1, field: 'file', reason: 'has more than 2 rows' }],
    });
  });

  it("words the row limit the context's way, and refuses unreadable and empty files", () => {
    expect(parseCsvImport('id,name\na,A\nb,B\nc,C\n', format).rejected).toEqual([
      { row: 1, field: 'file', reason: 'has more than 2 rows' },
    ]);
    expect(parseCsvImport('id,name\n', format).rejected).toEqual([
      { row: 1, field: 'file', reason: 'has no rows below the header' },
    ]);
    expect(parseCsvImport('', format)).toEqual({
      rows: [],
      total: 0,
      rejected: [{ row: 1, field: 'file', reason: 'is empty; the first row names the columns' }],
    });
    const unreadable = parseCsvImport('id,name\n"a,b\n', format);
    expect(unreadable.total).toBe(0);
    expect(unreadable.rejected).toEqual([
      { row: expect.any(Number), field: 'file', reason: expect.stringMatching(/^not readable as CSV/) },
    ]);
  });
});
