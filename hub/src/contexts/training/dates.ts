/** Calendar-date arithmetic on YYYY-MM-DD strings (UTC, so no time zone shifts a date). */

const parse = (date: string) => new Date(`${date}T00:00:00Z`);
const format = (at: Date) => at.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const at = parse(date);
  at.setUTCDate(at.getUTCDate() + days);
  return format(at);
}

/** Same day `months` later, clamped to the month's end (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const at = parse(date);
  const day = at.getUTCDate();
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 0)).getUTCDate();
  at.setUTCDate(Math.min(day, lastDay));
  return format(at);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysUntil(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);
}

/** A real calendar date in YYYY-MM-DD (2027-02-30 is not). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = parse(value);
  return !Number.isNaN(at.getTime()) && format(at) === value;
}

export function utcDate(at: Date): string {
  return format(at);
}
