import { testAdapters } from '@campus/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeBatch } from '../../../gateway/src/ingest/event-repository.ts';
import type { TerminalOrderEvent } from '../../../gateway/src/ingest/records.ts';
import { TEST_SITE } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { zonedInstant } from '../../src/contexts/catering/clock.ts';
import { CateringService } from '../../src/contexts/catering/service.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, campusClockAt, ok, publishC1Menu, SYSTEM, seedBasics, TZ } from './helpers.ts';

interface Forecast {
  date: string;
  holiday: boolean;
  weeksObserved: number;
  dishes: Array<{ dishId: string; name: string | null; preOrdered: number; expectedWalkIn: number; portions: number }>;
  items: Array<{ itemId: string; need: number; available: number; shortfall: number }>;
  lines: Array<{ itemId: string; quantity: number; unit: string; neededBy: string }>;
}
interface Plan {
  id: number;
  neededOn: string;
  status: string;
  weeksObserved: number;
  lines: Array<{ itemId: string; name: string; quantity: number; unit: string; neededBy: string; requisitionId: number | null }>;
}

/** Walk-in sales on past days, stored the way the gateway stores terminal orders. */
async function sellAtTerminal(hub: HubFixture, date: string, items: Record<string, number>): Promise<void> {
  const ts = zonedInstant(date, '12:00', TZ);
  const event: TerminalOrderEvent = {
    kind: 'terminal',
    site: TEST_SITE,
    deviceId: 'pos-t1',
    eventId: `hist-${date}`,
    ts,
    receivedAt: ts,
    orderId: `H-${date}`,
    items: Object.entries(items).map(([dishId, quantity]) => ({ dishId, quantity, unitPrice: 10 })),
    total: Object.values(items).reduce((sum, q) => sum + q * 10, 0),
    payerCard: 'C3001',
    mealPeriod: 'lunch',
  };
  await hub.database.db.transaction((tx) => storeBatch(tx, [event]));
  await hub.services.catering.orders.receiveTerminalOrders([{ deviceId: event.deviceId, eventId: event.eventId, ts }]);
}

describe.each(testAdapters())('CAT-3 ingredient forecast, purchase plans and waste on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/canteens/c1/terminals', { deviceIds: ['pos-t1'] }));
    // The same weekday (Wednesday) of the last four weeks; 2027-02-10 the canteen was closed.
    await sellAtTerminal(hub, '2027-03-03', { noodles: 40, dumplings: 20 });
    await sellAtTerminal(hub, '2027-02-24', { noodles: 50, dumplings: 21 });
    await sellAtTerminal(hub, '2027-02-17', { noodles: 30, dumplings: 20 });
    await publishC1Menu(hub, '2027-03-10', 'lunch');
    campusClockAt(hub, '2027-03-09', '09:00');
    await ok(
      hub.call('requester', 'POST', '/api/catering/pre-orders', {
        canteenId: 'c1',
        serviceDate: '2027-03-10',
        mealPeriod: 'lunch',
        lines: [{ setMealId: 'lunch-a', quantity: 2 }],
      }),
      201,
    );
    await ok(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/movements', {
        itemId: 'flour',
        reason: 'delivery',
        quantity: 5,
        supplierName: 'Green Farm',
        batch: 'F-1',
      }),
      201,
    );
    await ok(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/movements', {
        itemId: 'pork',
        reason: 'delivery',
        quantity: 1,
        supplierName: 'Hog Farm',
        batch: 'P-1',
      }),
      201,
    );
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('CAT-3 forecasts tomorrow from pre-orders + same-weekday walk-ins × recipes, minus stock above safety', async () => {
    campusClockAt(hub, '2027-03-09', '10:00');
    const forecast = await ok<Forecast>(hub.call('procurement_officer', 'GET', '/api/catering/forecast'));
    expect(forecast).toMatchObject({ date: '2027-03-10', holiday: false, weeksObserved: 3 });
    // noodles: 2 (set meal A × 2) + mean(40, 50, 30) = 42; dumplings: 2 + ⌈61 / 3⌉ = 23.
    expect(forecast.dishes.map((d) => [d.dishId, d.preOrdered, d.expectedWalkIn, d.portions])).toEqual([
      ['dumplings', 2, 21, 23],
      ['noodles', 2, 40, 42],
    ]);
    expect(forecast.dishes[1]?.name).toBe('Beef noodles');
    // flour 42 × 0.15 + 23 × 0.1 = 8.6 against 5 − 2; pork 42 × 0.05 + 23 × 0.08 = 3.94 against 1 − 1;
    // rice: no demand, but 0 on the shelf against a safety stock of 5.
    expect(forecast.items.map((i) => [i.itemId, i.need, i.available, i.shortfall])).toEqual([
      ['flour', 8.6, 3, 5.6],
      ['pork', 3.94, 0, 3.94],
      ['rice', 0, -5, 5],
    ]);
    expect(forecast.lines).toEqual([
      { itemId: 'flour', quantity: 5.6, unit: 'kg', neededBy: '2027-03-10' },
      { itemId: 'pork', quantity: 3.94, unit: 'kg', neededBy: '2027-03-10' },
      { itemId: 'rice', quantity: 5, unit: 'kg', neededBy: '2027-03-10' },
    ]);
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/forecast?date=2027-03-09')).json()).toMatchObject({
      field: 'date',
    });
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/forecast?date=2027-05-01')).json()).toMatchObject({
      field: 'date',
    });
    expect((await hub.call('requester', 'GET', '/api/catering/forecast')).statusCode).toBe(403);
  });

  it('CAT-3 expects no walk-ins on a holiday of the academic calendar', async () => {
    campusClockAt(hub, '2027-03-09', '10:00');
    const schoolDay = await ok<Forecast>(hub.call('canteen_manager', 'GET', '/api/catering/forecast?date=2027-03-17'));
    expect(schoolDay).toMatchObject({ holiday: false, weeksObserved: 3 });
    expect(schoolDay.dishes.map((d) => [d.dishId, d.expectedWalkIn])).toEqual([
      ['dumplings', 21],
      ['noodles', 40],
    ]);
    await hub.services.calendar.create(SYSTEM, {
      kind: 'holiday',
      name: 'Sports day',
      nameZh: '运动会',
      startsOn: '2027-03-17',
      endsOn: '2027-03-17',
    });
    const holiday = await ok<Forecast>(hub.call('canteen_manager', 'GET', '/api/catering/forecast?date=2027-03-17'));
    expect(holiday).toMatchObject({ holiday: true, dishes: [] });
  });

  it('CAT-3 turns the forecast into a proposed purchase plan, one per day', async () => {
    campusClockAt(hub, '2027-03-09', '10:00');
    expect((await hub.call('procurement_officer', 'POST', '/api/catering/purchase-plans', {})).statusCode).toBe(403);
    const plan = await ok<Plan>(hub.call('canteen_manager', 'POST', '/api/catering/purchase-plans', {}), 201);
    expect(plan).toMatchObject({ neededOn: '2027-03-10', status: 'proposed', weeksObserved: 3 });
    expect(plan.lines.map((l) => [l.itemId, l.name, l.quantity, l.unit, l.neededBy, l.requisitionId])).toEqual([
      ['flour', 'Wheat flour', 5.6, 'kg', '2027-03-10', null],
      ['pork', 'Pork', 3.94, 'kg', '2027-03-10', null],
      ['rice', 'Rice', 5, 'kg', '2027-03-10', null],
    ]);
    const again = await hub.call('canteen_manager', 'POST', '/api/catering/purchase-plans', { date: '2027-03-10' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'date', message: expect.stringMatching(/still proposed/) });
    expect(await ok<Plan>(hub.call('finance', 'GET', `/api/catering/purchase-plans/${plan.id}`))).toMatchObject({ id: plan.id });
    const listed = await ok<{ items: Plan[] }>(
      hub.call('procurement_officer', 'GET', '/api/catering/purchase-plans?status=proposed'),
    );
    expect(listed.items.map((p) => p.id)).toEqual([plan.id]);
    expect(await auditActions(hub, 'purchase_plan', plan.id)).toEqual(['purchase_plan.proposed']);
  });

  it('CAT-3 a plan is refused when stock covers the needs; a proposed plan can be discarded once', async () => {
    campusClockAt(hub, '2027-03-09', '10:00');
    await ok(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/movements', {
        itemId: 'rice',
        reason: 'delivery',
        quantity: 50,
        supplierName: 'Rice Co',
        batch: 'R-1',
      }),
      201,
    );
    const nothing = await hub.call('canteen_manager', 'POST', '/api/catering/purchase-plans', { date: '2027-03-12' });
    expect(nothing.json()).toMatchObject({ code: 'conflict', message: expect.stringMatching(/nothing to buy/) });
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/stock/items/rice', { name: 'Rice', unit: 'kg', safetyStock: 80 }));
    const plan = await ok<Plan>(hub.call('canteen_manager', 'POST', '/api/catering/purchase-plans', { date: '2027-03-12' }), 201);
    expect(plan.lines.map((l) => [l.itemId, l.quantity])).toEqual([['rice', 30]]);
    expect(await ok(hub.call('canteen_manager', 'POST', `/api/catering/purchase-plans/${plan.id}/discard`))).toMatchObject({
      status: 'discarded',
    });
    expect((await hub.call('canteen_manager', 'POST', `/api/catering/purchase-plans/${plan.id}/discard`)).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect((await hub.call('canteen_manager', 'POST', `/api/catering/purchase-plans/${plan.id}/confirm`, {})).statusCode).toBe(
      409,
    );
    expect(await auditActions(hub, 'purchase_plan', plan.id)).toEqual(['purchase_plan.proposed', 'purchase_plan.discarded']);
  });

  it('CAT-3 PRC-1 confirming a plan drafts one procurement requisition per line', async () => {
    campusClockAt(hub, '2027-03-09', '10:00');
    const [plan] = (
      await ok<{ items: Plan[] }>(hub.call('canteen_manager', 'GET', '/api/catering/purchase-plans?status=proposed'))
    ).items;
    if (!plan) throw new Error('expected the proposed plan');
    const hasProcurement = typeof Reflect.get(hub.services, 'procurement') === 'object';
    const confirm = await hub.call('canteen_manager', 'POST', `/api/catering/purchase-plans/${plan.id}/confirm`, {});
    if (!hasProcurement) {
      expect(confirm.statusCode).toBe(409);
      expect(confirm.json()).toMatchObject({
        code: 'procurement_unavailable',
        message: expect.stringMatching(/procurement is not available/),
      });
      return;
    }
    const confirmed = expectOk<Plan>(confirm);
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.lines.every((l) => typeof l.requisitionId === 'number')).toBe(true);
    expect(new Set(confirmed.lines.map((l) => l.requisitionId)).size).toBe(3);
    expect(
      (await hub.call('canteen_manager', 'POST', `/api/catering/purchase-plans/${plan.id}/confirm`, {})).json(),
    ).toMatchObject({ code: 'illegal_transition' });
    expect(await auditActions(hub, 'purchase_plan', plan.id)).toEqual(['purchase_plan.proposed', 'purchase_plan.confirmed']);
  });

  it('CAT-3 without procurement in the hub, confirming is refused with a clear 409 and nothing changes', async () => {
    const fixed = zonedInstant('2027-03-09', '10:00', TZ);
    const alone = new CateringService(hub.database.db, { now: () => fixed, peers: () => ({}) });
    const plan = await alone.planning.createPlan(SYSTEM, '2027-03-11');
    await expect(alone.planning.confirmPlan(SYSTEM, Number(plan.id), 'logistics-office')).rejects.toMatchObject({
      statusCode: 409,
      code: 'procurement_unavailable',
      message: 'procurement is not available: requisitions cannot be drafted',
    });
    expect((await alone.planning.plan(Number(plan.id))).status).toBe('proposed');
  });

  it('waste: prepared portions against sold ones (terminal orders + pre-orders) per meal and dish', async () => {
    campusClockAt(hub, '2027-03-10', '14:00');
    await ok(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/movements', {
        itemId: 'flour',
        reason: 'delivery',
        quantity: 30,
        supplierName: 'Green Farm',
        batch: 'F-2',
      }),
      201,
    );
    await ok(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/movements', {
        itemId: 'pork',
        reason: 'delivery',
        quantity: 10,
        supplierName: 'Hog Farm',
        batch: 'P-2',
      }),
      201,
    );
    const produce = (serviceDate: string, dishId: string, portions: number) =>
      ok(
        hub.call('canteen_manager', 'POST', '/api/catering/production', {
          canteenId: 'c1',
          dishId,
          serviceDate,
          mealPeriod: 'lunch',
          portions,
        }),
        201,
      );
    await produce('2027-03-03', 'noodles', 45);
    await produce('2027-03-10', 'noodles', 10);
    const waste = await ok<{ totals: Record<string, number | null>; rows: Array<Record<string, unknown>> }>(
      hub.call('finance', 'GET', '/api/catering/waste?from=2027-03-03&to=2027-03-10&canteenId=c1'),
    );
    expect(
      waste.rows.map((r) => [r.serviceDate, r.dishId, r.prepared, r.walkIn, r.preOrdered, r.sold, r.waste, r.wasteRate]),
    ).toEqual([
      ['2027-03-03', 'dumplings', 0, 20, 0, 20, 0, null],
      ['2027-03-03', 'noodles', 45, 40, 0, 40, 5, 0.111],
      ['2027-03-10', 'dumplings', 0, 0, 2, 2, 0, null],
      ['2027-03-10', 'noodles', 10, 0, 2, 2, 8, 0.8],
    ]);
    expect(waste.totals).toEqual({ prepared: 55, walkIn: 60, preOrdered: 4, sold: 64, waste: 13, wasteRate: 0.236 });
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/waste?from=2027-03-10&to=2027-03-01')).json()).toMatchObject({
      field: 'to',
    });
    expect((await hub.call('requester', 'GET', '/api/catering/waste')).statusCode).toBe(403);
  });
});

function expectOk<T>(response: { statusCode: number; body: string; json<U>(): U }): T {
  if (response.statusCode !== 200) throw new Error(`expected 200, got ${response.statusCode}: ${response.body}`);
  return response.json<T>();
}
