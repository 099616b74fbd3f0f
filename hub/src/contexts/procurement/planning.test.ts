import { describe, expect, it } from 'vitest';
import { chooseMethod, itemKey, type PlanInput, type PlanRequisition, planProcurement } from './planning.ts';
import { DEFAULT_PROCUREMENT_SETTINGS } from './settings.ts';

const TODAY = '2026-03-01';
let nextId = 1;
const req = (overrides: Partial<PlanRequisition>): PlanRequisition => ({
  id: nextId++,
  departmentId: 'canteen',
  kind: 'goods',
  itemName: 'Flour',
  specification: null,
  itemRef: null,
  quantity: 100,
  unit: 'kg',
  budget: 500,
  neededBy: null,
  ...overrides,
});
const input = (overrides: Partial<PlanInput>): PlanInput => ({
  requisitions: [],
  budgets: [
    { departmentId: 'canteen', amount: 100_000, committed: 0, spent: 0 },
    { departmentId: 'physics', amount: 2_000_000, committed: 0, spent: 0 },
  ],
  stock: [],
  today: TODAY,
  settings: DEFAULT_PROCUREMENT_SETTINGS,
  ...overrides,
});

describe('PRC-3 procurement planning', () => {
  it('chooses the method by amount: direct below 50k, quotes below 1M, tender from 1M', () => {
    expect(chooseMethod(49_999.99, DEFAULT_PROCUREMENT_SETTINGS)).toBe('direct');
    expect(chooseMethod(50_000, DEFAULT_PROCUREMENT_SETTINGS)).toBe('rfq');
    expect(chooseMethod(999_999.99, DEFAULT_PROCUREMENT_SETTINGS)).toBe('rfq');
    expect(chooseMethod(1_000_000, DEFAULT_PROCUREMENT_SETTINGS)).toBe('tender');
  });

  it('groups the same item in the same unit, so small requisitions cannot dodge the quote threshold', () => {
    const a = req({ itemName: 'Desk chair', unit: 'pcs', quantity: 40, budget: 30_000, itemRef: 'asset-category:furniture' });
    const b = req({ itemName: 'Desk chair', unit: 'pcs', quantity: 40, budget: 30_000, itemRef: 'asset-category:furniture' });
    const c = req({ itemName: 'desk  CHAIR', unit: 'box', quantity: 1, budget: 100 });
    const plan = planProcurement(input({ requisitions: [a, b, c] }));
    expect(plan.lines).toHaveLength(2);
    const chairs = plan.lines.find((l) => l.itemRef === 'asset-category:furniture');
    expect(chairs).toMatchObject({ quantity: 80, estimatedAmount: 60_000, method: 'rfq' });
    expect(chairs?.allocations.map((x) => x.requisitionId)).toEqual([a.id, b.id]);
    expect(itemKey(c)).toBe('goods|name:desk chair|box');
  });

  it('sets only the stock above safety stock against ingredient requisitions, most urgent first', () => {
    const urgent = req({ itemRef: 'stock-item:flour', quantity: 50, budget: 250, neededBy: '2026-03-05' });
    const later = req({ itemRef: 'stock-item:flour', quantity: 100, budget: 500, neededBy: '2026-04-01' });
    const plan = planProcurement(
      input({
        requisitions: [later, urgent],
        stock: [{ itemId: 'flour', quantity: 130, unit: 'kg', safetyStock: 60 }],
      }),
    );
    // 70 kg of surplus: covers the urgent 50 entirely, then 20 of the later 100.
    expect(plan.coveredByStock).toEqual([{ requisitionId: urgent.id, itemRef: 'stock-item:flour', quantity: 50 }]);
    expect(plan.lines).toHaveLength(1);
    expect(plan.lines[0]).toMatchObject({ requestedQuantity: 100, stockOffset: 20, quantity: 80, estimatedAmount: 400 });
  });

  it('does not offset stock kept in another unit, and warns when stock cannot be read', () => {
    const r = req({ itemRef: 'stock-item:oil', quantity: 10, unit: 'bottle', budget: 300 });
    const mismatch = planProcurement(
      input({ requisitions: [r], stock: [{ itemId: 'oil', quantity: 99, unit: 'L', safetyStock: 0 }] }),
    );
    expect(mismatch.lines[0]?.quantity).toBe(10);
    expect(mismatch.warnings[0]).toMatch(/kept in L/);
    const unknown = planProcurement(input({ requisitions: [r], stock: null }));
    expect(unknown.lines[0]?.quantity).toBe(10);
    expect(unknown.warnings[0]).toMatch(/not available/);
  });

  it('defers what the department budget cannot carry, and what has no budget at all', () => {
    const fits = req({ departmentId: 'canteen', budget: 60_000, neededBy: '2026-03-10' });
    const tooMuch = req({ departmentId: 'canteen', budget: 50_000, neededBy: '2026-03-20', itemName: 'Rice' });
    const nobody = req({ departmentId: 'history', budget: 10 });
    const plan = planProcurement(
      input({
        requisitions: [tooMuch, fits, nobody],
        budgets: [{ departmentId: 'canteen', amount: 100_000, committed: 20_000, spent: 5_000 }],
      }),
    );
    expect(plan.lines.map((l) => l.allocations[0]?.requisitionId)).toEqual([fits.id]);
    expect(plan.deferred).toEqual([
      expect.objectContaining({
        requisitionId: tooMuch.id,
        reason: 'over_budget',
        message: expect.stringMatching(/15000\.00 left/),
      }),
      expect.objectContaining({ requisitionId: nobody.id, reason: 'no_budget' }),
    ]);
    expect(plan.budgets).toEqual([
      { departmentId: 'canteen', amount: 100_000, committedBefore: 20_000, planned: 60_000, available: 15_000 },
    ]);
  });

  it('times each line: start = needed-by − lead time, at once and urgent when that is past', () => {
    const soon = req({ itemName: 'Oven', budget: 80_000, unit: 'pcs', quantity: 1, neededBy: '2026-03-10' });
    const relaxed = req({ itemName: 'Pens', budget: 200, unit: 'box', quantity: 5, neededBy: '2026-06-01' });
    const undated = req({ itemName: 'Lab bench', departmentId: 'physics', budget: 1_200_000, unit: 'set', quantity: 10 });
    const plan = planProcurement(input({ requisitions: [relaxed, soon, undated] }));
    const byName = Object.fromEntries(plan.lines.map((l) => [l.itemName, l]));
    expect(byName.Oven).toMatchObject({ method: 'rfq', neededBy: '2026-03-10', startBy: TODAY, urgent: true });
    expect(byName.Pens).toMatchObject({ method: 'direct', neededBy: '2026-06-01', startBy: '2026-05-25', urgent: false });
    expect(byName['Lab bench']).toMatchObject({ method: 'tender', neededBy: '2026-03-31', startBy: TODAY, urgent: true });
    expect(plan.lines.map((l) => l.lineNo)).toEqual([1, 2, 3]);
  });

  it('prorates the estimate to the quantity still to buy, in exact cents', () => {
    const r = req({ itemRef: 'stock-item:salt', quantity: 3, budget: 100, unit: 'kg' });
    const plan = planProcurement(
      input({ requisitions: [r], stock: [{ itemId: 'salt', quantity: 1, unit: 'kg', safetyStock: 0 }] }),
    );
    expect(plan.lines[0]).toMatchObject({ quantity: 2, estimatedAmount: 66.67 });
  });
});
