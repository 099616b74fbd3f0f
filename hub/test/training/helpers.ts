import type { Role } from '@campus/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import { type HubFixture, OFFICE, TEST_PASSWORD } from '../helpers/hub-fixture.ts';

export const SYSTEM = systemActor('test');
const HOUR = 3_600_000;
export const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();

export interface PlanDetailDto {
  plan: { id: number; year: number; status: string; approvalId: number | null; returnReason: string | null };
  courses: Array<{ id: number; title: string; format: string; months: number[]; certification: string | null }>;
  sessions: { scheduled: number; held: number; cancelled: number };
}

export interface PerformanceDto {
  id: number;
  resultId: number;
  user: { id: number; name: string };
  score: number;
  passed: boolean;
  topic: string;
  outcome: string;
  recognition: boolean;
  retraining: boolean;
  reassessmentDueOn: string | null;
  retrainingSessionId: number | null;
  referral: boolean;
  certificationEffect: string | null;
  certificationId: number | null;
  open: boolean;
  settledBy: number | null;
}

export function ok<T>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
}

export function noContent(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBe(204);
}

/** A staff member with skills and certifications (created through the services, like an import would). */
export async function addStaff(
  hub: HubFixture,
  username: string,
  profile: {
    roles?: Role[];
    departmentId?: string;
    skills?: Array<{ skill: string; level: number }>;
    certifications?: Array<{ kind: string; expiresOn: string }>;
  } = {},
): Promise<{ id: number; certificationIds: number[] }> {
  const user = await hub.services.identity.createUser(SYSTEM, {
    username,
    displayName: `Staff ${username}`,
    password: TEST_PASSWORD,
    roles: profile.roles ?? ['technician'],
    departmentId: profile.departmentId ?? OFFICE,
  });
  const id = Number(user.id);
  if (profile.skills) await hub.services.identity.setSkills(SYSTEM, id, profile.skills);
  const certificationIds: number[] = [];
  for (const [index, cert] of (profile.certifications ?? []).entries()) {
    const row = await hub.services.identity.addCertification(SYSTEM, {
      userId: id,
      kind: cert.kind,
      number: `${username}-${index}`,
      issuedOn: '2020-01-01',
      expiresOn: cert.expiresOn,
    });
    certificationIds.push(Number(row.id));
  }
  return { id, certificationIds };
}

export async function loginAs(hub: HubFixture, username: string): Promise<Record<string, string>> {
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  return { authorization: `Bearer ${response.json<{ token: string }>().token}` };
}

export const COURSES = [
  {
    title: 'Logistics system operation',
    titleZh: '后勤管理系统操作',
    area: 'system_skills',
    format: 'class',
    audience: ['technician', 'asset_clerk'],
    skills: ['system_operation'],
    months: [3, 9],
    hours: 4,
  },
  {
    title: 'Boiler operator refresher',
    titleZh: '锅炉操作证复训',
    area: 'safety',
    format: 'hands_on',
    audience: ['technician'],
    skills: ['boiler'],
    certification: 'boiler',
    months: [5],
    hours: 8,
  },
];

/** A plan for `year`, created by the trainer, approved by the logistics manager, optionally started. */
export async function approvedPlan(hub: HubFixture, year: number, start = true): Promise<PlanDetailDto> {
  const created = ok<PlanDetailDto>(
    await hub.call('trainer', 'POST', '/api/training/plans', {
      year,
      title: `Training plan ${year}`,
      titleZh: `${year}年培训计划`,
      goals: ['Every technician operates the system unaided'],
      courses: COURSES,
    }),
    201,
  );
  const submitted = ok<{ approvalId: number }>(
    await hub.call('trainer', 'POST', `/api/training/plans/${created.plan.id}/submit`),
  );
  ok(
    await hub.call('logistics_manager', 'POST', `/api/approvals/requests/${submitted.approvalId}/decision`, {
      decision: 'approve',
    }),
  );
  if (start) ok(await hub.call('trainer', 'POST', `/api/training/plans/${created.plan.id}/start`));
  return ok<PlanDetailDto>(await hub.call('trainer', 'GET', `/api/training/plans/${created.plan.id}`));
}

export async function auditActions(hub: HubFixture, entityType: string, entityId: number): Promise<string[]> {
  return (await hub.call('admin', 'GET', `/api/audit?entityType=${entityType}&entityId=${entityId}&limit=200`))
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}
