import { describe, expect, it } from 'vitest';
import { observationScore, updateReputation } from './reputation.ts';
import { DEFAULT_PROCUREMENT_SETTINGS } from './settings.ts';

const settings = DEFAULT_PROCUREMENT_SETTINGS.reputation;

describe('PRC-5 supplier reputation', () => {
  it('scores deliveries by lateness and quality by acceptance and complaints', () => {
    expect(observationScore({ kind: 'delivery', daysLate: 0 }, settings)).toBe(100);
    expect(observationScore({ kind: 'delivery', daysLate: -3 }, settings)).toBe(100);
    expect(observationScore({ kind: 'delivery', daysLate: 4 }, settings)).toBe(60);
    expect(observationScore({ kind: 'delivery', daysLate: 30 }, settings)).toBe(0);
    expect(observationScore({ kind: 'acceptance', passed: false }, settings)).toBe(0);
    expect(observationScore({ kind: 'complaint', severity: 'minor' }, settings)).toBe(40);
  });

  it('moves an exponentially weighted average toward each observation', () => {
    expect(updateReputation(60, { kind: 'delivery', daysLate: 0 }, settings)).toBe(68);
    expect(updateReputation(60, { kind: 'acceptance', passed: false }, settings)).toBe(48);
  });

  it('learns: a reliable supplier climbs toward 100, one bad event costs a fifth of the distance', () => {
    let r = settings.prior;
    for (let i = 0; i < 20; i++) r = updateReputation(r, { kind: 'acceptance', passed: true }, settings);
    expect(r).toBeGreaterThan(99);
    const after = updateReputation(r, { kind: 'complaint', severity: 'major' }, settings);
    expect(after).toBeCloseTo(r * 0.8, 1);
    expect(updateReputation(0, { kind: 'acceptance', passed: false }, settings)).toBe(0);
  });
});
