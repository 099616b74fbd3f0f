import { describe, expect, it } from 'vitest';
import { hashParts, mulberry32, Rng, rngFor, smoothNoise } from './random.ts';

describe('seeded randomness', () => {
  it('is reproducible for a seed and differs between seeds and stream names', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(mulberry32(43)()).not.toBe(first[0]);
    expect(rngFor(1, 'orders', 'canteen-1', 10).next()).toBe(rngFor(1, 'orders', 'canteen-1', 10).next());
    expect(rngFor(1, 'orders', 'canteen-1', 10).next()).not.toBe(rngFor(1, 'orders', 'canteen-2', 10).next());
    expect(hashParts('a', 'bc')).not.toBe(hashParts('ab', 'c'));
  });

  it('draws plausible distributions', () => {
    const rng = new Rng(7);
    const draws = Array.from({ length: 5000 }, () => rng.poisson(4));
    const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
    expect(mean).toBeGreaterThan(3.8);
    expect(mean).toBeLessThan(4.2);
    const normal = Array.from({ length: 5000 }, () => rng.normal(10, 2));
    expect(normal.reduce((sum, value) => sum + value, 0) / normal.length).toBeCloseTo(10, 0);
    expect(
      rng.weighted([
        { item: 'only', weight: 1 },
        { item: 'never', weight: 0 },
      ]),
    ).toBe('only');
  });

  it('gives smooth noise in [-1, 1] that depends on the instant only', () => {
    const values = Array.from({ length: 1000 }, (_, index) => smoothNoise(3, 'pump-1/vib', index * 1000, 60_000));
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    for (let index = 1; index < values.length; index += 1)
      expect(Math.abs((values[index] ?? 0) - (values[index - 1] ?? 0))).toBeLessThan(0.1);
  });
});
