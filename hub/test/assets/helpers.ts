import type { Role } from '@campus/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import type { RegisterAssetInput } from '../../src/contracts.ts';
import { type HubFixture, OFFICE, TEST_PASSWORD } from '../helpers/hub-fixture.ts';

/** Factories and small helpers for the asset tests (STYLE 13: build what a test needs, through the API where it matters). */

export const SYSTEM = systemActor('test');

export interface AssetDto {
  id: string;
  name: string;
  status: string;
  departmentId: string;
  location: string | null;
  amount: number;
  categoryCode: string;
}

/** A small classification tree: IT (straight line 5 y) > projectors; furniture (sum of years 5 y); vehicles (double declining 4 y). */
export async function seedCategories(hub: HubFixture): Promise<void> {
  const put = async (code: string, body: Record<string, unknown>) => {
    const response = await hub.call('asset_clerk', 'PUT', `/api/assets/categories/${code}`, body);
    expect(response.statusCode, response.body).toBe(200);
  };
  await put('IT', {
    name: 'IT equipment',
    nameZh: '信息设备',
    depreciationMethod: 'straight_line',
    usefulLifeMonths: 60,
    residualRate: 0.05,
  });
  await put('IT.PRJ', { name: 'Projectors', nameZh: '投影仪', parentCode: 'IT' });
  await put('FUR', {
    name: 'Furniture',
    nameZh: '家具',
    depreciationMethod: 'sum_of_years',
    usefulLifeMonths: 60,
    residualRate: 0.05,
  });
  await put('VEH', {
    name: 'Vehicles',
    nameZh: '车辆',
    depreciationMethod: 'double_declining',
    usefulLifeMonths: 48,
    residualRate: 0.04,
  });
}

let serial = 0;

/** An asset straight into the register, in use (the procurement receiving path). */
export async function registeredAsset(hub: HubFixture, input: Partial<RegisterAssetInput> = {}): Promise<string> {
  serial += 1;
  const { assetId } = await hub.database.db.transaction((tx) =>
    hub.services.assets.registerReceivedAsset(tx, SYSTEM, {
      name: `Test asset ${serial}`,
      categoryCode: 'IT',
      departmentId: OFFICE,
      location: 'Admin building 101',
      purchaseDate: '2025-01-10',
      amount: 1000,
      ...input,
    }),
  );
  return assetId;
}

export async function intake(hub: HubFixture, body: Record<string, unknown> = {}, role: Role = 'procurement_officer') {
  serial += 1;
  return hub.call(role, 'POST', '/api/assets', {
    name: `Projector ${serial}`,
    categoryCode: 'IT.PRJ',
    model: 'EB-X51',
    specification: '3600 lm, XGA',
    departmentId: OFFICE,
    location: 'Teaching building 2, room 305',
    supplierName: 'Campus AV Supplies Ltd',
    purchaseDate: '2025-03-02',
    amount: 4200,
    ...body,
  });
}

export async function decide(
  hub: HubFixture,
  who: Role | Record<string, string>,
  requestId: number,
  decision: 'approve' | 'reject' = 'approve',
  comment?: string,
): Promise<LightMyRequestResponse> {
  const headers = typeof who === 'string' ? await hub.as(who) : who;
  return hub.app.inject({
    method: 'POST',
    url: `/api/approvals/requests/${requestId}/decision`,
    headers,
    payload: comment === undefined ? { decision } : { decision, comment },
  });
}

export async function asset(hub: HubFixture, id: string): Promise<AssetDto> {
  const response = await hub.call('asset_clerk', 'GET', `/api/assets/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ asset: AssetDto }>().asset;
}

export async function auditActions(hub: HubFixture, entityType: string, entityId: string | number): Promise<string[]> {
  const response = await hub.call(
    'admin',
    'GET',
    `/api/audit?entityType=${entityType}&entityId=${encodeURIComponent(String(entityId))}&limit=500`,
  );
  return response
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}

export async function auditEntries(hub: HubFixture, entityType: string, entityId: string | number) {
  const response = await hub.call(
    'admin',
    'GET',
    `/api/audit?entityType=${entityType}&entityId=${encodeURIComponent(String(entityId))}&limit=500`,
  );
  return response
    .json<{ items: Array<{ action: string; before: unknown; after: unknown; actorName: string }> }>()
    .items.reverse();
}

/** A user with its own login, e.g. the head of another department. */
export async function userWith(
  hub: HubFixture,
  username: string,
  roles: Role[],
  departmentId: string,
): Promise<Record<string, string>> {
  await hub.services.identity.createUser(
    { ...SYSTEM, userId: null },
    { username, displayName: username, password: TEST_PASSWORD, roles, departmentId },
  );
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

/** A multipart/form-data body with the given files (field "file" unless named). */
export function multipart(files: Array<{ name?: string; fileName: string; type: string; data: Buffer }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----campus${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name ?? 'file'}"; filename="${file.fileName}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
