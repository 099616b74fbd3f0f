import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions, auditEntries, multipart } from '../assets/helpers.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';

interface Report {
  kind: string;
  dryRun: boolean;
  imported: boolean;
  total: number;
  accepted: number;
  rejected: Array<{ row: number; field: string; reason: string }>;
  ids: string[];
  temporaryPasswords: Array<{ username: string; password: string }>;
}

describe.each(testAdapters())('SYS-3 CSV import on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const post = async (
    kind: string,
    csv: string,
    role: 'admin' | 'asset_clerk' | 'logistics_manager' | 'technician',
    dryRun = false,
  ) =>
    hub.app.inject({
      method: 'POST',
      url: `/api/import/${kind}${dryRun ? '?dryRun=true' : ''}`,
      headers: { ...(await hub.as(role)), 'content-type': 'text/csv' },
      payload: csv,
    });
  const count = async (table: string) =>
    Number((await hub.database.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);

  it('SYS-3 departments: a dry run validates and stores nothing; the real run stores all and audits each record and the batch', async () => {
    const csv = '部门编号,部门名称,中文名称,上级部门\nacademic,Academic affairs,教务处,\nmath,Mathematics,数学系,academic\n';
    const before = await count('departments');
    const dry = await post('departments', csv, 'logistics_manager', true);
    expect(dry.statusCode).toBe(200);
    expect(dry.json<Report>()).toMatchObject({
      dryRun: true,
      imported: false,
      total: 2,
      accepted: 2,
      rejected: [],
      ids: ['academic', 'math'],
    });
    expect(await count('departments')).toBe(before);
    const real = await post('departments', csv, 'logistics_manager');
    expect(real.statusCode, real.body).toBe(201);
    expect(real.json<Report>()).toMatchObject({ imported: true, accepted: 2, ids: ['academic', 'math'] });
    expect(await count('departments')).toBe(before + 2);
    expect(await auditActions(hub, 'department', 'math')).toEqual(['department.created']);
    const batch = (await hub.call('admin', 'GET', '/api/audit?action=import.completed')).json<{
      items: Array<{ after: { kind: string; ids: string[] } }>;
    }>();
    expect(batch.items[0]?.after).toMatchObject({ kind: 'departments', ids: ['academic', 'math'] });
  });

  it('SYS-3 categories and assets: one bad row refuses the whole file with row, field and reason', async () => {
    const categories =
      'code,name,depreciation_method,useful_life_months,residual_rate,parent_code\nIT,IT equipment,年限平均法,60,5%,\nIT.PC,Computers,,,,IT\nFUR,Furniture,sum_of_years,60,0.05,\n';
    const stored = await post('categories', categories, 'asset_clerk');
    expect(stored.statusCode, stored.body).toBe(201);

    const header = '资产编号,资产名称,分类编码,型号,使用部门,存放地点,供应商,购置日期,金额,累计折旧\n';
    const good = 'ZC-0001,Desktop PC,IT.PC,OptiPlex 7010,math,Math building 201,Dell,2023-09-01,5200.00,1500\n';
    const badRows = [
      'ZC-0002,Projector,IT.NOPE,,math,,,2023-09-01,3000,\n',
      'ZC-0003,Desk,FUR,,nowhere,,,2023-13-01,abc,\n',
      'ZC-0001,Duplicate number,FUR,,math,,,2023-09-01,100,\n',
    ].join('');
    const body = multipart([{ fileName: 'assets.csv', type: 'text/csv', data: Buffer.from(header + good + badRows) }]);
    const before = await count('assets');
    const refused = await hub.app.inject({
      method: 'POST',
      url: '/api/import/assets',
      headers: { ...(await hub.as('asset_clerk')), ...body.headers },
      payload: body.payload,
    });
    expect(refused.statusCode, refused.body).toBe(422);
    const report = refused.json<Report>();
    expect(report).toMatchObject({ imported: false, total: 4 });
    expect(report.rejected.map((r) => `${r.row}:${r.field}`)).toEqual([
      '3:category_code',
      '4:purchase_date',
      '4:amount',
      '5:asset_no',
    ]);
    expect(report.rejected[3]?.reason).toMatch(/exists already/);
    expect(await count('assets')).toBe(before);
    expect(await auditActions(hub, 'asset', 'ZC-0001')).toEqual([]);

    const once = multipart([{ fileName: 'assets.csv', type: 'text/csv', data: Buffer.from(header + good) }]);
    const imported = await hub.app.inject({
      method: 'POST',
      url: '/api/import/assets',
      headers: { ...(await hub.as('logistics_manager')), ...once.headers },
      payload: once.payload,
    });
    expect(imported.statusCode, imported.body).toBe(201);
    const detail = (await hub.call('finance', 'GET', '/api/assets/ZC-0001')).json<{
      asset: { status: string; departmentId: string };
      accumulatedDepreciation: number;
    }>();
    expect(detail).toMatchObject({ asset: { status: 'in_use', departmentId: 'math' }, accumulatedDepreciation: 1500 });
    const entries = await auditEntries(hub, 'asset', 'ZC-0001');
    expect(entries.map((e) => e.action)).toEqual(['asset.imported']);
  });

  it('SYS-3 staff: users with roles and skills, each with a temporary password shown once and changed at first sign-in', async () => {
    const csv =
      'username,姓名,角色,部门,技能\nzhang.san,Zhang San,technician,math,electrical:3;plumbing:2\nli.si,Li Si,technician;maintenance_planner,,hvac:4\n';
    expect((await post('staff', csv, 'logistics_manager')).statusCode).toBe(403);
    expect((await post('staff', csv, 'asset_clerk')).statusCode).toBe(403);
    const dry = (await post('staff', csv, 'admin', true)).json<Report>();
    expect(dry).toMatchObject({ imported: false, accepted: 2, temporaryPasswords: [] });
    const response = await post('staff', csv, 'admin');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const report = response.json<Report>();
    expect(report.temporaryPasswords.map((p) => p.username)).toEqual(['zhang.san', 'li.si']);
    const password = report.temporaryPasswords[0]?.password ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const login = await hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zhang.san', password } });
    expect(login.json()).toMatchObject({ user: { roles: ['technician'], departmentId: 'math', mustChangePassword: true } });
    const token = login.json<{ token: string }>().token;
    const blocked = await hub.app.inject({
      method: 'GET',
      url: '/api/approvals/inbox',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });
    const profile = (await hub.call('logistics_manager', 'GET', `/api/staff/${report.ids[0]}`)).json<{
      skills: Array<{ skill: string; level: number }>;
    }>();
    expect(profile.skills).toEqual([
      { skill: 'electrical', level: 3 },
      { skill: 'plumbing', level: 2 },
    ]);
    expect(await auditActions(hub, 'user', report.ids[0] ?? '')).toEqual(['user.created', 'staff.skills_set']);

    const again = await post(
      'staff',
      'username,display_name,roles\nwang.wu,Wang Wu,admin\nzhang.san,Zhang again,technician\nzhao.liu,Zhao Liu,technician\n',
      'admin',
    );
    expect(again.statusCode).toBe(422);
    expect(again.json<Report>().rejected.map((r) => `${r.row}:${r.field}`)).toEqual(['2:roles', '3:username']);
    expect(again.json<Report>().temporaryPasswords).toEqual([]);
    const zhao = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'zhao.liu', password: 'whatever-it-was' },
    });
    expect(zhao.statusCode).toBe(401);
  });

  it('SYS-3 refuses unknown columns, empty files, non-CSV bodies and roles without import', async () => {
    const unknown = await post('categories', 'code,name,colour\nX,X,red\n', 'asset_clerk');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<Report>().rejected).toEqual([{ row: 1, field: 'colour', reason: 'is not a column of this import' }]);
    expect((await post('categories', '', 'asset_clerk')).statusCode).toBe(422);
    expect((await hub.call('asset_clerk', 'POST', '/api/import/categories', { code: 'X' })).statusCode).toBe(415);
    expect((await post('categories', 'code,name\nX,X\n', 'technician')).statusCode).toBe(403);
    const columns = (await hub.call('asset_clerk', 'GET', '/api/import/columns')).json<{
      kinds: Record<string, Array<{ key: string; aliases: string[] }>>;
    }>();
    expect(columns.kinds.assets?.find((c) => c.key === 'purchase_date')?.aliases).toContain('购置日期');
  });
});
