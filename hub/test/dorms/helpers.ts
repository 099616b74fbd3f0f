import { randomBytes } from 'node:crypto';
import type { Role } from '@campus/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import type { HubFixture } from '../helpers/hub-fixture.ts';

export const SYSTEM = systemActor('test');
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

const HOUR = 3_600_000;
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

export interface ResidentDto {
  id: number;
  personNo: string;
  name: string;
  status: string;
  cohort: string | null;
  userId: number | null;
  hasIdDocument: boolean;
  place: { buildingId: string; roomId: string; roomNumber: string; bedId: string; bedLabel: string; floor: number } | null;
}

export interface ItemDto {
  id: number;
  roomId: string;
  kind: string;
  label: string;
  assetId: string | null;
  condition: string;
}

/** The value, or a failed test naming what was missing (instead of an unchecked `as`). */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}`);
  return value;
}

/** Asserts the status, with the body in the message when it differs. */
export function expectStatus(response: LightMyRequestResponse, status: number): void {
  expect(response.statusCode, response.body).toBe(status);
}

export async function ok<T>(promise: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const response = await promise;
  expectStatus(response, status);
  return response.json<T>();
}

export async function building(
  hub: HubFixture,
  id: string,
  gender: 'male' | 'female' | 'mixed',
  floors = 3,
  extra: Record<string, unknown> = {},
) {
  return ok<{ id: string }>(
    hub.call('dorm_manager', 'PUT', `/api/dorms/buildings/${id}`, { name: `${id}号楼`, gender, floors, ...extra }),
  );
}

export async function room(hub: HubFixture, buildingId: string, floor: number, number: string, beds = 4, facilities?: string) {
  return ok<{ id: string }>(
    hub.call('dorm_manager', 'POST', '/api/dorms/rooms', {
      buildingId,
      floor,
      number,
      beds,
      ...(facilities ? { facilities } : {}),
    }),
    201,
  );
}

let serial = 0;
export async function resident(
  hub: HubFixture,
  input: { gender: 'male' | 'female'; cohort?: string; name?: string; userId?: number; idLast4?: string },
): Promise<ResidentDto> {
  serial += 1;
  return ok<ResidentDto>(
    hub.call('dorm_manager', 'POST', '/api/dorms/residents', {
      personNo: `S${Date.now().toString(36)}${serial}`,
      name: input.name ?? `Student ${serial}`,
      gender: input.gender,
      cohort: input.cohort ?? 'CS-1',
      phone: '13800138000',
      idLast4: input.idLast4 ?? '1234',
      ...(input.userId ? { userId: input.userId } : {}),
    }),
    201,
  );
}

export async function roomItems(hub: HubFixture, roomId: string): Promise<ItemDto[]> {
  return (await ok<{ facilities: ItemDto[] }>(hub.call('dorm_manager', 'GET', `/api/dorms/rooms/${encodeURIComponent(roomId)}`)))
    .facilities;
}

/** Allocates the named residents and returns them as they are now. */
export async function allocateAll(hub: HubFixture, residentIds: number[]): Promise<void> {
  const result = await ok<{ placed: number }>(hub.call('dorm_manager', 'POST', '/api/dorms/allocations', { residentIds }), 201);
  expect(result.placed).toBe(residentIds.length);
}

export async function checkIn(hub: HubFixture, r: ResidentDto, cardId?: string): Promise<ResidentDto> {
  const current = await ok<ResidentDto>(hub.call('dorm_manager', 'GET', `/api/dorms/residents/${r.id}`));
  const roomId = current.place?.roomId;
  if (!roomId) throw new Error(`resident ${r.id} has no room`);
  const items = (await roomItems(hub, roomId)).map((i) => ({ itemId: i.id, condition: 'ok' }));
  const result = await ok<{ resident: ResidentDto }>(
    hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
      personNo: r.personNo,
      idLast4: '1234',
      items,
      ...(cardId ? { cardId } : {}),
    }),
    201,
  );
  return result.resident;
}

export async function decide(hub: HubFixture, role: Role, approvalId: number, decision: 'approve' | 'reject', comment?: string) {
  return hub.call(role, 'POST', `/api/approvals/requests/${approvalId}/decision`, { decision, ...(comment ? { comment } : {}) });
}

export async function auditActions(hub: HubFixture, entityType: string, entityId: string | number): Promise<string[]> {
  const response = await hub.call(
    'admin',
    'GET',
    `/api/audit?entityType=${entityType}&entityId=${encodeURIComponent(String(entityId))}&limit=200`,
  );
  expectStatus(response, 200);
  return response
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}

export async function access(hub: HubFixture, cardId: string): Promise<Record<string, { allowed: boolean; reason: string }>> {
  const rows = await hub.database.db.query<{ gate_device_id: string; allowed: boolean; reason: string }>(
    'SELECT gate_device_id, allowed, reason FROM gate_card_access WHERE card_id = $1 ORDER BY gate_device_id',
    [cardId],
  );
  return Object.fromEntries(rows.map((r) => [r.gate_device_id, { allowed: r.allowed, reason: r.reason }]));
}

export function multipart(files: Array<{ name: string; type: string; bytes: Buffer }>) {
  const boundary = `----dorms${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
