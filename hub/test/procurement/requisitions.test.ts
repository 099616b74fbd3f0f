import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import { addUser, auditActions, decide, ok, type RequisitionDto, SYSTEM } from './helpers.ts';

const URL = '/api/procurement/requisitions';
const FLOUR = {
  kind: 'goods',
  itemName: 'Flour',
  specification: 'Wheat flour, 25 kg sacks',
  quantity: 200,
  unit: 'kg',
  budget: 1200,
  reason: 'Bakery consumption for March',
};

describe.each(testAdapters())('PRC-1/PRC-2 requisitions and their review on %s', (adapter) => {
  let hub: HubFixture;
  let chemistryHead: Awaited<ReturnType<typeof addUser>>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    chemistryHead = await addUser(hub, 'head.chemistry', ['department_head'], OTHER_DEPARTMENT);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-1 a department raises a requisition: item or service, specification, quantity, budget', async () => {
    const draft = ok<RequisitionDto & { specification: string; unit: string; reason: string }>(
      await hub.call('requester', 'POST', URL, {
        ...FLOUR,
        kind: 'service',
        itemName: 'Fume hood inspection',
        quantity: 4,
        unit: 'visit',
      }),
      201,
    );
    expect(draft).toMatchObject({
      status: 'draft',
      source: 'person',
      departmentId: OTHER_DEPARTMENT,
      requester: { id: hub.userId('requester') },
      itemName: 'Fume hood inspection',
      quantity: 4,
      budget: 1200,
      revision: 0,
    });
    expect(await auditActions(hub, 'procurement_requisition', draft.id)).toEqual(['procurement_requisition.drafted']);
    // Scoped: the chemistry department sees it, the logistics office's staff do not; the procurement office does.
    const own = ok<{ items: RequisitionDto[] }>(await hub.call('requester', 'GET', URL)).items.map((r) => r.id);
    expect(own).toContain(draft.id);
    expect(ok<{ items: RequisitionDto[] }>(await hub.call('canteen_manager', 'GET', URL)).items.map((r) => r.id)).not.toContain(
      draft.id,
    );
    expect((await hub.call('canteen_manager', 'GET', `${URL}/${draft.id}`)).statusCode).toBe(404);
    expect(
      ok<{ items: RequisitionDto[] }>(
        await hub.call('procurement_officer', 'GET', `${URL}?departmentId=${OTHER_DEPARTMENT}`),
      ).items.map((r) => r.id),
    ).toContain(draft.id);
  });

  it('PRC-1 refuses bad input, another department, and roles without the duty', async () => {
    expect((await hub.call('requester', 'POST', URL, { ...FLOUR, quantity: 0 })).json()).toMatchObject({
      code: 'invalid',
      field: 'quantity',
    });
    expect((await hub.call('requester', 'POST', URL, { ...FLOUR, itemRef: 'flour' })).json()).toMatchObject({ field: 'itemRef' });
    expect((await hub.call('requester', 'POST', URL, { ...FLOUR, neededBy: '2026-02-30' })).statusCode).toBe(400);
    const foreign = await hub.call('requester', 'POST', URL, { ...FLOUR, departmentId: OFFICE });
    expect(foreign.statusCode).toBe(403);
    const noBudget = ok<RequisitionDto>(await hub.call('requester', 'POST', URL, { ...FLOUR, budget: null }), 201);
    expect((await hub.call('requester', 'POST', `${URL}/${noBudget.id}/submit`)).json()).toMatchObject({
      code: 'invalid',
      field: 'budget',
    });
    // The procurement office raises one on a department's behalf.
    const onBehalf = ok<RequisitionDto>(
      await hub.call('procurement_officer', 'POST', URL, { ...FLOUR, departmentId: OTHER_DEPARTMENT }),
      201,
    );
    expect(onBehalf.departmentId).toBe(OTHER_DEPARTMENT);
    expect((await hub.call(null, 'POST', URL, FLOUR)).statusCode).toBe(401);
  });

  it('PRC-2 rejection returns it with the reason; the requester revises and resubmits; approval by head then procurement', async () => {
    const submitted = ok<RequisitionDto>(await hub.call('requester', 'POST', URL, { ...FLOUR, submit: true }), 201);
    expect(submitted).toMatchObject({ status: 'submitted', revision: 0 });
    const firstApproval = submitted.approvalId ?? 0;
    // The logistics office's head may not decide for chemistry; the requester may not decide their own.
    expect((await decide(hub, 'department_head', firstApproval, 'approve')).statusCode).toBe(403);
    expect((await decide(hub, 'requester', firstApproval, 'approve')).statusCode).toBe(403);
    expect(
      (await chemistryHead.call('POST', `/api/approvals/requests/${firstApproval}/decision`, { decision: 'reject' })).json(),
    ).toMatchObject({
      field: 'comment',
    });
    ok(
      await chemistryHead.call('POST', `/api/approvals/requests/${firstApproval}/decision`, {
        decision: 'reject',
        comment: 'Too much: we use 120 kg a month / 用量偏大',
      }),
    );
    const returned = ok<{ requisition: RequisitionDto; history: Array<{ kind: string; note: string | null }> }>(
      await hub.call('requester', 'GET', `${URL}/${submitted.id}`),
    );
    expect(returned.requisition).toMatchObject({ status: 'returned', returnReason: expect.stringMatching(/120 kg/) });
    expect(returned.history.map((h) => h.kind)).toEqual(['drafted', 'submitted', 'returned']);

    // Nothing moves past a return but a revision; then a new approval request.
    expect(
      (
        await hub.call('procurement_officer', 'POST', '/api/procurement/plans', { year: 2026, requisitionIds: [submitted.id] })
      ).json(),
    ).toMatchObject({
      field: 'requisitionIds',
    });
    const revised = ok<RequisitionDto>(
      await hub.call('requester', 'PATCH', `${URL}/${submitted.id}`, { quantity: 120, budget: 720 }),
    );
    expect(revised).toMatchObject({ status: 'returned', quantity: 120 });
    const resubmitted = ok<RequisitionDto>(await hub.call('requester', 'POST', `${URL}/${submitted.id}/submit`));
    expect(resubmitted).toMatchObject({ status: 'submitted', revision: 1, returnReason: null });
    expect(resubmitted.approvalId).not.toBe(firstApproval);
    expect((await hub.call('requester', 'PATCH', `${URL}/${submitted.id}`, { quantity: 1 })).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect((await hub.call('requester', 'POST', `${URL}/${submitted.id}/submit`)).json()).toMatchObject({
      code: 'illegal_transition',
    });

    const approvalId = resubmitted.approvalId ?? 0;
    // The procurement office cannot skip the department head's step.
    expect((await decide(hub, 'procurement_officer', approvalId, 'approve')).statusCode).toBe(403);
    ok(await chemistryHead.call('POST', `/api/approvals/requests/${approvalId}/decision`, { decision: 'approve' }));
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('requester', 'GET', `${URL}/${submitted.id}`)).requisition.status,
    ).toBe('submitted');
    ok(await decide(hub, 'procurement_officer', approvalId, 'approve'));
    const approved = ok<{ requisition: RequisitionDto; history: Array<{ kind: string }> }>(
      await hub.call('requester', 'GET', `${URL}/${submitted.id}`),
    );
    expect(approved.requisition.status).toBe('approved');
    expect(approved.history.map((h) => h.kind)).toEqual([
      'drafted',
      'submitted',
      'returned',
      'revised',
      'resubmitted',
      'approved',
    ]);
    expect(await auditActions(hub, 'procurement_requisition', submitted.id)).toEqual([
      'procurement_requisition.drafted',
      'procurement_requisition.submitted',
      'procurement_requisition.returned',
      'procurement_requisition.revised',
      'procurement_requisition.resubmitted',
      'procurement_requisition.approved',
    ]);
    // Approved but not yet planned: the department may still withdraw it.
    expect((await hub.call('requester', 'POST', `${URL}/${submitted.id}/cancel`, { reason: 'x' })).statusCode).toBe(200);
  });

  it('PRC-2 a budget at the threshold goes through the large chain, which adds finance', async () => {
    const big = ok<RequisitionDto>(
      await hub.call('canteen_manager', 'POST', URL, {
        ...FLOUR,
        itemName: 'Combi oven',
        quantity: 2,
        unit: 'pcs',
        budget: 80_000,
        submit: true,
      }),
      201,
    );
    const approval = ok<{ request: { kind: string; steps: Array<{ role: string }> } }>(
      await hub.call('canteen_manager', 'GET', `/api/approvals/requests/${big.approvalId}`),
    );
    expect(approval.request.kind).toBe('procurement.requisition.large');
    expect(approval.request.steps.map((s) => s.role)).toEqual(['department_head', 'procurement_officer', 'finance']);
    ok(await decide(hub, 'department_head', big.approvalId ?? 0, 'approve'));
    ok(await decide(hub, 'procurement_officer', big.approvalId ?? 0, 'approve'));
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `${URL}/${big.id}`)).requisition.status,
    ).toBe('submitted');
    ok(await decide(hub, 'finance', big.approvalId ?? 0, 'approve'));
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `${URL}/${big.id}`)).requisition.status,
    ).toBe('approved');
  });

  it('PRC-1 cancellation needs a reason and ends the requisition; only its department (or procurement) may', async () => {
    const draft = ok<RequisitionDto>(await hub.call('canteen_manager', 'POST', URL, FLOUR), 201);
    expect((await hub.call('canteen_manager', 'POST', `${URL}/${draft.id}/cancel`, {})).statusCode).toBe(400);
    // Another department's staff do not even see it; finance of another department sees it but may not change it.
    expect((await hub.call('requester', 'POST', `${URL}/${draft.id}/cancel`, { reason: 'no' })).statusCode).toBe(404);
    const outsideFinance = await addUser(hub, 'finance.chem', ['finance'], OTHER_DEPARTMENT);
    expect((await outsideFinance.call('POST', `${URL}/${draft.id}/cancel`, { reason: 'no' })).statusCode).toBe(403);
    const cancelled = ok<RequisitionDto>(
      await hub.call('canteen_manager', 'POST', `${URL}/${draft.id}/cancel`, { reason: 'Bought with the March order' }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', closeReason: 'Bought with the March order' });
    expect((await hub.call('canteen_manager', 'POST', `${URL}/${draft.id}/submit`)).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect(await auditActions(hub, 'procurement_requisition', draft.id)).toContain('procurement_requisition.cancelled');
  });

  it('PRC-1 rules draft requisitions idempotently: one open requisition per dedupe key', async () => {
    const drafter = hub.services.procurement;
    const input = {
      departmentId: OFFICE,
      itemName: 'Rice',
      quantity: 300,
      unit: 'kg',
      budget: null,
      reason: 'Stock 40 kg below safety stock 100 kg (scale-3)',
      itemRef: 'stock-item:rice',
      dedupeKey: 'low-stock:rice',
    };
    const first = await hub.database.db.transaction((tx) => drafter.draftRequisition(tx, SYSTEM, input));
    const again = await hub.database.db.transaction((tx) => drafter.draftRequisition(tx, SYSTEM, input));
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const row = ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `${URL}/${first.id}`)).requisition;
    expect(row).toMatchObject({ source: 'rule', requester: null, itemRef: 'stock-item:rice', status: 'draft' });
    await expect(
      hub.database.db.transaction((tx) => drafter.draftRequisition(tx, SYSTEM, { ...input, departmentId: 'nowhere' })),
    ).rejects.toMatchObject({
      code: 'invalid',
      field: 'departmentId',
    });
    // A person takes the draft up: completes the budget and submits it, becoming its requester.
    ok(await hub.call('canteen_manager', 'PATCH', `${URL}/${first.id}`, { budget: 1500 }));
    const submitted = ok<RequisitionDto>(await hub.call('canteen_manager', 'POST', `${URL}/${first.id}/submit`));
    expect(submitted.requester?.id).toBe(hub.userId('canteen_manager'));
    // Still open: the key still returns it. Once cancelled, a new episode drafts a new one.
    expect((await hub.database.db.transaction((tx) => drafter.draftRequisition(tx, SYSTEM, input))).id).toBe(first.id);
    ok(await hub.call('canteen_manager', 'POST', `/api/approvals/requests/${submitted.approvalId}/cancel`));
    ok(await hub.call('canteen_manager', 'POST', `${URL}/${first.id}/cancel`, { reason: 'stock recounted' }));
    const next = await hub.database.db.transaction((tx) => drafter.draftRequisition(tx, SYSTEM, input));
    expect(next.created).toBe(true);
    expect(next.id).not.toBe(first.id);
  });
});
