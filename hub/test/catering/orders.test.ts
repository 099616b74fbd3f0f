import { testAdapters } from '@campus/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectDevice, publishEvent } from '../../../gateway/test/helpers/devices.ts';
import { TEST_DEVICES, TEST_SITE } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { waitFor } from '../../../gateway/test/helpers/wait.ts';
import type { CateringLiveEvent } from '../../src/contexts/catering/service.ts';
import { type HubFixture, startHubFixture, TEST_PASSWORD } from '../helpers/hub-fixture.ts';
import { auditActions, campusClockAt, ok, publishC1Menu, SYSTEM, seedBasics } from './helpers.ts';

interface PreOrder {
  id: number;
  userId: number;
  status: string;
  total: number;
  cancellable: boolean;
  cutoffAt: string;
  lines: Array<{ dishId: string | null; setMealId: string | null; quantity: number; unitPrice: number }>;
}
interface KitchenOrder {
  id: number;
  canteenId: string;
  deviceId: string;
  orderId: string;
  status: string;
  mealPeriod: string;
  lines: Array<{ dishId: string; name: string | null; quantity: number }>;
}
interface Queue {
  counts: { pending: number; preparing: number; ready: number };
  items: KitchenOrder[];
}

const terminal = (() => {
  const device = TEST_DEVICES.find((d) => d.kind === 'terminal');
  if (!device) throw new Error('the test gateway registers a terminal');
  return device;
})();

describe.each(testAdapters())('CAT-1 pre-orders with cut-offs on %s', (adapter) => {
  let hub: HubFixture;
  let other: Record<string, string>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
    await publishC1Menu(hub, '2027-03-10', 'breakfast');
    await publishC1Menu(hub, '2027-03-10', 'lunch');
    await hub.services.identity.createUser(SYSTEM, {
      username: 'diner2',
      displayName: 'Second diner',
      password: TEST_PASSWORD,
      roles: ['requester'],
      departmentId: 'chemistry',
    });
    const login = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'diner2', password: TEST_PASSWORD },
    });
    other = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const place = (body: Record<string, unknown>) =>
    hub.call('requester', 'POST', '/api/catering/pre-orders', { canteenId: 'c1', ...body });

  it('CAT-1 takes a pre-order of dishes and set meals on the menu, at menu prices, once per meal', async () => {
    campusClockAt(hub, '2027-03-09', '19:00');
    const breakfast = await ok<PreOrder>(
      place({ serviceDate: '2027-03-10', mealPeriod: 'breakfast', lines: [{ dishId: 'noodles', quantity: 1 }] }),
      201,
    );
    expect(breakfast).toMatchObject({ status: 'placed', total: 12, cancellable: true, userId: hub.userId('requester') });
    // Breakfast closes at 20:00 campus time the day before.
    expect(breakfast.cutoffAt).toBe('2027-03-09T12:00:00.000Z');
    const lunch = await ok<PreOrder>(
      place({
        serviceDate: '2027-03-10',
        mealPeriod: 'lunch',
        lines: [
          { setMealId: 'lunch-a', quantity: 2 },
          { dishId: 'noodles', quantity: 1 },
        ],
      }),
      201,
    );
    expect(lunch).toMatchObject({
      total: 52,
      lines: [
        { setMealId: 'lunch-a', quantity: 2, unitPrice: 20 },
        { dishId: 'noodles', unitPrice: 12 },
      ],
    });
    const twice = await place({ serviceDate: '2027-03-10', mealPeriod: 'lunch', lines: [{ dishId: 'noodles', quantity: 1 }] });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'conflict', field: 'mealPeriod' });
    expect(await auditActions(hub, 'pre_order', lunch.id)).toEqual(['pre_order.placed']);
  });

  it('CAT-1 refuses what is not on the menu, malformed lines, dates too far ahead and non-diners', async () => {
    campusClockAt(hub, '2027-03-09', '19:00');
    const offMenu = await hub.app.inject({
      method: 'POST',
      url: '/api/catering/pre-orders',
      headers: other,
      payload: { canteenId: 'c1', serviceDate: '2027-03-10', mealPeriod: 'lunch', lines: [{ dishId: 'rice', quantity: 1 }] },
    });
    expect(offMenu.json()).toMatchObject({
      code: 'invalid',
      field: 'lines.0.dishId',
      message: expect.stringMatching(/not on the lunch menu/),
    });
    const both = await place({
      serviceDate: '2027-03-10',
      mealPeriod: 'dinner',
      lines: [{ dishId: 'noodles', setMealId: 'lunch-a', quantity: 1 }],
    });
    expect(both.json()).toMatchObject({ field: 'lines.0' });
    const far = await place({ serviceDate: '2027-04-10', mealPeriod: 'lunch', lines: [{ dishId: 'noodles', quantity: 1 }] });
    expect(far.json()).toMatchObject({ code: 'invalid', field: 'serviceDate' });
    const zero = await place({ serviceDate: '2027-03-10', mealPeriod: 'lunch', lines: [{ dishId: 'noodles', quantity: 0 }] });
    expect(zero.json()).toMatchObject({ code: 'invalid', field: 'lines.0.quantity' });
    const staff = await hub.call('canteen_manager', 'POST', '/api/catering/pre-orders', {
      canteenId: 'c1',
      serviceDate: '2027-03-10',
      mealPeriod: 'lunch',
      lines: [{ dishId: 'noodles', quantity: 1 }],
    });
    expect(staff.statusCode).toBe(403);
  });

  it('CAT-1 after the cut-off an order or a cancellation is refused (409); before it a cancellation goes through', async () => {
    campusClockAt(hub, '2027-03-09', '20:00');
    const late = await hub.app.inject({
      method: 'POST',
      url: '/api/catering/pre-orders',
      headers: other,
      payload: {
        canteenId: 'c1',
        serviceDate: '2027-03-10',
        mealPeriod: 'breakfast',
        lines: [{ dishId: 'noodles', quantity: 1 }],
      },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({
      code: 'conflict',
      field: 'serviceDate',
      message: expect.stringMatching(/closed at 2027-03-09T12:00/),
    });
    const mine = await ok<{ items: PreOrder[] }>(hub.call('requester', 'GET', '/api/catering/pre-orders/mine'));
    const [lunch, breakfast] = mine.items;
    if (!lunch || !breakfast) throw new Error('expected two pre-orders');
    expect(breakfast.cancellable).toBe(false);
    const tooLate = await hub.call('requester', 'POST', `/api/catering/pre-orders/${breakfast.id}/cancel`);
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json()).toMatchObject({ code: 'conflict', field: 'serviceDate' });
    // Someone else's pre-order is not found, not forbidden.
    const theirs = await hub.app.inject({ method: 'POST', url: `/api/catering/pre-orders/${lunch.id}/cancel`, headers: other });
    expect(theirs.statusCode).toBe(404);
    expect(await ok(hub.call('requester', 'POST', `/api/catering/pre-orders/${lunch.id}/cancel`))).toMatchObject({
      status: 'cancelled',
      cancellable: false,
    });
    const again = await hub.call('requester', 'POST', `/api/catering/pre-orders/${lunch.id}/cancel`);
    expect(again.json()).toMatchObject({ code: 'illegal_transition' });
    expect(await auditActions(hub, 'pre_order', lunch.id)).toEqual(['pre_order.placed', 'pre_order.cancelled']);
    // Cancelled, the diner may order the meal again.
    await ok(place({ serviceDate: '2027-03-10', mealPeriod: 'lunch', lines: [{ setMealId: 'lunch-a', quantity: 1 }] }), 201);
  });

  it('CAT-1 diners see their own pre-orders; the kitchen sees all and a preparation list with set meals expanded', async () => {
    campusClockAt(hub, '2027-03-09', '21:00');
    const theirs = await hub.app.inject({
      method: 'POST',
      url: '/api/catering/pre-orders',
      headers: other,
      payload: { canteenId: 'c1', serviceDate: '2027-03-10', mealPeriod: 'lunch', lines: [{ dishId: 'dumplings', quantity: 3 }] },
    });
    expect(theirs.statusCode).toBe(201);
    const own = await hub.app.inject({ method: 'GET', url: '/api/catering/pre-orders/mine', headers: other });
    expect(own.json<{ items: PreOrder[] }>().items.map((p) => p.total)).toEqual([30]);
    expect((await hub.call('requester', 'GET', '/api/catering/pre-orders')).statusCode).toBe(403);
    const all = await ok<{ items: PreOrder[]; nextCursor: string | null }>(
      hub.call('canteen_manager', 'GET', '/api/catering/pre-orders?date=2027-03-10&status=placed&limit=2'),
    );
    expect(all.items).toHaveLength(2);
    const rest = await ok<{ items: PreOrder[] }>(
      hub.call(
        'canteen_manager',
        'GET',
        `/api/catering/pre-orders?date=2027-03-10&status=placed&limit=2&cursor=${all.nextCursor}`,
      ),
    );
    expect(rest.items).toHaveLength(1);
    const prep = await ok<{ meals: Array<{ mealPeriod: string; dishes: Array<{ dishId: string; portions: number }> }> }>(
      hub.call('canteen_manager', 'GET', '/api/catering/prep-list?canteenId=c1&date=2027-03-10'),
    );
    const portions = Object.fromEntries(
      prep.meals.map((m) => [m.mealPeriod, Object.fromEntries(m.dishes.map((d) => [d.dishId, d.portions]))]),
    );
    // Lunch: set meal A (noodles + dumplings) once, and 3 dumplings; breakfast: 1 noodles.
    expect(portions).toEqual({ breakfast: { noodles: 1 }, lunch: { dumplings: 4, noodles: 1 } });
  });

  it('CAT-1 the counter hands a pre-order over on its day, once', async () => {
    const [lunch] = (await ok<{ items: PreOrder[] }>(hub.call('requester', 'GET', '/api/catering/pre-orders/mine?status=placed')))
      .items;
    if (!lunch) throw new Error('expected a placed pre-order');
    campusClockAt(hub, '2027-03-09', '21:00');
    expect((await hub.call('canteen_manager', 'POST', `/api/catering/pre-orders/${lunch.id}/collect`)).json()).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/not today/),
    });
    campusClockAt(hub, '2027-03-10', '12:00');
    expect((await hub.call('requester', 'POST', `/api/catering/pre-orders/${lunch.id}/collect`)).statusCode).toBe(403);
    expect(await ok(hub.call('canteen_manager', 'POST', `/api/catering/pre-orders/${lunch.id}/collect`))).toMatchObject({
      status: 'collected',
    });
    expect((await hub.call('canteen_manager', 'POST', `/api/catering/pre-orders/${lunch.id}/collect`)).statusCode).toBe(409);
    expect(await auditActions(hub, 'pre_order', lunch.id)).toEqual(['pre_order.placed', 'pre_order.collected']);
  });
});

describe.each(testAdapters())('CAT-2 terminal orders reach the kitchen queue on %s', (adapter) => {
  let hub: HubFixture;
  const live: CateringLiveEvent[] = [];

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/canteens/c1/terminals', { deviceIds: [terminal.id] }));
    hub.services.catering.onKitchenOrder((event) => live.push(event));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const order = (eventId: string, items: Array<{ dishId: string; quantity: number; unitPrice: number }>) => ({
    eventId,
    ts: Date.now(),
    orderId: `O-${eventId}`,
    items,
    total: items.reduce((sum, i) => sum + i.quantity * i.unitPrice, 0),
    payerCard: 'C2001',
    mealPeriod: 'lunch',
  });
  const queue = (query = '') => ok<Queue>(hub.call('canteen_manager', 'GET', `/api/catering/canteens/c1/kitchen-queue${query}`));

  it('CAT-2 an order published by a real terminal over MQTT appears in its canteen’s kitchen queue, once', async () => {
    const client = await connectDevice(hub.gateway.port, terminal);
    const payload = order('k-1', [
      { dishId: 'noodles', quantity: 2, unitPrice: 12 },
      { dishId: 'dumplings', quantity: 1, unitPrice: 10 },
    ]);
    await publishEvent(client, terminal, payload);
    await publishEvent(client, terminal, payload); // a QoS 1 resend
    await client.endAsync();
    const first = await waitFor('the kitchen order', async () => {
      const q = await queue();
      return q.items.length > 0 ? q : undefined;
    });
    expect(first.counts).toEqual({ pending: 1, preparing: 0, ready: 0 });
    expect(first.items).toEqual([
      expect.objectContaining({
        canteenId: 'c1',
        deviceId: terminal.id,
        orderId: 'O-k-1',
        status: 'pending',
        mealPeriod: 'lunch',
        total: 34,
        lines: [
          { dishId: 'noodles', name: 'Beef noodles', nameZh: '牛肉面', quantity: 2, unitPrice: 12 },
          { dishId: 'dumplings', name: 'Pork dumplings', nameZh: '猪肉饺子', quantity: 1, unitPrice: 10 },
        ],
      }),
    ]);
    expect(live).toEqual([
      expect.objectContaining({
        name: 'catering.kitchen_order_received',
        canteenId: 'c1',
        order: expect.objectContaining({ orderId: 'O-k-1' }),
      }),
    ]);
    // A replay of stored orders (a catch-up after a restart) never doubles them.
    expect(await hub.services.catering.orders.catchUp(new Date(Date.now() - 3_600_000))).toEqual([]);
    expect((await queue()).items).toHaveLength(1);
    expect(await auditActions(hub, 'kitchen_order', first.items[0]?.id ?? 0)).toEqual(['kitchen_order.received']);
  });

  it('CAT-2 canteen staff move an order pending → preparing → ready → served; other steps are refused', async () => {
    const [current] = (await queue()).items;
    if (!current) throw new Error('expected an order');
    const step = (status: string, role: 'canteen_manager' | 'requester' = 'canteen_manager') =>
      hub.call(role, 'POST', `/api/catering/kitchen-orders/${current.id}/status`, { status });
    expect((await step('preparing', 'requester')).statusCode).toBe(403);
    expect((await step('cooking')).json()).toMatchObject({ code: 'invalid', field: 'status' });
    expect(await ok(step('preparing'))).toMatchObject({ status: 'preparing' });
    const skip = await step('served');
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({ code: 'illegal_transition', message: expect.stringMatching(/can go to ready/) });
    await ok(step('ready'));
    expect((await queue()).counts).toEqual({ pending: 0, preparing: 0, ready: 1 });
    await ok(step('served'));
    expect((await step('served')).json()).toMatchObject({ code: 'illegal_transition', message: expect.stringMatching(/done/) });
    expect((await queue()).items).toEqual([]);
    expect((await queue('?status=served')).items.map((o) => o.id)).toEqual([current.id]);
    expect(
      (await hub.call('canteen_manager', 'POST', '/api/catering/kitchen-orders/999999/status', { status: 'ready' })).statusCode,
    ).toBe(404);
    expect(await auditActions(hub, 'kitchen_order', current.id)).toEqual([
      'kitchen_order.received',
      'kitchen_order.preparing',
      'kitchen_order.ready',
      'kitchen_order.served',
    ]);
    expect(live.map((e) => e.name)).toEqual([
      'catering.kitchen_order_received',
      'catering.kitchen_order_changed',
      'catering.kitchen_order_changed',
      'catering.kitchen_order_changed',
    ]);
  });

  it('CAT-2 orders of a terminal no canteen owns wait in the ingest store until it is mapped', async () => {
    const spare = { id: 'pos-t2', kind: 'terminal' as const, site: TEST_SITE, secret: 'pos-t2-secret-000099' };
    await hub.gateway.gateway.registry.register(spare);
    const client = await connectDevice(hub.gateway.port, spare);
    await publishEvent(client, spare, order('k-9', [{ dishId: 'rice', quantity: 1, unitPrice: 1.5 }]));
    await client.endAsync();
    await waitFor(
      'the stored terminal order',
      async () => (await hub.database.db.query("SELECT 1 FROM terminal_orders WHERE device_id = 'pos-t2'")).length > 0,
    );
    const c2 = () => ok<Queue>(hub.call('canteen_manager', 'GET', '/api/catering/canteens/c2/kitchen-queue'));
    expect((await c2()).items).toEqual([]);
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/canteens/c2/terminals', { deviceIds: ['pos-t2'] }));
    const caught = await hub.services.catering.orders.catchUp(new Date(Date.now() - 3_600_000));
    expect(caught.map((o) => o.canteen_id)).toEqual(['c2']);
    expect((await c2()).items.map((o) => o.orderId)).toEqual(['O-k-9']);
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/canteens/nowhere/kitchen-queue')).statusCode).toBe(404);
  });
});
