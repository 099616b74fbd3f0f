import { describe, expect, it } from 'vitest';
import { parseSupplierCsv } from './supplier-csv.ts';

describe('SYS-3 / PRC-5 supplier CSV', () => {
  it('reads suppliers with qualifications, Chinese headers and categories', () => {
    const csv = [
      '供应商编号,供应商名称,英文名称,类别,统一社会信用代码,资质',
      'SUP-100,上海鲜丰食品有限公司,Shanghai Xianfeng Foods,食材,91310000MA1K00001X,business_license:91310000MA1K00001X:长期;food_operation_license:JY131:2027-06-30',
      'SUP-101,华东教学设备公司,,equipment,,',
    ].join('\n');
    const { records, rejected, total } = parseSupplierCsv(csv);
    expect(rejected).toEqual([]);
    expect(total).toBe(2);
    expect(records[0]).toMatchObject({
      row: 2,
      id: 'SUP-100',
      category: 'food',
      creditCode: '91310000MA1K00001X',
      qualifications: [
        { kind: 'business_license', number: '91310000MA1K00001X', expiresOn: null },
        { kind: 'food_operation_license', number: 'JY131', expiresOn: '2027-06-30' },
      ],
    });
    expect(records[1]).toMatchObject({ id: 'SUP-101', nameEn: null, category: 'equipment', qualifications: [] });
  });

  it('reports every bad row with its field, and header problems alone', () => {
    const csv = [
      'id,name,category,email,qualifications',
      'A1,Good one,food,a@b.cn,',
      ',No code,food,,',
      'A1,Again,drinks,not-mail,Licence:123',
      'A3,Bad date,other,,iso9001:Q1:2027-02-30',
    ].join('\n');
    const { records, rejected } = parseSupplierCsv(csv);
    expect(records.map((r) => r.id)).toEqual(['A1']);
    expect(rejected).toEqual([
      { row: 3, field: 'id', reason: 'is required' },
      { row: 4, field: 'id', reason: 'repeats the supplier of row 2' },
      { row: 4, field: 'category', reason: expect.stringMatching(/food, equipment/) },
      { row: 4, field: 'qualifications', reason: expect.stringMatching(/lower-case key/) },
      { row: 4, field: 'email', reason: 'must be an e-mail address' },
      { row: 5, field: 'qualifications', reason: expect.stringMatching(/YYYY-MM-DD/) },
    ]);
    expect(parseSupplierCsv('name,colour\nx,y').rejected).toEqual([
      { row: 1, field: 'colour', reason: 'is not a column of this import' },
      { row: 1, field: 'id', reason: 'required column is missing' },
      { row: 1, field: 'category', reason: 'required column is missing' },
    ]);
    expect(parseSupplierCsv('').rejected[0]).toMatchObject({ field: 'file' });
  });
});
