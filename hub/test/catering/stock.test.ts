import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent } from '../../../gateway/test/helpers/devices.ts';
import { TEST_DEVICES } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { waitFor } from '../../../gateway/test/helpers/wait.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, ok, SYSTEM, seedBasics } from './helpers.ts';

interface Movement {
  id: number;
  itemId: string;
  direction: string;
  quantity: number;
  reason: string;
  batch: string | null;
  supplierId: string | null;
  supplierName: string | null;
  balanceAfter: number;
  productionId: number | null;
  stocktakeId: number | null;
  note: string | null;
  sourceRef: string | null;
}
interface Stocktake {
  id: number;
  status: string;
  counts: Array<{ itemId: string; bookQuantity: number; countedQuantity: number; difference: number }>;
}

const scale = (() => {
  const device = TEST_DEVICES.find((d) => d.kind === 'scale');
  if (!device) throw new Error('the test gateway registers a scale');
  return device;
})();

describe.each(testAdapters())('CAT-4..6 ingredient stock, stocktakes and traceability on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const move = (body: Record<string, unknown>, role: 'canteen_manager' | 'requester' = 'canteen_manager') =>
    hub.call(role, 'POST', '/api/catering/stock/movements', body);
  const book = async (itemId: string) =>
    (await ok<{ bookQuantity: number }>(hub.call('canteen_manager', 'GET', `/api/catering/stock/items/${itemId}`))).bookQuantity;

  it('CAT-6 books deliveries in with supplier and batch, consumption and waste out; refuses what would go below zero', async () => {
    const delivery = await ok<Movement>(
      move({
        itemId: 'flour',
        reason: 'delivery',
        quantity: 20,
        supplierName: 'Green Farm',
        batch: 'F-1',
        note: 'morning delivery',
      }),
      201,
    );
    expect(delivery).toMatchObject({
      direction: 'in',
      itemName: 'Wheat flour',
      specification: '25 kg bag, grade 1',
      unit: 'kg',
      quantity: 20,
      supplierName: 'Green Farm',
      batch: 'F-1',
      balanceAfter: 20,
      recordedBy: 'Test canteen_manager',
    });
    expect((await move({ itemId: 'flour', reason: 'delivery', quantity: 1, supplierName: 'x' })).json()).toMatchObject({
      field: 'batch',
    });
    expect((await move({ itemId: 'flour', reason: 'delivery', quantity: 1, batch: 'F-9' })).json()).toMatchObject({
      field: 'supplierName',
    });
    expect(await ok(move({ itemId: 'flour', reason: 'waste', quantity: 1, batch: 'F-1', note: 'damp bag' }), 201)).toMatchObject({
      direction: 'out',
      balanceAfter: 19,
    });
    const short = await move({ itemId: 'pork', reason: 'consumption', quantity: 5 });
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({
      code: 'conflict',
      field: 'quantity',
      message: expect.stringMatching(/only 0 kg of Pork/),
    });
    expect((await move({ itemId: 'flour', reason: 'consumption', quantity: 1, batch: 'NOPE' })).json()).toMatchObject({
      field: 'batch',
    });
    expect((await move({ itemId: 'flour', reason: 'stocktake_adjustment', quantity: 1 })).json()).toMatchObject({
      field: 'reason',
    });
    expect((await move({ itemId: 'saffron', reason: 'waste', quantity: 1 })).json()).toMatchObject({ field: 'itemId' });
    expect(
      (await move({ itemId: 'flour', reason: 'waste', quantity: 1, occurredAt: '2099-01-01T00:00:00Z' })).json(),
    ).toMatchObject({ field: 'occurredAt' });
    expect((await move({ itemId: 'flour', reason: 'waste', quantity: 1 }, 'requester')).statusCode).toBe(403);
    for (const role of ['procurement_officer', 'finance', 'logistics_manager'] as const) {
      expect((await hub.call(role, 'GET', '/api/catering/stock/movements')).statusCode).toBe(200);
    }
    expect((await hub.call('technician', 'GET', '/api/catering/stock/movements')).statusCode).toBe(403);
    const deliveries = await ok<{ items: Movement[] }>(
      hub.call('canteen_manager', 'GET', '/api/catering/stock/movements?supplier=Green%20Farm&reason=delivery'),
    );
    expect(deliveries.items.map((m) => m.id)).toEqual([delivery.id]);
    expect(await book('flour')).toBe(19);
    const [sum] = await hub.database.db.query<{ total: string }>(
      "SELECT sum(CASE WHEN direction = 'in' THEN quantity ELSE -quantity END) AS total FROM stock_movements WHERE item_id = 'flour'",
    );
    expect(Number(sum?.total)).toBe(19);
    expect(await auditActions(hub, 'stock_movement', delivery.id)).toEqual(['stock_movement.delivery']);
  });

  it('CAT-6 procurement books deliveries in through the IngredientStock contract, in its own transaction', async () => {
    const { catering } = hub.services;
    await hub.database.db.transaction((tx) =>
      catering.receiveIngredient(tx, SYSTEM, {
        itemId: 'pork',
        quantity: 10,
        unit: 'kg',
        supplierId: 'SUP-1',
        batch: 'P-7',
        sourceRef: 'contract:HT-1/line:1',
      }),
    );
    const [received] = (
      await ok<{ items: Movement[] }>(hub.call('canteen_manager', 'GET', '/api/catering/stock/movements?itemId=pork'))
    ).items;
    expect(received).toMatchObject({
      reason: 'delivery',
      supplierId: 'SUP-1',
      batch: 'P-7',
      sourceRef: 'contract:HT-1/line:1',
      balanceAfter: 10,
    });
    await expect(
      hub.database.db.transaction((tx) =>
        catering.receiveIngredient(tx, SYSTEM, { itemId: 'pork', quantity: 1, unit: 'g', batch: 'P-8' }),
      ),
    ).rejects.toMatchObject({ statusCode: 400, field: 'unit' });
    await expect(
      hub.database.db.transaction((tx) =>
        catering.receiveIngredient(tx, SYSTEM, { itemId: 'beef', quantity: 1, unit: 'kg', batch: 'B-1' }),
      ),
    ).rejects.toMatchObject({ field: 'itemId' });
  });

  it('CAT-4 live stock: book quantity, safety stock and the latest inventory-scale weight (IOT-3) per item', async () => {
    const client = await connectDevice(hub.gateway.port, scale);
    await publishEvent(client, scale, {
      eventId: 's-1',
      ts: new Date(Date.now() - 60_000).toISOString(),
      itemId: 'flour',
      gross: 19.2,
      net: 19,
      unit: 'kg',
    });
    await publishEvent(client, scale, {
      eventId: 's-2',
      ts: new Date().toISOString(),
      itemId: 'flour',
      gross: 19000,
      net: 18500,
      unit: 'g',
    });
    await client.endAsync();
    const levels = await waitFor('the scale weight in the live view', async () => {
      const body = await ok<{ items: Array<{ itemId: string; scale: { netKg: number } | null }> }>(
        hub.call('procurement_officer', 'GET', '/api/catering/stock/levels'),
      );
      return body.items.find((i) => i.itemId === 'flour')?.scale?.netKg === 18.5 ? body : undefined;
    });
    expect(levels.items).toEqual([
      {
        itemId: 'flour',
        name: 'Wheat flour',
        nameZh: '面粉',
        unit: 'kg',
        bookQuantity: 19,
        safetyStock: 2,
        belowSafety: false,
        scale: { netKg: 18.5, at: expect.any(String), deviceId: scale.id },
      },
      {
        itemId: 'pork',
        name: 'Pork',
        nameZh: '猪肉',
        unit: 'kg',
        bookQuantity: 10,
        safetyStock: 1,
        belowSafety: false,
        scale: null,
      },
      {
        itemId: 'rice',
        name: 'Rice',
        nameZh: '大米',
        unit: 'kg',
        bookQuantity: 0,
        safetyStock: 5,
        belowSafety: true,
        scale: null,
      },
    ]);
    // What the low-stock rule (IOT-7) reads.
    const rule = await hub.services.catering.stockLevels();
    expect(rule.find((l) => l.itemId === 'rice')).toMatchObject({
      quantity: 0,
      safetyStock: 5,
      unit: 'kg',
      belowSafety: true,
      scale: null,
    });
    expect(await hub.services.catering.safetyStockOf('rice')).toBe(5);
    expect(await hub.services.catering.safetyStockOf('saffron')).toBeUndefined();
    const below = await ok<{ items: Array<{ id: string }> }>(
      hub.call('canteen_manager', 'GET', '/api/catering/stock/items?belowSafety=true'),
    );
    expect(below.items.map((i) => i.id)).toEqual(['rice']);
    const item = { name: 'Rice', nameZh: '大米', specification: 'japonica', unit: 'kg', safetyStock: 4 };
    expect(await ok(hub.call('canteen_manager', 'PUT', '/api/catering/stock/items/rice', item))).toMatchObject({
      safetyStock: 4,
    });
    expect(
      (
        await hub.call('canteen_manager', 'PUT', '/api/catering/stock/items/flour', { ...item, name: 'Wheat flour', unit: 'g' })
      ).json(),
    ).toMatchObject({ field: 'unit' });
    expect((await hub.call('canteen_manager', 'POST', '/api/catering/stock/items', { id: 'rice', ...item })).statusCode).toBe(
      409,
    );
    expect((await hub.call('procurement_officer', 'PUT', '/api/catering/stock/items/rice', item)).statusCode).toBe(403);
    expect(await auditActions(hub, 'stock_item', 'rice')).toEqual(['stock_item.created', 'stock_item.updated']);
  });

  it('CAT-4 a stocktake turns counted-vs-book differences into adjustments that carry their cause', async () => {
    const opened = await ok<Stocktake>(
      hub.call('canteen_manager', 'POST', '/api/catering/stock/stocktakes', { note: 'month end' }),
      201,
    );
    expect((await hub.call('canteen_manager', 'POST', '/api/catering/stock/stocktakes', {})).statusCode).toBe(409);
    const count = (itemId: string, body: Record<string, unknown>) =>
      hub.call('canteen_manager', 'PUT', `/api/catering/stock/stocktakes/${opened.id}/counts/${itemId}`, body);
    expect((await ok<Stocktake>(count('flour', { countedQuantity: 18 }))).counts).toEqual([
      expect.objectContaining({ itemId: 'flour', bookQuantity: 19, countedQuantity: 18, difference: -1 }),
    ]);
    const unexplained = await hub.call('canteen_manager', 'POST', `/api/catering/stock/stocktakes/${opened.id}/complete`);
    expect(unexplained.json()).toMatchObject({ code: 'invalid', field: 'counts.flour.cause' });
    await ok(count('flour', { countedQuantity: 18, cause: 'spilt when moving / 搬运洒落' }));
    await ok(count('pork', { countedQuantity: 10 }));
    await ok(count('rice', { countedQuantity: 10, cause: 'found in the cold store' }));
    expect((await count('saffron', { countedQuantity: 1 })).statusCode).toBe(404);
    expect(
      (await hub.call('requester', 'PUT', `/api/catering/stock/stocktakes/${opened.id}/counts/pork`, { countedQuantity: 1 }))
        .statusCode,
    ).toBe(403);
    const done = await ok<{ stocktake: Stocktake; adjustments: Movement[] }>(
      hub.call('canteen_manager', 'POST', `/api/catering/stock/stocktakes/${opened.id}/complete`),
    );
    expect(done.stocktake.status).toBe('completed');
    expect(done.adjustments).toEqual([
      expect.objectContaining({
        itemId: 'flour',
        direction: 'out',
        quantity: 1,
        reason: 'stocktake_adjustment',
        note: 'spilt when moving / 搬运洒落',
        stocktakeId: opened.id,
        batch: null,
      }),
      expect.objectContaining({
        itemId: 'rice',
        direction: 'in',
        quantity: 10,
        reason: 'stocktake_adjustment',
        stocktakeId: opened.id,
      }),
    ]);
    expect(await book('flour')).toBe(18);
    expect(
      (await hub.call('canteen_manager', 'POST', `/api/catering/stock/stocktakes/${opened.id}/complete`)).json(),
    ).toMatchObject({ code: 'illegal_transition' });
    expect((await count('pork', { countedQuantity: 9 })).json()).toMatchObject({ code: 'illegal_transition' });
    expect(await auditActions(hub, 'stocktake', opened.id)).toEqual([
      'stocktake.opened',
      'stocktake.counted',
      'stocktake.counted',
      'stocktake.counted',
      'stocktake.counted',
      'stocktake.completed',
    ]);
    const empty = await ok<Stocktake>(hub.call('canteen_manager', 'POST', '/api/catering/stock/stocktakes', {}), 201);
    expect(
      (await hub.call('canteen_manager', 'POST', `/api/catering/stock/stocktakes/${empty.id}/complete`)).json(),
    ).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/no counts/),
    });
    expect(await ok(hub.call('canteen_manager', 'POST', `/api/catering/stock/stocktakes/${empty.id}/cancel`))).toMatchObject({
      status: 'cancelled',
    });
    const list = await ok<{ items: Stocktake[] }>(hub.call('finance', 'GET', '/api/catering/stock/stocktakes'));
    expect(list.items.map((s) => s.status)).toEqual(['cancelled', 'completed']);
  });

  it('food safety: production draws on named batches or first-in first-out, and short stock books nothing', async () => {
    await ok(move({ itemId: 'flour', reason: 'delivery', quantity: 10, supplierName: 'Blue Mill', batch: 'F-2' }), 201);
    const produce = (body: Record<string, unknown>, role: 'canteen_manager' | 'requester' = 'canteen_manager') =>
      hub.call(role, 'POST', '/api/catering/production', {
        canteenId: 'c1',
        serviceDate: '2027-03-10',
        mealPeriod: 'lunch',
        ...body,
      });
    const noodles = await ok<{ id: number; consumption: Movement[] }>(produce({ dishId: 'noodles', portions: 100 }), 201);
    // 100 × 0.15 kg flour from the oldest batch with stock (F-1), 100 × 0.05 kg pork from P-7.
    expect(noodles.consumption.map((m) => [m.itemId, m.batch, m.quantity, m.reason])).toEqual([
      ['flour', 'F-1', 15, 'consumption'],
      ['pork', 'P-7', 5, 'consumption'],
    ]);
    const dumplings = await ok<{ consumption: Movement[] }>(
      produce({ dishId: 'dumplings', portions: 50, batches: [{ itemId: 'flour', batch: 'F-2' }] }),
      201,
    );
    expect(dumplings.consumption.map((m) => [m.itemId, m.batch, m.quantity])).toEqual([
      ['flour', 'F-2', 5],
      ['pork', 'P-7', 4],
    ]);
    // Rice came from a stocktake surplus: no batch, so its consumption is untraced.
    const rice = await ok<{ consumption: Movement[] }>(produce({ canteenId: 'c2', dishId: 'rice', portions: 10 }), 201);
    expect(rice.consumption.map((m) => [m.itemId, m.batch, m.quantity])).toEqual([['rice', null, 2]]);
    const before = await book('flour');
    const short = await produce({ dishId: 'noodles', portions: 1000 });
    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({ code: 'conflict', field: 'quantity' });
    expect(await book('flour')).toBe(before);
    expect((await produce({ dishId: 'noodles', portions: 1, batches: [{ itemId: 'rice', batch: 'F-1' }] })).json()).toMatchObject(
      { field: 'batches.0.itemId' },
    );
    expect(
      (await produce({ dishId: 'noodles', portions: 1, batches: [{ itemId: 'flour', batch: 'F-404' }] })).json(),
    ).toMatchObject({ field: 'batches.0.batch' });
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/dishes/tea', { name: 'Tea', price: 1 }));
    expect((await produce({ dishId: 'tea', portions: 1 })).json()).toMatchObject({
      field: 'dishId',
      message: expect.stringMatching(/no recipe/),
    });
    expect((await produce({ dishId: 'noodles', portions: 1 }, 'requester')).statusCode).toBe(403);
    expect(await auditActions(hub, 'production_record', noodles.id)).toEqual(['production_record.created']);
    const list = await ok<{ items: Array<{ dishId: string; consumption: unknown[] }> }>(
      hub.call('logistics_manager', 'GET', '/api/catering/production?date=2027-03-10&canteenId=c1'),
    );
    expect(list.items.map((p) => [p.dishId, p.consumption.length])).toEqual([
      ['dumplings', 2],
      ['noodles', 2],
    ]);
  });

  it('food safety: trace a delivered batch forward to dishes and meals, and a served dish back to batches and suppliers', async () => {
    const forward = await ok<{
      deliveries: Movement[];
      remaining: number;
      uses: Array<{ reason: string; dishId: string | null; quantity: number }>;
      dishes: Array<{ dishId: string }>;
      meals: unknown[];
    }>(hub.call('procurement_officer', 'GET', '/api/catering/trace/batch?itemId=flour&batch=F-1'));
    expect(forward.deliveries.map((d) => [d.supplierName, d.quantity])).toEqual([['Green Farm', 20]]);
    expect(forward.uses.map((u) => [u.reason, u.dishId, u.quantity])).toEqual([
      ['waste', null, 1],
      ['consumption', 'noodles', 15],
    ]);
    expect(forward.dishes).toEqual([{ dishId: 'noodles', name: 'Beef noodles', nameZh: '牛肉面' }]);
    expect(forward.meals).toEqual([{ canteenId: 'c1', serviceDate: '2027-03-10', mealPeriod: 'lunch' }]);
    expect(forward.remaining).toBe(4);
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/trace/batch?itemId=flour&batch=F-404')).statusCode).toBe(404);

    const back = await ok<{
      productions: unknown[];
      batches: Array<{ itemId: string; batch: string; quantityUsed: number; deliveries: Movement[] }>;
      suppliers: unknown[];
      untraced: unknown[];
    }>(hub.call('canteen_manager', 'GET', '/api/catering/trace/dish?dishId=dumplings&date=2027-03-10&mealPeriod=lunch'));
    expect(back.productions).toHaveLength(1);
    expect(
      back.batches.map((b) => [b.itemId, b.batch, b.quantityUsed, b.deliveries.map((d) => d.supplierName ?? d.supplierId)]),
    ).toEqual([
      ['flour', 'F-2', 5, ['Blue Mill']],
      ['pork', 'P-7', 4, ['SUP-1']],
    ]);
    expect(back.suppliers).toEqual([
      { supplierId: 'SUP-1', supplierName: null },
      { supplierId: null, supplierName: 'Blue Mill' },
    ]);
    const rice = await ok<{ untraced: unknown[]; batches: unknown[] }>(
      hub.call('canteen_manager', 'GET', '/api/catering/trace/dish?dishId=rice&date=2027-03-10'),
    );
    expect(rice).toMatchObject({ batches: [], untraced: [{ itemId: 'rice', quantity: 2, unit: 'kg' }] });
    expect((await hub.call('requester', 'GET', '/api/catering/trace/dish?dishId=rice&date=2027-03-10')).statusCode).toBe(403);
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/trace/dish?dishId=ghost&date=2027-03-10')).statusCode).toBe(
      404,
    );
  });
});
