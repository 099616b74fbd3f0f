import { describe, expect, it } from 'vitest';
import { inWindow, localDate, localMinutes } from './time.ts';

describe('campus time', () => {
  it('reads local minutes and dates in the campus time zone', () => {
    const at = new Date('2026-11-23T18:30:00Z');
    expect(localMinutes(at, 'Asia/Shanghai')).toBe(2 * 60 + 30);
    expect(localDate(at, 'Asia/Shanghai')).toBe('2026-11-24');
  });

  it('handles windows that wrap past midnight', () => {
    expect(inWindow(30, '23:30', '05:00')).toBe(true);
    expect(inWindow(23 * 60 + 45, '23:30', '05:00')).toBe(true);
    expect(inWindow(6 * 60, '23:30', '05:00')).toBe(false);
    expect(inWindow(12 * 60, '08:00', '17:00')).toBe(true);
    expect(inWindow(17 * 60, '08:00', '17:00')).toBe(false);
  });
});

describe('campus time across daylight saving', () => {
  it('follows the zone offset on both sides of a change', () => {
    // Europe/Berlin switches from UTC+1 to UTC+2 at 01:00Z on 2026-03-29.
    expect(localMinutes(new Date('2026-03-29T00:30:00Z'), 'Europe/Berlin')).toBe(90);
    expect(localMinutes(new Date('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe(210);
    expect(localDate(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
  });
});
