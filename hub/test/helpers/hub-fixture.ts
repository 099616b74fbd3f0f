import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES, type Role } from '@campus/protocol';
import { createTestDatabase, type TestAdapter, type TestDatabase } from '@campus/storage/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type GatewayFixture, startTestGateway } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { systemActor } from '../../src/actor.ts';
import { buildApp } from '../../src/app.ts';
import { migrateHub } from '../../src/runtime.ts';
import { createServices, type HubServices } from '../../src/services.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const TEST_PASSWORD = 'correct-horse-battery';
export const OFFICE = 'logistics-office';
export const OTHER_DEPARTMENT = 'chemistry';

export interface HubFixture {
  database: TestDatabase;
  gateway: GatewayFixture;
  services: HubServices;
  app: FastifyInstance;
  /** Where this hub stores uploaded files (removed by stop). */
  uploadsDir: string;
  /** The id of the user holding exactly `role` (username = role name). */
  userId(role: Role): number;
  /** Authorization headers of that user. */
  as(role: Role): Promise<Record<string, string>>;
  /** Drops the cached session of a role (after a test ended it on purpose). */
  forget(role: Role): void;
  /** Injects as a role: `call('technician', 'GET', '/api/...')`. */
  call(role: Role | null, method: HttpMethod, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

/**
 * A hub on a fresh database (either adapter) with its gateway, every context migrated and one
 * user per role (username = role, department logistics-office; the requester is in chemistry).
 */
export async function startHubFixture(adapter: TestAdapter, options: { now?: () => Date } = {}): Promise<HubFixture> {
  const database = await createTestDatabase(adapter);
  const gateway = await startTestGateway(database.db, {}, options);
  await migrateHub(database.db);
  const uploadsDir = await mkdtemp(join(tmpdir(), 'campus-hub-test-uploads-'));
  const services = createServices(database.db, { uploadsDir });
  const system = systemActor('test');
  await services.identity.saveDepartment(system, { id: OFFICE, name: 'Logistics office', name_zh: '后勤处', parent_id: null });
  await services.identity.saveDepartment(system, {
    id: OTHER_DEPARTMENT,
    name: 'Chemistry department',
    name_zh: '化学系',
    parent_id: null,
  });
  const ids = new Map<Role, number>();
  for (const role of ROLES) {
    const row = await services.identity.createUser(system, {
      username: role,
      displayName: `Test ${role}`,
      password: TEST_PASSWORD,
      roles: [role],
      departmentId: role === 'requester' ? OTHER_DEPARTMENT : OFFICE,
    });
    ids.set(role, Number(row.id));
  }
  const app = await buildApp({
    db: database.db,
    gateway: gateway.gateway,
    services,
    sessionSecret: 'test-session-secret-0123456789-abcdefghij',
    loginAttemptsPerMinute: 10_000,
  });
  await services.catering.start({ bus: gateway.gateway.bus });
  const tokens = new Map<Role, string>();
  const as = async (role: Role) => {
    let token = tokens.get(role);
    if (!token) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: role, password: TEST_PASSWORD },
      });
      if (response.statusCode !== 200) throw new Error(`login as ${role}: ${response.statusCode} ${response.body}`);
      token = response.json<{ token: string }>().token;
      tokens.set(role, token);
    }
    return { authorization: `Bearer ${token}` };
  };
  return {
    database,
    gateway,
    services,
    app,
    uploadsDir,
    as,
    forget: (role) => tokens.delete(role),
    userId(role) {
      const id = ids.get(role);
      if (id === undefined) throw new Error(`no user for ${role}`);
      return id;
    },
    async call(role: Role | null, method: HttpMethod, url: string, payload?: unknown) {
      const options: InjectOptions = { method, url, headers: role ? await as(role) : {} };
      if (payload !== undefined) options.payload = payload as NonNullable<InjectOptions['payload']>;
      return app.inject(options);
    },
    async stop() {
      await services.catering.stop();
      await app.close();
      await gateway.stop();
      await database.drop();
      await rm(uploadsDir, { recursive: true, force: true });
    },
  };
}
