import { describe, expect, it } from 'vitest';
import { interpolate } from './define.ts';
import { createFormatters } from './i18n.ts';

describe('formatters', () => {
  it('formats money as CNY in both languages', () => {
    expect(createFormatters('en').currency(1234.5)).toMatch(/CN¥\s?1,234\.50/);
    expect(createFormatters('zh').currency(1234.5)).toMatch(/¥\s?1,234\.50/);
  });
  it('shows a dash for missing values instead of "Invalid Date"', () => {
    const f = createFormatters('en');
    expect(f.dateTime(null)).toBe('—');
    expect(f.dateTime('not a date')).toBe('—');
    expect(f.number(undefined)).toBe('—');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{n} of {total}', { n: 3 })).toBe('3 of {total}');
  });
});
