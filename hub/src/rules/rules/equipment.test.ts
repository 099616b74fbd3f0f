import { describe, expect, it } from 'vitest';
import type { Effect, RuleInput, SensorTelemetryEvent } from '../types.ts';
import { predictiveRule, runtimeServiceRule } from './equipment.ts';

const T0 = Date.UTC(2026, 10, 1);
function telemetry(minute: number, metrics: SensorTelemetryEvent['metrics']): RuleInput {
  const ts = new Date(T0 + minute * 60_000);
  return {
    kind: 'sensor',
    event: {
      kind: 'sensor',
      site: 'main',
      deviceId: 'sensor-01',
      eventId: `t${minute}`,
      ts,
      receivedAt: ts,
      assetId: 'PUMP-1',
      metrics,
    },
    facts: {},
  };
}

function run(values: number[], metric = 'vibration', unit = 'mm/s', everyMinutes = 10): Effect[] {
  const states = new Map<string, ReturnType<typeof predictiveRule.initial>>();
  const effects: Effect[] = [];
  values.forEach((value, i) => {
    const input = telemetry(i * everyMinutes, [{ name: metric, value, unit }]);
    if (input.kind !== 'sensor') return;
    for (const key of predictiveRule.keysOf(input)) {
      const result = predictiveRule.evaluate(states.get(key) ?? predictiveRule.initial(), input, predictiveRule.defaults, key);
      states.set(key, result.state);
      effects.push(...result.effects);
    }
  });
  return effects;
}

// Deterministic noise: a healthy pump at 2.5 mm/s ± 0.2.
const noise = (i: number) => 0.2 * Math.sin(i * 1.7) * Math.cos(i * 0.3);

describe('IOT-9 predictive maintenance', () => {
  it('stays silent on a healthy machine', () => {
    expect(run(Array.from({ length: 500 }, (_, i) => 2.5 + noise(i)))).toEqual([]);
  });

  it('treats a daily load ramp as normal once it has learned a day of it', () => {
    // Four days of a machine ramping from 2 to 4 mm/s and back every day, sampled every 10 min.
    const day = Array.from({ length: 144 }, (_, i) => 3 - Math.cos((i / 144) * 2 * Math.PI) + noise(i));
    const learned = run(day).length;
    const all = run([...day, ...day, ...day, ...day]);
    // The first day teaches the baseline the daily range; after it, no trend ticket is opened.
    expect(all.length).toBe(learned);
  });

  it('opens a trend ticket with the fitted line and predicted crossing before the limit is reached', () => {
    const healthy = Array.from({ length: 100 }, (_, i) => 2.5 + noise(i));
    const degrading = Array.from({ length: 120 }, (_, i) => 2.5 + i * 0.02 + noise(i));
    const effects = run([...healthy, ...degrading]);
    const trend = effects.find((e) => e.type === 'open_ticket' && e.dedupeKey.endsWith(':trend'));
    expect(trend).toMatchObject({ assetId: 'PUMP-1', dedupeKey: 'rule:PUMP-1:vibration:trend' });
    const evidence = trend?.type === 'open_ticket' ? trend.evidence : {};
    expect(evidence).toMatchObject({
      cause: 'trend',
      fit: expect.objectContaining({ slope: expect.any(Number) }),
      predictedAt: expect.any(String),
    });
    expect(Math.max(...[...healthy, ...degrading])).toBeLessThan(7.1);
  });

  it('opens a critical ticket and an alert once the limit is crossed', () => {
    const effects = run([...Array.from({ length: 60 }, (_, i) => 2.5 + noise(i)), 8.2]);
    expect(effects.map((e) => e.type)).toEqual(expect.arrayContaining(['open_ticket', 'raise_alert']));
    expect(effects.find((e) => e.type === 'open_ticket')).toMatchObject({
      urgency: 'critical',
      dedupeKey: 'rule:PUMP-1:vibration:limit',
    });
  });

  it('opens a preventive ticket at each service interval, not for the backlog at first sight', () => {
    let state = runtimeServiceRule.initial();
    const types: string[] = [];
    for (const [i, hours] of [4100, 4150, 5990, 6001, 6100].entries()) {
      const input = telemetry(i, [{ name: 'runtime_hours', value: hours, unit: 'h' }]);
      const result = runtimeServiceRule.evaluate(state, input, runtimeServiceRule.defaults, 'asset:PUMP-1');
      state = result.state;
      types.push(...result.effects.map((e) => (e.type === 'open_ticket' ? e.dedupeKey : e.type)));
    }
    expect(types).toEqual(['rule:PUMP-1:runtime:3']);
  });
});
