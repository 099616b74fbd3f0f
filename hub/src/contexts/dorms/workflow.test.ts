import { describe, expect, it } from 'vitest';
import {
  checkoutAllows,
  checkoutCharges,
  conditionReportProblems,
  leaveAllows,
  planNextDue,
  residentAllows,
  safetyAllows,
  safetyOverdue,
} from './workflow.ts';

describe('dormitory state machines', () => {
  it('DRM-2 checks in only an allocated resident; DRM-3 checks out only a checked-in one', () => {
    expect(residentAllows('check_in', 'allocated')).toBe(true);
    expect(residentAllows('check_in', 'pending')).toBe(false);
    expect(residentAllows('check_out', 'checked_in')).toBe(true);
    expect(residentAllows('check_out', 'allocated')).toBe(false);
    expect(residentAllows('allocate', 'checked_out')).toBe(true);
    expect(residentAllows('allocate', 'checked_in')).toBe(false);
  });

  it('DRM-3 completes only an approved check-out', () => {
    expect(checkoutAllows('complete', 'approved')).toBe(true);
    expect(checkoutAllows('complete', 'requested')).toBe(false);
    expect(checkoutAllows('approve', 'rejected')).toBe(false);
    expect(leaveAllows('approve', 'requested')).toBe(true);
    expect(leaveAllows('cancel', 'approved')).toBe(false);
  });

  it('DRM-7 re-inspects only an open rectification and flags it overdue past the deadline', () => {
    expect(safetyAllows('reinspect', 'rectifying')).toBe(true);
    expect(safetyAllows('reinspect', 'closed')).toBe(false);
    const deadline = new Date('2026-03-01T12:00:00Z');
    expect(safetyOverdue({ status: 'rectifying', deadline }, new Date('2026-03-01T12:00:01Z'))).toBe(true);
    expect(safetyOverdue({ status: 'rectifying', deadline }, new Date('2026-03-01T11:00:00Z'))).toBe(false);
    expect(safetyOverdue({ status: 'closed', deadline }, new Date('2026-04-01T00:00:00Z'))).toBe(false);
  });

  it('DRM-5 schedules the next inspection every N days from the last one', () => {
    expect(planNextDue({ startsOn: '2026-03-01', everyDays: 7 }, null)).toBe('2026-03-01');
    expect(planNextDue({ startsOn: '2026-03-01', everyDays: 7 }, '2026-03-03')).toBe('2026-03-10');
    expect(planNextDue({ startsOn: '2026-03-20', everyDays: 7 }, '2026-03-03')).toBe('2026-03-20');
  });
});

describe('room condition reports', () => {
  const register = [
    { id: 1, label: 'Bed 1' },
    { id: 2, label: 'Desk 1' },
    { id: 3, label: 'Door' },
  ];

  it('DRM-2 accepts a report covering every item once', () => {
    expect(
      conditionReportProblems(register, [
        { itemId: 1, condition: 'ok' },
        { itemId: 2, condition: 'damaged', note: 'scratched' },
        { itemId: 3, condition: 'ok' },
      ]),
    ).toEqual([]);
  });

  it('DRM-2 names unknown, repeated and missing items', () => {
    const problems = conditionReportProblems(register, [
      { itemId: 1, condition: 'ok' },
      { itemId: 1, condition: 'ok' },
      { itemId: 9, condition: 'ok', damageCost: 5 },
    ]);
    expect(problems.map((p) => p.field)).toEqual(['items.1.itemId', 'items.2.itemId', 'items.2.damageCost', 'items']);
    expect(problems.at(-1)?.reason).toContain('2 (Desk 1)');
  });

  it('DRM-3 charges new damage only, never damage already noted at check-in', () => {
    const atCheckIn = new Map([
      [1, 'ok' as const],
      [2, 'damaged' as const],
    ]);
    const ok = checkoutCharges(
      [
        { itemId: 1, condition: 'damaged', damageCost: 120.456 },
        { itemId: 3, condition: 'missing', damageCost: 30 },
        { itemId: 2, condition: 'damaged' },
      ],
      atCheckIn,
    );
    expect(ok).toEqual({
      charges: [
        { itemId: 1, cost: 120.46 },
        { itemId: 3, cost: 30 },
      ],
      problems: [],
    });
    const refused = checkoutCharges([{ itemId: 2, condition: 'damaged', damageCost: 50 }], atCheckIn);
    expect(refused.problems).toEqual([
      { field: 'items.0.damageCost', reason: 'was already damaged at check-in; nothing to charge' },
    ]);
  });
});
