import { addDays, daysBetween, isTime, localDate, zonedInstant } from './clock.ts';
import type { MealPeriod } from './vocabulary.ts';

/**
 * When a meal is served and until when it may be pre-ordered (CAT-1). Cut-offs are wall-clock
 * times on a day relative to the meal ("breakfast: 20:00 the day before"), so the kitchen has a
 * fixed moment to read its preparation list whatever the season.
 */
export interface MealPeriodSetting {
  mealPeriod: MealPeriod;
  /** HH:MM campus time. */
  servesFrom: string;
  servesUntil: string;
  /** 0 = the same day, 1 = the day before, ... */
  cutoffDaysBefore: number;
  cutoffTime: string;
}

/** Diners order at most this far ahead: menus are planned a week or two out. */
export const PRE_ORDER_HORIZON_DAYS = 14;
/** A meal may be rated from its start until this many days after (CAT-7: after the meal). */
export const RATING_WINDOW_DAYS = 7;

export function cutoffOf(serviceDate: string, setting: MealPeriodSetting, timeZone: string): Date {
  return zonedInstant(addDays(serviceDate, -setting.cutoffDaysBefore), setting.cutoffTime, timeZone);
}

export function mealStartOf(serviceDate: string, setting: MealPeriodSetting, timeZone: string): Date {
  return zonedInstant(serviceDate, setting.servesFrom, timeZone);
}

export type PreOrderCheck =
  | { ok: true; cutoffAt: Date }
  | { ok: false; reason: 'cutoff_passed'; cutoffAt: Date }
  | { ok: false; reason: 'too_far_ahead'; latest: string };

/** Whether a pre-order (or its cancellation) for the meal is still accepted at `now`. */
export function checkPreOrder(now: Date, serviceDate: string, setting: MealPeriodSetting, timeZone: string): PreOrderCheck {
  const cutoffAt = cutoffOf(serviceDate, setting, timeZone);
  if (now.getTime() >= cutoffAt.getTime()) return { ok: false, reason: 'cutoff_passed', cutoffAt };
  const today = localDate(now, timeZone);
  if (daysBetween(today, serviceDate) > PRE_ORDER_HORIZON_DAYS) {
    return { ok: false, reason: 'too_far_ahead', latest: addDays(today, PRE_ORDER_HORIZON_DAYS) };
  }
  return { ok: true, cutoffAt };
}

export type RatingCheck = { ok: true } | { ok: false; reason: 'not_served_yet' | 'too_late' };

/** A diner rates a meal after it began and within the rating window. */
export function checkRating(now: Date, serviceDate: string, setting: MealPeriodSetting, timeZone: string): RatingCheck {
  if (now.getTime() < mealStartOf(serviceDate, setting, timeZone).getTime()) return { ok: false, reason: 'not_served_yet' };
  if (daysBetween(serviceDate, localDate(now, timeZone)) > RATING_WINDOW_DAYS) return { ok: false, reason: 'too_late' };
  return { ok: true };
}

/**
 * Problems of a setting, by field. A cut-off must fall before the meal starts (otherwise the
 * kitchen would learn of orders after it began cooking) and the serving window must be a window.
 */
export function settingProblems(setting: MealPeriodSetting): Array<{ field: string; reason: string }> {
  const problems: Array<{ field: string; reason: string }> = [];
  for (const field of ['servesFrom', 'servesUntil', 'cutoffTime'] as const) {
    if (!isTime(setting[field])) problems.push({ field, reason: 'must be HH:MM (00:00-23:59)' });
  }
  if (problems.length > 0) return problems;
  if (setting.servesUntil <= setting.servesFrom) problems.push({ field: 'servesUntil', reason: 'must be after servesFrom' });
  if (setting.cutoffDaysBefore === 0 && setting.cutoffTime > setting.servesFrom) {
    problems.push({ field: 'cutoffTime', reason: 'must not be after the meal starts (servesFrom) on the same day' });
  }
  return problems;
}
