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

function run(
  values: number[],
  metric = 'vibration',
  unit = 'mm/s',
  everyMinutes = 10,
  config = predictiveRule.defaults,
): Effect[] {
  const states = new Map<string, ReturnType<typeof predictiveRule.initial>>();
  const effects: Effect[] = [];
  values.forEach((value, i) => {
    const input = telemetry(i * everyMinutes, [{ name: metric, value, unit }]);
    if (input.kind !== 'sensor') return;
    for (const key of predictiveRule.keysOf(input)) {
      const result = predictiveRule.evaluate(states.get(key) ?? predictiveRule.initial(), input, config, key);
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

  it('treats a daily load ramp as normal: the first day is for learning, the next days are normal', () => {
    // Four days of a machine ramping from 2 to 4 mm/s and back every day, sampled every 10 min.
    const day = Array.from({ length: 144 }, (_, i) => 3 - Math.cos((i / 144) * 2 * Math.PI) + noise(i));
    expect(run([...day, ...day, ...day, ...day])).toEqual([]);
  });

  it('opens one condition ticket with the fitted line and predicted crossing before the limit is reached', () => {
    // A day and a half healthy (the learning day and more), then a slow rise over twenty hours.
    const healthy = Array.from({ length: 216 }, (_, i) => 2.5 + noise(i));
    const degrading = Array.from({ length: 120 }, (_, i) => 2.5 + i * 0.02 + noise(i));
    const effects = run([...healthy, ...degrading]);
    const trend = effects.find((e) => e.type === 'open_ticket' && e.evidence.cause === 'trend');
    expect(trend).toMatchObject({ assetId: 'PUMP-1', dedupeKey: 'rule:PUMP-1:condition' });
    const evidence = trend?.type === 'open_ticket' ? trend.evidence : {};
    expect(evidence).toMatchObject({
      cause: 'trend',
      metric: 'vibration',
      fit: expect.objectContaining({ slope: expect.any(Number) }),
      predictedAt: expect.any(String),
    });
    expect(effects.every((e) => e.type === 'open_ticket' && e.dedupeKey === 'rule:PUMP-1:condition')).toBe(true);
    expect(Math.max(...[...healthy, ...degrading])).toBeLessThan(7.1);
  });

  it('keeps its memory in hours whatever the cadence: a 10-s sensor sees the same slow drift as a 10-min one', () => {
    // Two days at 10 s, then the same 0.12 mm/s per hour rise as above, over ten hours.
    const perHour = 360;
    const healthy = Array.from({ length: 48 * perHour }, (_, i) => 2.5 + noise(i));
    const degrading = Array.from({ length: 10 * perHour }, (_, i) => 2.5 + (i / perHour) * 0.12 + noise(i));
    const effects = run([...healthy, ...degrading], 'vibration', 'mm/s', 1 / 6);
    // Rules repeat their findings on every reading (the ticket service keeps one open ticket per key).
    const findings = new Set(effects.map((e) => (e.type === 'open_ticket' ? `${e.dedupeKey} ${e.evidence.cause}` : e.type)));
    expect([...findings]).toEqual(['rule:PUMP-1:condition trend']);
  });

  it('opens a critical ticket and an alert once the limit is crossed', () => {
    const effects = run([...Array.from({ length: 60 }, (_, i) => 2.5 + noise(i)), 8.2]);
    expect(effects.map((e) => e.type)).toEqual(expect.arrayContaining(['open_ticket', 'raise_alert']));
    expect(effects.find((e) => e.type === 'open_ticket')).toMatchObject({
      urgency: 'critical',
      dedupeKey: 'rule:PUMP-1:limit',
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

  it('judges nothing in its learning day: a sensor reporting every 10 s has its 30 samples in 5 minutes, not its normal', () => {
    // A machine starting up: readings climb for 20 min at 10-s intervals, well inside the day of learning.
    const startUp = Array.from({ length: 120 }, (_, i) => 1 + i * 0.03 + noise(i));
    expect(run(startUp, 'vibration', 'mm/s', 1 / 6)).toEqual([]);
  });

  it('neither learns from nor judges a stopped machine (status 0): its readings describe the room', () => {
    const states = new Map<string, ReturnType<typeof predictiveRule.initial>>();
    const effects: Effect[] = [];
    const feed = (minute: number, value: number, status: number) => {
      const input = telemetry(minute, [
        { name: 'supply_temperature', value, unit: '°C' },
        { name: 'status', value: status, unit: 'state' },
      ]);
      if (input.kind !== 'sensor') return;
      expect(predictiveRule.keysOf(input)).toEqual(['asset:PUMP-1/supply_temperature']);
      for (const key of predictiveRule.keysOf(input)) {
        const result = predictiveRule.evaluate(states.get(key) ?? predictiveRule.initial(), input, predictiveRule.defaults, key);
        states.set(key, result.state);
        effects.push(...result.effects);
      }
    };
    for (let minute = 0; minute < 120; minute += 1) feed(minute, 7 + noise(minute), 1);
    // Switched off for the night: the water warms to the room, far beyond the 12 °C limit.
    for (let minute = 120; minute < 600; minute += 1) feed(minute, 22 + noise(minute), 0);
    expect(effects).toEqual([]);
    expect(states.get('asset:PUMP-1/supply_temperature')?.baseline.n).toBe(120);
  });
  it('copies no window and keeps no new state for readings that change nothing', () => {
    // A 10-s sensor: the 2-hour, 120-point window takes a point every minute.
    let state = predictiveRule.initial();
    const windows = new Set<unknown>();
    for (let i = 0; i < 60; i += 1) {
      const input = telemetry(i / 6, [{ name: 'vibration', value: 2.5 + noise(i), unit: 'mm/s' }]);
      state = predictiveRule.evaluate(state, input, predictiveRule.defaults, 'asset:PUMP-1/vibration').state;
      windows.add(state.window);
    }
    // Ten minutes of readings, one point a minute: ten windows, not sixty copies.
    expect(windows.size).toBe(10);
    expect(state.window).toHaveLength(10);

    const counter = runtimeServiceRule.initial();
    const reading = (hours: number) => telemetry(0, [{ name: 'runtime_hours', value: hours, unit: 'h' }]);
    const first = runtimeServiceRule.evaluate(counter, reading(10), runtimeServiceRule.defaults, 'asset:PUMP-1').state;
    expect(runtimeServiceRule.evaluate(first, reading(11), runtimeServiceRule.defaults, 'asset:PUMP-1').state).toBe(first);
  });
});
