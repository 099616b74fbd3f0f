import type { Gateway } from '@campus/gateway';
import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { type HubFixture, OFFICE, startHubFixture, TEST_PASSWORD } from './helpers/hub-fixture.ts';

describe.each(testAdapters())('identity and audit on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const login = (username: string, password: string) =>
    hub.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  const auditOf = async (entityType: string, entityId: number | string) =>
    (await hub.call('admin', 'GET', `/api/audit?entityType=${entityType}&entityId=${entityId}`)).json<{
      items: Array<{ action: string; before: unknown; after: unknown; actorName: string }>;
    }>().items;

  it('#POST /api/auth/login signs in and /api/auth/me lists the permissions of my roles', async () => {
    const response = await login('technician', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const { token, user } = response.json<{ token: string; user: { roles: string[]; permissions: string[] } }>();
    expect(user.roles).toEqual(['technician']);
    const me = await hub.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json<{ permissions: string[] }>().permissions).toContain('approvals.use');
    expect(me.json<{ permissions: string[] }>().permissions).not.toContain('users.manage');
  });

  it('#POST /api/auth/login answers one message for a wrong password and an unknown user', async () => {
    const wrong = await login('technician', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('#POST /api/auth/login is rate-limited per address and username', async () => {
    const strict = await buildApp({
      db: hub.database.db,
      gateway: hub.gateway.gateway as Gateway,
      services: hub.services,
      sessionSecret: 'another-test-secret-0123456789-abcdefgh',
      loginAttemptsPerMinute: 3,
    });
    const codes: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      codes.push(
        (
          await strict.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'finance', password: 'guess-guess-guess' },
          })
        ).statusCode,
      );
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const other = await strict.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'trainer', password: TEST_PASSWORD },
    });
    expect(other.statusCode).toBe(200);
    await strict.close();
  });

  it('#POST /api/users creates a user who must change the password first; every step is audited', async () => {
    const created = await hub.call('admin', 'POST', '/api/users', {
      username: 'li.wei',
      displayName: '李伟',
      password: 'temporary-pass-1',
      roles: ['technician'],
      departmentId: OFFICE,
    });
    expect(created.statusCode).toBe(201);
    const user = created.json<{ id: number; mustChangePassword: boolean }>();
    expect(user.mustChangePassword).toBe(true);

    const session = await login('li.wei', 'temporary-pass-1');
    const headers = { authorization: `Bearer ${session.json<{ token: string }>().token}` };
    const blocked = await hub.app.inject({ method: 'GET', url: '/api/approvals/inbox', headers });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });

    const short = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'temporary-pass-1', newPassword: 'short' },
    });
    expect(short.json()).toMatchObject({ code: 'invalid', field: 'newPassword' });
    const wrongCurrent = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'nope-nope-nope', newPassword: 'a-much-better-one' },
    });
    expect(wrongCurrent.json()).toMatchObject({ code: 'invalid', field: 'currentPassword' });
    const changed = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers,
      payload: { currentPassword: 'temporary-pass-1', newPassword: 'a-much-better-one' },
    });
    expect(changed.statusCode).toBe(204);

    // The old token ended with the change; the new password works and nothing is blocked now.
    expect((await hub.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);
    const fresh = await login('li.wei', 'a-much-better-one');
    const inbox = await hub.app.inject({
      method: 'GET',
      url: '/api/approvals/inbox',
      headers: { authorization: `Bearer ${fresh.json<{ token: string }>().token}` },
    });
    expect(inbox.statusCode).toBe(200);

    const audit = await auditOf('user', user.id);
    expect(audit.map((entry) => entry.action)).toEqual(['user.password_changed', 'user.created']);
    expect(JSON.stringify(audit)).not.toMatch(/argon2|password_hash/);
  });

  it('#POST /api/users refuses a taken username and bad input, naming the field', async () => {
    const taken = await hub.call('admin', 'POST', '/api/users', {
      username: 'finance',
      displayName: 'x',
      password: 'long-enough-pass',
      roles: ['finance'],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'conflict', field: 'username' });
    const badRole = await hub.call('admin', 'POST', '/api/users', {
      username: 'x1',
      displayName: 'x',
      password: 'long-enough-pass',
      roles: ['wizard'],
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json<{ field: string }>().field).toMatch(/^roles/);
    const badDept = await hub.call('admin', 'POST', '/api/users', {
      username: 'x2',
      displayName: 'x',
      password: 'long-enough-pass',
      roles: ['finance'],
      departmentId: 'nope',
    });
    expect(badDept.json()).toMatchObject({ field: 'departmentId' });
    const extra = await hub.call('admin', 'POST', '/api/users', {
      username: 'x3',
      displayName: 'x',
      password: 'long-enough-pass',
      roles: ['finance'],
      salary: 1,
    });
    expect(extra.json()).toMatchObject({ code: 'invalid', field: 'salary', message: 'salary: is not allowed' });
  });

  it('#PATCH /api/users/:id changing roles ends the sessions; deactivating blocks sign-in; no self-lockout', async () => {
    const target = hub.userId('trainer');
    const headers = await hub.as('trainer');
    const changed = await hub.call('admin', 'PATCH', `/api/users/${target}`, { roles: ['trainer', 'technician'] });
    expect(changed.json()).toMatchObject({ roles: ['trainer', 'technician'] });
    expect((await hub.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode).toBe(401);

    await hub.call('admin', 'PATCH', `/api/users/${target}`, { active: false });
    expect((await login('trainer', TEST_PASSWORD)).statusCode).toBe(401);
    await hub.call('admin', 'PATCH', `/api/users/${target}`, { active: true });
    expect((await login('trainer', TEST_PASSWORD)).statusCode).toBe(200);

    const self = await hub.call('admin', 'PATCH', `/api/users/${hub.userId('admin')}`, { active: false });
    expect(self.json()).toMatchObject({ code: 'invalid', field: 'active' });
    await hub.call('admin', 'PATCH', `/api/users/${target}`, { roles: ['trainer'] });
    hub.forget('trainer');
    const audit = await auditOf('user', target);
    expect(audit[audit.length - 2]).toMatchObject({
      action: 'user.updated',
      before: { roles: ['trainer'] },
      after: { roles: ['trainer', 'technician'] },
    });
  });

  it('#GET /api/users pages with a cursor and filters by role', async () => {
    const first = (await hub.call('logistics_manager', 'GET', '/api/users?limit=5')).json<{
      items: Array<{ id: number }>;
      nextCursor: string;
    }>();
    expect(first.items).toHaveLength(5);
    const second = (await hub.call('logistics_manager', 'GET', `/api/users?limit=5&cursor=${first.nextCursor}`)).json<{
      items: Array<{ id: number }>;
    }>();
    expect(second.items[0]?.id).toBeGreaterThan(first.items[4]?.id ?? Infinity);
    const technicians = (await hub.call('logistics_manager', 'GET', '/api/users?role=technician')).json<{
      items: Array<{ roles: string[] }>;
    }>();
    expect(technicians.items.every((user) => user.roles.includes('technician'))).toBe(true);
  });

  it('#PUT /api/departments/:id creates and updates with before/after in the audit', async () => {
    await hub.call('logistics_manager', 'PUT', '/api/departments/physics', { name: 'Physics', nameZh: '物理系' });
    const updated = await hub.call('logistics_manager', 'PUT', '/api/departments/physics', {
      name: 'Physics department',
      nameZh: '物理系',
    });
    expect(updated.json()).toEqual({ id: 'physics', name: 'Physics department', nameZh: '物理系', parentId: null });
    const loop = await hub.call('logistics_manager', 'PUT', '/api/departments/physics', { name: 'P', parentId: 'physics' });
    expect(loop.json()).toMatchObject({ field: 'parentId' });
    const audit = await auditOf('department', 'physics');
    expect(audit[0]).toMatchObject({
      action: 'department.updated',
      before: { name: 'Physics' },
      after: { name: 'Physics department' },
    });
  });

  it('MNT-3 keeps staff skills, certifications with expiry, and shifts', async () => {
    const technician = hub.userId('technician');
    await hub.call('logistics_manager', 'PUT', `/api/staff/${technician}/skills`, {
      skills: [
        { skill: 'electrical', level: 4 },
        { skill: 'hvac', level: 2 },
      ],
    });
    const cert = await hub.call('trainer', 'POST', `/api/staff/${technician}/certifications`, {
      kind: 'high_voltage',
      number: 'HV-2026-001',
      issuedOn: '2026-01-10',
      expiresOn: '2029-01-09',
    });
    expect(cert.statusCode).toBe(201);
    const backwards = await hub.call('trainer', 'POST', `/api/staff/${technician}/certifications`, {
      kind: 'gas',
      number: 'G-1',
      issuedOn: '2026-01-10',
      expiresOn: '2025-01-09',
    });
    expect(backwards.json()).toMatchObject({ field: 'expiresOn' });
    const start = new Date(Date.now() + 3_600_000);
    const shifts = await hub.call('logistics_manager', 'POST', `/api/staff/${technician}/shifts`, {
      shifts: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 8 * 3_600_000).toISOString() }],
    });
    expect(shifts.statusCode).toBe(201);
    const suspended = await hub.call('trainer', 'PATCH', `/api/certifications/${cert.json<{ id: number }>().id}`, {
      status: 'suspended',
    });
    expect(suspended.json()).toMatchObject({ status: 'suspended', expiresOn: '2029-01-09' });

    const profile = (await hub.call('maintenance_planner', 'GET', `/api/staff/${technician}`)).json<{
      skills: unknown[];
      certifications: Array<{ status: string }>;
      shifts: unknown[];
    }>();
    expect(profile.skills).toEqual([
      { skill: 'electrical', level: 4 },
      { skill: 'hvac', level: 2 },
    ]);
    expect(profile.certifications).toMatchObject([{ kind: 'high_voltage', status: 'suspended' }]);
    expect(profile.shifts).toHaveLength(1);
    expect((await auditOf('certification', cert.json<{ id: number }>().id)).map((e) => e.action)).toEqual([
      'certification.suspended',
      'certification.added',
    ]);
  });

  it('DAT-6 keeps the audit log append-only, even for the database owner', async () => {
    await expect(hub.database.db.query("UPDATE audit_log SET actor_name = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(hub.database.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('#GET /api/audit filters by actor and pages', async () => {
    const mine = (await hub.call('data_reviewer', 'GET', `/api/audit?actorId=${hub.userId('admin')}&limit=2`)).json<{
      items: Array<{ actorName: string }>;
      nextCursor: string | null;
    }>();
    expect(mine.items).toHaveLength(2);
    expect(mine.items.every((entry) => entry.actorName === 'Test admin')).toBe(true);
    expect(mine.nextCursor).not.toBeNull();
  });
});
