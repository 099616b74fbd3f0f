import { describe, expect, it } from 'vitest';
import type { Effect, RuleInput } from '../types.ts';
import { faultyDeviceRule } from './ingest.ts';

const T0 = Date.UTC(2026, 10, 24, 2);
const refused = (offsetMs: number, reason = 'malformed_json'): RuleInput => ({
  kind: 'reject',
  rejected: { deviceId: 'scale-02', reason, detail: `${reason} at +${offsetMs}`, receivedAt: new Date(T0 + offsetMs) },
  facts: {},
});
const tick = (offsetMs: number): RuleInput => ({ kind: 'tick', now: new Date(T0 + offsetMs), facts: {} });

function run(inputs: RuleInput[], config = faultyDeviceRule.defaults): Effect[] {
  let state = faultyDeviceRule.initial();
  const effects: Effect[] = [];
  for (const input of inputs) {
    const result = faultyDeviceRule.evaluate(state, input, config, 'device:scale-02');
    state = result.state;
    effects.push(...result.effects);
  }
  return effects;
}

describe('IOT-5 faulty device', () => {
  it('raises one warning at the tenth refusal within five minutes, with the reasons as evidence', () => {
    const inputs = Array.from({ length: 14 }, (_, i) => refused(i * 4000, i % 2 === 0 ? 'malformed_json' : 'schema'));
    const effects = run(inputs);
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({
      type: 'raise_alert',
      subject: 'device:scale-02',
      severity: 'warning',
      evidence: { refused: 10, firstAt: new Date(T0).toISOString(), lastAt: new Date(T0 + 36_000).toISOString() },
    });
    const evidence = (effects[0] as Extract<Effect, { type: 'raise_alert' }>).evidence;
    expect(evidence.latestReasons).toEqual({ malformed_json: 2, schema: 3 });
  });

  it('does not count refusals spread wider than the window', () => {
    // One refusal a minute: never ten within five minutes.
    expect(run(Array.from({ length: 30 }, (_, i) => refused(i * 60_000)))).toEqual([]);
  });

  it('resolves itself after the quiet period, and a new burst is a new episode', () => {
    const burst = (from: number) => Array.from({ length: 10 }, (_, i) => refused(from + i * 1000));
    const effects = run([...burst(0), tick(10 * 60_000), tick(25 * 60_000), ...burst(30 * 60_000)]);
    expect(effects.map((e) => e.type)).toEqual(['raise_alert', 'resolve_alert', 'raise_alert']);
  });

  it('keeps its state bounded by the threshold', () => {
    let state = faultyDeviceRule.initial();
    for (let i = 0; i < 500; i += 1)
      state = faultyDeviceRule.evaluate(state, refused(i * 10), faultyDeviceRule.defaults, 'k').state;
    expect(state.recent.length).toBeLessThanOrEqual(faultyDeviceRule.defaults.count);
    expect(state.samples.length).toBeLessThanOrEqual(5);
  });
});
