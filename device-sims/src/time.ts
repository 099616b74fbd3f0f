/**
 * Local time of the simulated campus. A fixed UTC offset (China Standard Time, +08:00, by
 * default) rather than a time-zone name: campuses in China have no daylight saving time, and
 * a fixed offset keeps every day exactly 24 h long, which the day plans rely on.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const DEFAULT_UTC_OFFSET_MIN = 8 * 60;

/** Days since 1970-01-01 in local time. */
export function localDay(t: number, offsetMin: number): number {
  return Math.floor((t + offsetMin * MINUTE_MS) / DAY_MS);
}

/** Milliseconds since local midnight. */
export function localTimeOfDay(t: number, offsetMin: number): number {
  const local = t + offsetMin * MINUTE_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** Fractional local hour, 0 ≤ h < 24. */
export function localHour(t: number, offsetMin: number): number {
  return localTimeOfDay(t, offsetMin) / HOUR_MS;
}

/** The instant of `minutes` after local midnight of `day`. */
export function atLocal(day: number, minutes: number, offsetMin: number): number {
  return day * DAY_MS + minutes * MINUTE_MS - offsetMin * MINUTE_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekend(day: number): boolean {
  const weekday = dayOfWeek(day);
  return weekday === 0 || weekday === 6;
}

/** ISO-8601 with the campus offset, e.g. 2026-11-24T07:30:05.120+08:00 (what gates and terminals send). */
export function isoLocal(t: number, offsetMin: number): string {
  const local = new Date(t + offsetMin * MINUTE_MS).toISOString().slice(0, -1);
  return `${local}${formatOffset(offsetMin)}`;
}

export function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Parses `+08:00`, `-0530`, `+8` or minutes (`480`). */
export function parseOffset(text: string): number {
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text.trim());
  if (match) {
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
    if (minutes > 14 * 60) throw new Error(`UTC offset ${text} is out of range`);
    return match[1] === '-' ? -minutes : minutes;
  }
  const minutes = Number(text);
  if (Number.isInteger(minutes) && Math.abs(minutes) <= 14 * 60) return minutes;
  throw new Error(`UTC offset ${text} must look like +08:00`);
}

/** Parses `90s`, `15m`, `2h`, `1d`, `1h30m` or plain milliseconds. */
export function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const units: Record<string, number> = { ms: 1, s: 1000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };
  let total = 0;
  let rest = text.trim();
  if (rest.length === 0) throw new Error('empty duration');
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/.exec(rest);
    const unit = match ? units[match[2] ?? ''] : undefined;
    if (!match || unit === undefined) throw new Error(`duration ${text} must look like 90s, 15m, 2h, 1d or 1h30m`);
    total += Number(match[1]) * unit;
    rest = rest.slice(match[0].length);
  }
  return Math.round(total);
}

/** Minutes after midnight of `HH:MM`. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59) throw new Error(`time of day ${text} must look like 06:30`);
  return hours * 60 + minutes;
}

/** The latest instant ≤ `notAfter` that is `minutes` after a local midnight. */
export function latestLocalTime(notAfter: number, minutes: number, offsetMin: number): number {
  const day = localDay(notAfter, offsetMin);
  const today = atLocal(day, minutes, offsetMin);
  return today <= notAfter ? today : atLocal(day - 1, minutes, offsetMin);
}

/**
 * Parses a start time: `now`, a negative offset from now (`-6h`), a local time of day
 * (`06:00`: the latest one not in the future) or an ISO-8601 date-time.
 */
export function parseStart(text: string, now: number, offsetMin: number): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  if (trimmed.startsWith('-')) return now - parseDuration(trimmed.slice(1));
  if (/^\d{1,2}:\d{2}$/.test(trimmed)) return latestLocalTime(now, parseClockTime(trimmed), offsetMin);
  const parsed = Date.parse(trimmed);
  if (Number.isNaN(parsed)) throw new Error(`start ${text} must be now, -6h, 06:00 or an ISO date-time`);
  return parsed;
}
