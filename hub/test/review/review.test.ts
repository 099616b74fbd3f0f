import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampled } from '../../src/contexts/review/sampling.ts';
import { asset, auditActions, auditEntries, intake, seedCategories } from '../assets/helpers.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';

interface Item {
  id: number;
  entityType: string;
  entityId: string;
  status: string;
}

describe.each(testAdapters())('DAT-2 data-entry review on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedCategories(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const setRate = (sampleRate: number, role: 'data_reviewer' | 'logistics_manager' | 'technician' = 'data_reviewer') =>
    hub.call(role, 'PUT', '/api/review/policies/asset', { sampleRate });
  const itemOf = async (entityId: string) => {
    const queue = (await hub.call('data_reviewer', 'GET', '/api/review/items?entityType=asset&limit=200')).json<{
      items: Item[];
    }>();
    return queue.items.find((i) => i.entityId === entityId);
  };

  it('DAT-2 the policy says which share of new entries is drawn; configuring it is audited and restricted', async () => {
    const policies = (await hub.call('logistics_manager', 'GET', '/api/review/policies')).json<{
      items: Array<{ entityType: string; sampleRate: number; configured: boolean }>;
    }>();
    expect(policies.items).toContainEqual(expect.objectContaining({ entityType: 'asset', sampleRate: 0.1, configured: false }));
    expect((await setRate(1)).json()).toEqual({ entityType: 'asset', sampleRate: 1 });
    expect((await setRate(1, 'technician')).statusCode).toBe(403);
    expect((await setRate(1.5)).statusCode).toBe(400);
    expect((await hub.call('data_reviewer', 'PUT', '/api/review/policies/spaceship', { sampleRate: 0.5 })).json()).toMatchObject({
      code: 'invalid',
      field: 'entityType',
    });
    expect(await auditActions(hub, 'review_policy', 'asset')).toEqual(['review.policy_set']);
  });

  it('DAT-2 a drawn entry is passed by the reviewer, once', async () => {
    await setRate(1);
    const created = (await intake(hub)).json<{ asset: { id: string }; review: boolean }>();
    expect(created.review).toBe(true);
    const item = await itemOf(created.asset.id);
    expect(item).toMatchObject({ status: 'pending', entityType: 'asset' });
    const detail = (await hub.call('data_reviewer', 'GET', `/api/review/items/${item?.id}`)).json<{
      record: { id: string; amount: number };
    }>();
    expect(detail.record).toMatchObject({ id: created.asset.id, amount: 4200 });
    expect((await hub.call('technician', 'POST', `/api/review/items/${item?.id}/pass`, {})).statusCode).toBe(403);
    expect((await hub.call('logistics_manager', 'POST', `/api/review/items/${item?.id}/pass`, {})).statusCode).toBe(403);
    const passed = await hub.call('data_reviewer', 'POST', `/api/review/items/${item?.id}/pass`, {
      notes: 'matches the invoice',
    });
    expect(passed.json()).toMatchObject({ status: 'passed', reviewerName: 'Test data_reviewer', notes: 'matches the invoice' });
    expect((await hub.call('data_reviewer', 'POST', `/api/review/items/${item?.id}/pass`, {})).statusCode).toBe(409);
    expect(
      (
        await hub.call('data_reviewer', 'POST', `/api/review/items/${item?.id}/corrections`, {
          changes: { amount: 1 },
          notes: 'x',
        })
      ).statusCode,
    ).toBe(409);
    expect(await auditActions(hub, 'review_item', item?.id ?? 0)).toEqual(['review.enrolled', 'review.passed']);
  });

  it('DAT-2 a correction updates the asset through its service and keeps before and after', async () => {
    await setRate(1);
    const id = (await intake(hub, { amount: 42_000, model: 'EB-X5I' })).json<{ asset: { id: string } }>().asset.id;
    const item = await itemOf(id);
    const base = `/api/review/items/${item?.id}/corrections`;
    expect((await hub.call('data_reviewer', 'POST', base, { changes: { colour: 'red' }, notes: 'x' })).json()).toMatchObject({
      code: 'invalid',
      field: 'changes.colour',
    });
    expect((await hub.call('data_reviewer', 'POST', base, { changes: { amount: 'lots' }, notes: 'x' })).json()).toMatchObject({
      field: 'changes.amount',
    });
    expect(
      (await hub.call('data_reviewer', 'POST', base, { changes: { categoryCode: 'NOPE' }, notes: 'x' })).json(),
    ).toMatchObject({
      field: 'changes.categoryCode',
    });
    expect((await hub.call('data_reviewer', 'POST', base, { changes: {}, notes: 'x' })).statusCode).toBe(400);
    const corrected = await hub.call('data_reviewer', 'POST', base, {
      changes: { amount: 4200, model: 'EB-X51' },
      notes: 'typed an extra zero; I for 1',
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.json()).toMatchObject({
      item: { status: 'corrected' },
      correction: { before: { amount: 42_000, model: 'EB-X5I' }, after: { amount: 4200, model: 'EB-X51' } },
    });
    expect(await asset(hub, id)).toMatchObject({ amount: 4200 });
    // Corrected again: the history keeps both.
    await hub.call('data_reviewer', 'POST', base, { changes: { location: 'Store room B' }, notes: 'wrong room' });
    const detail = (await hub.call('logistics_manager', 'GET', `/api/review/items/${item?.id}`)).json<{
      corrections: Array<{ before: Record<string, unknown>; after: Record<string, unknown> }>;
    }>();
    expect(detail.corrections.map((c) => Object.keys(c.after).sort())).toEqual([['amount', 'model'], ['location']]);
    const entries = await auditEntries(hub, 'asset', id);
    expect(entries.map((e) => e.action)).toEqual(['asset.intake', 'asset.corrected', 'asset.corrected']);
    expect(entries[1]).toMatchObject({ actorName: 'Test data_reviewer', before: { amount: 42_000 }, after: { amount: 4200 } });
    expect(await auditActions(hub, 'review_item', item?.id ?? 0)).toEqual([
      'review.enrolled',
      'review.corrected',
      'review.corrected',
    ]);
  });

  it('DAT-2 sampling is deterministic per record; at 0 nothing is drawn; nobody reviews their own entry', async () => {
    await setRate(0);
    const skipped = (await intake(hub)).json<{ asset: { id: string }; review: boolean }>();
    expect(skipped.review).toBe(false);
    expect(await itemOf(skipped.asset.id)).toBeUndefined();
    await setRate(0.5);
    for (let i = 0; i < 6; i += 1) {
      const created = (await intake(hub)).json<{ asset: { id: string }; review: boolean }>();
      expect(created.review).toBe(sampled('asset', created.asset.id, 0.5));
      expect((await itemOf(created.asset.id)) !== undefined).toBe(created.review);
    }
    const reviewer = {
      userId: hub.userId('data_reviewer'),
      name: 'Test data_reviewer',
      roles: ['data_reviewer' as const],
      departmentId: null,
    };
    await setRate(1);
    const own = (await intake(hub)).json<{ asset: { id: string } }>().asset.id;
    await hub.database.db.transaction(async (tx) => {
      await tx.query("DELETE FROM review_items WHERE entity_type = 'asset' AND entity_id = $1", [own]);
      await hub.services.review.enrol(tx, reviewer, 'asset', own);
    });
    const item = await itemOf(own);
    const refused = await hub.call('data_reviewer', 'POST', `/api/review/items/${item?.id}/pass`, {});
    expect(refused.statusCode).toBe(403);
  });
});
