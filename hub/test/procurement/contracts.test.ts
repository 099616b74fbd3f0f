import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OFFICE, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  addSupplier,
  approvedRequisition,
  auditActions,
  type ContractDetailDto,
  daysFromToday,
  ok,
  plan,
  type RequisitionDto,
  type RfqDetailDto,
  type SupplierDto,
  setBudget,
  TODAY,
  YEAR,
} from './helpers.ts';

const CONTRACTS = '/api/procurement/contracts';
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

const serviceContract = (number: string, overrides: Record<string, unknown> = {}) => ({
  number,
  signedOn: daysFromToday(-60),
  supplierId: 'SRV-1',
  departmentId: OFFICE,
  paymentTerms: '50% on signing, 50% after acceptance / 签约付50%，验收后付50%',
  instalments: [
    { label: 'Advance', percent: 50, dueAfterDays: 10 },
    { label: 'Balance', percent: 50, dueOn: daysFromToday(30) },
  ],
  lines: [{ itemName: 'Kitchen hood cleaning', quantity: 2, unit: 'visit', unitPrice: 1500, target: { kind: 'service' } }],
  ...overrides,
});

describe.each(testAdapters())('PRC-5 contract register and PRC-6 contract tracking on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await setBudget(hub, OFFICE, 500_000);
    await addSupplier(hub, 'SRV-1', { category: 'services' });
    for (const id of ['EQ-A', 'EQ-B', 'EQ-C']) await addSupplier(hub, id);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-5 registers a contract: number, date, supplier, content, amount, payment terms → instalments; overdue flags', async () => {
    const created = ok<ContractDetailDto>(
      await hub.call('procurement_officer', 'POST', CONTRACTS, serviceContract('HT-2026-001')),
      201,
    );
    expect(created.contract).toMatchObject({
      number: 'HT-2026-001',
      status: 'active',
      amount: 3000,
      overdue: true,
      overdueInstalments: 1,
    });
    expect(created.instalments).toEqual([
      expect.objectContaining({ seq: 1, amount: 1500, dueOn: daysFromToday(-50), overdue: true, daysOverdue: 50, status: 'due' }),
      expect.objectContaining({ seq: 2, amount: 1500, dueOn: daysFromToday(30), overdue: false, status: 'due' }),
    ]);
    const overdue = ok<{ items: Array<{ number: string }> }>(await hub.call('finance', 'GET', `${CONTRACTS}?overdue=true`));
    expect(overdue.items.map((c) => c.number)).toContain('HT-2026-001');
    const due = ok<{ items: Array<{ contractNumber: string; overdue: boolean }> }>(
      await hub.call('finance', 'GET', '/api/procurement/instalments?overdue=true'),
    );
    expect(due.items).toEqual([expect.objectContaining({ contractNumber: 'HT-2026-001', overdue: true })]);
    const budget = ok<{ items: Array<{ committed: number }> }>(
      await hub.call('finance', 'GET', `/api/procurement/budgets?year=${YEAR}&departmentId=${OFFICE}`),
    );
    expect(budget.items[0]?.committed).toBe(3000);
    expect(await auditActions(hub, 'procurement_contract', created.contract.id)).toEqual(['procurement_contract.registered']);
  });

  it('PRC-5 refuses a duplicate number, bad terms and lines, an RFQ-less contract for a quoted line, and other roles', async () => {
    const post = (body: unknown, role: 'procurement_officer' | 'finance' = 'procurement_officer') =>
      hub.call(role, 'POST', CONTRACTS, body);
    expect((await post(serviceContract('HT-DUP'))).statusCode).toBe(201);
    expect((await post(serviceContract('HT-DUP'))).json()).toMatchObject({ code: 'conflict', field: 'number' });
    expect(
      (await post(serviceContract('HT-X1', { instalments: [{ label: 'All', percent: 90, dueAfterDays: 5 }] }))).json(),
    ).toMatchObject({
      field: 'instalments',
    });
    expect(
      (
        await post(
          serviceContract('HT-X2', {
            lines: [{ itemName: 'PC', quantity: 1.5, unit: 'pcs', unitPrice: 1, target: { kind: 'asset_category', ref: 'it' } }],
          }),
        )
      ).json(),
    ).toMatchObject({ field: 'lines.0.quantity' });
    expect(
      (
        await post(
          serviceContract('HT-X3', {
            lines: [{ itemName: 'Rice', quantity: 1, unit: 'kg', unitPrice: 1, target: { kind: 'stock_item' } }],
          }),
        )
      ).json(),
    ).toMatchObject({ field: 'lines.0.target.ref' });
    expect((await post(serviceContract('HT-X4', { supplierId: 'NOPE' }))).json()).toMatchObject({ field: 'supplierId' });
    expect((await post(serviceContract('HT-X5', { departmentId: undefined }))).json()).toMatchObject({ field: 'departmentId' });
    expect((await post(serviceContract('HT-X6'), 'finance')).statusCode).toBe(403);

    const r = await approvedRequisition(hub, {
      itemName: 'Laptop',
      quantity: 20,
      unit: 'pcs',
      budget: 90_000,
      itemRef: 'asset-category:it',
    });
    const line = (await plan(hub, [r.id])).lines[0];
    expect(line?.method).toBe('rfq');
    expect((await post(serviceContract('HT-X7', { planLineId: line?.id, supplierId: 'EQ-A' }))).json()).toMatchObject({
      field: 'rfqId',
    });
  });

  it('PRC-6 tracks partial deliveries, failed and passed acceptance, issues, payments; completes when delivered and paid', async () => {
    const created = ok<ContractDetailDto>(
      await hub.call(
        'procurement_officer',
        'POST',
        CONTRACTS,
        serviceContract('HT-TRACK', {
          lines: [
            {
              itemName: 'Pest control',
              quantity: 3,
              unit: 'visit',
              unitPrice: 1000,
              dueOn: daysFromToday(-2),
              target: { kind: 'service' },
            },
          ],
        }),
      ),
      201,
    );
    const id = created.contract.id;
    const lineId = created.lines[0]?.id ?? 0;
    const deliver = (body: Record<string, unknown>, role: 'procurement_officer' | 'finance' = 'procurement_officer') =>
      hub.call(role, 'POST', `${CONTRACTS}/${id}/deliveries`, { lineId, deliveredOn: TODAY, ...body });

    expect((await deliver({ quantity: 4 })).json()).toMatchObject({ field: 'quantity' });
    expect((await deliver({ quantity: 1, deliveredOn: daysFromToday(3) })).json()).toMatchObject({ field: 'deliveredOn' });
    expect((await deliver({ quantity: 1 }, 'finance')).statusCode).toBe(403);

    // On time, awaiting acceptance.
    const first = ok<ContractDetailDto>(await deliver({ quantity: 2, deliveredOn: daysFromToday(-3) }), 201);
    expect(first.deliveries[0]).toMatchObject({ quantity: 2, daysLate: 0, acceptance: 'pending' });
    expect(first.issues).toEqual([]);
    expect((await deliver({ quantity: 2 })).json()).toMatchObject({ field: 'quantity' });
    const deliveryId = first.deliveries[0]?.id ?? 0;
    const acceptance = (body: Record<string, unknown>, role: 'asset_clerk' | 'requester' = 'asset_clerk') =>
      hub.call(role, 'POST', `${CONTRACTS}/${id}/deliveries/${deliveryId}/acceptance`, body);
    expect((await acceptance({ result: 'failed' })).json()).toMatchObject({ field: 'note' });
    expect((await acceptance({ result: 'passed' }, 'requester')).statusCode).toBe(403);
    const failed = ok<ContractDetailDto>(await acceptance({ result: 'failed', note: 'Treatment incomplete in the store room' }));
    expect(failed.deliveries[0]).toMatchObject({ acceptance: 'failed', acceptedQuantity: 0 });
    expect(failed.issues).toEqual([expect.objectContaining({ kind: 'quality', status: 'open' })]);
    expect(failed.lines[0]).toMatchObject({ deliveredQuantity: 2, acceptedQuantity: 0, status: 'open' });
    expect((await acceptance({ result: 'passed' })).json()).toMatchObject({ code: 'illegal_transition' });

    // The redo, two days late (a late-delivery issue; the reputation learns), partly accepted at the door.
    const redo = ok<ContractDetailDto>(
      await deliver({ quantity: 3, acceptance: { result: 'passed', acceptedQuantity: 2, note: 'one visit skipped' } }),
      201,
    );
    expect(redo.lines[0]).toMatchObject({ acceptedQuantity: 2, status: 'open' });
    expect(redo.issues.map((i) => i.kind)).toEqual(['quality', 'late_delivery', 'quantity']);
    expect(redo.deliveries[1]).toMatchObject({ daysLate: 2, acceptance: 'passed', acceptedQuantity: 2 });
    const last = ok<ContractDetailDto>(await deliver({ quantity: 1, acceptance: { result: 'passed' } }), 201);
    expect(last.lines[0]).toMatchObject({ acceptedQuantity: 3, status: 'closed' });
    expect(last.contract.status).toBe('active');
    expect((await deliver({ quantity: 1 })).json()).toMatchObject({ code: 'illegal_transition' });

    const supplier = ok<{ supplier: SupplierDto; reputationHistory: Array<{ kind: string }> }>(
      await hub.call('procurement_officer', 'GET', '/api/procurement/suppliers/SRV-1'),
    );
    expect(supplier.supplier.stats).toMatchObject({
      deliveries: 3,
      onTimeRate: 0.333,
      acceptances: 3,
      passRate: 0.667,
      complaints: 0,
    });
    expect(supplier.reputationHistory.map((h) => h.kind).reverse()).toEqual([
      'delivery',
      'acceptance',
      'delivery',
      'acceptance',
      'delivery',
      'acceptance',
    ]);

    // Issues: logged with their handling; complaints count against the supplier.
    const raised = ok<ContractDetailDto>(
      await hub.call('asset_clerk', 'POST', `${CONTRACTS}/${id}/issues`, {
        kind: 'complaint',
        description: 'Staff left doors open',
        severity: 'minor',
      }),
      201,
    );
    const complaint = raised.issues.at(-1);
    expect(complaint).toMatchObject({ kind: 'complaint', status: 'open' });
    expect(
      (await hub.call('asset_clerk', 'POST', `${CONTRACTS}/${id}/issues/${complaint?.id}/resolve`, { handling: 'x' })).statusCode,
    ).toBe(403);
    const resolved = ok<ContractDetailDto>(
      await hub.call('procurement_officer', 'POST', `${CONTRACTS}/${id}/issues/${complaint?.id}/resolve`, {
        handling: 'Supplier briefed its staff; written warning',
      }),
    );
    expect(resolved.issues.at(-1)).toMatchObject({ status: 'resolved', handling: 'Supplier briefed its staff; written warning' });
    expect(
      ok<{ supplier: SupplierDto }>(await hub.call('procurement_officer', 'GET', '/api/procurement/suppliers/SRV-1')).supplier
        .stats.complaints,
    ).toBe(1);

    // Payments: finance only, not more than outstanding; the last one completes the contract.
    const [advance, balance] = last.instalments;
    const pay = (instalmentId: number, amount: number, role: 'finance' | 'procurement_officer' = 'finance') =>
      hub.call(role, 'POST', `${CONTRACTS}/${id}/instalments/${instalmentId}/payments`, {
        amount,
        paidOn: TODAY,
        reference: 'PZ-001',
      });
    expect((await pay(advance?.id ?? 0, 100, 'procurement_officer')).statusCode).toBe(403);
    expect((await pay(advance?.id ?? 0, 1500.01)).json()).toMatchObject({ field: 'amount' });
    const partial = ok<ContractDetailDto>(await pay(advance?.id ?? 0, 1000));
    expect(partial.instalments[0]).toMatchObject({ paidAmount: 1000, outstanding: 500, overdue: true, status: 'due' });
    ok(await pay(advance?.id ?? 0, 500));
    const paid = ok<ContractDetailDto>(await pay(balance?.id ?? 0, 1500));
    expect(paid.instalments.every((i) => i.status === 'paid' && !i.overdue)).toBe(true);
    expect(paid.contract).toMatchObject({ status: 'completed', overdue: false });
    expect((await pay(balance?.id ?? 0, 1)).json()).toMatchObject({ code: 'illegal_transition' });
    const budget = ok<{ items: Array<{ committed: number; spent: number }> }>(
      await hub.call('finance', 'GET', `/api/procurement/budgets?year=${YEAR}&departmentId=${OFFICE}`),
    );
    expect(budget.items[0]?.spent).toBe(3000);

    const actions = await auditActions(hub, 'procurement_contract', id);
    for (const action of [
      'registered',
      'delivered',
      'acceptance_failed',
      'accepted',
      'fully_delivered',
      'issue_raised',
      'issue_resolved',
      'payment_recorded',
      'completed',
    ])
      expect(actions).toContain(`procurement_contract.${action}`);
    expect(await auditActions(hub, 'procurement_supplier', 'SRV-1')).toContain('procurement_supplier.reputation_updated');
  });

  it('PRC-4→6 the loop: award → contract → delivery → requisition closed', async () => {
    const r = await approvedRequisition(hub, {
      kind: 'service',
      itemName: 'Boiler service',
      quantity: 1,
      unit: 'job',
      budget: 70_000,
    });
    const line = (await plan(hub, [r.id])).lines[0];
    const rfq = ok<RfqDetailDto>(
      await hub.call('procurement_officer', 'POST', '/api/procurement/rfqs', {
        planLineId: line?.id,
        deadline: tomorrow(),
        supplierIds: ['EQ-A', 'EQ-B', 'EQ-C'],
      }),
      201,
    );
    const bids = '/api/procurement/rfqs';
    ok(
      await hub.call('procurement_officer', 'POST', `${bids}/${rfq.rfq.id}/bids`, {
        supplierId: 'EQ-B',
        price: 65_000,
        deliveryDays: 5,
      }),
    );
    const evaluated = ok<RfqDetailDto>(await hub.call('procurement_officer', 'POST', `${bids}/${rfq.rfq.id}/evaluate`));
    const winner = evaluated.bids[0];
    const contract = {
      number: 'HT-LOOP',
      signedOn: TODAY,
      supplierId: 'EQ-A',
      rfqId: rfq.rfq.id,
      paymentTerms: 'Paid on completion',
      instalments: [{ label: 'On completion', percent: 100, dueAfterDays: 30 }],
      lines: [{ itemName: 'Boiler service', quantity: 1, unit: 'job', unitPrice: 65_000, target: { kind: 'service' } }],
    };
    expect((await hub.call('procurement_officer', 'POST', CONTRACTS, contract)).json()).toMatchObject({
      code: 'illegal_transition',
    });
    ok(await hub.call('procurement_officer', 'POST', `${bids}/${rfq.rfq.id}/award`, { bidId: winner?.id }));
    expect((await hub.call('procurement_officer', 'POST', CONTRACTS, contract)).json()).toMatchObject({ field: 'supplierId' });
    const signed = ok<ContractDetailDto>(
      await hub.call('procurement_officer', 'POST', CONTRACTS, { ...contract, supplierId: 'EQ-B' }),
      201,
    );
    expect(signed.contract.departmentId).toBe(OFFICE);
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${r.id}`))
        .requisition,
    ).toMatchObject({
      status: 'contracted',
      committedAmount: 0,
    });
    ok(
      await hub.call('procurement_officer', 'POST', `${CONTRACTS}/${signed.contract.id}/deliveries`, {
        lineId: signed.lines[0]?.id,
        quantity: 1,
        deliveredOn: TODAY,
        acceptance: { result: 'passed' },
      }),
      201,
    );
    const closed = ok<{ requisition: RequisitionDto; history: Array<{ kind: string }> }>(
      await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${r.id}`),
    );
    expect(closed.requisition).toMatchObject({ status: 'closed', closeReason: 'delivered under contract HT-LOOP' });
    expect(closed.history.map((h) => h.kind)).toEqual([
      'drafted',
      'submitted',
      'approved',
      'planned',
      'sourcing',
      'contracted',
      'delivered',
    ]);
  });
});
