import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OFFICE, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import { asset, auditActions, auditEntries, decide, registeredAsset, SYSTEM, seedCategories, userWith } from './helpers.ts';

const nextWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

describe.each(testAdapters())('asset workflows on %s', (adapter) => {
  let hub: HubFixture;
  let chemHead: Record<string, string>;
  let physicsHead: Record<string, string>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedCategories(hub);
    await hub.services.identity.saveDepartment(SYSTEM, {
      id: 'physics',
      name: 'Physics department',
      name_zh: '物理系',
      parent_id: null,
    });
    chemHead = await userWith(hub, 'chem.head', ['department_head'], OTHER_DEPARTMENT);
    physicsHead = await userWith(hub, 'physics.head', ['department_head'], 'physics');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  describe('AST-4 borrowing', () => {
    it('AST-4 lends an asset in use after the asset office approves, takes it back, keeps the history', async () => {
      const id = await registeredAsset(hub, { name: 'Portable projector' });
      const request = await hub.call('technician', 'POST', `/api/assets/${id}/borrowings`, {
        purpose: 'open day',
        dueOn: nextWeek(),
      });
      expect(request.statusCode, request.body).toBe(201);
      const borrowing = request.json<{ id: number; status: string; approvalRequestId: number }>();
      expect(borrowing.status).toBe('pending');
      expect((await asset(hub, id)).status).toBe('in_use');
      // One open borrowing per asset.
      const second = await hub.call('trainer', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'class', dueOn: nextWeek() });
      expect(second.statusCode).toBe(409);
      expect(second.json()).toMatchObject({ code: 'illegal_transition' });
      // Not returnable before it is lent.
      expect(
        (await hub.call('asset_clerk', 'POST', `/api/assets/borrowings/${borrowing.id}/return`, { condition: 'good' }))
          .statusCode,
      ).toBe(409);

      expect((await decide(hub, 'finance', borrowing.approvalRequestId)).statusCode).toBe(403);
      expect((await decide(hub, 'asset_clerk', borrowing.approvalRequestId)).json()).toMatchObject({ status: 'approved' });
      expect((await asset(hub, id)).status).toBe('borrowed');
      // Borrowed: not lendable, not transferable, not disposable.
      expect(
        (await hub.call('trainer', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'class', dueOn: nextWeek() })).statusCode,
      ).toBe(409);
      expect(
        (
          await hub.call('department_head', 'POST', `/api/assets/${id}/transfers`, {
            toDepartmentId: OTHER_DEPARTMENT,
            reason: 'x',
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (await hub.call('department_head', 'POST', `/api/assets/${id}/disposals`, { reason: 'x', condition: 'x' })).statusCode,
      ).toBe(409);

      expect(
        (await hub.call('technician', 'POST', `/api/assets/borrowings/${borrowing.id}/return`, { condition: 'good' })).statusCode,
      ).toBe(403);
      const back = await hub.call('asset_clerk', 'POST', `/api/assets/borrowings/${borrowing.id}/return`, {
        condition: 'lens cap missing',
      });
      expect(back.json()).toMatchObject({
        status: 'returned',
        returnCondition: 'lens cap missing',
        returnedAt: expect.any(String),
      });
      expect((await asset(hub, id)).status).toBe('in_use');
      expect(
        (await hub.call('asset_clerk', 'POST', `/api/assets/borrowings/${borrowing.id}/return`, { condition: 'again' }))
          .statusCode,
      ).toBe(409);

      const history = (await hub.call('finance', 'GET', `/api/assets/${id}/borrowings`)).json<{
        items: Array<{ status: string; borrowerName: string }>;
      }>();
      expect(history.items.map((b) => `${b.borrowerName}:${b.status}`)).toEqual(['Test technician:returned']);
      expect(await auditActions(hub, 'asset', id)).toEqual(['asset.registered', 'asset.lent', 'asset.returned']);
      expect(await auditActions(hub, 'asset_borrowing', borrowing.id)).toEqual(['asset.borrow_requested']);
    });

    it('AST-4 a refused loan leaves the asset in use; refuses assets not in use, bad dates, wrong roles', async () => {
      const id = await registeredAsset(hub);
      const borrowing = (
        await hub.call('dorm_manager', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'inspection', dueOn: nextWeek() })
      ).json<{ id: number; approvalRequestId: number }>();
      await decide(hub, 'asset_clerk', borrowing.approvalRequestId, 'reject', 'needed for the exam week');
      expect((await asset(hub, id)).status).toBe('in_use');
      const history = (await hub.call('asset_clerk', 'GET', `/api/assets/${id}/borrowings`)).json<{
        items: Array<{ status: string; decisionNote: string }>;
      }>();
      expect(history.items[0]).toMatchObject({ status: 'rejected', decisionNote: 'needed for the exam week' });
      expect(await auditActions(hub, 'asset_borrowing', borrowing.id)).toEqual([
        'asset.borrow_requested',
        'asset.borrow_rejected',
      ]);

      // The borrower withdraws a request: the approval mechanism runs the refusal effect as a cancellation.
      const withdrawn = (
        await hub.call('technician', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'demo', dueOn: nextWeek() })
      ).json<{ id: number; approvalRequestId: number }>();
      expect(
        (await hub.call('technician', 'POST', `/api/approvals/requests/${withdrawn.approvalRequestId}/cancel`)).statusCode,
      ).toBe(200);
      expect(await auditActions(hub, 'asset_borrowing', withdrawn.id)).toEqual([
        'asset.borrow_requested',
        'asset.borrow_cancelled',
      ]);
      expect((await asset(hub, id)).status).toBe('in_use');

      const past = await hub.call('technician', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'x', dueOn: '2020-01-01' });
      expect(past.json()).toMatchObject({ code: 'invalid', field: 'dueOn' });
      expect((await hub.call('technician', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'x' })).json()).toMatchObject({
        field: 'dueOn',
      });
      expect(
        (await hub.call('requester', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'x', dueOn: nextWeek() })).statusCode,
      ).toBe(403);
      expect(
        (await hub.call('finance', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'x', dueOn: nextWeek() })).statusCode,
      ).toBe(403);
      expect(
        (await hub.call('technician', 'POST', '/api/assets/NOPE/borrowings', { purpose: 'x', dueOn: nextWeek() })).statusCode,
      ).toBe(404);
      const pending = (
        await hub.call('procurement_officer', 'POST', '/api/assets', {
          name: 'New laptop',
          categoryCode: 'IT',
          departmentId: OFFICE,
          purchaseDate: '2025-05-01',
          amount: 6000,
        })
      ).json<{ asset: { id: string } }>().asset.id;
      expect(
        (await hub.call('technician', 'POST', `/api/assets/${pending}/borrowings`, { purpose: 'x', dueOn: nextWeek() }))
          .statusCode,
      ).toBe(409);
    });
  });

  describe('AST-5 transfers', () => {
    it('AST-5 the giving head asks, the receiving head agrees, the asset office approves: the department changes', async () => {
      const id = await registeredAsset(hub, { name: 'Spectrometer', location: 'Admin store' });
      const response = await hub.call('department_head', 'POST', `/api/assets/${id}/transfers`, {
        toDepartmentId: OTHER_DEPARTMENT,
        toLocation: 'Chem lab 2',
        reason: 'the lab needs it for the new course',
      });
      expect(response.statusCode, response.body).toBe(201);
      const transfer = response.json<{ id: number; approvalRequestId: number; fromDepartmentId: string }>();
      expect(transfer.fromDepartmentId).toBe(OFFICE);
      // Step 1 belongs to the receiving department's head; the asset office comes second.
      expect((await decide(hub, 'asset_clerk', transfer.approvalRequestId)).statusCode).toBe(403);
      expect((await decide(hub, physicsHead, transfer.approvalRequestId)).statusCode).toBe(403);
      expect((await decide(hub, chemHead, transfer.approvalRequestId)).json()).toMatchObject({
        status: 'pending',
        currentStep: 1,
      });
      expect((await decide(hub, chemHead, transfer.approvalRequestId)).statusCode).toBe(403);
      expect((await asset(hub, id)).departmentId).toBe(OFFICE);
      expect((await decide(hub, 'asset_clerk', transfer.approvalRequestId)).json()).toMatchObject({ status: 'approved' });
      const moved = await asset(hub, id);
      expect(moved).toMatchObject({ departmentId: OTHER_DEPARTMENT, location: 'Chem lab 2', status: 'in_use' });
      const transfers = (await hub.call('asset_clerk', 'GET', `/api/assets/${id}/transfers`)).json<{
        items: Array<{ status: string }>;
      }>();
      expect(transfers.items.map((t) => t.status)).toEqual(['approved']);
      const entries = await auditEntries(hub, 'asset', id);
      expect(entries.map((e) => e.action)).toEqual(['asset.registered', 'asset.transferred']);
      expect(entries[1]).toMatchObject({ before: { departmentId: OFFICE }, after: { departmentId: OTHER_DEPARTMENT } });
      expect(await auditActions(hub, 'asset_transfer', transfer.id)).toEqual(['asset.transfer_requested']);
      // Now the chemistry department's: the office head no longer sees it.
      expect((await hub.call('department_head', 'GET', `/api/assets/${id}`)).statusCode).toBe(404);
    });

    it('AST-5 the receiving head may ask too (then the giving head agrees); refusals', async () => {
      const id = await registeredAsset(hub, { name: 'Microscope' });
      const asked = await hub.app.inject({
        method: 'POST',
        url: `/api/assets/${id}/transfers`,
        headers: chemHead,
        payload: { toDepartmentId: OTHER_DEPARTMENT, reason: 'shared equipment' },
      });
      expect(asked.statusCode, asked.body).toBe(201);
      const transfer = asked.json<{ id: number; approvalRequestId: number }>();
      expect((await decide(hub, chemHead, transfer.approvalRequestId)).statusCode).toBe(403);
      await decide(hub, 'department_head', transfer.approvalRequestId, 'reject', 'we still use it daily');
      expect((await asset(hub, id)).departmentId).toBe(OFFICE);
      expect(await auditActions(hub, 'asset_transfer', transfer.id)).toEqual([
        'asset.transfer_requested',
        'asset.transfer_rejected',
      ]);

      const outsider = await hub.app.inject({
        method: 'POST',
        url: `/api/assets/${id}/transfers`,
        headers: physicsHead,
        payload: { toDepartmentId: OTHER_DEPARTMENT, reason: 'x' },
      });
      expect(outsider.statusCode).toBe(403);
      const same = await hub.call('department_head', 'POST', `/api/assets/${id}/transfers`, {
        toDepartmentId: OFFICE,
        reason: 'x',
      });
      expect(same.json()).toMatchObject({ code: 'invalid', field: 'toDepartmentId' });
      const nowhere = await hub.call('department_head', 'POST', `/api/assets/${id}/transfers`, {
        toDepartmentId: 'nowhere',
        reason: 'x',
      });
      expect(nowhere.json()).toMatchObject({ code: 'invalid', field: 'toDepartmentId' });
      expect(
        (await hub.call('asset_clerk', 'POST', `/api/assets/${id}/transfers`, { toDepartmentId: OTHER_DEPARTMENT, reason: 'x' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await hub.call('department_head', 'POST', `/api/assets/${id}/transfers`, { toDepartmentId: OTHER_DEPARTMENT }))
          .statusCode,
      ).toBe(400);
    });
  });

  describe('AST-8 and AST-9 disposal', () => {
    it('AST-8 needs the asset office and then finance before AST-9 records the sale; the asset leaves the books', async () => {
      const id = await registeredAsset(hub, { name: 'Old photocopier', amount: 12_000 });
      const response = await hub.call('department_head', 'POST', `/api/assets/${id}/disposals`, {
        reason: 'beyond economic repair',
        condition: 'drum unit failed, parts discontinued',
      });
      expect(response.statusCode, response.body).toBe(201);
      const disposal = response.json<{ id: number; approvalRequestId: number; status: string }>();
      expect((await asset(hub, id)).status).toBe('pending_disposal');
      const execute = (body: Record<string, unknown>, role: 'asset_clerk' | 'finance' = 'asset_clerk') =>
        hub.call(role, 'POST', `/api/assets/disposals/${disposal.id}/execution`, body);
      const sale = { method: 'sale', executedOn: '2025-06-01', proceeds: 300, buyer: 'Recycling Co.' };

      const early = await execute(sale);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ code: 'illegal_transition', message: expect.stringContaining('awaiting approval') });
      expect((await decide(hub, 'finance', disposal.approvalRequestId)).statusCode).toBe(403);
      await decide(hub, 'asset_clerk', disposal.approvalRequestId);
      expect((await execute(sale)).statusCode).toBe(409);
      expect((await decide(hub, 'finance', disposal.approvalRequestId)).json()).toMatchObject({ status: 'approved' });

      expect((await execute({ method: 'sale', executedOn: '2025-06-01', buyer: 'x' })).json()).toMatchObject({
        code: 'invalid',
        field: 'proceeds',
      });
      expect(
        (await execute({ method: 'destruction', executedOn: '2025-06-01', destructionMethod: 'shredding' })).json(),
      ).toMatchObject({
        field: 'witness',
      });
      expect((await execute({ method: 'write_off', executedOn: '2025-06-01' })).json()).toMatchObject({ field: 'method' });
      expect((await execute({ method: 'sale', executedOn: '2999-01-01', proceeds: 1, buyer: 'x' })).json()).toMatchObject({
        field: 'executedOn',
      });
      expect((await execute(sale, 'finance')).statusCode).toBe(403);
      const done = await execute(sale);
      expect(done.json()).toMatchObject({
        status: 'executed',
        method: 'sale',
        proceeds: 300,
        buyer: 'Recycling Co.',
        executedOn: '2025-06-01',
      });
      const gone = await asset(hub, id);
      expect(gone.status).toBe('disposed');
      expect((await execute(sale)).statusCode).toBe(409);
      // Disposed is final.
      expect(
        (await hub.call('technician', 'POST', `/api/assets/${id}/borrowings`, { purpose: 'x', dueOn: nextWeek() })).statusCode,
      ).toBe(409);
      expect((await hub.call('asset_clerk', 'PATCH', `/api/assets/${id}`, { location: 'x' })).statusCode).toBe(409);

      const entries = await auditEntries(hub, 'asset', id);
      expect(entries.map((e) => e.action)).toEqual(['asset.registered', 'asset.disposal_requested', 'asset.disposed']);
      expect(entries[2]).toMatchObject({
        before: { status: 'pending_disposal' },
        after: { status: 'disposed', method: 'sale', proceeds: 300 },
      });
      expect(await auditActions(hub, 'asset_disposal', disposal.id)).toEqual(['asset.disposal_approved']);
      const queue = (await hub.call('asset_clerk', 'GET', '/api/assets/disposals?status=executed')).json<{
        items: Array<{ id: number }>;
      }>();
      expect(queue.items.map((d) => d.id)).toContain(disposal.id);
    });

    it('AST-8 a refusal puts the asset back; donations and destructions record their particulars; the chain is configurable', async () => {
      const id = await registeredAsset(hub, { name: 'Old desk', categoryCode: 'FUR' });
      const first = (
        await hub.call('asset_clerk', 'POST', `/api/assets/${id}/disposals`, { reason: 'worn', condition: 'wobbly' })
      ).json<{
        approvalRequestId: number;
        id: number;
      }>();
      // The requesting clerk cannot approve their own request; the department head cannot take the asset office's step.
      expect((await decide(hub, 'asset_clerk', first.approvalRequestId)).statusCode).toBe(403);
      await decide(hub, 'admin', first.approvalRequestId, 'reject', 'still usable in the store room');
      expect((await asset(hub, id)).status).toBe('in_use');
      expect(await auditActions(hub, 'asset', id)).toEqual([
        'asset.registered',
        'asset.disposal_requested',
        'asset.disposal_rejected',
      ]);

      // Configured: the logistics manager signs off after finance.
      const chain = await hub.call('logistics_manager', 'PUT', '/api/approvals/chains/asset.disposal', {
        steps: [
          { role: 'asset_clerk', label: 'Asset office' },
          { role: 'finance', label: 'Finance' },
          { role: 'logistics_manager', label: 'Logistics manager' },
        ],
      });
      expect(chain.statusCode, chain.body).toBe(200);
      const second = (
        await hub.call('department_head', 'POST', `/api/assets/${id}/disposals`, { reason: 'worn', condition: 'wobbly' })
      ).json<{
        approvalRequestId: number;
        id: number;
      }>();
      await decide(hub, 'asset_clerk', second.approvalRequestId);
      await decide(hub, 'finance', second.approvalRequestId);
      const early = await hub.call('asset_clerk', 'POST', `/api/assets/disposals/${second.id}/execution`, {
        method: 'donation',
        executedOn: '2025-06-02',
        recipient: 'Village school',
      });
      expect(early.statusCode).toBe(409);
      await decide(hub, 'logistics_manager', second.approvalRequestId);
      const donated = await hub.call('asset_clerk', 'POST', `/api/assets/disposals/${second.id}/execution`, {
        method: 'donation',
        executedOn: '2025-06-02',
        recipient: 'Village school',
        notes: 'collected by truck',
      });
      expect(donated.json()).toMatchObject({ status: 'executed', method: 'donation', recipient: 'Village school' });
      expect((await asset(hub, id)).status).toBe('disposed');

      const scrap = await registeredAsset(hub, { name: 'Broken monitor' });
      const third = (
        await hub.call('department_head', 'POST', `/api/assets/${scrap}/disposals`, {
          reason: 'cracked',
          condition: 'screen broken',
        })
      ).json<{
        approvalRequestId: number;
        id: number;
      }>();
      for (const role of ['asset_clerk', 'finance', 'logistics_manager'] as const)
        await decide(hub, role, third.approvalRequestId);
      const destroyed = await hub.call('asset_clerk', 'POST', `/api/assets/disposals/${third.id}/execution`, {
        method: 'destruction',
        executedOn: '2025-06-03',
        destructionMethod: 'e-waste recycler, certificate 2025-118',
        witness: 'Wang Li (asset office)',
      });
      expect(destroyed.json()).toMatchObject({ status: 'executed', method: 'destruction', witness: 'Wang Li (asset office)' });

      expect(
        (await hub.call('technician', 'POST', `/api/assets/${scrap}/disposals`, { reason: 'x', condition: 'x' })).statusCode,
      ).toBe(403);
      expect((await hub.call('department_head', 'POST', `/api/assets/${scrap}/disposals`, { reason: 'x' })).json()).toMatchObject(
        { field: 'condition' },
      );
      const theirs = await registeredAsset(hub, { departmentId: OTHER_DEPARTMENT });
      expect(
        (await hub.call('department_head', 'POST', `/api/assets/${theirs}/disposals`, { reason: 'x', condition: 'x' }))
          .statusCode,
      ).toBe(404);
    });
  });
});
