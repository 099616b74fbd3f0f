import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import { asset, auditActions, auditEntries, decide, registeredAsset, seedCategories, userWith } from './helpers.ts';

interface Line {
  id: number;
  assetId: string | null;
  result: string;
  foundLocation: string | null;
  expected: boolean;
}

describe.each(testAdapters())('AST-6 stocktake on %s', (adapter) => {
  let hub: HubFixture;
  const a: string[] = [];
  let elsewhere = '';
  let chemHead: Record<string, string>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedCategories(hub);
    for (const [name, location] of [
      ['Projector 1', 'Library 3F'],
      ['Projector 2', 'Library 3F'],
      ['Projector 3', 'Library 2F'],
      ['Projector 4', 'Library 2F'],
      ['Projector 5', 'Library 1F'],
    ] as const) {
      a.push(await registeredAsset(hub, { name, categoryCode: 'IT.PRJ', location }));
    }
    await registeredAsset(hub, { name: 'Sofa', categoryCode: 'FUR', location: 'Library 1F' });
    elsewhere = await registeredAsset(hub, {
      name: 'Projector from chemistry',
      categoryCode: 'IT.PRJ',
      departmentId: OTHER_DEPARTMENT,
      location: 'Chem lab 1',
    });
    chemHead = await userWith(hub, 'chem.head.st', ['department_head'], OTHER_DEPARTMENT);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('AST-6 plans, counts on site, reconciles surplus and losses with causes and actions, closes into the register', async () => {
    const planned = await hub.call('asset_clerk', 'POST', '/api/assets/stocktakes', {
      title: '2025 spring count: projectors of the logistics office',
      departmentId: OFFICE,
      categoryCode: 'IT',
    });
    expect(planned.statusCode, planned.body).toBe(201);
    const { stocktake, lines } = planned.json<{ stocktake: { id: number; status: string }; lines: number }>();
    expect(stocktake.status).toBe('counting');
    expect(lines).toBe(5);
    const base = `/api/assets/stocktakes/${stocktake.id}`;
    const sheet = (await hub.call('department_head', 'GET', `${base}/sheet`)).json<{ items: Line[] }>().items;
    expect(sheet.map((l) => l.assetId)).toEqual(a);

    // The chemistry head cannot count the logistics office's stocktake.
    const outsider = await hub.app.inject({
      method: 'POST',
      url: `${base}/counts`,
      headers: chemHead,
      payload: { counts: [{ assetId: a[0], result: 'found' }] },
    });
    expect(outsider.statusCode).toBe(403);
    const counted = await hub.call('department_head', 'POST', `${base}/counts`, {
      counts: [
        { assetId: a[0], result: 'found' },
        { assetId: a[1], result: 'found', location: 'Library 4F' },
        { assetId: a[2], result: 'not_found' },
        { assetId: a[3], result: 'not_found' },
        { assetId: elsewhere, result: 'found', location: 'Library 2F' },
        { result: 'extra', description: 'Unlabelled projector, Sony', location: 'Library 1F' },
      ],
    });
    expect(counted.statusCode, counted.body).toBe(200);
    expect(counted.json<{ items: Line[] }>().items.map((l) => l.result)).toEqual([
      'found',
      'found',
      'not_found',
      'not_found',
      'extra',
      'extra',
    ]);
    const bad = await hub.call('asset_clerk', 'POST', `${base}/counts`, {
      counts: [{ assetId: 'NOPE', result: 'found', location: 'x' }],
    });
    expect(bad.json()).toMatchObject({ code: 'invalid', field: 'counts.0.assetId' });
    expect((await hub.call('asset_clerk', 'POST', `${base}/counts`, { counts: [{ result: 'extra' }] })).json()).toMatchObject({
      field: 'counts.0.description',
    });
    expect(
      (await hub.call('technician', 'POST', `${base}/counts`, { counts: [{ assetId: a[4], result: 'found' }] })).statusCode,
    ).toBe(403);

    // Not everything is counted yet.
    const early = await hub.call('asset_clerk', 'POST', `${base}/close`);
    expect(early.statusCode).toBe(409);
    expect(early.json<{ message: string }>().message).toMatch(/1 asset\(s\) .* not counted/);
    await hub.call('asset_clerk', 'POST', `${base}/counts`, {
      counts: [{ assetId: a[4], result: 'found', location: 'Library 1F' }],
    });

    const detail = (await hub.call('asset_clerk', 'GET', base)).json<{
      reconciliation: { counted: number; matched: number; unresolved: number; moved: Line[]; losses: Line[]; surplus: Line[] };
    }>().reconciliation;
    expect(detail).toMatchObject({ counted: 7, matched: 2, unresolved: 4 });
    expect(detail.moved.map((l) => l.assetId)).toEqual([a[1]]);
    expect(detail.losses.map((l) => l.assetId)).toEqual([a[2], a[3]]);
    expect(detail.surplus.map((l) => l.assetId)).toEqual([elsewhere, null]);
    expect((await hub.call('asset_clerk', 'POST', `${base}/close`)).json<{ message: string }>().message).toMatch(/4 discrepancy/);

    const resolve = (
      line: Line | undefined,
      cause: string,
      action: string,
      role: 'asset_clerk' | 'department_head' = 'asset_clerk',
    ) => hub.call(role, 'POST', `${base}/lines/${line?.id}/resolution`, { cause, action });
    const [lossA, lossB] = detail.losses;
    const [extraKnown, extraUnknown] = detail.surplus;
    expect((await resolve(lossA, 'x', 'relocate')).json()).toMatchObject({ code: 'invalid', field: 'action' });
    expect((await resolve(detail.moved[0], 'x', 'investigate')).statusCode).toBe(409);
    expect((await resolve(lossA, 'x', 'write_off', 'department_head')).statusCode).toBe(403);
    expect((await resolve(lossA, 'stolen during the holiday; door lock replaced', 'write_off')).statusCode).toBe(200);
    expect((await resolve(lossB, 'probably lent without a record', 'investigate')).statusCode).toBe(200);
    expect((await resolve(extraKnown, 'moved without a transfer; reminded departments of AST-5', 'relocate')).statusCode).toBe(
      200,
    );
    expect((await resolve(extraUnknown, 'donated by alumni, never registered', 'register')).statusCode).toBe(200);

    const closed = await hub.call('asset_clerk', 'POST', `${base}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ stocktake: { status: 'closed' }, reconciliation: { unresolved: 0 } });
    expect((await asset(hub, a[2] ?? '')).status).toBe('pending_disposal');
    expect((await asset(hub, a[3] ?? '')).status).toBe('missing');
    expect((await asset(hub, a[1] ?? '')).location).toBe('Library 4F');
    expect(await asset(hub, elsewhere)).toMatchObject({ location: 'Library 2F', departmentId: OTHER_DEPARTMENT });
    expect((await asset(hub, a[0] ?? '')).location).toBe('Library 3F');

    // Closed: no more counting.
    expect(
      (await hub.call('asset_clerk', 'POST', `${base}/counts`, { counts: [{ assetId: a[0], result: 'found' }] })).statusCode,
    ).toBe(409);
    expect((await hub.call('asset_clerk', 'POST', `${base}/close`)).statusCode).toBe(409);

    const audit = await auditActions(hub, 'stocktake', stocktake.id);
    expect(audit).toEqual([
      'stocktake.planned',
      'stocktake.counted',
      'stocktake.counted',
      'stocktake.discrepancy_resolved',
      'stocktake.discrepancy_resolved',
      'stocktake.discrepancy_resolved',
      'stocktake.discrepancy_resolved',
      'stocktake.closed',
    ]);
    expect(await auditActions(hub, 'asset', a[2] ?? '')).toEqual(['asset.registered', 'asset.disposal_requested']);
    expect(await auditActions(hub, 'asset', a[3] ?? '')).toEqual(['asset.registered', 'asset.missing']);
    expect((await auditEntries(hub, 'asset', a[1] ?? '')).at(-1)).toMatchObject({
      action: 'asset.relocated',
      before: { location: 'Library 3F' },
      after: { location: 'Library 4F' },
    });

    // AST-6 → AST-8: the loss is written off once the asset office (another clerk or the admin) and finance approve.
    const disposal = (await hub.call('finance', 'GET', `/api/assets/${a[2]}/disposals`)).json<{
      items: Array<{ id: number; approvalRequestId: number; stocktakeId: number; condition: string }>;
    }>().items[0];
    expect(disposal).toMatchObject({ stocktakeId: stocktake.id, condition: 'missing (盘亏)' });
    await decide(hub, 'admin', disposal?.approvalRequestId ?? 0);
    await decide(hub, 'finance', disposal?.approvalRequestId ?? 0);
    const writeOff = await hub.call('asset_clerk', 'POST', `/api/assets/disposals/${disposal?.id}/execution`, {
      method: 'write_off',
      executedOn: '2025-06-30',
      notes: 'police report 2025-0612',
    });
    expect(writeOff.json()).toMatchObject({ status: 'executed', method: 'write_off' });
    expect((await asset(hub, a[2] ?? '')).status).toBe('disposed');
  });

  it('AST-6 a missing asset found at the next stocktake is back in use; plans refuse unknown scopes', async () => {
    const planned = await hub.call('asset_clerk', 'POST', '/api/assets/stocktakes', {
      title: 'Library 2F recount',
      locationPrefix: 'Library 2F',
    });
    const { stocktake, lines } = planned.json<{ stocktake: { id: number }; lines: number }>();
    expect(lines).toBe(2);
    const base = `/api/assets/stocktakes/${stocktake.id}`;
    const sheet = (await hub.call('asset_clerk', 'GET', `${base}/sheet`)).json<{ items: Line[] }>().items;
    await hub.call('asset_clerk', 'POST', `${base}/counts`, {
      counts: sheet.map((l) => ({ assetId: l.assetId, result: 'found' })),
    });
    expect((await hub.call('asset_clerk', 'POST', `${base}/close`)).statusCode).toBe(200);
    expect((await asset(hub, a[3] ?? '')).status).toBe('in_use');
    expect(await auditActions(hub, 'asset', a[3] ?? '')).toEqual(['asset.registered', 'asset.missing', 'asset.found']);

    expect(
      (await hub.call('asset_clerk', 'POST', '/api/assets/stocktakes', { title: 'x', categoryCode: 'NOPE' })).json(),
    ).toMatchObject({
      field: 'categoryCode',
    });
    expect(
      (await hub.call('asset_clerk', 'POST', '/api/assets/stocktakes', { title: 'x', departmentId: 'nowhere' })).json(),
    ).toMatchObject({
      field: 'departmentId',
    });
    expect((await hub.call('department_head', 'POST', '/api/assets/stocktakes', { title: 'x' })).statusCode).toBe(403);
    expect((await hub.call('asset_clerk', 'GET', '/api/assets/stocktakes/999999')).statusCode).toBe(404);
    const list = (await hub.call('department_head', 'GET', '/api/assets/stocktakes')).json<{ items: Array<{ id: number }> }>();
    expect(list.items).toHaveLength(2);
  });
});
