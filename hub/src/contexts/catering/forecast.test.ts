import { describe, expect, it } from 'vitest';
import { type ForecastInput, forecastNeeds } from './forecast.ts';

const week = (date: string, sold: Record<string, number>) => ({ date, portions: new Map(Object.entries(sold)) });

function input(overrides: Partial<ForecastInput> = {}): ForecastInput {
  return {
    date: '2026-03-10',
    holiday: false,
    menuDishIds: null,
    preOrders: new Map([['noodles', 10]]),
    history: [
      week('2026-03-03', { noodles: 40, dumplings: 20 }),
      week('2026-02-24', { noodles: 50, dumplings: 21 }),
      week('2026-02-17', { noodles: 30, dumplings: 20 }),
      week('2026-02-10', { noodles: 40, dumplings: 20 }),
    ],
    recipes: new Map([
      [
        'noodles',
        [
          { itemId: 'flour', quantity: 0.15 },
          { itemId: 'pork', quantity: 0.05 },
        ],
      ],
      ['dumplings', [{ itemId: 'flour', quantity: 0.1 }]],
    ]),
    stock: [
      { itemId: 'flour', unit: 'kg', book: 5, safety: 2 },
      { itemId: 'pork', unit: 'kg', book: 10, safety: 1 },
      { itemId: 'salt', unit: 'kg', book: 3, safety: 1 },
    ],
    ...overrides,
  };
}

describe('CAT-3 ingredient forecast', () => {
  it('CAT-3 adds pre-orders to the same-weekday mean of walk-ins and multiplies by the recipe', () => {
    const forecast = forecastNeeds(input());
    expect(forecast.weeksObserved).toBe(4);
    expect(forecast.dishes).toEqual([
      // (20 + 21 + 20 + 20) / 4 = 20.25 → 21 portions, rounded up.
      { dishId: 'dumplings', preOrdered: 0, expectedWalkIn: 21, portions: 21 },
      { dishId: 'noodles', preOrdered: 10, expectedWalkIn: 40, portions: 50 },
    ]);
    // flour: 50 × 0.15 + 21 × 0.1 = 9.6 kg; 5 on the shelf, 2 reserved → buy 6.6.
    // pork: 50 × 0.05 = 2.5 kg; 10 − 1 = 9 available → nothing to buy.
    expect(forecast.items).toEqual([
      { itemId: 'flour', unit: 'kg', need: 9.6, book: 5, safety: 2, available: 3, shortfall: 6.6 },
      { itemId: 'pork', unit: 'kg', need: 2.5, book: 10, safety: 1, available: 9, shortfall: 0 },
    ]);
    expect(forecast.lines).toEqual([{ itemId: 'flour', quantity: 6.6, unit: 'kg', neededBy: '2026-03-10' }]);
  });

  it('CAT-3 skips weeks without any sales (closed days) instead of averaging in zeros', () => {
    const forecast = forecastNeeds(
      input({ history: [week('2026-03-03', { noodles: 40 }), week('2026-02-24', {}), week('2026-02-17', { noodles: 0 })] }),
    );
    expect(forecast.weeksObserved).toBe(1);
    expect(forecast.dishes.find((d) => d.dishId === 'noodles')).toMatchObject({ expectedWalkIn: 40, portions: 50 });
  });

  it('CAT-3 expects no walk-ins on a holiday but keeps the pre-orders', () => {
    const forecast = forecastNeeds(input({ holiday: true }));
    expect(forecast.dishes).toEqual([{ dishId: 'noodles', preOrdered: 10, expectedWalkIn: 0, portions: 10 }]);
    // 10 × 0.15 = 1.5 kg of flour ≤ 3 available: nothing to buy.
    expect(forecast.lines).toEqual([]);
  });

  it('CAT-3 expects walk-ins only for dishes on a published menu', () => {
    const forecast = forecastNeeds(input({ menuDishIds: new Set(['noodles']) }));
    expect(forecast.dishes.map((d) => d.dishId)).toEqual(['noodles']);
  });

  it('CAT-3 with no history plans for the pre-orders alone', () => {
    const forecast = forecastNeeds(input({ history: [], preOrders: new Map([['noodles', 30]]) }));
    expect(forecast.weeksObserved).toBe(0);
    expect(forecast.lines).toEqual([{ itemId: 'flour', quantity: 1.5, unit: 'kg', neededBy: '2026-03-10' }]);
  });

  it('CAT-3 tops an item below its safety stock back up even without demand', () => {
    const forecast = forecastNeeds(
      input({ preOrders: new Map(), history: [], stock: [{ itemId: 'salt', unit: 'kg', book: 0.4, safety: 1 }] }),
    );
    expect(forecast.lines).toEqual([{ itemId: 'salt', quantity: 0.6, unit: 'kg', neededBy: '2026-03-10' }]);
  });

  it('CAT-3 names dishes in demand that have no recipe', () => {
    const forecast = forecastNeeds(input({ preOrders: new Map([['soup', 5]]), history: [] }));
    expect(forecast.dishesWithoutRecipe).toEqual(['soup']);
    expect(forecast.lines).toEqual([]);
  });

  it('rounds quantities up to the stock precision so a plan never falls short', () => {
    const forecast = forecastNeeds(
      input({
        history: [],
        preOrders: new Map([['noodles', 3]]),
        recipes: new Map([['noodles', [{ itemId: 'flour', quantity: 0.3333 }]]]),
        stock: [{ itemId: 'flour', unit: 'kg', book: 0, safety: 0 }],
      }),
    );
    expect(forecast.lines[0]?.quantity).toBe(1);
  });
});
