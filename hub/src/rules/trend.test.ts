import { describe, expect, it } from 'vitest';
import { crossingTime, ewma, fitLine } from './trend.ts';

describe('trend maths', () => {
  it('fits a line and predicts when it crosses a limit', () => {
    const points = [0, 1, 2, 3, 4].map((t) => ({ t, v: 2 + 0.5 * t }));
    const line = fitLine(points);
    expect(line?.slope).toBeCloseTo(0.5, 10);
    expect(line?.intercept).toBeCloseTo(2, 10);
    expect(crossingTime(line ?? { slope: 0, intercept: 0 }, 7, 4)).toBeCloseTo(10, 10);
    expect(crossingTime({ slope: -0.5, intercept: 2 }, 7, 4)).toBeNull();
  });

  it('learns mean and variance of a steady signal', () => {
    let baseline = { mean: 0, variance: 0, n: 0 };
    for (let i = 0; i < 2000; i += 1) baseline = ewma(baseline, i % 2 === 0 ? 9 : 11, 0.05);
    expect(baseline.mean).toBeCloseTo(10, 0);
    expect(Math.sqrt(baseline.variance)).toBeCloseTo(1, 0);
  });
});
