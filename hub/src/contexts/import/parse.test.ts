import { describe, expect, it } from 'vitest';
import { parseImportCsv } from './parse.ts';
import { checkAsset, checkCategory, checkStaff } from './validate.ts';

describe('SYS-3 CSV parsing and row checks', () => {
  it('maps English and Chinese headers, keeps spreadsheet row numbers, refuses ragged rows', () => {
    const { rows, rejected } = parseImportCsv(
      'departments',
      '\uFEFF部门编号,部门名称,上级部门\r\nchem,Chemistry,\r\n\r\nphys,Physics\r\nbio,"Biology, life sciences",\r\n',
    );
    expect(rows.map((r) => [r.row, r.values.id, r.values.name])).toEqual([
      [2, 'chem', 'Chemistry'],
      [5, 'bio', 'Biology, life sciences'],
    ]);
    expect(rejected).toEqual([{ row: 4, field: 'row', reason: 'has 2 cells, the header has 3' }]);
  });

  it('reports every header problem at once', () => {
    const { rows, rejected } = parseImportCsv('assets', 'name,colour,name\nx,red,y\n');
    expect(rows).toEqual([]);
    expect(rejected.map((r) => `${r.row}:${r.field}`)).toEqual([
      '1:colour',
      '1:name',
      '1:category_code',
      '1:department_id',
      '1:purchase_date',
      '1:amount',
    ]);
    expect(parseImportCsv('assets', '').rejected[0]).toMatchObject({ row: 1, reason: expect.stringContaining('empty') });
    expect(parseImportCsv('departments', 'id,name\n"a,b\n').rejected[0]).toMatchObject({ field: 'file' });
  });

  it('checks staff rows: roles, skills, never admin', () => {
    const row = (values: Record<string, string>) => ({
      row: 7,
      values: { username: 'li.wei', display_name: 'Li Wei', roles: 'technician', ...values },
    });
    expect(checkStaff(row({ roles: 'technician；maintenance_planner', skills: 'electrical:3;plumbing：2' }))).toEqual({
      ok: true,
      value: expect.objectContaining({
        roles: ['technician', 'maintenance_planner'],
        skills: [
          { skill: 'electrical', level: 3 },
          { skill: 'plumbing', level: 2 },
        ],
      }),
    });
    const bad = checkStaff(row({ roles: 'admin;wizard', skills: 'electrical:9', email: 'nope' }));
    expect(bad.ok ? [] : bad.rejected.map((r) => r.field)).toEqual(['roles', 'roles', 'email', 'skills']);
  });

  it('checks categories and assets: Chinese method names, percent rates, money, dates, statuses', () => {
    expect(
      checkCategory({
        row: 2,
        values: { code: 'IT', name: 'IT', depreciation_method: '双倍余额递减法', useful_life_months: '60', residual_rate: '5%' },
      }),
    ).toEqual({
      ok: true,
      value: expect.objectContaining({ depreciationMethod: 'double_declining', usefulLifeMonths: 60, residualRate: 0.05 }),
    });
    const base = {
      name: 'Desk',
      category_code: 'FUR',
      department_id: 'office',
      purchase_date: '2020-02-29',
      amount: '¥1,200.50',
      status: '在用',
    };
    expect(checkAsset({ row: 3, values: base }, '2026-01-01')).toEqual({
      ok: true,
      value: expect.objectContaining({ amount: 1200.5, status: 'in_use' }),
    });
    const bad = checkAsset(
      {
        row: 3,
        values: { ...base, purchase_date: '2021-02-29', amount: '12.345', status: 'lost', accumulated_depreciation: 'x' },
      },
      '2026-01-01',
    );
    expect(bad.ok ? [] : bad.rejected.map((r) => `${r.row}:${r.field}`)).toEqual([
      '3:purchase_date',
      '3:amount',
      '3:accumulated_depreciation',
      '3:status',
    ]);
  });
});
