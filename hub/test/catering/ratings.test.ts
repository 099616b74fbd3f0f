import { testAdapters } from '@campus/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CateringLiveEvent } from '../../src/contexts/catering/service.ts';
import { type HubFixture, startHubFixture, TEST_PASSWORD } from '../helpers/hub-fixture.ts';
import { auditActions, campusClockAt, ok, SYSTEM, seedBasics } from './helpers.ts';

interface Rating {
  id: number;
  dishId: string;
  stallId: string | null;
  scores: { dish: number; service: number; environment: number };
  comment: string | null;
}
interface Score {
  key: string;
  name: string | null;
  ratings: number;
  dish: number;
  service: number;
  environment: number;
  overall: number;
}
interface Analysis {
  overall: Score | null;
  overTime: Score[];
  byCanteen: Score[];
  byDish: Score[];
  byStall: Score[];
  bySupplier: Score[];
  issues: Array<{ subject: string; key: string; aspect: string; average: number; ratings: number; aspectLabel: { zh: string } }>;
  lowComments: Rating[];
}

describe.each(testAdapters())('CAT-7/8 ratings after meals and their analysis on %s', (adapter) => {
  let hub: HubFixture;
  const diners = new Map<string, Record<string, string>>();
  const headersOf = (name: string) => {
    const headers = diners.get(name);
    if (!headers) throw new Error(`no diner ${name}`);
    return headers;
  };
  const live: CateringLiveEvent[] = [];

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await seedBasics(hub);
    const m = 'canteen_manager';
    await ok(
      hub.call(m, 'POST', '/api/catering/stock/movements', {
        itemId: 'flour',
        reason: 'delivery',
        quantity: 50,
        supplierName: 'Green Farm',
        batch: 'F-1',
      }),
      201,
    );
    await ok(
      hub.call(m, 'POST', '/api/catering/stock/movements', {
        itemId: 'pork',
        reason: 'delivery',
        quantity: 50,
        supplierId: 'SUP-HOG',
        supplierName: 'Hog Farm',
        batch: 'P-1',
      }),
      201,
    );
    for (const [date, dishId] of [
      ['2027-03-10', 'noodles'],
      ['2027-03-09', 'dumplings'],
    ] as const) {
      await ok(
        hub.call(m, 'POST', '/api/catering/production', {
          canteenId: 'c1',
          dishId,
          serviceDate: date,
          mealPeriod: 'lunch',
          portions: 50,
        }),
        201,
      );
    }
    for (const name of ['diner1', 'diner2', 'diner3']) {
      await hub.services.identity.createUser(SYSTEM, {
        username: name,
        displayName: name,
        password: TEST_PASSWORD,
        roles: ['requester'],
        departmentId: 'chemistry',
      });
      const login = await hub.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: name, password: TEST_PASSWORD },
      });
      diners.set(name, { authorization: `Bearer ${login.json<{ token: string }>().token}` });
    }
    hub.services.catering.onLive((event) => live.push(event));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const rate = (who: string, body: Record<string, unknown>) => {
    const base = {
      canteenId: 'c1',
      mealPeriod: 'lunch',
      serviceDate: '2027-03-10',
      dishId: 'noodles',
      dish: 4,
      service: 4,
      environment: 4,
      ...body,
    };
    if (who === 'requester' || who === 'canteen_manager') return hub.call(who, 'POST', '/api/catering/ratings', base);
    return hub.app.inject({ method: 'POST', url: '/api/catering/ratings', headers: headersOf(who), payload: base });
  };

  it('CAT-7 a diner rates dish, service and environment after the meal, once; the rating goes out live', async () => {
    campusClockAt(hub, '2027-03-10', '14:00');
    const rating = await ok<Rating>(
      rate('requester', { dish: 2, service: 3, environment: 4, comment: 'Noodles were cold / 面是凉的' }),
      201,
    );
    expect(rating).toMatchObject({
      dishId: 'noodles',
      stallId: 's1',
      scores: { dish: 2, service: 3, environment: 4 },
      comment: 'Noodles were cold / 面是凉的',
    });
    expect(rating).not.toHaveProperty('userId');
    expect(live).toEqual([
      expect.objectContaining({
        name: 'catering.meal_rated',
        canteenId: 'c1',
        rating: expect.objectContaining({ id: rating.id }),
      }),
    ]);
    const twice = await rate('requester', { dishId: 'dumplings' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'conflict', field: 'mealPeriod' });
    expect(await auditActions(hub, 'meal_rating', rating.id)).toEqual(['meal_rating.created']);
  });

  it('CAT-7 refuses a meal not served yet or too long ago, scores out of 1-5, a dish of another canteen, and staff', async () => {
    campusClockAt(hub, '2027-03-10', '14:00');
    const early = await rate('diner1', { mealPeriod: 'dinner' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'illegal_transition', message: expect.stringMatching(/not been served yet/) });
    expect((await rate('diner1', { serviceDate: '2027-03-01' })).json()).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/7 days/),
    });
    expect((await rate('diner1', { dish: 6 })).json()).toMatchObject({ code: 'invalid', field: 'dish' });
    expect((await rate('diner1', { dishId: 'rice' })).json()).toMatchObject({ code: 'invalid', field: 'dishId' });
    expect((await rate('diner1', { canteenId: 'c9' })).statusCode).toBe(404);
    expect((await rate('canteen_manager', {})).statusCode).toBe(403);
  });

  it('CAT-8 analyses satisfaction over time and per canteen, stall, dish and supplier (through traceability), and names issues', async () => {
    campusClockAt(hub, '2027-03-10', '14:00');
    await ok(rate('diner1', { dish: 2, service: 2, environment: 3 }), 201);
    await ok(rate('diner2', { dish: 1, service: 4, environment: 4, comment: 'Too salty' }), 201);
    await ok(rate('diner1', { serviceDate: '2027-03-09', dishId: 'dumplings', dish: 4, service: 4, environment: 4 }), 201);
    await ok(rate('diner3', { serviceDate: '2027-03-09', dishId: 'dumplings', dish: 5, service: 5, environment: 5 }), 201);
    const analysis = await ok<Analysis>(
      hub.call('logistics_manager', 'GET', '/api/catering/ratings/analysis?from=2027-03-09&to=2027-03-10'),
    );
    expect(analysis.overTime.map((s) => [s.key, s.ratings, s.dish])).toEqual([
      ['2027-03-09', 2, 4.5],
      ['2027-03-10', 3, 1.67],
    ]);
    expect(analysis.byDish.map((s) => [s.key, s.ratings, s.dish])).toEqual([
      ['noodles', 3, 1.67],
      ['dumplings', 2, 4.5],
    ]);
    expect(analysis.byStall).toMatchObject([{ key: 's1', name: 'Noodle stall', ratings: 5 }]);
    expect(analysis.byCanteen).toMatchObject([{ key: 'c1', ratings: 5, dish: 2.8, service: 3.6, environment: 4 }]);
    // Both suppliers' batches went into both dishes: each answers for all five ratings.
    expect(analysis.bySupplier.map((s) => [s.key, s.name, s.ratings, s.dish])).toEqual([
      ['Green Farm', 'Green Farm', 5, 2.8],
      ['SUP-HOG', 'Hog Farm', 5, 2.8],
    ]);
    expect(analysis.overall).toMatchObject({ ratings: 5, dish: 2.8 });
    expect(analysis.issues.map((i) => [i.subject, i.key, i.aspect, i.average])).toEqual([
      ['dish', 'noodles', 'dish', 1.67],
      ['canteen', 'c1', 'dish', 2.8],
      ['stall', 's1', 'dish', 2.8],
      ['supplier', 'Green Farm', 'dish', 2.8],
      ['supplier', 'SUP-HOG', 'dish', 2.8],
    ]);
    expect(analysis.issues[0]?.aspectLabel.zh).toBe('菜品质量');
    expect(analysis.lowComments.map((r) => r.comment)).toEqual(['Too salty', 'Noodles were cold / 面是凉的']);
    const weekly = await ok<Analysis>(
      hub.call('canteen_manager', 'GET', '/api/catering/ratings/analysis?from=2027-03-09&to=2027-03-10&bucket=week'),
    );
    expect(weekly.overTime.map((s) => [s.key, s.ratings])).toEqual([['2027-03-08', 5]]);
    expect(
      (await hub.call('canteen_manager', 'GET', '/api/catering/ratings/analysis?from=2026-01-01&to=2027-03-10')).json(),
    ).toMatchObject({ field: 'from' });
    expect((await hub.call('canteen_manager', 'GET', '/api/catering/ratings/analysis?bucket=month')).json()).toMatchObject({
      field: 'bucket',
    });
    expect((await hub.call('requester', 'GET', '/api/catering/ratings/analysis')).statusCode).toBe(403);
    const empty = await ok<Analysis>(
      hub.call('canteen_manager', 'GET', '/api/catering/ratings/analysis?from=2027-01-01&to=2027-01-31'),
    );
    expect(empty).toMatchObject({ overall: null, issues: [], overTime: [] });
  });

  it('CAT-8 lists ratings without the diners’ names; each diner sees their own', async () => {
    campusClockAt(hub, '2027-03-10', '14:00');
    const unhappy = await ok<{ items: Rating[] }>(
      hub.call('canteen_manager', 'GET', '/api/catering/ratings?maxScore=2&canteenId=c1'),
    );
    expect(unhappy.items).toHaveLength(3);
    for (const item of unhappy.items) expect(Object.keys(item)).not.toContain('userId');
    const page = await ok<{ items: Rating[]; nextCursor: string }>(
      hub.call('canteen_manager', 'GET', '/api/catering/ratings?limit=4'),
    );
    expect(page.items).toHaveLength(4);
    expect(
      (
        await ok<{ items: Rating[] }>(
          hub.call('canteen_manager', 'GET', `/api/catering/ratings?limit=4&cursor=${page.nextCursor}`),
        )
      ).items,
    ).toHaveLength(1);
    const mine = await hub.app.inject({ method: 'GET', url: '/api/catering/ratings/mine', headers: headersOf('diner1') });
    expect(mine.json<{ items: Rating[] }>().items.map((r) => r.dishId)).toEqual(['dumplings', 'noodles']);
    expect((await hub.call('requester', 'GET', '/api/catering/ratings')).statusCode).toBe(403);
  });
});
