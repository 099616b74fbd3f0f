import { describe, expect, it } from 'vitest';
import { expiryFlags, qualificationGaps } from './qualifications.ts';

describe('PRC-5 supplier qualifications', () => {
  it('flags expired and expiring-soon qualifications', () => {
    expect(expiryFlags({ expiresOn: '2026-02-28' }, '2026-03-01', 30)).toEqual({ expired: true, expiringSoon: false });
    expect(expiryFlags({ expiresOn: '2026-03-01' }, '2026-03-01', 30)).toEqual({ expired: false, expiringSoon: true });
    expect(expiryFlags({ expiresOn: '2026-03-31' }, '2026-03-01', 30)).toEqual({ expired: false, expiringSoon: true });
    expect(expiryFlags({ expiresOn: '2026-04-01' }, '2026-03-01', 30)).toEqual({ expired: false, expiringSoon: false });
    expect(expiryFlags({ expiresOn: null }, '2026-03-01', 30)).toEqual({ expired: false, expiringSoon: false });
  });

  it('PRC-4 says why a supplier is not qualified', () => {
    const held = [
      { kind: 'business_license', number: 'B1', expiresOn: null },
      { kind: 'food_operation_license', number: 'F1', expiresOn: '2026-01-01' },
    ];
    expect(qualificationGaps(held, ['business_license'], '2026-03-01')).toEqual([]);
    expect(qualificationGaps(held, ['food_operation_license', 'iso9001'], '2026-03-01')).toEqual([
      'food_operation_license has expired',
      'lacks iso9001',
    ]);
    expect(qualificationGaps([], [], '2026-03-01')).toEqual(['holds no qualification']);
    const lapsed = [{ kind: 'food_operation_license', number: 'F1', expiresOn: '2026-01-01' }];
    expect(qualificationGaps(lapsed, [], '2026-03-01')).toEqual(['every qualification has expired']);
  });
});
