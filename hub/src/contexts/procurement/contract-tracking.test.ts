import { describe, expect, it } from 'vitest';
import {
  apportion,
  contractComplete,
  departmentOfUnit,
  instalmentState,
  remainingQuantity,
  scheduleInstalments,
  termsProblem,
} from './contract-tracking.ts';

describe('PRC-5/PRC-6 contract tracking', () => {
  it('turns payment terms into instalments that sum to the contract in exact cents', () => {
    const terms = [
      { label: 'Advance', percent: 30, dueAfterDays: 10 },
      { label: 'On delivery', percent: 60, dueOn: '2026-05-01' },
      { label: 'Retention', percent: 10, dueAfterDays: 365 },
    ];
    expect(termsProblem(terms)).toBeUndefined();
    const schedule = scheduleInstalments(1000.01, terms, '2026-03-01');
    expect(schedule).toEqual([
      { seq: 1, label: 'Advance', percent: 30, amount: 300, dueOn: '2026-03-11' },
      { seq: 2, label: 'On delivery', percent: 60, amount: 600, dueOn: '2026-05-01' },
      { seq: 3, label: 'Retention', percent: 10, amount: 100.01, dueOn: '2027-03-01' },
    ]);
    expect(schedule.reduce((s, i) => s + i.amount * 100, 0)).toBe(100_001);
  });

  it('refuses terms that do not sum to 100 or lack a due date', () => {
    expect(termsProblem([{ label: 'All', percent: 90, dueAfterDays: 1 }])?.message).toMatch(/sum to 90/);
    expect(termsProblem([{ label: 'All', percent: 100 }])).toEqual({ index: 0, message: 'give either dueOn or dueAfterDays' });
    expect(termsProblem([])?.message).toMatch(/at least one/);
  });

  it('flags an instalment overdue once its due date has passed unpaid', () => {
    expect(instalmentState({ amount: 100, paidAmount: 0, dueOn: '2026-03-01' }, '2026-03-01')).toEqual({
      outstanding: 100,
      paid: false,
      overdue: false,
      daysOverdue: 0,
    });
    expect(instalmentState({ amount: 100, paidAmount: 40, dueOn: '2026-03-01' }, '2026-03-04')).toMatchObject({
      outstanding: 60,
      overdue: true,
      daysOverdue: 3,
    });
    expect(instalmentState({ amount: 100, paidAmount: 100, dueOn: '2026-03-01' }, '2026-09-01')).toMatchObject({
      paid: true,
      overdue: false,
    });
  });

  it('apportions exact cents by weight (largest remainder)', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([33.34, 33.33, 33.33]);
    expect(apportion(10, [3, 1])).toEqual([7.5, 2.5]);
    expect(apportion(5, [0, 0])).toEqual([5, 0]);
    expect(apportion(5, [])).toEqual([]);
  });

  it('hands asset units to departments in allocation order', () => {
    const allocations = [
      { departmentId: 'physics', quantity: 2 },
      { departmentId: 'chemistry', quantity: 1 },
    ];
    expect([0, 1, 2, 3].map((u) => departmentOfUnit(allocations, u))).toEqual(['physics', 'physics', 'chemistry', 'chemistry']);
    expect(departmentOfUnit([], 0)).toBeUndefined();
  });

  it('tracks what is left to deliver and completes only when delivered and paid', () => {
    expect(remainingQuantity({ quantity: 10, acceptedQuantity: 4 }, 3)).toBe(3);
    expect(remainingQuantity({ quantity: 1, acceptedQuantity: 1 }, 0)).toBe(0);
    expect(contractComplete([{ status: 'closed' }], [{ amount: 10, paidAmount: 10 }])).toBe(true);
    expect(contractComplete([{ status: 'closed' }], [{ amount: 10, paidAmount: 9.99 }])).toBe(false);
    expect(contractComplete([{ status: 'open' }], [])).toBe(false);
  });
});
