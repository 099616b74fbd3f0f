import type { LightMyRequestResponse } from 'fastify';
import { vi } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import { zonedInstant } from '../../src/contexts/catering/clock.ts';
import type { HubFixture } from '../helpers/hub-fixture.ts';

export const SYSTEM = systemActor('test');
export const TZ = 'Asia/Shanghai';

/** Fixes the catering clock at a campus wall time (the rest of the hub keeps real time). */
export function campusClockAt(hub: HubFixture, date: string, time: string): Date {
  const instant = zonedInstant(date, time, TZ);
  vi.spyOn(hub.services.catering.clock, 'now').mockReturnValue(instant);
  return instant;
}

export function expectStatus(response: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response;
}

export async function ok<T>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  return expectStatus(await response, status).json<T>();
}

export async function auditActions(hub: HubFixture, entityType: string, entityId: string | number): Promise<string[]> {
  const response = await hub.call(
    'admin',
    'GET',
    `/api/audit?entityType=${entityType}&entityId=${encodeURIComponent(String(entityId))}&limit=200`,
  );
  return response
    .json<{ items: Array<{ action: string }> }>()
    .items.map((e) => e.action)
    .reverse();
}

/**
 * Two canteens, a stall each, stock items and dishes with recipes through the API:
 * c1 (stall s1: noodles, dumplings; set meal lunch-a) with terminal pos-t1, c2 (stall s2: rice).
 */
export async function seedBasics(hub: HubFixture): Promise<void> {
  const m = 'canteen_manager';
  await ok(hub.call(m, 'PUT', '/api/catering/canteens/c1', { name: 'Canteen 1', nameZh: '一食堂', location: 'North campus' }));
  await ok(hub.call(m, 'PUT', '/api/catering/canteens/c2', { name: 'Canteen 2', nameZh: '二食堂' }));
  await ok(hub.call(m, 'PUT', '/api/catering/stalls/s1', { canteenId: 'c1', name: 'Noodle stall', nameZh: '面食档口' }));
  await ok(hub.call(m, 'PUT', '/api/catering/stalls/s2', { canteenId: 'c2', name: 'Rice stall', nameZh: '米饭档口' }));
  for (const item of [
    { id: 'flour', name: 'Wheat flour', nameZh: '面粉', specification: '25 kg bag, grade 1', unit: 'kg', safetyStock: 2 },
    { id: 'pork', name: 'Pork', nameZh: '猪肉', specification: 'chilled, lean', unit: 'kg', safetyStock: 1 },
    { id: 'rice', name: 'Rice', nameZh: '大米', specification: 'japonica', unit: 'kg', safetyStock: 5 },
  ]) {
    await ok(hub.call(m, 'POST', '/api/catering/stock/items', item), 201);
  }
  await ok(
    hub.call(m, 'PUT', '/api/catering/dishes/noodles', {
      name: 'Beef noodles',
      nameZh: '牛肉面',
      stallId: 's1',
      price: 12,
      recipe: [
        { itemId: 'flour', quantity: 0.15 },
        { itemId: 'pork', quantity: 0.05 },
      ],
    }),
  );
  await ok(
    hub.call(m, 'PUT', '/api/catering/dishes/dumplings', {
      name: 'Pork dumplings',
      nameZh: '猪肉饺子',
      stallId: 's1',
      price: 10,
      recipe: [
        { itemId: 'flour', quantity: 0.1 },
        { itemId: 'pork', quantity: 0.08 },
      ],
    }),
  );
  await ok(
    hub.call(m, 'PUT', '/api/catering/dishes/rice', {
      name: 'Steamed rice',
      nameZh: '米饭',
      stallId: 's2',
      price: 1.5,
      recipe: [{ itemId: 'rice', quantity: 0.2 }],
    }),
  );
  await ok(
    hub.call(m, 'PUT', '/api/catering/set-meals/lunch-a', {
      canteenId: 'c1',
      name: 'Lunch set A',
      nameZh: '午餐A套餐',
      mealPeriod: 'lunch',
      price: 20,
      dishes: [{ dishId: 'noodles' }, { dishId: 'dumplings', portions: 1 }],
    }),
  );
}

/** Publishes c1's menu for a meal: noodles, dumplings, and set meal lunch-a at lunch. */
export async function publishC1Menu(
  hub: HubFixture,
  date: string,
  period: 'breakfast' | 'lunch' | 'dinner' | 'late_night',
): Promise<void> {
  await ok(
    hub.call('canteen_manager', 'PUT', `/api/catering/canteens/c1/menu/${date}/${period}`, {
      dishIds: ['noodles', 'dumplings'],
      setMealIds: period === 'lunch' ? ['lunch-a'] : [],
    }),
  );
}
