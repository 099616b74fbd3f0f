import { describe, expect, it } from 'vitest';
import { checkCard, checkResidentRow, checkRoom, parseDormCsv } from './csv.ts';
import { parseFacilities } from './facilities.ts';

describe('dormitory CSV formats (SYS-3)', () => {
  it('maps Chinese headers and reports the file line of each record', () => {
    const parsed = parseDormCsv('rooms', '\ufeff楼栋,楼层,房间号,床位数\nB1,1,101,4\n\nB1,1,102,"2"\n');
    expect(parsed.rejected).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, values: { building_id: 'B1', floor: '1', number: '101', beds: '4' } },
      { row: 4, values: { building_id: 'B1', floor: '1', number: '102', beds: '2' } },
    ]);
  });

  it('refuses unknown, repeated and missing columns at once', () => {
    const parsed = parseDormCsv('cards', 'card,卡号,colour\nA,B,C\n');
    expect(parsed.rejected.map((r) => [r.row, r.field])).toEqual([
      [1, '卡号'],
      [1, 'colour'],
      [1, 'person_no'],
    ]);
  });

  it('checks rows without the database', () => {
    expect(
      checkRoom({ row: 2, values: { building_id: 'B1', floor: '1', number: '101', beds: '13', facilities: '' } }),
    ).toMatchObject({
      ok: false,
      rejected: [{ field: 'beds' }],
    });
    expect(
      checkResidentRow({
        row: 3,
        values: { person_no: '2026001', name: '王小明', gender: '男', kind: '教职工', id_last4: '123x' },
      }),
    ).toEqual({
      ok: true,
      value: {
        personNo: '2026001',
        name: '王小明',
        gender: 'male',
        cohort: null,
        kind: 'staff',
        phone: null,
        idLast4: '123X',
        username: null,
        bedId: null,
      },
    });
    expect(
      checkCard({ row: 4, values: { card_id: 'C1', person_no: 'S1', valid_from: '2026-09-01', valid_to: '2026-08-01' } }),
    ).toMatchObject({
      ok: false,
      rejected: [{ field: 'valid_to' }],
    });
    // Dates are Beijing days.
    expect(checkCard({ row: 5, values: { card_id: 'C1', person_no: 'S1', valid_from: '2026-09-01' } })).toMatchObject({
      ok: true,
      value: { validFrom: '2026-08-31T16:00:00.000Z' },
    });
  });

  it('DRM-4 reads a facility register spec: beds always, per-bed and counted items', () => {
    const parsed = parseFacilities('desk*;chair*2;door', ['1', '2', '3']);
    expect(parsed.ok && parsed.items.map((i) => i.label)).toEqual([
      'Bed 1 / 1号床',
      'Bed 2 / 2号床',
      'Bed 3 / 3号床',
      'Desk 1 / 书桌1',
      'Desk 2 / 书桌2',
      'Desk 3 / 书桌3',
      'Chair 1 / 椅子1',
      'Chair 2 / 椅子2',
      'Door / 门',
    ]);
    expect(parseFacilities('sofa', ['1'])).toMatchObject({ ok: false });
    expect(parseFacilities('desk*30', ['1'])).toMatchObject({ ok: false });
  });
});
