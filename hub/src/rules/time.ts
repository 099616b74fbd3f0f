/**
 * Campus time for the rules: hours and curfews are configured in local time. Formatting with
 * Intl is slow (it dominated rule evaluation), so the zone's UTC offset is looked up once per
 * hour of time and cached; offsets change only on hour boundaries (daylight saving).
 */
const HOUR_MS = 3_600_000;
const offsets = new Map<string, number>();
const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMs(at: number, timeZone: string): number {
  const hour = Math.floor(at / HOUR_MS);
  const key = `${timeZone}|${hour}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const start = hour * HOUR_MS;
  const part = (parts: Intl.DateTimeFormatPart[], type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const parts = format.formatToParts(new Date(start));
  const local = Date.UTC(
    part(parts, 'year'),
    part(parts, 'month') - 1,
    part(parts, 'day'),
    part(parts, 'hour'),
    part(parts, 'minute'),
  );
  if (offsets.size > 10_000) offsets.clear();
  offsets.set(key, local - start);
  return local - start;
}

/** Minutes after local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const local = at.getTime() + offsetMs(at.getTime(), timeZone);
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
}

/** The local calendar date (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Date(at.getTime() + offsetMs(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

export function parseHhMm(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Whether a local time falls in [from, to), where the window may wrap past midnight. */
export function inWindow(minutes: number, from: string, to: string): boolean {
  const start = parseHhMm(from);
  const end = parseHhMm(to);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

export const HH_MM = '^([01]\\d|2[0-3]):[0-5]\\d$';
