import { describe, expect, it } from 'vitest';
import { crossingOf, fitValueAt, parseTrendEvidence, trendChart } from './trend.ts';

const HOUR = 3_600_000;
const origin = '2026-11-24T00:00:00.000Z';
const t0 = Date.parse(origin);
// vibration rising 0.1 mm/s per hour from 2.0; limit 7.1 → crossing after 51 h.
const series = Array.from({ length: 40 }, (_, i) => ({ t: new Date(t0 + i * HOUR).toISOString(), v: 2 + 0.1 * i }));
const evidence = {
  assetId: 'PUMP-1',
  metric: 'vibration',
  unit: 'mm/s',
  cause: 'trend',
  series,
  fit: { slope: 0.1, intercept: 2, origin, unit: 'per hour' },
  baseline: { mean: 2.5, sd: 0.3 },
  limit: { high: 7.1 },
  predictedAt: new Date(t0 + 51 * HOUR).toISOString(),
  hoursAhead: 12,
};

describe('evidence chart maths', () => {
  it('reads the rule evidence', () => {
    const parsed = parseTrendEvidence(evidence);
    expect(parsed?.series).toHaveLength(40);
    expect(parsed?.fit).toEqual(evidence.fit);
    expect(parsed?.limit).toEqual({ high: 7.1 });
    expect(parseTrendEvidence({ runtimeHours: 2000 })).toBeNull();
    expect(parseTrendEvidence(null)).toBeNull();
  });

  it('evaluates the fitted line in hours from its origin', () => {
    const fit = evidence.fit;
    expect(fitValueAt(fit, t0)).toBeCloseTo(2);
    expect(fitValueAt(fit, t0 + 10 * HOUR)).toBeCloseTo(3);
  });

  it('computes the crossing where the line meets the limit it heads for', () => {
    expect(crossingOf(evidence.fit, evidence.limit, t0)).toBeCloseTo(t0 + 51 * HOUR, -3);
    // Falling line heads for the low limit; none given → no crossing.
    expect(crossingOf({ ...evidence.fit, slope: -0.1 }, { high: 7.1 }, t0)).toBeNull();
    expect(crossingOf({ ...evidence.fit, slope: -0.1, intercept: 5 }, { low: 1 }, t0)).toBeCloseTo(t0 + 40 * HOUR, -3);
    // A crossing in the past is no prediction.
    expect(crossingOf(evidence.fit, evidence.limit, t0 + 60 * HOUR)).toBeNull();
    expect(crossingOf({ ...evidence.fit, slope: 0 }, evidence.limit, t0)).toBeNull();
  });

  it('draws readings, the trend to the crossing and the crossing point on the limit', () => {
    const parsed = parseTrendEvidence(evidence);
    if (!parsed) throw new Error('no evidence');
    const chart = trendChart(parsed);
    expect(chart.points.filter((p) => p.reading !== undefined)).toHaveLength(40);
    const last = chart.points.at(-1);
    expect(last?.t).toBe(t0 + 51 * HOUR);
    expect(last?.reading).toBeUndefined();
    expect(last?.trend).toBeCloseTo(7.1);
    expect(chart.crossingValue).toBeCloseTo(7.1);
    expect(chart.domain).toEqual([t0, t0 + 51 * HOUR]);
  });

  it('computes the crossing itself when the rule gave none (anomaly and limit tickets)', () => {
    const parsed = parseTrendEvidence({ ...evidence, predictedAt: undefined });
    if (!parsed) throw new Error('no evidence');
    expect(trendChart(parsed).crossingAt).toBeCloseTo(t0 + 51 * HOUR, -3);
  });
});
