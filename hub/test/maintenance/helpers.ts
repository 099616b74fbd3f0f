import { randomBytes } from 'node:crypto';
import type { Role } from '@campus/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { systemActor } from '../../src/actor.ts';
import { type HubFixture, OFFICE, TEST_PASSWORD } from '../helpers/hub-fixture.ts';

export const SYSTEM = systemActor('test');
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

const HOUR = 3_600_000;
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
export const ON_SHIFT = { startsAt: hoursFromNow(-1), endsAt: hoursFromNow(8) };
export const OFF_SHIFT = { startsAt: hoursFromNow(10), endsAt: hoursFromNow(18) };

export interface TicketDto {
  id: number;
  status: string;
  resolution: string | null;
  closeReason: string | null;
  faultType: string | null;
  urgency: string | null;
  assetId: string | null;
  evidence: Record<string, unknown> | null;
  technician: { id: number; name: string } | null;
  requester: { id: number; name: string } | null;
  dispatchFlag: string | null;
  dispatchReason: string | null;
  scheduledAt: string | null;
  plan: string | null;
  pendingChange: { approvalId: number; reason: string } | null;
  sla: {
    respondBy: string | null;
    resolveBy: string | null;
    respondedAt: string | null;
    resolvedAt: string | null;
    respondOverdue: boolean;
    resolveOverdue: boolean;
    overdue: boolean;
  };
  rating: number | null;
  reworkCount: number;
  labourMinutes: number;
  partsCost: number;
}

export interface DetailDto {
  ticket: TicketDto;
  history: Array<{ kind: string; note: string | null; actorName: string; data: Record<string, unknown> | null }>;
  workLogs: Array<{
    steps: string;
    minutes: number;
    reworkRound: number;
    parts: Array<{ name: string; quantity: number; cost: number }>;
  }>;
  photos: Array<{ id: number; url: string; contentType: string; bytes: number }>;
}

/** A technician (or any staff user) with skills, certifications and shifts, signed in. */
export async function addStaff(
  hub: HubFixture,
  username: string,
  profile: {
    roles?: Role[];
    skills?: Array<{ skill: string; level: number }>;
    certifications?: Array<{ kind: string; expiresOn: string }>;
    shifts?: Array<{ startsAt: string; endsAt: string }>;
  },
): Promise<{ id: number; headers: Record<string, string>; certificationIds: number[] }> {
  const user = await hub.services.identity.createUser(SYSTEM, {
    username,
    displayName: `Tech ${username}`,
    password: TEST_PASSWORD,
    roles: profile.roles ?? ['technician'],
    departmentId: OFFICE,
  });
  const id = Number(user.id);
  return { id, headers: await loginAs(hub, username), certificationIds: await qualify(hub, id, profile) };
}

export async function qualify(
  hub: HubFixture,
  userId: number,
  profile: {
    skills?: Array<{ skill: string; level: number }>;
    certifications?: Array<{ kind: string; expiresOn: string }>;
    shifts?: Array<{ startsAt: string; endsAt: string }>;
  },
): Promise<number[]> {
  if (profile.skills) await hub.services.identity.setSkills(SYSTEM, userId, profile.skills);
  const certificationIds: number[] = [];
  for (const cert of profile.certifications ?? []) {
    const row = await hub.services.identity.addCertification(SYSTEM, {
      userId,
      kind: cert.kind,
      number: `C-${randomBytes(3).toString('hex')}`,
      issuedOn: '2020-01-01',
      expiresOn: cert.expiresOn,
    });
    certificationIds.push(Number(row.id));
  }
  if (profile.shifts) await hub.services.identity.addShifts(SYSTEM, userId, profile.shifts);
  return certificationIds;
}

export async function loginAs(hub: HubFixture, username: string): Promise<Record<string, string>> {
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

export function multipart(files: Array<{ name: string; type: string; bytes: Buffer }>) {
  const boundary = `----campus${randomBytes(8).toString('hex')}`;
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

export async function report(hub: HubFixture, role: Role, overrides: Record<string, unknown> = {}): Promise<TicketDto> {
  const response = await hub.call(role, 'POST', '/api/maintenance/tickets', {
    title: 'Tap leaks',
    description: 'The tap in the washroom drips all night.',
    place: { buildingId: 'dorm-3', roomId: '402', text: 'Dorm 3, room 402 / 3号楼402室' },
    ...overrides,
  });
  if (response.statusCode !== 201) throw new Error(`report: ${response.statusCode} ${response.body}`);
  return response.json<TicketDto>();
}

export function json<T>(response: LightMyRequestResponse): T {
  return response.json<T>();
}

export async function auditActions(hub: HubFixture, ticketId: number): Promise<string[]> {
  const response = await hub.call('admin', 'GET', `/api/audit?entityType=maintenance_ticket&entityId=${ticketId}&limit=200`);
  return response
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}
