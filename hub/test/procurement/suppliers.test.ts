import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { addSupplier, auditActions, daysFromToday, ok, type SupplierDto } from './helpers.ts';

const URL = '/api/procurement/suppliers';

describe.each(testAdapters())('PRC-5 supplier register and SYS-3 supplier import on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-5 registers a supplier with qualifications and flags expired and expiring ones', async () => {
    const created = await addSupplier(hub, 'SUP-FOOD-1', {
      category: 'food',
      qualifications: [
        { kind: 'food_operation_license', number: 'JY-001', expiresOn: daysFromToday(10) },
        { kind: 'iso9001', number: 'Q-77', expiresOn: daysFromToday(-1) },
      ],
    });
    expect(created).toMatchObject({ id: 'SUP-FOOD-1', status: 'active', reputation: 60, qualified: true });
    const byKind = Object.fromEntries(created.qualifications.map((q) => [q.kind, q]));
    expect(byKind.business_license).toMatchObject({ expiresOn: null, expired: false, expiringSoon: false });
    expect(byKind.food_operation_license).toMatchObject({ expired: false, expiringSoon: true });
    expect(byKind.iso9001).toMatchObject({ expired: true, expiringSoon: false });

    const expiring = ok<{ items: SupplierDto[] }>(await hub.call('procurement_officer', 'GET', `${URL}?expiringWithinDays=30`));
    expect(expiring.items.map((s) => s.id)).toContain('SUP-FOOD-1');
    const search = ok<{ items: SupplierDto[] }>(await hub.call('finance', 'GET', `${URL}?q=${encodeURIComponent('FOOD-1')}`));
    expect(search.items.map((s) => s.id)).toEqual(['SUP-FOOD-1']);
    expect(await auditActions(hub, 'procurement_supplier', 'SUP-FOOD-1')).toEqual(['procurement_supplier.registered']);
  });

  it('PRC-5 a supplier whose every qualification expired is not qualified; renewal and suspension are recorded', async () => {
    const lapsed = ok<SupplierDto>(
      await hub.call('procurement_officer', 'POST', URL, {
        id: 'SUP-LAPSED',
        name: '旧日设备公司',
        category: 'equipment',
        qualifications: [{ kind: 'business_license', number: 'B-9', expiresOn: daysFromToday(-30) }],
      }),
      201,
    );
    expect(lapsed.qualified).toBe(false);
    const renewed = ok<{ kind: string; expired: boolean }>(
      await hub.call('procurement_officer', 'POST', `${URL}/SUP-LAPSED/qualifications`, {
        kind: 'business_license',
        number: 'B-10',
        issuedOn: daysFromToday(-1),
        expiresOn: daysFromToday(700),
      }),
      201,
    );
    expect(renewed).toMatchObject({ kind: 'business_license', expired: false });
    expect(
      ok<{ supplier: SupplierDto }>(await hub.call('procurement_officer', 'GET', `${URL}/SUP-LAPSED`)).supplier.qualified,
    ).toBe(true);
    const suspended = ok<SupplierDto>(
      await hub.call('procurement_officer', 'PATCH', `${URL}/SUP-LAPSED`, { status: 'suspended' }),
    );
    expect(suspended).toMatchObject({ status: 'suspended', qualified: false });
    expect(await auditActions(hub, 'procurement_supplier', 'SUP-LAPSED')).toEqual([
      'procurement_supplier.registered',
      'procurement_supplier.qualification_added',
      'procurement_supplier.suspended',
    ]);
  });

  it('PRC-5 refuses duplicates, bad input and roles without the duty', async () => {
    await addSupplier(hub, 'SUP-DUP');
    const again = await hub.call('procurement_officer', 'POST', URL, { id: 'SUP-DUP', name: 'x', category: 'food' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'id' });
    expect((await hub.call('procurement_officer', 'POST', URL, { id: 'S2', name: 'x', category: 'toys' })).statusCode).toBe(400);
    expect(
      (await hub.call('procurement_officer', 'POST', URL, { id: 'S3', name: 'x', category: 'food', creditCode: 'ABC' })).json(),
    ).toMatchObject({
      field: 'creditCode',
    });
    expect(
      (
        await hub.call('procurement_officer', 'POST', URL, {
          id: 'S4',
          name: 'x',
          category: 'food',
          qualifications: [{ kind: 'iso9001', number: 'Q', issuedOn: '2026-05-01', expiresOn: '2026-04-01' }],
        })
      ).json(),
    ).toMatchObject({ field: 'qualifications.0.expiresOn' });
    expect(
      (
        await hub.call('procurement_officer', 'POST', `${URL}/SUP-DUP/qualifications`, {
          kind: 'business_license',
          number: 'BL-SUP-DUP',
        })
      ).statusCode,
    ).toBe(409);
    expect((await hub.call('finance', 'POST', URL, { id: 'S5', name: 'x', category: 'food' })).statusCode).toBe(403);
    expect((await hub.call('requester', 'GET', URL)).statusCode).toBe(403);
    expect((await hub.call('procurement_officer', 'GET', `${URL}/NOPE`)).statusCode).toBe(404);
  });

  it('SYS-3 imports suppliers from CSV: dry run, rejected-rows report, all or nothing', async () => {
    const csv = [
      '供应商编号,供应商名称,英文名称,类别,统一社会信用代码,联系人,电话,资质',
      'IMP-1,上海鲜丰食品有限公司,Shanghai Xianfeng Foods,食材,91310000MA1K00001X,王经理,021-5555-0101,business_license:91310000MA1K00001X:长期;food_operation_license:JY131:2030-06-30',
      'IMP-2,华东教学设备公司,East China Teaching Equipment,设备,,李工,,business_license:BL-2:2031-01-01',
    ].join('\n');
    const post = (body: string, query = '') =>
      hub.app.inject({
        method: 'POST',
        url: `${URL}/import${query}`,
        headers: { 'content-type': 'text/csv' },
        payload: body,
      });
    const headers = await hub.as('procurement_officer');
    const postAs = (body: string, query = '') =>
      hub.app.inject({
        method: 'POST',
        url: `${URL}/import${query}`,
        headers: { ...headers, 'content-type': 'text/csv' },
        payload: body,
      });

    expect((await post(csv)).statusCode).toBe(401);
    const dry = ok<{ imported: boolean; accepted: number; ids: string[] }>(await postAs(csv, '?dryRun=true'));
    expect(dry).toMatchObject({ imported: false, accepted: 2, ids: ['IMP-1', 'IMP-2'] });
    expect((await hub.call('procurement_officer', 'GET', `${URL}/IMP-1`)).statusCode).toBe(404);

    // One bad row (a duplicate of the register) refuses the whole file.
    await addSupplier(hub, 'IMP-TAKEN');
    const bad = `${csv}\nIMP-TAKEN,重复公司,,服务,,,,\nIMP-4,,,other,,,,`;
    const refused = await postAs(bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      imported: false,
      rejected: [
        { row: 5, field: 'name', reason: 'is required' },
        { row: 4, field: 'id', reason: expect.stringMatching(/exists already/) },
      ].sort((a, b) => a.row - b.row),
    });
    expect((await hub.call('procurement_officer', 'GET', `${URL}/IMP-1`)).statusCode).toBe(404);

    const done = ok<{ imported: boolean; ids: string[] }>(await postAs(csv), 201);
    expect(done).toMatchObject({ imported: true, ids: ['IMP-1', 'IMP-2'] });
    const imported = ok<{ supplier: SupplierDto }>(await hub.call('procurement_officer', 'GET', `${URL}/IMP-1`)).supplier;
    expect(imported).toMatchObject({ name: '上海鲜丰食品有限公司', qualified: true });
    expect(imported.qualifications.map((q) => q.kind).sort()).toEqual(['business_license', 'food_operation_license']);
    expect(await auditActions(hub, 'procurement_supplier', 'IMP-1')).toEqual(['procurement_supplier.registered']);
    const batch = ok<{ items: Array<{ after: { kind: string } }> }>(
      await hub.call('admin', 'GET', '/api/audit?action=import.completed'),
    );
    expect(batch.items.some((e) => e.after.kind === 'suppliers')).toBe(true);
    expect(
      (
        await hub.app.inject({
          method: 'POST',
          url: `${URL}/import`,
          headers: { ...(await hub.as('finance')), 'content-type': 'text/csv' },
          payload: csv,
        })
      ).statusCode,
    ).toBe(403);
    expect((await hub.app.inject({ method: 'POST', url: `${URL}/import`, headers, payload: { csv } })).statusCode).toBe(415);
  });
  it('SYS-3 a row the database itself refuses is reported with its row (422), not a server error', async () => {
    // A rule only the database knows (as a concurrent registration of the same code would be).
    await hub.database.db.query("ALTER TABLE procurement_suppliers ADD CONSTRAINT test_refuses_zz CHECK (id <> 'IMP-ZZ')");
    try {
      const csv = ['供应商编号,供应商名称,类别', 'IMP-OK,好公司,食材', 'IMP-ZZ,被拒公司,食材'].join('\n');
      const refused = await hub.app.inject({
        method: 'POST',
        url: `${URL}/import`,
        headers: { ...(await hub.as('procurement_officer')), 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        imported: false,
        rejected: [{ row: 3, field: 'row', reason: expect.stringMatching(/refused by the database/) }],
      });
      // All or nothing: the good row is not half-imported either.
      expect((await hub.call('procurement_officer', 'GET', `${URL}/IMP-OK`)).statusCode).toBe(404);
    } finally {
      await hub.database.db.query('ALTER TABLE procurement_suppliers DROP CONSTRAINT test_refuses_zz');
    }
  });
});
