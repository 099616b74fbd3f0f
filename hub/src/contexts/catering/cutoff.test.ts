import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, isDate, localDate, zonedInstant } from './clock.ts';
import { checkPreOrder, checkRating, cutoffOf, type MealPeriodSetting, settingProblems } from './cutoff.ts';

const TZ = 'Asia/Shanghai';
const breakfast: MealPeriodSetting = {
  mealPeriod: 'breakfast',
  servesFrom: '06:30',
  servesUntil: '09:00',
  cutoffDaysBefore: 1,
  cutoffTime: '20:00',
};
const lunch: MealPeriodSetting = {
  mealPeriod: 'lunch',
  servesFrom: '11:00',
  servesUntil: '13:30',
  cutoffDaysBefore: 0,
  cutoffTime: '09:30',
};

describe('campus clock', () => {
  it('converts between campus wall time and UTC instants', () => {
    expect(zonedInstant('2026-03-10', '20:00', TZ).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    expect(localDate(new Date('2026-03-10T16:30:00Z'), TZ)).toBe('2026-03-11');
    expect(localDate(new Date('2026-03-10T15:59:59Z'), TZ)).toBe('2026-03-10');
    // A zone with daylight saving: 08:00 in New York on a summer day is 12:00 UTC.
    expect(zonedInstant('2026-07-01', '08:00', 'America/New_York').toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });

  it('does date arithmetic on calendar dates', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
  });
});

describe('CAT-1 pre-order cut-off', () => {
  it('CAT-1 closes breakfast at 20:00 campus time the day before', () => {
    expect(cutoffOf('2026-03-11', breakfast, TZ).toISOString()).toBe('2026-03-10T12:00:00.000Z');
    const before = checkPreOrder(new Date('2026-03-10T11:59:59Z'), '2026-03-11', breakfast, TZ);
    expect(before).toEqual({ ok: true, cutoffAt: new Date('2026-03-10T12:00:00Z') });
    const at = checkPreOrder(new Date('2026-03-10T12:00:00Z'), '2026-03-11', breakfast, TZ);
    expect(at).toMatchObject({ ok: false, reason: 'cutoff_passed' });
  });

  it('CAT-1 closes lunch the same morning', () => {
    expect(checkPreOrder(new Date('2026-03-11T01:00:00Z'), '2026-03-11', lunch, TZ).ok).toBe(true);
    expect(checkPreOrder(new Date('2026-03-11T01:30:00Z'), '2026-03-11', lunch, TZ).ok).toBe(false);
  });

  it('CAT-1 refuses meals in the past and beyond the two-week horizon', () => {
    expect(checkPreOrder(new Date('2026-03-11T01:00:00Z'), '2026-03-09', lunch, TZ)).toMatchObject({ reason: 'cutoff_passed' });
    expect(checkPreOrder(new Date('2026-03-11T01:00:00Z'), '2026-03-26', lunch, TZ)).toMatchObject({
      ok: false,
      reason: 'too_far_ahead',
      latest: '2026-03-25',
    });
  });

  it('validates settings by field', () => {
    expect(settingProblems(breakfast)).toEqual([]);
    expect(settingProblems({ ...lunch, cutoffTime: '11:30' })).toEqual([{ field: 'cutoffTime', reason: expect.any(String) }]);
    expect(settingProblems({ ...lunch, servesUntil: '10:00' })).toEqual([
      { field: 'servesUntil', reason: 'must be after servesFrom' },
    ]);
    expect(settingProblems({ ...lunch, servesFrom: '25:00' })).toEqual([{ field: 'servesFrom', reason: expect.any(String) }]);
  });
});

describe('CAT-7 rating window', () => {
  it('CAT-7 accepts ratings from the start of the meal for a week', () => {
    expect(checkRating(new Date('2026-03-11T03:00:00Z'), '2026-03-11', lunch, TZ)).toEqual({ ok: true });
    expect(checkRating(new Date('2026-03-11T02:59:00Z'), '2026-03-11', lunch, TZ)).toEqual({
      ok: false,
      reason: 'not_served_yet',
    });
    expect(checkRating(new Date('2026-03-18T03:00:00Z'), '2026-03-11', lunch, TZ)).toEqual({ ok: true });
    expect(checkRating(new Date('2026-03-19T03:00:00Z'), '2026-03-11', lunch, TZ)).toEqual({ ok: false, reason: 'too_late' });
  });
});
