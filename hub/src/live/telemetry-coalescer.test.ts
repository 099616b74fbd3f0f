import { describe, expect, it } from 'vitest';
import { TelemetryCoalescer } from './telemetry-coalescer.ts';

describe('TelemetryCoalescer', () => {
  it('folds many samples into one aggregate per asset and metric, and starts afresh after a flush', () => {
    const coalescer = new TelemetryCoalescer();
    const t = (s: number) => new Date(Date.UTC(2026, 10, 24, 2, 0, s));
    for (let i = 0; i < 1000; i += 1) coalescer.add('A1', 'vibration', i % 10, 'mm/s', t(i % 60));
    coalescer.add('A1', 'temperature', 7, '°C', t(1));
    coalescer.add('A1', 'temperature', 9, '°C', t(0));
    const flushed = coalescer.flush();
    expect(flushed).toHaveLength(2);
    expect(flushed.find((a) => a.metric === 'vibration')).toMatchObject({ count: 1000, min: 0, max: 9, mean: 4.5 });
    // "last" is the newest by device time, not by arrival.
    expect(flushed.find((a) => a.metric === 'temperature')).toMatchObject({ last: 7, count: 2 });
    expect(coalescer.flush()).toEqual([]);
  });
});
