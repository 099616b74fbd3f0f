import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCateringDemo } from '../../src/contexts/catering/demo.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, ok, SYSTEM, seedBasics } from './helpers.ts';

interface Dish {
  id: string;
  canteenId: string | null;
  price: number;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
const DATE = '2027-03-10';

describe.each(testAdapters())('CAT-1 canteens, dishes, recipes and menus on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('CAT-2 maps ordering terminals to one canteen; a gate or a terminal of another canteen is refused', async () => {
    const set = (canteen: string, deviceIds: string[], role: 'canteen_manager' | 'requester' = 'canteen_manager') =>
      hub.call(role, 'PUT', `/api/catering/canteens/${canteen}/terminals`, { deviceIds });
    expect(await ok(set('c1', ['pos-t1']))).toMatchObject({ id: 'c1', terminalIds: ['pos-t1'] });
    const taken = await set('c2', ['pos-t1']);
    expect(taken.statusCode).toBe(400);
    expect(taken.json()).toMatchObject({
      code: 'invalid',
      field: 'deviceIds.0',
      message: expect.stringMatching(/belongs to canteen c1/),
    });
    const gate = await set('c2', ['gate-t1']);
    expect(gate.json()).toMatchObject({ field: 'deviceIds.0', message: expect.stringMatching(/is a gate/) });
    expect((await set('c2', ['pos-t9'], 'requester')).statusCode).toBe(403);
    expect((await set('nowhere', [])).statusCode).toBe(404);
    expect(await auditActions(hub, 'canteen', 'c1')).toEqual(['canteen.created', 'canteen.terminals_set']);
    const canteens = await ok<{ items: Array<{ id: string; nameZh: string }> }>(
      hub.call('requester', 'GET', '/api/catering/canteens'),
    );
    expect(canteens.items.map((c) => [c.id, c.nameZh])).toEqual([
      ['c1', '一食堂'],
      ['c2', '二食堂'],
    ]);
  });

  it('CAT-3 keeps a recipe per dish (quantities per portion); diners see dishes, not recipes', async () => {
    const dishes = await ok<Page<Dish>>(hub.call('requester', 'GET', '/api/catering/dishes?canteenId=c1'));
    expect(dishes.items.map((d) => d.id)).toEqual(['dumplings', 'noodles']);
    expect((await hub.call('requester', 'GET', '/api/catering/dishes/noodles/recipe')).statusCode).toBe(403);
    const recipe = await ok<{ lines: Array<{ itemId: string; quantity: number; unit: string }> }>(
      hub.call('procurement_officer', 'GET', '/api/catering/dishes/noodles/recipe'),
    );
    expect(recipe.lines).toEqual([
      { itemId: 'flour', name: 'Wheat flour', nameZh: '面粉', quantity: 0.15, unit: 'kg' },
      { itemId: 'pork', name: 'Pork', nameZh: '猪肉', quantity: 0.05, unit: 'kg' },
    ]);
    // Updating without a recipe keeps it; an unknown ingredient is refused by field.
    const updated = await ok<{ dish: Dish; recipe: unknown[] }>(
      hub.call('canteen_manager', 'PUT', '/api/catering/dishes/noodles', {
        name: 'Beef noodles',
        nameZh: '牛肉面',
        stallId: 's1',
        price: 13,
      }),
    );
    expect(updated.dish).toMatchObject({ price: 13, canteenId: 'c1' });
    expect(updated.recipe).toHaveLength(2);
    const unknown = await hub.call('canteen_manager', 'PUT', '/api/catering/dishes/noodles', {
      name: 'x',
      price: 1,
      recipe: [{ itemId: 'saffron', quantity: 0.01 }],
    });
    expect(unknown.json()).toMatchObject({ code: 'invalid', field: 'recipe.0.itemId' });
    const badCode = await hub.call('canteen_manager', 'PUT', '/api/catering/dishes/bad%20code', { name: 'x', price: 1 });
    expect(badCode.json()).toMatchObject({ code: 'invalid', field: 'id' });
    expect((await hub.call('technician', 'PUT', '/api/catering/dishes/noodles', { name: 'x', price: 1 })).statusCode).toBe(403);
    expect(await auditActions(hub, 'dish', 'noodles')).toEqual(['dish.created', 'dish.updated']);
    const first = await ok<Page<Dish>>(hub.call('requester', 'GET', '/api/catering/dishes?limit=2'));
    expect(first.items).toHaveLength(2);
    const rest = await ok<Page<Dish>>(hub.call('requester', 'GET', `/api/catering/dishes?limit=2&cursor=${first.nextCursor}`));
    expect(rest).toMatchObject({ items: [{ id: 'rice' }], nextCursor: null });
  });

  it('CAT-1 set meals belong to one canteen and meal period', async () => {
    const foreign = await hub.call('canteen_manager', 'PUT', '/api/catering/set-meals/mixed', {
      canteenId: 'c1',
      name: 'Mixed',
      mealPeriod: 'dinner',
      price: 9,
      dishes: [{ dishId: 'rice' }],
    });
    expect(foreign.json()).toMatchObject({ field: 'dishes.0.dishId', message: expect.stringMatching(/canteen c2/) });
    const meal = await ok<{ dishes: unknown[] }>(hub.call('requester', 'GET', '/api/catering/set-meals/lunch-a'));
    expect(meal).toMatchObject({
      canteenId: 'c1',
      mealPeriod: 'lunch',
      price: 20,
      dishes: [
        { dishId: 'dumplings', portions: 1 },
        { dishId: 'noodles', portions: 1 },
      ],
    });
    expect(await auditActions(hub, 'set_meal', 'lunch-a')).toEqual(['set_meal.created']);
  });

  it('CAT-1 publishes a menu per canteen, date and meal period; diners read the calendar', async () => {
    const url = (period: string) => `/api/catering/canteens/c1/menu/${DATE}/${period}`;
    const lunch = await ok<{ dishes: Array<{ id: string }>; setMeals: Array<{ id: string }> }>(
      hub.call('canteen_manager', 'PUT', url('lunch'), { dishIds: ['noodles', 'dumplings'], setMealIds: ['lunch-a'] }),
    );
    expect(lunch.dishes.map((d) => d.id)).toEqual(['dumplings', 'noodles']);
    expect(lunch.setMeals.map((m) => m.id)).toEqual(['lunch-a']);
    const wrongPeriod = await hub.call('canteen_manager', 'PUT', url('dinner'), { dishIds: [], setMealIds: ['lunch-a'] });
    expect(wrongPeriod.json()).toMatchObject({ field: 'setMealIds.0', message: expect.stringMatching(/lunch set meal/) });
    const otherCanteen = await hub.call('canteen_manager', 'PUT', url('dinner'), { dishIds: ['rice'], setMealIds: [] });
    expect(otherCanteen.json()).toMatchObject({ field: 'dishIds.0' });
    const badDate = await hub.call('canteen_manager', 'PUT', `/api/catering/canteens/c1/menu/2027-02-30/lunch`, {
      dishIds: [],
      setMealIds: [],
    });
    expect(badDate.json()).toMatchObject({ code: 'invalid', field: 'date' });
    expect((await hub.call('requester', 'PUT', url('lunch'), { dishIds: [], setMealIds: [] })).statusCode).toBe(403);
    const calendar = await ok<{ meals: Array<{ mealPeriod: string; dishes: unknown[]; setMeals: unknown[] }> }>(
      hub.call('requester', 'GET', `/api/catering/menu?canteenId=c1&from=${DATE}&to=${DATE}`),
    );
    expect(calendar.meals).toEqual([
      {
        canteenId: 'c1',
        date: DATE,
        mealPeriod: 'lunch',
        dishes: [
          { id: 'dumplings', name: 'Pork dumplings', nameZh: '猪肉饺子', price: 10, stallId: 's1' },
          { id: 'noodles', name: 'Beef noodles', nameZh: '牛肉面', price: 13, stallId: 's1' },
        ],
        setMeals: [{ id: 'lunch-a', name: 'Lunch set A', nameZh: '午餐A套餐', price: 20 }],
      },
    ]);
    const tooLong = await hub.call('requester', 'GET', '/api/catering/menu?from=2027-01-01&to=2027-06-01');
    expect(tooLong.json()).toMatchObject({ field: 'to' });
    expect(await auditActions(hub, 'menu', `c1/${DATE}/lunch`)).toEqual(['menu.published']);
  });

  it('CAT-1 cut-offs are configurable per meal period; one after the meal starts is refused', async () => {
    const periods = await ok<{
      timeZone: string;
      items: Array<{ mealPeriod: string; cutoffDaysBefore: number; cutoffTime: string; label: { zh: string } }>;
    }>(hub.call('requester', 'GET', '/api/catering/meal-periods'));
    expect(periods.timeZone).toBe('Asia/Shanghai');
    expect(periods.items[0]).toMatchObject({
      mealPeriod: 'breakfast',
      cutoffDaysBefore: 1,
      cutoffTime: '20:00',
      label: { zh: '早餐' },
    });
    const late = await hub.call('canteen_manager', 'PUT', '/api/catering/meal-periods/lunch', {
      servesFrom: '11:00',
      servesUntil: '13:30',
      cutoffDaysBefore: 0,
      cutoffTime: '11:30',
    });
    expect(late.json()).toMatchObject({ code: 'invalid', field: 'cutoffTime' });
    const body = { servesFrom: '11:00', servesUntil: '13:30', cutoffDaysBefore: 0, cutoffTime: '10:00' };
    expect(await ok(hub.call('canteen_manager', 'PUT', '/api/catering/meal-periods/lunch', body))).toMatchObject({
      cutoffTime: '10:00',
    });
    expect((await hub.call('technician', 'PUT', '/api/catering/meal-periods/lunch', body)).statusCode).toBe(403);
    expect(await auditActions(hub, 'meal_period', 'lunch')).toEqual(['meal_period.updated']);
    await ok(hub.call('canteen_manager', 'PUT', '/api/catering/meal-periods/lunch', { ...body, cutoffTime: '09:30' }));
  });

  it('SYS-3 imports stock items and dishes from CSV: all rows or none, with a report of refused rows', async () => {
    const post = async (kind: string, csv: string, query = '', role: 'canteen_manager' | 'requester' = 'canteen_manager') =>
      hub.app.inject({
        method: 'POST',
        url: `/api/catering/import/${kind}${query}`,
        headers: { ...(await hub.as(role)), 'content-type': 'text/csv' },
        payload: csv,
      });
    const stockCsv = [
      '食材编号,名称,中文名称,规格,单位,安全库存,期初库存,批次,供应商',
      'egg,Egg,鸡蛋,grade A,kg,5,30,E-2027-01,Green Farm',
      'oil,Soy oil,大豆油,5 L bottle,,2,10,,',
      'salt,Salt,食盐,,kg,abc,,,',
    ].join('\n');
    const refused = await post('stock', stockCsv);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      imported: false,
      total: 3,
      rejected: [
        { row: 3, field: 'unit', reason: 'is required' },
        { row: 4, field: 'safety_stock', reason: expect.stringMatching(/quantity/) },
      ],
    });
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/stock/items/egg')).statusCode).toBe(404);
    const good = stockCsv.split('\n').slice(0, 2).concat('oil,Soy oil,大豆油,5 L bottle,L,2,10,,').join('\n');
    const dry = await post('stock', good, '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, imported: false, accepted: 2, rejected: [] });
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/stock/items/egg')).statusCode).toBe(404);
    const stored = await post('stock', good);
    expect(stored.statusCode).toBe(201);
    expect(stored.json()).toMatchObject({ imported: true, ids: ['egg', 'oil'] });
    expect(await ok(hub.call('procurement_officer', 'GET', '/api/catering/stock/items/egg'))).toMatchObject({
      bookQuantity: 30,
      safetyStock: 5,
    });
    const opening = await ok<{
      items: Array<{ reason: string; batch: string | null; supplierName: string | null; note: string }>;
    }>(hub.call('canteen_manager', 'GET', '/api/catering/stock/movements?itemId=oil'));
    expect(opening.items).toMatchObject([{ reason: 'stocktake_adjustment', batch: 'OPENING', note: 'opening stock' }]);
    expect((await post('stock', good)).json()).toMatchObject({
      rejected: [
        { row: 2, field: 'id' },
        { row: 3, field: 'id' },
      ],
    });

    const dishCsv = [
      'id,name,name_zh,stall_id,price,recipe',
      'omelette,Omelette,煎蛋,s1,4.5,egg:0.1;oil:0.01',
      'fried-rice,Fried rice,炒饭,s9,8,rice:0.2',
    ].join('\n');
    const badStall = await post('dishes', dishCsv);
    expect(badStall.json()).toMatchObject({ rejected: [{ row: 3, field: 'stall_id', reason: 'no stall s9' }] });
    expect((await hub.call('requester', 'GET', '/api/catering/dishes/omelette')).statusCode).toBe(404);
    const badRecipe = await post('dishes', 'id,name,price,recipe\nsoup,Soup,3,egg=1');
    expect(badRecipe.json()).toMatchObject({ rejected: [{ row: 2, field: 'recipe' }] });
    const header = await post('dishes', 'id,colour\nx,red');
    expect(header.json()).toMatchObject({
      rejected: [
        { row: 1, field: 'colour' },
        { row: 1, field: 'name' },
        { row: 1, field: 'price' },
      ],
    });
    const dishes = await post('dishes', dishCsv.replace('s9', 's2'));
    expect(dishes.statusCode).toBe(201);
    const recipe = await ok<{ lines: Array<{ itemId: string; quantity: number }> }>(
      hub.call('canteen_manager', 'GET', '/api/catering/dishes/omelette/recipe'),
    );
    expect(recipe.lines.map((l) => [l.itemId, l.quantity])).toEqual([
      ['egg', 0.1],
      ['oil', 0.01],
    ]);
    expect((await post('dishes', dishCsv, '', 'requester')).statusCode).toBe(403);
    const imports = await ok<{ items: Array<{ action: string; after: { kind: string } }> }>(
      hub.call('admin', 'GET', '/api/audit?entityType=import'),
    );
    expect(imports.items.map((e) => e.after.kind)).toEqual(['catering.dishes', 'catering.stock']);
  });
});

/** A small deterministic generator (mulberry32), so the demo's choices repeat run after run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testAdapters())('catering demo data on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('seeds two canteens with terminals, 33 bilingual dishes with recipes, set meals, stock and a week of menus, once', async () => {
    const summary = await seedCateringDemo(hub.services, SYSTEM, seeded(42));
    expect(summary).toMatchObject({ created: true, canteens: 2, dishes: 33, items: 25, setMeals: 6 });
    expect(summary.menuMeals).toBeGreaterThanOrEqual(50);
    const canteens = await ok<{ items: Array<{ id: string; terminalIds: string[] }> }>(
      hub.call('requester', 'GET', '/api/catering/canteens'),
    );
    expect(canteens.items.map((c) => [c.id, c.terminalIds])).toEqual([
      ['canteen-1', ['terminal-01']],
      ['canteen-2', ['terminal-02']],
    ]);
    const dishes = await ok<Page<Dish & { nameZh: string | null }>>(
      hub.call('requester', 'GET', '/api/catering/dishes?limit=200'),
    );
    expect(dishes.items).toHaveLength(33);
    expect(dishes.items.every((d) => d.nameZh)).toBe(true);
    for (const d of dishes.items) {
      const recipe = await ok<{ lines: unknown[] }>(hub.call('canteen_manager', 'GET', `/api/catering/dishes/${d.id}/recipe`));
      expect(recipe.lines.length, d.id).toBeGreaterThan(0);
    }
    const menu = await ok<{ meals: Array<{ date: string; dishes: unknown[] }> }>(
      hub.call('requester', 'GET', '/api/catering/menu?canteenId=canteen-1'),
    );
    expect(new Set(menu.meals.map((m) => m.date)).size).toBe(7);
    const levels = await hub.services.catering.stockLevels();
    expect(levels).toHaveLength(25);
    expect(levels.every((l) => l.quantity > 0)).toBe(true);
    expect(await seedCateringDemo(hub.services, SYSTEM, seeded(42))).toMatchObject({ created: false });
  });
});
