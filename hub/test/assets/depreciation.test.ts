import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, intake, registeredAsset, seedCategories } from './helpers.ts';

interface Line {
  assetId: string;
  amount: number;
  accumulated: number;
  bookValue: number;
  monthIndex: number;
  method: string;
}

describe.each(testAdapters())('AST-7 depreciation on %s', (adapter) => {
  let hub: HubFixture;
  const ids: Record<'sl' | 'syd' | 'ddb' | 'tool' | 'chem', string> = { sl: '', syd: '', ddb: '', tool: '', chem: '' };

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedCategories(hub);
    const tools = await hub.call('asset_clerk', 'PUT', '/api/assets/categories/TOOLS', {
      name: 'Hand tools',
      depreciationMethod: 'straight_line',
      usefulLifeMonths: 12,
      residualRate: 0.1,
    });
    expect(tools.statusCode).toBe(200);
    ids.sl = await registeredAsset(hub, { name: 'Server', categoryCode: 'IT', amount: 10_000, purchaseDate: '2025-01-10' });
    ids.syd = await registeredAsset(hub, {
      name: 'Lecture hall seats',
      categoryCode: 'FUR',
      amount: 10_000,
      purchaseDate: '2025-01-10',
    });
    ids.ddb = await registeredAsset(hub, { name: 'Campus van', categoryCode: 'VEH', amount: 10_000, purchaseDate: '2025-01-20' });
    ids.tool = await registeredAsset(hub, {
      name: 'Drill set',
      categoryCode: 'TOOLS',
      amount: 1_200,
      purchaseDate: '2024-06-15',
    });
    ids.chem = await registeredAsset(hub, {
      name: 'Balance',
      categoryCode: 'IT',
      amount: 2_400,
      purchaseDate: '2025-01-31',
      departmentId: OTHER_DEPARTMENT,
    });
    // Awaiting acceptance: not on the books yet. Bought this month: starts next month.
    await intake(hub, { purchaseDate: '2025-01-05', amount: 50_000 });
    await registeredAsset(hub, { name: 'Bought in February', categoryCode: 'IT', amount: 999, purchaseDate: '2025-02-03' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const run = (period: string, role: 'finance' | 'asset_clerk' | 'technician' = 'finance') =>
    hub.call(role, 'POST', '/api/assets/depreciation/runs', { period });
  const lines = async (period: string) => {
    const response = await hub.call('finance', 'GET', `/api/assets/depreciation/report/assets?period=${period}&limit=500`);
    expect(response.statusCode, response.body).toBe(200);
    return new Map(response.json<{ items: Line[] }>().items.map((l) => [l.assetId, l]));
  };

  it('AST-7 books each method per its category, from the month after purchase (hand-computed figures)', async () => {
    const response = await run('2025-02');
    expect(response.statusCode, response.body).toBe(201);
    const february = await lines('2025-02');
    // 9,500 / 60; 9,500 × 5/15 / 12; 10,000 × 2/4 / 12; (1,200 − 120) × 8/12 caught up; 2,280 / 60.
    expect(february.get(ids.sl)).toMatchObject({
      amount: 158.33,
      accumulated: 158.33,
      bookValue: 9841.67,
      monthIndex: 1,
      method: 'straight_line',
    });
    expect(february.get(ids.syd)).toMatchObject({ amount: 263.88, method: 'sum_of_years' });
    expect(february.get(ids.ddb)).toMatchObject({ amount: 416.66, method: 'double_declining' });
    expect(february.get(ids.tool)).toMatchObject({ amount: 720, accumulated: 720, bookValue: 480, monthIndex: 8 });
    expect(february.get(ids.chem)).toMatchObject({ amount: 38 });
    expect(february.size).toBe(5);
    expect(response.json()).toMatchObject({
      period: '2025-02',
      assetCount: 5,
      total: 1596.87,
      created: true,
      runBy: 'Test finance',
    });
  });

  it('AST-7 running a period again changes nothing; earlier, future and malformed periods are refused', async () => {
    const again = await run('2025-02', 'asset_clerk');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      period: '2025-02',
      assetCount: 5,
      total: 1596.87,
      created: false,
      runBy: 'Test finance',
    });
    expect((await lines('2025-02')).size).toBe(5);
    expect(await auditActions(hub, 'depreciation_run', '2025-02')).toEqual(['depreciation.run']);
    expect((await run('2025-01')).json()).toMatchObject({ code: 'illegal_transition' });
    expect((await run('2099-01')).json()).toMatchObject({ code: 'invalid', field: 'period' });
    expect((await run('2025-13')).json()).toMatchObject({ code: 'invalid', field: 'period' });
    expect((await run('2025-03', 'technician')).statusCode).toBe(403);
    expect((await hub.call('department_head', 'GET', '/api/assets/depreciation/report?period=2025-02')).statusCode).toBe(403);
  });

  it('AST-7 a skipped month is caught up; depreciation stops at the residual value at the end of life', async () => {
    await run('2025-03');
    const march = await lines('2025-03');
    expect(march.get(ids.tool)).toMatchObject({ amount: 90, bookValue: 390, monthIndex: 9 });
    await run('2025-05');
    const may = await lines('2025-05');
    expect(may.get(ids.sl)).toMatchObject({ amount: 316.66, accumulated: 633.32, monthIndex: 4 });
    expect(may.get(ids.tool)).toMatchObject({ amount: 180, bookValue: 210, monthIndex: 11 });
    await run('2025-06');
    expect((await lines('2025-06')).get(ids.tool)).toMatchObject({ amount: 90, bookValue: 120, monthIndex: 12 });
    await run('2025-07');
    const july = await lines('2025-07');
    expect(july.has(ids.tool)).toBe(false);
    expect(july.get(ids.sl)).toMatchObject({ monthIndex: 6 });
    const detail = (await hub.call('finance', 'GET', `/api/assets/${ids.tool}`)).json<{
      bookValue: number;
      accumulatedDepreciation: number;
    }>();
    expect(detail).toMatchObject({ bookValue: 120, accumulatedDepreciation: 1080 });
  });

  it('AST-7 reports per category and department, in JSON and CSV for finance', async () => {
    const report = (await hub.call('asset_clerk', 'GET', '/api/assets/depreciation/report?period=2025-02')).json<{
      run: { total: number };
      byCategory: Array<{ key: string; name: string; assets: number; amount: number }>;
      byDepartment: Array<{ key: string; assets: number; amount: number }>;
    }>();
    expect(report.run.total).toBe(1596.87);
    expect(report.byCategory.map((c) => [c.key, c.assets, c.amount])).toEqual([
      ['FUR', 1, 263.88],
      ['IT', 2, 196.33],
      ['TOOLS', 1, 720],
      ['VEH', 1, 416.66],
    ]);
    expect(report.byDepartment.map((d) => [d.key, d.assets, d.amount])).toEqual([
      [OTHER_DEPARTMENT, 1, 38],
      ['logistics-office', 4, 1558.87],
    ]);
    const csv = await hub.call('finance', 'GET', '/api/assets/depreciation/report.csv?period=2025-02');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('depreciation-2025-02-assets.csv');
    const rows = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe(
      'asset_id,name,category_code,department_id,method,month_of_life,cost,depreciation,accumulated,book_value',
    );
    expect(rows).toContain(`${ids.sl},Server,IT,logistics-office,straight_line,1,10000,158.33,158.33,9841.67`);
    expect(rows).toHaveLength(6);
    const byDepartment = await hub.call('finance', 'GET', '/api/assets/depreciation/report.csv?period=2025-02&view=departments');
    expect(byDepartment.body).toContain('logistics-office,Logistics office,4,1558.87');
    const runs = (await hub.call('finance', 'GET', '/api/assets/depreciation/runs')).json<{ items: Array<{ period: string }> }>();
    expect(runs.items.map((r) => r.period)).toEqual(['2025-07', '2025-06', '2025-05', '2025-03', '2025-02']);
  });
});
