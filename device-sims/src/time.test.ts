import { describe, expect, it } from 'vitest';
import {
  atLocal,
  dayOfWeek,
  isoLocal,
  latestLocalTime,
  localDay,
  localHour,
  parseDuration,
  parseOffset,
  parseStart,
} from './time.ts';

const CST = 480;

describe('campus time', () => {
  it('renders device times with the campus offset', () => {
    expect(isoLocal(Date.UTC(2026, 10, 23, 23, 30, 5, 120), CST)).toBe('2026-11-24T07:30:05.120+08:00');
    expect(isoLocal(Date.UTC(2026, 10, 24, 12), -330)).toBe('2026-11-24T06:30:00.000-05:30');
  });

  it('counts local days and hours across midnight UTC', () => {
    const t = Date.UTC(2026, 10, 23, 17, 30);
    expect(localHour(t, CST)).toBe(1.5);
    expect(localDay(t, CST)).toBe(localDay(Date.UTC(2026, 10, 24, 12), CST));
    expect(atLocal(localDay(t, CST), 90, CST)).toBe(t);
    expect(dayOfWeek(localDay(t, CST))).toBe(2);
  });

  it('finds the latest local time of day not after an instant', () => {
    const now = Date.UTC(2026, 10, 24, 3);
    expect(isoLocal(latestLocalTime(now, 6 * 60, CST), CST)).toBe('2026-11-24T06:00:00.000+08:00');
    expect(isoLocal(latestLocalTime(now, 12 * 60, CST), CST)).toBe('2026-11-23T12:00:00.000+08:00');
  });

  it('parses durations, offsets and starts, and refuses nonsense', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250')).toBe(250);
    expect(() => parseDuration('soon')).toThrow(/duration/);
    expect(parseOffset('+08:00')).toBe(480);
    expect(parseOffset('-0530')).toBe(-330);
    expect(() => parseOffset('+25:00')).toThrow();
    const now = Date.UTC(2026, 10, 24, 3);
    expect(parseStart('now', now, CST)).toBe(now);
    expect(parseStart('-6h', now, CST)).toBe(now - 6 * 3_600_000);
    expect(parseStart('2026-11-20T08:00:00+08:00', now, CST)).toBe(Date.UTC(2026, 10, 20));
    expect(() => parseStart('yesterday', now, CST)).toThrow(/start/);
  });
});
