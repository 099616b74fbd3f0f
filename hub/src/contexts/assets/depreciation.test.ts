import { describe, expect, it } from 'vitest';
import {
  chargeForMonth,
  type DepreciationBasis,
  lifeProblem,
  monthIndex,
  monthlySchedule,
  openingDepreciation,
} from './depreciation.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const yearTotals = (schedule: readonly number[]) =>
  Array.from({ length: schedule.length / 12 }, (_, y) => sum(schedule.slice(y * 12, y * 12 + 12)));

// Hand-computed: cost 10,000.00, residual 5 % (500.00), life 5 years → 9,500.00 to depreciate.
const basis = (method: DepreciationBasis['method'], lifeMonths = 60): DepreciationBasis => ({
  cost: 10_000,
  residualRate: 0.05,
  lifeMonths,
  method,
});

describe('AST-7 depreciation math', () => {
  it('straight line: 9,500 / 60 = 158.33 a month, the 0.20 remainder on the last month', () => {
    const schedule = monthlySchedule(basis('straight_line'));
    expect(schedule).toHaveLength(60);
    expect(schedule[0]).toBe(15_833);
    expect(schedule[58]).toBe(15_833);
    expect(schedule[59]).toBe(15_853);
    expect(sum(schedule)).toBe(950_000);
  });

  it('straight line works with any number of months', () => {
    const schedule = monthlySchedule({ cost: 1_000, residualRate: 0, lifeMonths: 7, method: 'straight_line' });
    expect(schedule).toEqual([14_285, 14_285, 14_285, 14_285, 14_285, 14_285, 14_290]);
  });

  it('double-declining: 40 % of the opening book value (4,000; 2,400; 1,440), then (2,160 − 500) / 2 = 830 twice', () => {
    const schedule = monthlySchedule(basis('double_declining'));
    expect(yearTotals(schedule)).toEqual([400_000, 240_000, 144_000, 83_000, 83_000]);
    expect(schedule.slice(0, 12)).toEqual([...Array(11).fill(33_333), 33_337]);
    expect(schedule.slice(12, 24)).toEqual(Array(12).fill(20_000));
    expect(schedule.slice(48)).toEqual([...Array(11).fill(6_916), 6_924]);
    expect(10_000_00 - sum(schedule)).toBe(50_000);
  });

  it("sum of the years' digits: 9,500 × 5/15, 4/15, 3/15, 2/15, the rest in year 5", () => {
    const schedule = monthlySchedule(basis('sum_of_years'));
    expect(yearTotals(schedule)).toEqual([316_666, 253_333, 190_000, 126_666, 63_335]);
    expect(schedule[0]).toBe(26_388);
    expect(schedule[11]).toBe(316_666 - 11 * 26_388);
    expect(sum(schedule)).toBe(950_000);
  });

  it('double-declining over two years or less is straight line (the switch covers the whole life)', () => {
    expect(yearTotals(monthlySchedule({ cost: 1_200, residualRate: 0, lifeMonths: 24, method: 'double_declining' }))).toEqual([
      60_000, 60_000,
    ]);
    expect(yearTotals(monthlySchedule({ cost: 1_200, residualRate: 0, lifeMonths: 12, method: 'double_declining' }))).toEqual([
      120_000,
    ]);
  });

  it('refuses a life in months that are not whole years for the declining methods', () => {
    expect(lifeProblem('double_declining', 30)).toMatch(/multiple of 12/);
    expect(lifeProblem('sum_of_years', 30)).toMatch(/multiple of 12/);
    expect(lifeProblem('straight_line', 30)).toBeUndefined();
    expect(lifeProblem('straight_line', 0)).toMatch(/at least 1/);
    expect(() => monthlySchedule(basis('sum_of_years', 30))).toThrow(/multiple of 12/);
  });

  it('starts the month after purchase', () => {
    expect(monthIndex('2026-01-15', '2026-01')).toBe(0);
    expect(monthIndex('2026-01-15', '2026-02')).toBe(1);
    expect(monthIndex('2025-11-30', '2026-02')).toBe(3);
  });

  it('charges nothing before the start and after the end, never below the residual value', () => {
    const b = basis('straight_line');
    const schedule = monthlySchedule(b);
    expect(chargeForMonth(schedule, b, 0, 0)).toMatchObject({ amountCents: 0, ended: false });
    expect(chargeForMonth(schedule, b, 1, 0)).toMatchObject({ amountCents: 15_833, bookValueCents: 984_167 });
    expect(chargeForMonth(schedule, b, 60, 950_000 - 15_853)).toMatchObject({
      amountCents: 15_853,
      bookValueCents: 50_000,
      ended: true,
    });
    expect(chargeForMonth(schedule, b, 61, 950_000)).toMatchObject({ amountCents: 0, bookValueCents: 50_000, ended: true });
    // More booked than the schedule (e.g. an opening balance): nothing more until the schedule catches up.
    expect(chargeForMonth(schedule, b, 2, 100_000)).toMatchObject({ amountCents: 0, accumulatedCents: 100_000 });
  });

  it('catches up a skipped month: the charge brings the total to the schedule', () => {
    const b = basis('straight_line');
    const schedule = monthlySchedule(b);
    expect(chargeForMonth(schedule, b, 3, 15_833).amountCents).toBe(2 * 15_833);
  });

  it('computes the opening depreciation of an imported asset from its schedule', () => {
    expect(openingDepreciation(basis('double_declining'), '2024-06-10', '2025-06')).toBe(400_000);
    expect(openingDepreciation(basis('straight_line'), '2010-01-01', '2026-01')).toBe(950_000);
  });
});
