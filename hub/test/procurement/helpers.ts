import type { Role } from '@campus/protocol';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import { type HubFixture, OFFICE, TEST_PASSWORD } from '../helpers/hub-fixture.ts';

export const SYSTEM = systemActor('test');
export const YEAR = new Date().getUTCFullYear();
const DAY_MS = 86_400_000;
export const daysFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
export const TODAY = daysFromToday(0);

export interface RequisitionDto {
  id: number;
  source: string;
  departmentId: string;
  requester: { id: number; name: string } | null;
  itemName: string;
  quantity: number;
  budget: number | null;
  itemRef: string | null;
  status: string;
  revision: number;
  approvalId: number | null;
  returnReason: string | null;
  closeReason: string | null;
  planLineId: number | null;
  committedAmount: number;
}

export interface PlanLineDto {
  id: number;
  lineNo: number;
  itemName: string;
  itemRef: string | null;
  requestedQuantity: number;
  quantity: number;
  stockOffset: number;
  estimatedAmount: number;
  method: 'direct' | 'rfq' | 'tender';
  neededBy: string;
  startBy: string;
  urgent: boolean;
  status: string;
  allocations: Array<{ requisitionId: number; departmentId: string; quantity: number; amount: number }>;
}

export interface PlanDto {
  id: number;
  lines: PlanLineDto[];
  deferred: Array<{ requisitionId: number; reason: string; message: string }>;
  coveredByStock: Array<{ requisitionId: number; quantity: number }>;
  warnings: string[];
}

export interface SupplierDto {
  id: string;
  name: string;
  status: string;
  reputation: number;
  qualified: boolean;
  stats: { deliveries: number; onTimeRate: number | null; acceptances: number; passRate: number | null; complaints: number };
  qualifications: Array<{ kind: string; number: string; expiresOn: string | null; expired: boolean; expiringSoon: boolean }>;
}

export interface RfqDetailDto {
  rfq: { id: number; number: string; status: string; awardedBidId: number | null; awardJustification: string | null };
  invitations: Array<{ supplierId: string }>;
  bids: Array<{
    id: number;
    supplierId: string;
    price: number;
    score: { qualification: number; price: number; reputation: number; total: number; rank: number } | null;
  }>;
  history: Array<{ kind: string; note: string | null; data: Record<string, unknown> | null }>;
}

export interface ContractDetailDto {
  contract: {
    id: number;
    number: string;
    status: string;
    amount: number;
    overdue: boolean;
    overdueInstalments: number;
    departmentId: string;
  };
  lines: Array<{
    id: number;
    lineNo: number;
    quantity: number;
    deliveredQuantity: number;
    acceptedQuantity: number;
    status: string;
  }>;
  instalments: Array<{
    id: number;
    seq: number;
    amount: number;
    dueOn: string;
    paidAmount: number;
    outstanding: number;
    status: string;
    overdue: boolean;
    daysOverdue: number;
  }>;
  payments: Array<{ amount: number; paidOn: string }>;
  deliveries: Array<{
    id: number;
    lineId: number;
    quantity: number;
    daysLate: number;
    acceptance: string;
    acceptedQuantity: number | null;
    receipt: Record<string, unknown> | null;
  }>;
  issues: Array<{ id: number; kind: string; status: string; description: string; handling: string | null }>;
  history: Array<{ kind: string }>;
}

export function ok<T>(response: LightMyRequestResponse, status = 200): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json<T>();
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

/** A user of a given role and department, signed in; returns a caller like hub.call. */
export async function addUser(hub: HubFixture, username: string, roles: Role[], departmentId: string) {
  const user = await hub.services.identity.createUser(SYSTEM, {
    username,
    displayName: `User ${username}`,
    password: TEST_PASSWORD,
    roles,
    departmentId,
  });
  const headers = await loginAs(hub, username);
  return {
    id: Number(user.id),
    call: (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: unknown) =>
      hub.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) }),
  };
}

export async function auditActions(hub: HubFixture, entityType: string, entityId: string | number): Promise<string[]> {
  const response = await hub.call('admin', 'GET', `/api/audit?entityType=${entityType}&entityId=${entityId}&limit=500`);
  return response
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}

export function decide(hub: HubFixture, role: Role, approvalId: number, decision: 'approve' | 'reject', comment?: string) {
  return hub.call(role, 'POST', `/api/approvals/requests/${approvalId}/decision`, { decision, ...(comment ? { comment } : {}) });
}

/** A requisition of the logistics office, raised by the canteen manager and approved by head and procurement office. */
export async function approvedRequisition(hub: HubFixture, overrides: Record<string, unknown> = {}): Promise<RequisitionDto> {
  const submitted = ok<RequisitionDto>(
    await hub.call('canteen_manager', 'POST', '/api/procurement/requisitions', {
      kind: 'goods',
      itemName: 'Flour',
      specification: 'Wheat flour, type 550, 25 kg sacks',
      quantity: 100,
      unit: 'kg',
      budget: 600,
      reason: 'Monthly bakery consumption',
      submit: true,
      ...overrides,
    }),
    201,
  );
  expect(submitted.status).toBe('submitted');
  const approvalId = submitted.approvalId ?? 0;
  ok(await decide(hub, 'department_head', approvalId, 'approve'));
  ok(await decide(hub, 'procurement_officer', approvalId, 'approve'));
  if (Number(overrides.budget ?? 0) >= 50_000) ok(await decide(hub, 'finance', approvalId, 'approve'));
  const after = ok<{ requisition: RequisitionDto }>(
    await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${submitted.id}`),
  );
  expect(after.requisition.status).toBe('approved');
  return after.requisition;
}

export async function setBudget(hub: HubFixture, departmentId: string, amount: number, year = YEAR) {
  return ok(await hub.call('finance', 'PUT', `/api/procurement/budgets/${departmentId}/${year}`, { amount }));
}

const LICENCE = (id: string) => ({ kind: 'business_license', number: `BL-${id}`, expiresOn: null });

/** A qualified supplier (business licence without expiry, plus the given ones). */
export async function addSupplier(
  hub: HubFixture,
  id: string,
  extra: { category?: string; qualifications?: Array<{ kind: string; number: string; expiresOn: string | null }> } = {},
): Promise<SupplierDto> {
  return ok<SupplierDto>(
    await hub.call('procurement_officer', 'POST', '/api/procurement/suppliers', {
      id,
      name: `供应商 ${id}`,
      nameEn: `Supplier ${id}`,
      category: extra.category ?? 'equipment',
      qualifications: [LICENCE(id), ...(extra.qualifications ?? [])],
    }),
    201,
  );
}

/** A plan of exactly these approved requisitions; returns the plan. */
export async function plan(hub: HubFixture, requisitionIds: number[]): Promise<PlanDto> {
  return ok<PlanDto>(
    await hub.call('procurement_officer', 'POST', '/api/procurement/plans', { year: YEAR, requisitionIds }),
    201,
  );
}

export const OFFICE_DEPARTMENT = OFFICE;
