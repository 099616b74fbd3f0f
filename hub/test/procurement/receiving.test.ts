import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../src/contexts/approvals/service.ts';
import { ProcurementService } from '../../src/contexts/procurement/service.ts';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  addSupplier,
  addUser,
  approvedRequisition,
  type ContractDetailDto,
  ok,
  plan,
  type RequisitionDto,
  SYSTEM,
  setBudget,
  TODAY,
} from './helpers.ts';

const CONTRACTS = '/api/procurement/contracts';

/**
 * Receiving closes the loop requisition → shelf (PRC-6): accepted goods enter the asset register
 * or the ingredient stock of the other contexts, in the acceptance's transaction. Each test runs
 * when its context is part of this hub and is skipped (visibly) otherwise.
 */
describe.each(testAdapters())('PRC-6 receiving into the asset register and the ingredient stock on %s', (adapter) => {
  let hub: HubFixture;
  let hasCatering = false;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    hasCatering = 'catering' in hub.services;
    await setBudget(hub, OFFICE, 200_000);
    await setBudget(hub, OTHER_DEPARTMENT, 50_000);
    await addSupplier(hub, 'SUP-IT', { category: 'equipment' });
    await addSupplier(hub, 'SUP-FOOD', { category: 'food' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-6 an accepted asset line registers one asset per unit in the requesting departments and closes the requisitions', async () => {
    await hub.services.assets.saveCategory(SYSTEM, {
      code: 'it',
      name: 'IT equipment',
      nameZh: '信息化设备',
      depreciationMethod: 'straight_line',
      usefulLifeMonths: 60,
    });
    const office = await approvedRequisition(hub, {
      itemName: 'Laptop',
      itemRef: 'asset-category:it',
      quantity: 2,
      unit: 'pcs',
      budget: 12_000,
    });
    // Chemistry's requisition for the same item, approved by its own head.
    const chemistryHead = await addUser(hub, 'head.chem.recv', ['department_head'], OTHER_DEPARTMENT);
    const chem = ok<RequisitionDto>(
      await hub.call('requester', 'POST', '/api/procurement/requisitions', {
        itemName: 'Laptop',
        itemRef: 'asset-category:it',
        quantity: 1,
        unit: 'pcs',
        budget: 6000,
        reason: 'Lab data logging',
        submit: true,
      }),
      201,
    );
    ok(await chemistryHead.call('POST', `/api/approvals/requests/${chem.approvalId}/decision`, { decision: 'approve' }));
    ok(
      await hub.call('procurement_officer', 'POST', `/api/approvals/requests/${chem.approvalId}/decision`, {
        decision: 'approve',
      }),
    );

    const line = (await plan(hub, [office.id, chem.id])).lines[0];
    expect(line).toMatchObject({ quantity: 3, method: 'direct' });
    const contract = ok<ContractDetailDto>(
      await hub.call('procurement_officer', 'POST', CONTRACTS, {
        number: 'HT-IT-001',
        signedOn: TODAY,
        supplierId: 'SUP-IT',
        planLineId: line?.id,
        paymentTerms: 'Paid after acceptance',
        instalments: [{ label: 'After acceptance', percent: 100, dueAfterDays: 30 }],
        lines: [
          {
            itemName: 'Laptop',
            specification: '14", 16 GB',
            quantity: 3,
            unit: 'pcs',
            unitPrice: 5800,
            target: { kind: 'asset_category', ref: 'it' },
          },
        ],
      }),
      201,
    );
    const received = ok<ContractDetailDto>(
      await hub.call('asset_clerk', 'POST', `${CONTRACTS}/${contract.contract.id}/deliveries`, {
        lineId: contract.lines[0]?.id,
        quantity: 3,
        deliveredOn: TODAY,
        acceptance: { result: 'passed', note: 'Serial numbers checked' },
      }),
      201,
    );
    expect(received.lines[0]).toMatchObject({ acceptedQuantity: 3, status: 'closed' });
    const assetIds = received.deliveries[0]?.receipt?.assetIds;
    expect(Array.isArray(assetIds) && assetIds.length).toBe(3);
    const assets = await hub.database.db.query<{
      id: string;
      department_id: string;
      status: string;
      amount: string;
      source_ref: string;
    }>('SELECT id, department_id, status, amount, source_ref FROM assets WHERE id = ANY($1::text[]) ORDER BY id', [assetIds]);
    expect(assets.map((a) => a.department_id)).toEqual([OFFICE, OFFICE, OTHER_DEPARTMENT]);
    expect(
      assets.every((a) => a.status === 'in_use' && Number(a.amount) === 5800 && a.source_ref === 'contract:HT-IT-001/line:1'),
    ).toBe(true);
    for (const id of [office.id, chem.id]) {
      const r = ok<{ requisition: RequisitionDto }>(
        await hub.call('procurement_officer', 'GET', `/api/procurement/requisitions/${id}`),
      ).requisition;
      expect(r.status).toBe('closed');
    }
  });

  it('PRC-6 a delivery received raises stock and closes the contract delivery line (catering)', async (context) => {
    if (!hasCatering) {
      context.skip('the catering context is not part of this hub');
      return;
    }
    ok(
      await hub.call('admin', 'POST', '/api/catering/stock/items', {
        id: 'flour',
        name: 'Flour',
        nameZh: '面粉',
        unit: 'kg',
        safetyStock: 20,
      }),
      201,
    );
    const level = async () =>
      ok<{ items: Array<{ itemId: string; bookQuantity: number }> }>(
        await hub.call('admin', 'GET', '/api/catering/stock/levels'),
      ).items.find((i) => i.itemId === 'flour')?.bookQuantity ?? 0;
    const before = await level();
    const r = await approvedRequisition(hub, {
      itemName: 'Flour',
      itemRef: 'stock-item:flour',
      quantity: 50,
      unit: 'kg',
      budget: 300,
    });
    const line = (await plan(hub, [r.id])).lines[0];
    expect(line).toMatchObject({ itemRef: 'stock-item:flour', quantity: 50, method: 'direct' });
    const contract = ok<ContractDetailDto>(
      await hub.call('procurement_officer', 'POST', CONTRACTS, {
        number: 'HT-FOOD-001',
        signedOn: TODAY,
        supplierId: 'SUP-FOOD',
        planLineId: line?.id,
        paymentTerms: 'Monthly statement',
        instalments: [{ label: 'Statement', percent: 100, dueAfterDays: 30 }],
        lines: [{ itemName: 'Flour', quantity: 50, unit: 'kg', unitPrice: 6, target: { kind: 'stock_item', ref: 'flour' } }],
      }),
      201,
    );
    const received = ok<ContractDetailDto>(
      await hub.call('canteen_manager', 'POST', `${CONTRACTS}/${contract.contract.id}/deliveries`, {
        lineId: contract.lines[0]?.id,
        quantity: 50,
        deliveredOn: TODAY,
        batch: 'FL-0301',
        acceptance: { result: 'passed' },
      }),
      201,
    );
    expect(await level()).toBe(before + 50);
    expect(received.lines[0]).toMatchObject({ acceptedQuantity: 50, status: 'closed' });
    expect(received.deliveries[0]?.receipt).toMatchObject({ stockItem: 'flour', quantity: 50, batch: 'FL-0301' });
    expect(
      ok<{ requisition: RequisitionDto }>(await hub.call('canteen_manager', 'GET', `/api/procurement/requisitions/${r.id}`))
        .requisition.status,
    ).toBe('closed');
  });

  it('PRC-3 the plan sets stock on hand above safety stock against an ingredient requisition (catering)', async (context) => {
    if (!hasCatering) {
      context.skip('the catering context is not part of this hub');
      return;
    }
    ok(
      await hub.call('admin', 'POST', '/api/catering/stock/items', {
        id: 'sugar',
        name: 'Sugar',
        nameZh: '白糖',
        unit: 'kg',
        safetyStock: 10,
      }),
      201,
    );
    ok(
      await hub.call('admin', 'POST', '/api/catering/stock/movements', {
        itemId: 'sugar',
        reason: 'delivery',
        quantity: 30,
        batch: 'SG-1',
        supplierName: 'Local market',
      }),
      201,
    );
    const r = await approvedRequisition(hub, {
      itemName: 'Sugar',
      itemRef: 'stock-item:sugar',
      quantity: 50,
      unit: 'kg',
      budget: 250,
    });
    const line = (await plan(hub, [r.id])).lines[0];
    expect(line).toMatchObject({ requestedQuantity: 50, stockOffset: 20, quantity: 30, estimatedAmount: 150 });
  });

  it('PRC-6 receiving fails clearly (409) when the register to receive into is not part of the hub', async () => {
    // A hub without assets and catering: its own approvals, so the kinds can be defined again.
    const detached = new ProcurementService(hub.database.db, {
      approvals: new ApprovalService(hub.database.db),
      peers: () => ({}),
    });
    const contract = await detached.contracts.create(SYSTEM, {
      number: 'HT-NOWHERE',
      signedOn: TODAY,
      supplierId: 'SUP-FOOD',
      departmentId: OFFICE,
      paymentTerms: 'Cash',
      instalments: [{ label: 'All', percent: 100, dueAfterDays: 0 }],
      lines: [
        { itemName: 'Rice', quantity: 10, unit: 'kg', unitPrice: 5, target: { kind: 'stock_item', ref: 'rice' } },
        { itemName: 'Printer', quantity: 1, unit: 'pcs', unitPrice: 900, target: { kind: 'asset_category', ref: 'it' } },
      ],
    });
    const lines = (await detached.contracts.detail(Number(contract.id))).lines;
    for (const line of lines) {
      await expect(
        detached.contracts.recordDelivery(SYSTEM, Number(contract.id), {
          lineId: Number(line.id),
          quantity: Number(line.quantity),
          deliveredOn: TODAY,
          acceptance: { result: 'passed' },
        }),
      ).rejects.toMatchObject({ statusCode: 409, message: expect.stringMatching(/not available in this hub/) });
    }
    // Nothing was half-recorded: no delivery, the lines untouched.
    const after = await detached.contracts.detail(Number(contract.id));
    expect(after.deliveries).toEqual([]);
    expect(after.lines.every((l) => Number(l.delivered_quantity) === 0)).toBe(true);
  });
});
