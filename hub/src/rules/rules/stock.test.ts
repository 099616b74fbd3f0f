import { describe, expect, it } from 'vitest';
import type { Effect, RuleInput, ScaleReadingEvent } from '../types.ts';
import { lowStockRule } from './stock.ts';

const item = { itemId: 'flour', name: 'Flour / 面粉', unit: 'kg', unitWeightKg: 1, safetyStock: 50 };
const reading = (hour: number, kg: number, deviceId = 'scale-01'): RuleInput => {
  const ts = new Date(Date.UTC(2026, 10, 24, hour));
  const event: ScaleReadingEvent = {
    kind: 'scale',
    site: 'main',
    deviceId,
    eventId: `r${hour}-${deviceId}`,
    ts,
    receivedAt: ts,
    itemId: 'flour',
    gross: kg + 1,
    net: kg,
    unit: 'kg',
    netKg: kg,
  };
  return { kind: 'scale', event, facts: { stockItem: item } };
};

function run(levels: number[]): Effect[] {
  let state = lowStockRule.initial();
  const effects: Effect[] = [];
  levels.forEach((kg, hour) => {
    const result = lowStockRule.evaluate(state, reading(hour, kg), lowStockRule.defaults, 'item:flour');
    state = result.state;
    effects.push(...result.effects);
  });
  return effects;
}

describe('IOT-7 low stock', () => {
  it('alerts once below safety stock with a projected depletion and one draft requisition', () => {
    const effects = run([80, 70, 60, 49, 45, 40]);
    expect(effects.map((e) => e.type)).toEqual(['raise_alert', 'draft_requisition']);
    const alert = effects[0];
    // Least squares over 80, 70, 60, 49 kg at hourly readings: −10.3 kg/h, so 49 kg last 49 / 10.3 h.
    expect(alert?.type === 'raise_alert' && alert.evidence.depletesAt).toBe(
      new Date(Date.UTC(2026, 10, 24, 3) + (49 / 10.3) * 3_600_000).toISOString(),
    );
    expect(effects[1]).toMatchObject({ quantity: 101, unit: 'kg', dedupeKey: 'low-stock:flour:2026-11-24T03:00:00.000Z' });
  });

  it('does not flap around the threshold (hysteresis), and resolves after a refill', () => {
    const effects = run([49, 51, 49, 55, 48, 61]);
    expect(effects.map((e) => e.type)).toEqual(['raise_alert', 'draft_requisition', 'resolve_alert']);
  });

  it('has no depletion time for a consumption too slow to matter', () => {
    const effects = run([49.0001, 49]);
    const alert = effects[0];
    expect(alert?.type === 'raise_alert' && alert.evidence.depletesAt).toBeNull();
  });

  it('stays silent on a normal day above safety stock', () => {
    expect(run([200, 190, 185, 180, 170, 200, 195])).toEqual([]);
  });

  it('counts every bin of the item: two canteens weighing flour are one stock, not two alternating ones', () => {
    // Canteen 1 holds 60 kg, canteen 2 holds 30 kg: 90 kg in all, above the 50 kg safety stock
    // (the last scale heard alone, 30 kg, would have looked low).
    let state = lowStockRule.initial();
    const effects: Effect[] = [];
    for (const [hour, kg, scale] of [
      [0, 60, 'scale-01'],
      [1, 30, 'scale-02'],
      [2, 59, 'scale-01'],
      [3, 29, 'scale-02'],
    ] as const) {
      const result = lowStockRule.evaluate(state, reading(hour, kg, scale), lowStockRule.defaults, 'item:flour');
      state = result.state;
      effects.push(...result.effects);
    }
    expect(effects).toEqual([]);
    // Canteen 1 uses most of its bin: 15 + 29 = 44 kg, below safety stock, both bins in the evidence.
    const low = lowStockRule.evaluate(state, reading(4, 15, 'scale-01'), lowStockRule.defaults, 'item:flour');
    expect(low.effects[0]).toMatchObject({
      type: 'raise_alert',
      evidence: { level: 44, bins: { 'scale-01': 15, 'scale-02': 29 } },
    });
  });
  it('keeps the 24-hour consumption window evenly thinned: a scale weighing every 10 s neither fills nor copies it', () => {
    let state = lowStockRule.initial();
    const arrays = new Set<unknown>();
    // 6 hours of a reading every 10 s, falling 2 kg an hour from 200 kg.
    for (let i = 0; i < 6 * 360; i += 1) {
      const input = reading(0, 200 - i / 180);
      if (input.kind !== 'scale') continue;
      const ts = new Date(input.event.ts.getTime() + i * 10_000);
      const event = { ...input.event, ts, receivedAt: ts };
      state = lowStockRule.evaluate(state, { ...input, event }, lowStockRule.defaults, 'item:flour').state;
      arrays.add(state.samples);
    }
    // One sample every 24 h / 200 = 7.2 min: 50 in six hours, spanning them (not the last 200 readings, 33 minutes).
    expect(state.samples).toHaveLength(50);
    expect(arrays.size).toBe(50);
    const span = (state.samples.at(-1)?.at ?? 0) - (state.samples[0]?.at ?? 0);
    expect(span).toBeGreaterThan(5.8 * 3_600_000);
  });
});
