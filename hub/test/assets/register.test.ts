import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qrPng } from '../../src/http/qr.ts';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  type AssetDto,
  asset,
  auditActions,
  auditEntries,
  decide,
  intake,
  multipart,
  registeredAsset,
  SYSTEM,
  seedCategories,
  userWith,
} from './helpers.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90), Buffer.from('This program cannot be run in DOS mode')]);

describe.each(testAdapters())('assets register on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedCategories(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  describe('AST-1 classification', () => {
    it('AST-1 builds a category tree; a child inherits the depreciation settings of its parent', async () => {
      const tree = (await hub.call('finance', 'GET', '/api/assets/categories')).json<{
        items: Array<{
          code: string;
          parentCode: string | null;
          depreciationMethod: string;
          usefulLifeMonths: number;
          residualRate: number;
        }>;
      }>().items;
      expect(tree.map((c) => c.code)).toEqual(['FUR', 'IT', 'IT.PRJ', 'VEH']);
      expect(tree.find((c) => c.code === 'IT.PRJ')).toMatchObject({
        parentCode: 'IT',
        depreciationMethod: 'straight_line',
        usefulLifeMonths: 60,
        residualRate: 0.05,
      });
      expect(await auditActions(hub, 'asset_category', 'IT.PRJ')).toEqual(['asset_category.created']);
    });

    it('AST-1 refuses a declining method over months that are not whole years, a missing method, a moved parent, the wrong role', async () => {
      const months = await hub.call('asset_clerk', 'PUT', '/api/assets/categories/X1', {
        name: 'Odd',
        depreciationMethod: 'double_declining',
        usefulLifeMonths: 30,
      });
      expect(months.json()).toMatchObject({ code: 'invalid', field: 'usefulLifeMonths' });
      const noMethod = await hub.call('asset_clerk', 'PUT', '/api/assets/categories/X2', { name: 'No method' });
      expect(noMethod.json()).toMatchObject({ code: 'invalid', field: 'depreciationMethod' });
      const moved = await hub.call('asset_clerk', 'PUT', '/api/assets/categories/IT.PRJ', {
        name: 'Projectors',
        parentCode: 'FUR',
      });
      expect(moved.statusCode).toBe(409);
      expect(moved.json()).toMatchObject({ field: 'parentCode' });
      const role = await hub.call('technician', 'PUT', '/api/assets/categories/X3', {
        name: 'X',
        depreciationMethod: 'straight_line',
        usefulLifeMonths: 12,
      });
      expect(role.statusCode).toBe(403);
      const update = await hub.call('asset_clerk', 'PUT', '/api/assets/categories/VEH', { name: 'Vehicles', residualRate: 0.05 });
      expect(update.json()).toMatchObject({ residualRate: 0.05, depreciationMethod: 'double_declining', usefulLifeMonths: 48 });
      expect(await auditActions(hub, 'asset_category', 'VEH')).toEqual(['asset_category.created', 'asset_category.updated']);
    });
  });

  describe('AST-2 intake and AST-3 acceptance', () => {
    it('AST-2 takes an asset in awaiting acceptance, with an approval for the using department then the asset office', async () => {
      const response = await intake(hub, { name: 'Laser projector', amount: 5600.5 });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{
        asset: AssetDto & { supplierName: string; purchaseDate: string };
        approvalRequestId: number;
      }>();
      expect(body.asset).toMatchObject({
        status: 'pending_acceptance',
        supplierName: 'Campus AV Supplies Ltd',
        purchaseDate: '2025-03-02',
        amount: 5600.5,
        departmentId: OFFICE,
      });
      expect(body.asset.id).toMatch(/^A\d{8}$/);
      const request = (await hub.call('asset_clerk', 'GET', `/api/approvals/requests/${body.approvalRequestId}`)).json<{
        request: { kind: string; steps: Array<{ role: string; scope: string }>; payload: { departmentId: string } };
      }>().request;
      expect(request.kind).toBe('asset.acceptance');
      expect(request.steps.map((s) => s.role)).toEqual(['department_head', 'asset_clerk']);
      expect(request.payload.departmentId).toBe(OFFICE);
      const audit = await auditEntries(hub, 'asset', body.asset.id);
      expect(audit[0]).toMatchObject({
        action: 'asset.intake',
        actorName: 'Test procurement_officer',
        after: { status: 'pending_acceptance', amount: 5600.5 },
      });
    });

    it('AST-2 refuses bad input naming the field, and roles without intake', async () => {
      expect((await intake(hub, { purchaseDate: undefined })).json()).toMatchObject({ code: 'invalid', field: 'purchaseDate' });
      expect((await intake(hub, { categoryCode: 'NOPE' })).json()).toMatchObject({ code: 'invalid', field: 'categoryCode' });
      expect((await intake(hub, { departmentId: 'nowhere' })).json()).toMatchObject({ code: 'invalid', field: 'departmentId' });
      expect((await intake(hub, { purchaseDate: '2999-01-01' })).json()).toMatchObject({
        code: 'invalid',
        field: 'purchaseDate',
      });
      expect((await intake(hub, { purchaseDate: '2025-02-30' })).json()).toMatchObject({
        code: 'invalid',
        field: 'purchaseDate',
      });
      expect((await intake(hub, { amount: -1 })).json()).toMatchObject({ code: 'invalid', field: 'amount' });
      expect((await intake(hub, { colour: 'red' })).json()).toMatchObject({ code: 'invalid', field: 'colour' });
      expect((await intake(hub, {}, 'technician')).statusCode).toBe(403);
      expect((await intake(hub, {}, 'requester')).statusCode).toBe(403);
      const taken = await registeredAsset(hub);
      expect((await intake(hub, { id: taken })).statusCode).toBe(409);
    });

    it('AST-3 the using department and the asset office accept: the asset enters the register in use', async () => {
      const { asset: created, approvalRequestId } = (await intake(hub)).json<{ asset: AssetDto; approvalRequestId: number }>();
      // The asset office cannot confirm before the using department accepted.
      expect((await decide(hub, 'asset_clerk', approvalRequestId)).statusCode).toBe(403);
      // Only the head of the using department.
      const chemHead = await userWith(hub, 'chem.head.acc', ['department_head'], OTHER_DEPARTMENT);
      expect((await decide(hub, chemHead, approvalRequestId)).statusCode).toBe(403);
      expect((await decide(hub, 'department_head', approvalRequestId)).json()).toMatchObject({
        status: 'pending',
        currentStep: 1,
      });
      expect((await asset(hub, created.id)).status).toBe('pending_acceptance');
      expect((await decide(hub, 'asset_clerk', approvalRequestId)).json()).toMatchObject({ status: 'approved' });
      expect((await asset(hub, created.id)).status).toBe('in_use');
      expect(await auditActions(hub, 'asset', created.id)).toEqual(['asset.intake', 'asset.accepted']);
      // Accepted: figures change only through a review correction, and only the asset office edits.
      const amount = await hub.call('asset_clerk', 'PATCH', `/api/assets/${created.id}`, { amount: 1 });
      expect(amount.statusCode).toBe(409);
      expect(amount.json()).toMatchObject({ code: 'illegal_transition' });
      expect((await hub.call('procurement_officer', 'PATCH', `/api/assets/${created.id}`, { location: 'x' })).statusCode).toBe(
        403,
      );
      const moved = await hub.call('asset_clerk', 'PATCH', `/api/assets/${created.id}`, {
        location: 'Teaching building 2, room 306',
      });
      expect(moved.json()).toMatchObject({ location: 'Teaching building 2, room 306' });
      expect(await auditActions(hub, 'asset', created.id)).toEqual(['asset.intake', 'asset.accepted', 'asset.updated']);
      // In use: nothing to resubmit.
      expect((await hub.call('procurement_officer', 'POST', `/api/assets/${created.id}/acceptance`)).statusCode).toBe(409);
    });

    it('AST-3 a refused acceptance returns the asset to intake; corrected, it goes round again', async () => {
      const { asset: created, approvalRequestId } = (await intake(hub, { amount: 999 })).json<{
        asset: AssetDto;
        approvalRequestId: number;
      }>();
      const refused = await decide(hub, 'department_head', approvalRequestId, 'reject', 'wrong model delivered');
      expect(refused.json()).toMatchObject({ status: 'rejected' });
      expect((await asset(hub, created.id)).status).toBe('rejected');
      const fixed = await hub.call('procurement_officer', 'PATCH', `/api/assets/${created.id}`, {
        model: 'EB-X52',
        amount: 4300,
      });
      expect(fixed.json()).toMatchObject({ model: 'EB-X52', amount: 4300 });
      const again = await hub.call('procurement_officer', 'POST', `/api/assets/${created.id}/acceptance`);
      expect(again.statusCode, again.body).toBe(201);
      const second = again.json<{ approvalRequestId: number }>().approvalRequestId;
      await decide(hub, 'department_head', second);
      await decide(hub, 'asset_clerk', second);
      expect((await asset(hub, created.id)).status).toBe('in_use');
      expect(await auditActions(hub, 'asset', created.id)).toEqual([
        'asset.intake',
        'asset.acceptance_refused',
        'asset.updated',
        'asset.resubmitted',
        'asset.accepted',
      ]);
    });
  });

  describe('AST-2 purchase vouchers', () => {
    const upload = async (
      id: string,
      files: Parameters<typeof multipart>[0],
      role: 'procurement_officer' | 'technician' = 'procurement_officer',
    ) => {
      const body = multipart(files);
      return hub.app.inject({
        method: 'POST',
        url: `/api/assets/${id}/vouchers`,
        headers: { ...(await hub.as(role)), ...body.headers },
        payload: body.payload,
      });
    };

    it('AST-2 stores a voucher under a random name and serves it back with its type, to the roles that read vouchers', async () => {
      const id = (await intake(hub)).json<{ asset: AssetDto }>().asset.id;
      const response = await upload(id, [
        { fileName: '../../invoice 发票.pdf', type: 'application/pdf', data: PDF },
        { fileName: 'delivery.png', type: 'image/png', data: PNG },
      ]);
      expect(response.statusCode, response.body).toBe(201);
      const items = response.json<{ items: Array<{ id: number; fileName: string; contentType: string; sizeBytes: number }> }>()
        .items;
      expect(items.map((v) => [v.fileName, v.contentType, v.sizeBytes])).toEqual([
        ['invoice 发票.pdf', 'application/pdf', PDF.length],
        ['delivery.png', 'image/png', PNG.length],
      ]);
      const stored = await readdir(join(hub.uploadsDir, 'assets'));
      expect(stored.filter((name) => /^[0-9a-f]{32}\.(pdf|png)$/.test(name)).length).toBeGreaterThanOrEqual(2);
      expect(stored.every((name) => /^[0-9a-f]{32}\.(pdf|jpg|png|webp)$/.test(name))).toBe(true);

      const download = await hub.call('finance', 'GET', `/api/assets/${id}/vouchers/${items[0]?.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toContain(encodeURIComponent('invoice 发票.pdf'));
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expect((await hub.call('technician', 'GET', `/api/assets/${id}/vouchers/${items[0]?.id}`)).statusCode).toBe(403);
      expect((await hub.call('finance', 'GET', `/api/assets/${id}/vouchers/999999`)).statusCode).toBe(404);
      const list = await hub.call('data_reviewer', 'GET', `/api/assets/${id}/vouchers`);
      expect(list.json<{ items: unknown[] }>().items).toHaveLength(2);
      expect(await auditActions(hub, 'asset', id)).toEqual(['asset.intake', 'asset.voucher_attached', 'asset.voucher_attached']);
    });

    it('AST-2 refuses an .exe renamed .pdf, a type that contradicts the content, an oversized file, a non-multipart body', async () => {
      const id = (await intake(hub)).json<{ asset: AssetDto }>().asset.id;
      const exe = await upload(id, [{ fileName: 'invoice.pdf', type: 'application/pdf', data: EXE }]);
      expect(exe.statusCode).toBe(415);
      expect(exe.json()).toMatchObject({ code: 'unsupported_media_type', field: 'file' });
      const liar = await upload(id, [{ fileName: 'scan.png', type: 'image/png', data: PDF }]);
      expect(liar.statusCode).toBe(415);
      const big = await upload(id, [
        { fileName: 'big.pdf', type: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) },
      ]);
      expect(big.statusCode).toBe(413);
      expect(big.json()).toMatchObject({ code: 'too_large', field: 'file' });
      const json = await hub.call('procurement_officer', 'POST', `/api/assets/${id}/vouchers`, { file: 'x' });
      expect(json.statusCode).toBe(415);
      expect((await upload(id, [{ fileName: 'a.pdf', type: 'application/pdf', data: PDF }], 'technician')).statusCode).toBe(403);
      // One bad file refuses the whole upload.
      const mixed = await upload(id, [
        { fileName: 'ok.pdf', type: 'application/pdf', data: PDF },
        { fileName: 'bad.pdf', type: 'application/pdf', data: EXE },
      ]);
      expect(mixed.statusCode).toBe(415);
      expect((await hub.call('finance', 'GET', `/api/assets/${id}/vouchers`)).json<{ items: unknown[] }>().items).toHaveLength(0);
      expect(await auditActions(hub, 'asset', id)).toEqual(['asset.intake']);
    });
  });

  describe('AST-1 search and reading', () => {
    let ids: string[] = [];

    beforeAll(async () => {
      ids = [
        await registeredAsset(hub, {
          name: 'Ceiling projector Epson',
          categoryCode: 'IT.PRJ',
          location: 'Library 3F reading room',
          model: 'CB-700',
        }),
        await registeredAsset(hub, { name: 'Desktop computer', categoryCode: 'IT', location: 'Library 2F desk 4' }),
        await registeredAsset(hub, { name: 'Oak table', categoryCode: 'FUR', location: 'Library 3F reading room' }),
        await registeredAsset(hub, {
          name: 'Fume hood',
          categoryCode: 'FUR',
          departmentId: OTHER_DEPARTMENT,
          location: 'Chem lab 1',
        }),
        await registeredAsset(hub, { name: '会议室空调', model: 'KFR-72LW', categoryCode: 'IT', location: '行政楼 2 楼' }),
      ];
    });

    const list = async (query: string, role: 'asset_clerk' | 'department_head' | 'finance' = 'asset_clerk') => {
      const response = await hub.call(role, 'GET', `/api/assets?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: AssetDto[]; nextCursor: string | null }>();
    };

    it('AST-1 finds assets by text, category with its subtree, department, status and place', async () => {
      expect((await list('q=EPSON')).items.map((a) => a.id)).toEqual([ids[0]]);
      expect((await list('q=cb-7')).items.map((a) => a.id)).toEqual([ids[0]]);
      expect((await list('q=100%25')).items).toEqual([]);
      // Two Chinese characters (a bigram), one character (no index: a scan), a page filled by the first rows.
      expect((await list(`q=${encodeURIComponent('空调')}`)).items.map((a) => a.id)).toEqual([ids[4]]);
      expect((await list(`q=${encodeURIComponent('调')}`)).items.map((a) => a.id)).toEqual([ids[4]]);
      const firstOnly = await list('q=library&limit=1');
      expect(firstOnly.items.map((a) => a.id)).toEqual([ids[0]]);
      expect((await list(`q=library&limit=1&cursor=${firstOnly.nextCursor}`)).items.map((a) => a.id)).toEqual([ids[1]]);
      const it = (await list('categoryCode=IT&limit=200')).items.map((a) => a.id);
      expect(it).toEqual(expect.arrayContaining([ids[0], ids[1]]));
      expect(it).not.toContain(ids[2]);
      expect((await list('categoryCode=IT&includeSubcategories=false&limit=200')).items.map((a) => a.id)).not.toContain(ids[0]);
      expect((await list(`departmentId=${OTHER_DEPARTMENT}`)).items.map((a) => a.id)).toEqual([ids[3]]);
      expect((await list('location=Library%203F')).items.map((a) => a.id)).toEqual([ids[0], ids[2]]);
      expect((await list('status=pending_acceptance&limit=200')).items.every((a) => a.status === 'pending_acceptance')).toBe(
        true,
      );
      expect((await list('q=table&categoryCode=FUR&location=Library')).items.map((a) => a.id)).toEqual([ids[2]]);
    });

    it('pages with a cursor, in asset-number order', async () => {
      const first = await list('limit=2');
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const second = await list(`limit=2&cursor=${first.nextCursor}`);
      expect((second.items[0]?.id ?? '') > (first.items[1]?.id ?? '')).toBe(true);
    });

    it('DAT-6 department heads read their own department only; requesters read the minimal card only', async () => {
      const mine = await list('limit=200', 'department_head');
      expect(mine.items.every((a) => a.departmentId === OFFICE)).toBe(true);
      expect((await list(`departmentId=${OTHER_DEPARTMENT}`, 'department_head')).items).toEqual([]);
      expect((await hub.call('department_head', 'GET', `/api/assets/${ids[3]}`)).statusCode).toBe(404);
      expect((await hub.call('finance', 'GET', `/api/assets/${ids[3]}`)).statusCode).toBe(200);
      expect((await hub.call('requester', 'GET', '/api/assets')).statusCode).toBe(403);
      expect((await hub.call('requester', 'GET', `/api/assets/${ids[0]}`)).statusCode).toBe(403);
      const card = await hub.call('requester', 'GET', `/api/assets/${ids[0]}/card`);
      expect(card.statusCode).toBe(200);
      expect(card.json()).toEqual({
        id: ids[0],
        name: 'Ceiling projector Epson',
        categoryName: 'Projectors',
        categoryNameZh: '投影仪',
        model: 'CB-700',
        departmentId: OFFICE,
        departmentName: 'Logistics office',
        location: 'Library 3F reading room',
        status: 'in_use',
        repairLink: `http://localhost:8080/repair?asset=${ids[0]}`,
      });
      expect((await hub.call('requester', 'GET', '/api/assets/NOPE/card')).statusCode).toBe(404);
    });

    it('QR: every asset has a label linking to the repair page filled with it', async () => {
      const id = ids[0] ?? '';
      const response = await hub.call('asset_clerk', 'GET', `/api/assets/${id}/qr.png`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.rawPayload.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      const link = `http://localhost:8080/repair?asset=${id}`;
      expect(response.rawPayload.equals(await qrPng(link))).toBe(true);
      const detail = (await hub.call('asset_clerk', 'GET', `/api/assets/${id}`)).json<{ repairLink: string }>();
      expect(detail.repairLink).toBe(link);
      expect((await hub.call('asset_clerk', 'GET', '/api/assets/NOPE/qr.png')).statusCode).toBe(404);
      expect((await hub.call('requester', 'GET', `/api/assets/${id}/qr.png`)).statusCode).toBe(403);
    });

    it('serves the display labels in English and Chinese', async () => {
      const meta = (await hub.call('requester', 'GET', '/api/assets/meta')).json<{ statuses: Record<string, { zh: string }> }>();
      expect(meta.statuses.in_use?.zh).toBe('在用');
    });
  });

  describe('sensors, maintenance history and the AssetRegistrar contract', () => {
    it('attaches sensors from the gateway registry: they must exist, be sensors and measure one asset', async () => {
      await hub.gateway.gateway.registry.register({
        id: 'sensor-pump-1',
        kind: 'sensor',
        site: 'testsite',
        label: 'Pump vibration',
      });
      const pump = await registeredAsset(hub, { name: 'Water pump', categoryCode: 'FUR' });
      const other = await registeredAsset(hub, { name: 'Boiler', categoryCode: 'FUR' });
      const set = await hub.call('asset_clerk', 'PUT', `/api/assets/${pump}/sensors`, {
        deviceIds: ['sensor-pump-1', 'sensor-t1'],
      });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json<{ sensors: Array<{ deviceId: string; registered: boolean }> }>().sensors.map((s) => s.deviceId)).toEqual([
        'sensor-pump-1',
        'sensor-t1',
      ]);
      const detail = (await hub.call('technician', 'GET', `/api/assets/${pump}`)).json<{
        sensors: Array<{ deviceId: string; label: string | null; registered: boolean }>;
      }>();
      expect(detail.sensors[0]).toMatchObject({ deviceId: 'sensor-pump-1', label: 'Pump vibration', registered: true });
      expect(await hub.services.assets.assetOfSensor('sensor-pump-1')).toBe(pump);

      const unknown = await hub.call('asset_clerk', 'PUT', `/api/assets/${other}/sensors`, { deviceIds: ['no-such-device'] });
      expect(unknown.json()).toMatchObject({ code: 'invalid', field: 'deviceIds.0' });
      const gate = await hub.call('asset_clerk', 'PUT', `/api/assets/${other}/sensors`, { deviceIds: ['gate-t1'] });
      expect(gate.json()).toMatchObject({
        code: 'invalid',
        field: 'deviceIds.0',
        message: expect.stringContaining('not a sensor'),
      });
      const taken = await hub.call('asset_clerk', 'PUT', `/api/assets/${other}/sensors`, { deviceIds: ['sensor-t1'] });
      expect(taken.statusCode).toBe(409);
      expect((await hub.call('technician', 'PUT', `/api/assets/${other}/sensors`, { deviceIds: [] })).statusCode).toBe(403);
      expect(await auditActions(hub, 'asset', pump)).toEqual(['asset.registered', 'asset.sensors_set']);
    });

    it('PRC-6 registers received goods in use; DRM-3 records damage with its cost; maintenance moves the status and back', async () => {
      const id = await registeredAsset(hub, {
        name: 'Dorm wardrobe',
        categoryCode: 'FUR',
        sourceRef: 'contract:HT-2026-001/line:2',
      });
      expect((await asset(hub, id)).status).toBe('in_use');
      await hub.database.db.transaction((tx) =>
        hub.services.assets.recordDamage(tx, SYSTEM, {
          assetId: id,
          description: 'door hinge torn off',
          cost: 120,
          chargedTo: 'resident:S2026001',
        }),
      );
      await hub.database.db.transaction((tx) =>
        hub.services.assets.startMaintenance(tx, SYSTEM, { assetId: id, ref: 'ticket:17', description: 'replace hinge' }),
      );
      expect((await asset(hub, id)).status).toBe('under_maintenance');
      await hub.database.db.transaction((tx) =>
        hub.services.assets.completeMaintenance(tx, SYSTEM, {
          assetId: id,
          ref: 'ticket:17',
          description: 'hinge replaced',
          cost: 35,
        }),
      );
      expect((await asset(hub, id)).status).toBe('in_use');
      const history = (await hub.call('technician', 'GET', `/api/assets/${id}/maintenance`)).json<{
        items: Array<{ kind: string; cost: number | null; chargedTo: string | null }>;
      }>().items;
      expect(history.map((h) => [h.kind, h.cost])).toEqual([
        ['completed', 35],
        ['started', null],
        ['damage', 120],
      ]);
      expect(history[2]?.chargedTo).toBe('resident:S2026001');
      expect(await auditActions(hub, 'asset', id)).toEqual([
        'asset.registered',
        'asset.damage_recorded',
        'asset.maintenance_started',
        'asset.maintenance_completed',
      ]);
      await expect(
        hub.database.db.transaction((tx) =>
          hub.services.assets.recordDamage(tx, SYSTEM, { assetId: 'NOPE', description: 'x', cost: 1, chargedTo: 'x' }),
        ),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        hub.database.db.transaction((tx) =>
          hub.services.assets.registerReceivedAsset(tx, SYSTEM, {
            name: 'x',
            categoryCode: 'NOPE',
            departmentId: OFFICE,
            purchaseDate: '2025-01-01',
            amount: 1,
          }),
        ),
      ).rejects.toMatchObject({ code: 'invalid', field: 'categoryCode' });
    });
  });
});
