import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  addSupplier,
  approvedRequisition,
  auditActions,
  daysFromToday,
  ok,
  type PlanDto,
  plan,
  type RequisitionDto,
  type RfqDetailDto,
  setBudget,
  YEAR,
} from './helpers.ts';

const RFQS = '/api/procurement/rfqs';
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

describe.each(testAdapters())('PRC-3 plans and PRC-4 sourcing on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await setBudget(hub, OFFICE, 500_000);
    for (const id of ['EQ-A', 'EQ-B', 'EQ-C'])
      await addSupplier(hub, id, { qualifications: [{ kind: 'ccc', number: `CCC-${id}`, expiresOn: '2099-01-01' }] });
    await addSupplier(hub, 'EQ-NOCCC');
    await hub.call('procurement_officer', 'POST', '/api/procurement/suppliers', {
      id: 'EQ-EXPIRED',
      name: '过期公司',
      category: 'equipment',
      qualifications: [{ kind: 'business_license', number: 'X', expiresOn: daysFromToday(-1) }],
    });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-3 budgets: finance sets them; committed and spent figures; others may only read', async () => {
    const budget = ok<{ amount: number; committed: number; spent: number; available: number }>(
      await hub.call('finance', 'PUT', `/api/procurement/budgets/${OTHER_DEPARTMENT}/${YEAR}`, { amount: 1000 }),
    );
    expect(budget).toMatchObject({ amount: 1000, committed: 0, spent: 0, available: 1000 });
    expect(
      (await hub.call('procurement_officer', 'PUT', `/api/procurement/budgets/${OFFICE}/${YEAR}`, { amount: 1 })).statusCode,
    ).toBe(403);
    expect((await hub.call('finance', 'PUT', `/api/procurement/budgets/nowhere/${YEAR}`, { amount: 1 })).statusCode).toBe(404);
    const list = ok<{ items: Array<{ departmentId: string }> }>(
      await hub.call('department_head', 'GET', `/api/procurement/budgets?year=${YEAR}`),
    );
    expect(list.items.map((b) => b.departmentId).sort()).toEqual([OTHER_DEPARTMENT, OFFICE].sort());
    expect(await auditActions(hub, 'procurement_budget', `${OTHER_DEPARTMENT}/${YEAR}`)).toEqual(['procurement_budget.set']);
  });

  it('PRC-3 a plan groups approved requisitions by item, checks budget, chooses method and timing', async () => {
    const chairsA = await approvedRequisition(hub, {
      itemName: 'Office chair',
      itemRef: 'asset-category:furniture',
      quantity: 30,
      unit: 'pcs',
      budget: 30_000,
      neededBy: daysFromToday(60),
    });
    const chairsB = await approvedRequisition(hub, {
      itemName: 'Office chair',
      itemRef: 'asset-category:furniture',
      quantity: 30,
      unit: 'pcs',
      budget: 30_000,
      neededBy: daysFromToday(40),
    });
    const pens = await approvedRequisition(hub, {
      itemName: 'Pens',
      quantity: 10,
      unit: 'box',
      budget: 300,
      neededBy: daysFromToday(30),
    });
    const huge = await approvedRequisition(hub, {
      itemName: 'Lab building fit-out',
      kind: 'service',
      quantity: 1,
      unit: 'job',
      budget: 900_000,
    });

    const preview = ok<PlanDto>(
      await hub.call('procurement_officer', 'POST', '/api/procurement/plans/preview', {
        year: YEAR,
        requisitionIds: [chairsA.id, chairsB.id, pens.id, huge.id],
      }),
    );
    expect(preview.lines).toHaveLength(2);
    expect(preview.deferred).toEqual([expect.objectContaining({ requisitionId: huge.id, reason: 'over_budget' })]);

    const made = await plan(hub, [chairsA.id, chairsB.id, pens.id, huge.id]);
    const chairs = made.lines.find((l) => l.itemName === 'Office chair');
    expect(chairs).toMatchObject({
      quantity: 60,
      estimatedAmount: 60_000,
      method: 'rfq',
      neededBy: daysFromToday(40),
      startBy: daysFromToday(19),
      urgent: false,
    });
    expect(made.lines.find((l) => l.itemName === 'Pens')).toMatchObject({ method: 'direct', startBy: daysFromToday(23) });
    const planned = ok<{ requisition: RequisitionDto }>(
      await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${chairsA.id}`),
    ).requisition;
    expect(planned).toMatchObject({ status: 'planned', planLineId: chairs?.id, committedAmount: 30_000 });
    const deferred = ok<{ requisition: RequisitionDto; history: Array<{ kind: string }> }>(
      await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${huge.id}`),
    );
    expect(deferred.requisition.status).toBe('approved');
    expect(deferred.history.at(-1)?.kind).toBe('deferred');
    const budget = ok<{ items: Array<{ committed: number; available: number }> }>(
      await hub.call('finance', 'GET', `/api/procurement/budgets?year=${YEAR}&departmentId=${OFFICE}`),
    );
    expect(budget.items[0]).toMatchObject({ committed: 60_300, available: 439_700 });
    expect(await auditActions(hub, 'procurement_plan', made.id)).toEqual(['procurement_plan.created']);
    expect(await auditActions(hub, 'procurement_requisition', chairsA.id)).toContain('procurement_requisition.planned');
    // A planned requisition cannot be planned twice nor withdrawn by the department.
    expect(
      (
        await hub.call('procurement_officer', 'POST', '/api/procurement/plans', { year: YEAR, requisitionIds: [chairsA.id] })
      ).json(),
    ).toMatchObject({
      field: 'requisitionIds',
    });
    expect(
      (await hub.call('canteen_manager', 'POST', `/api/procurement/requisitions/${chairsA.id}/cancel`, { reason: 'x' })).json(),
    ).toMatchObject({
      code: 'illegal_transition',
    });
    expect((await hub.call('finance', 'POST', '/api/procurement/plans', { year: YEAR })).statusCode).toBe(403);
  });

  it('PRC-4 RFQ to qualified suppliers only, bids, weighted evaluation, award with justification, the whole process recorded', async () => {
    const r1 = await approvedRequisition(hub, {
      itemName: 'Projector',
      itemRef: 'asset-category:av',
      quantity: 20,
      unit: 'pcs',
      budget: 80_000,
    });
    const made = await plan(hub, [r1.id]);
    const line = made.lines[0];
    expect(line?.method).toBe('rfq');
    const planLineId = line?.id ?? 0;
    const base = { planLineId, deadline: tomorrow(), requiredQualifications: ['ccc'] };

    expect(
      (await hub.call('procurement_officer', 'POST', RFQS, { ...base, supplierIds: ['EQ-A', 'EQ-B'] })).json(),
    ).toMatchObject({ field: 'supplierIds' });
    const unqualified = await hub.call('procurement_officer', 'POST', RFQS, {
      ...base,
      supplierIds: ['EQ-A', 'EQ-B', 'EQ-NOCCC'],
    });
    expect(unqualified.statusCode).toBe(409);
    expect(unqualified.json().message).toMatch(/EQ-NOCCC is not qualified: lacks ccc/);
    const expired = await hub.call('procurement_officer', 'POST', RFQS, {
      ...base,
      requiredQualifications: [],
      supplierIds: ['EQ-A', 'EQ-B', 'EQ-EXPIRED'],
    });
    expect(expired.json().message).toMatch(/every qualification has expired/);
    expect(
      (
        await hub.call('procurement_officer', 'POST', RFQS, {
          ...base,
          supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
          weights: { qualification: 0.5, price: 0.5, reputation: 0.5 },
        })
      ).json(),
    ).toMatchObject({
      field: 'weights',
    });
    expect(
      (
        await hub.call('procurement_officer', 'POST', RFQS, {
          ...base,
          supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
          deadline: `${daysFromToday(-1)}T00:00:00Z`,
        })
      ).json(),
    ).toMatchObject({
      field: 'deadline',
    });
    expect(
      (await hub.call('logistics_manager', 'POST', RFQS, { ...base, supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'] })).statusCode,
    ).toBe(403);

    const created = ok<RfqDetailDto>(
      await hub.call('procurement_officer', 'POST', RFQS, { ...base, supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'] }),
      201,
    );
    const id = created.rfq.id;
    expect(created.rfq).toMatchObject({ status: 'open', number: expect.stringMatching(/^RFQ-\d{4}-\d{4}$/) });
    expect(created.invitations.map((i) => i.supplierId)).toEqual(['EQ-A', 'EQ-B', 'EQ-C']);
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${r1.id}`))
        .requisition.status,
    ).toBe('sourcing');
    expect(
      (await hub.call('procurement_officer', 'POST', RFQS, { ...base, supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'] })).json(),
    ).toMatchObject({ code: 'illegal_transition' });

    const bid = (supplierId: string, price: number) =>
      hub.call('procurement_officer', 'POST', `${RFQS}/${id}/bids`, { supplierId, price, deliveryDays: 14 });
    expect((await hub.call('procurement_officer', 'POST', `${RFQS}/${id}/evaluate`)).json()).toMatchObject({
      code: 'illegal_transition',
    });
    ok(await bid('EQ-A', 76_000));
    ok(await bid('EQ-B', 80_000));
    expect((await bid('EQ-A', 70_000)).json()).toMatchObject({ code: 'conflict', field: 'supplierId' });
    expect((await bid('EQ-NOCCC', 1)).json()).toMatchObject({ code: 'invalid', field: 'supplierId' });
    // EQ-B has the better record: its reputation is raised as if by good deliveries.
    await hub.database.db.query("UPDATE procurement_suppliers SET reputation = 95 WHERE id = 'EQ-B'");

    const evaluated = ok<RfqDetailDto>(await hub.call('procurement_officer', 'POST', `${RFQS}/${id}/evaluate`));
    expect(evaluated.rfq.status).toBe('evaluated');
    const byId = Object.fromEntries(evaluated.bids.map((b) => [b.supplierId, b]));
    // A: 0.3×80 + 0.5×100 + 0.2×60 = 86; B: 0.3×80 + 0.5×95 + 0.2×95 = 90.5
    expect(byId['EQ-A']?.score).toEqual({ qualification: 80, price: 100, reputation: 60, total: 86, rank: 2 });
    expect(byId['EQ-B']?.score).toEqual({ qualification: 80, price: 95, reputation: 95, total: 90.5, rank: 1 });
    expect((await bid('EQ-C', 1000)).json()).toMatchObject({ code: 'illegal_transition' });

    const lower = byId['EQ-A']?.id ?? 0;
    expect((await hub.call('procurement_officer', 'POST', `${RFQS}/${id}/award`, { bidId: lower })).json()).toMatchObject({
      field: 'justification',
    });
    const awarded = ok<RfqDetailDto>(
      await hub.call('procurement_officer', 'POST', `${RFQS}/${id}/award`, {
        bidId: lower,
        justification: 'B cannot deliver before term starts',
      }),
    );
    expect(awarded.rfq).toMatchObject({
      status: 'awarded',
      awardedBidId: lower,
      awardJustification: 'B cannot deliver before term starts',
    });
    expect(awarded.history.map((h) => h.kind)).toEqual(['published', 'bid_recorded', 'bid_recorded', 'evaluated', 'awarded']);
    expect((await hub.call('procurement_officer', 'POST', `${RFQS}/${id}/award`, { bidId: lower })).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect(await auditActions(hub, 'procurement_rfq', id)).toEqual([
      'procurement_rfq.published',
      'procurement_rfq.bid_recorded',
      'procurement_rfq.bid_recorded',
      'procurement_rfq.evaluated',
      'procurement_rfq.awarded',
    ]);
    expect(
      ok<{ items: Array<{ id: number }> }>(await hub.call('logistics_manager', 'GET', `${RFQS}?status=awarded`)).items.map(
        (r) => r.id,
      ),
    ).toContain(id);
    expect((await hub.call('finance', 'GET', `${RFQS}/${id}`)).statusCode).toBe(403);
  });

  it('PRC-4 a direct purchase has no RFQ; a cancelled RFQ sends the line back to sourcing', async () => {
    const cheap = await approvedRequisition(hub, { itemName: 'Stapler', quantity: 5, unit: 'pcs', budget: 150 });
    const direct = (await plan(hub, [cheap.id])).lines[0];
    expect(direct?.method).toBe('direct');
    expect(
      (
        await hub.call('procurement_officer', 'POST', RFQS, {
          planLineId: direct?.id,
          deadline: tomorrow(),
          supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
        })
      ).json(),
    ).toMatchObject({
      code: 'illegal_transition',
    });

    const desks = await approvedRequisition(hub, { itemName: 'Desk', quantity: 50, unit: 'pcs', budget: 60_000 });
    const line = (await plan(hub, [desks.id])).lines[0];
    const rfq = ok<RfqDetailDto>(
      await hub.call('procurement_officer', 'POST', RFQS, {
        planLineId: line?.id,
        deadline: tomorrow(),
        supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
      }),
      201,
    );
    expect((await hub.call('procurement_officer', 'POST', `${RFQS}/${rfq.rfq.id}/cancel`, {})).statusCode).toBe(400);
    const cancelled = ok<RfqDetailDto>(
      await hub.call('procurement_officer', 'POST', `${RFQS}/${rfq.rfq.id}/cancel`, { reason: 'Specification changed' }),
    );
    expect(cancelled.rfq.status).toBe('cancelled');
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${desks.id}`))
        .requisition.status,
    ).toBe('planned');
    // The line can be sourced again.
    ok(
      await hub.call('procurement_officer', 'POST', RFQS, {
        planLineId: line?.id,
        deadline: tomorrow(),
        supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
      }),
      201,
    );
  });
});
