import { EVENT_SCHEMA_BY_KIND } from '@campus/protocol';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { DEMO_DEVICES } from '../../../gateway/src/registry/demo-devices.ts';
import type { SimAction } from '../actions.ts';
import { DEMO_FLEET } from '../fleet.ts';
import { atLocal, DAY_MS, HOUR_MS, isoLocal, localDay, MINUTE_MS } from '../time.ts';
import { SimWorld } from '../world.ts';
import { CampusProfile, DEFAULT_PROFILE } from './profile.ts';
import { STOCK_POLICY } from './stock.ts';

const VALIDATORS = {
  gate: Compile(EVENT_SCHEMA_BY_KIND.gate),
  terminal: Compile(EVENT_SCHEMA_BY_KIND.terminal),
  scale: Compile(EVENT_SCHEMA_BY_KIND.scale),
  sensor: Compile(EVENT_SCHEMA_BY_KIND.sensor),
};
// A Tuesday, so weekday habits apply.
const DAY = localDay(Date.UTC(2026, 10, 24, 4), 480);
const START = atLocal(DAY, 0, 480);

function day(seed: number, windowMs: number, residents = 300): SimAction[] {
  const profile = new CampusProfile(DEMO_FLEET, new SimWorld({ seed }), { ...DEFAULT_PROFILE, residents, start: START });
  const sources = profile.sources();
  const actions: SimAction[] = [];
  for (let from = START; from < START + DAY_MS; from += windowMs) {
    for (const source of sources) actions.push(...source.actions(from, Math.min(from + windowMs, START + DAY_MS)));
  }
  return actions;
}

const events = (actions: SimAction[]) =>
  actions.filter((action): action is Extract<SimAction, { type: 'event' }> => action.type === 'event');
const hourOf = (at: number) => Math.floor((at - START) / HOUR_MS);

describe('the campus day profile', () => {
  const actions = day(1, 5 * MINUTE_MS);

  it('speaks only the device contract: every event is valid for its kind, from a device of that kind', () => {
    expect(actions.length).toBeGreaterThan(20_000);
    for (const action of events(actions)) {
      expect(VALIDATORS[action.kind].Check(action.event), JSON.stringify(action.event)).toBe(true);
      expect(DEMO_FLEET.find((device) => device.id === action.deviceId)?.kind).toBe(action.kind);
    }
  });

  it('is deterministic for a seed and start, whatever the windows it is asked in', () => {
    const again = day(1, 37 * MINUTE_MS).sort((a, b) => a.at - b.at || a.deviceId.localeCompare(b.deviceId));
    const sorted = [...actions].sort((a, b) => a.at - b.at || a.deviceId.localeCompare(b.deviceId));
    expect(again).toEqual(sorted);
    expect(day(2, HOUR_MS).length).not.toBe(actions.length);
  });

  it('sends residents out in the morning and brings them back in the evening', () => {
    const swipes = events(actions).filter((action) => action.kind === 'gate');
    const count = (direction: 'in' | 'out', from: number, to: number) =>
      swipes.filter(
        (action) =>
          'direction' in action.event &&
          action.event.direction === direction &&
          hourOf(action.at) >= from &&
          hourOf(action.at) < to,
      ).length;
    expect(count('out', 6, 10)).toBeGreaterThan(200);
    expect(count('in', 6, 10)).toBeLessThan(count('out', 6, 10) / 5);
    expect(count('in', 17, 23)).toBeGreaterThan(200);
    expect(count('in', 2, 5) + count('out', 2, 5)).toBe(0);
  });

  it('puts orders in meal peaks with the right meal period, totals adding up', () => {
    const orders = events(actions).filter((action) => action.kind === 'terminal');
    const perHour = Array.from({ length: 24 }, (_, hour) => orders.filter((action) => hourOf(action.at) === hour).length);
    expect(perHour[12]).toBeGreaterThan(5 * (perHour[15] ?? 0));
    expect(perHour[7]).toBeGreaterThan(5 * (perHour[10] ?? 0));
    expect(perHour[18]).toBeGreaterThan(5 * (perHour[15] ?? 0));
    for (const action of orders) {
      if (!('items' in action.event)) continue;
      const sum = action.event.items.reduce((total, item) => total + item.quantity * item.unitPrice, 0);
      expect(Math.abs(sum - action.event.total)).toBeLessThan(0.005);
      const hour = hourOf(action.at);
      if (hour === 12) expect(action.event.mealPeriod).toBe('lunch');
      if (hour === 7) expect(action.event.mealPeriod).toBe('breakfast');
    }
  });

  it('draws stock down with the meals and refills it with the morning delivery', () => {
    const profile = new CampusProfile(DEMO_FLEET, new SimWorld({ seed: 1 }), {
      ...DEFAULT_PROFILE,
      residents: 300,
      start: START,
    });
    const bin = profile.bins.find((candidate) => candidate.scaleId === 'scale-01' && candidate.item.id === 'rice');
    expect(bin?.safetyKg).toBeCloseTo((bin?.dailyUseKg ?? 0) * STOCK_POLICY.safetyDays, 0);
    const scales = profile.sources()[2];
    const rice: Array<{ at: number; net: number }> = [];
    for (let from = START; from < START + 4 * DAY_MS; from += HOUR_MS) {
      for (const action of scales?.actions(from, from + HOUR_MS) ?? []) {
        if (
          action.type === 'event' &&
          action.deviceId === 'scale-01' &&
          'itemId' in action.event &&
          action.event.itemId === 'rice'
        ) {
          rice.push({ at: action.at, net: action.event.net });
        }
      }
    }
    const firstOfHour = (hour: string) => rice.find((reading) => isoLocal(reading.at, 480).slice(11, 13) === hour)?.net ?? 0;
    const before = firstOfHour('11');
    const after = firstOfHour('14');
    expect(after).toBeLessThan(before - 3);
    const deliveries = rice.filter((reading, index) => index > 0 && reading.net > (rice[index - 1]?.net ?? 0) + 5);
    expect(deliveries.length).toBeGreaterThan(0);
    for (const delivery of deliveries) expect(isoLocal(delivery.at, 480).slice(11, 19)).toBe('06:30:30');
  });

  it("takes residents and safety stocks from elsewhere (the hub's dorms and canteens): known cards at their own gates, stock above the floors", () => {
    const residentCards = Array.from({ length: 90 }, (_, index) => ({
      cardId: `card-${index}`,
      gates: index % 3 === 0 ? ['gate-01', 'gate-02'] : index % 3 === 1 ? ['gate-03'] : ['gate-04'],
    }));
    const stockFloorsKg = { rice: 60, flour: 40, pork: 25 };
    const profile = new CampusProfile(DEMO_FLEET, new SimWorld({ seed: 3 }), {
      ...DEFAULT_PROFILE,
      residentCards,
      stockFloorsKg,
      start: START,
    });
    const gatesOf = new Map(residentCards.map((card) => [card.cardId, card.gates]));
    const all: SimAction[] = [];
    for (let from = START; from < START + 3 * DAY_MS; from += HOUR_MS) {
      for (const source of profile.sources()) all.push(...source.actions(from, from + HOUR_MS));
    }
    const swipes = events(all).filter((action) => action.kind === 'gate');
    expect(swipes.length).toBeGreaterThan(400);
    for (const action of swipes) {
      if ('cardId' in action.event) expect(gatesOf.get(action.event.cardId)).toContain(action.deviceId);
    }
    for (const action of events(all).filter((candidate) => candidate.kind === 'scale')) {
      if (!('itemId' in action.event)) continue;
      const floor = stockFloorsKg[action.event.itemId as keyof typeof stockFloorsKg];
      if (floor) expect(action.event.net, `${action.deviceId} ${action.event.itemId}`).toBeGreaterThan(floor);
    }
  });

  it('knows the same demo devices as the gateway seeds', () => {
    expect(DEMO_FLEET.map((device) => [device.id, device.kind, device.label])).toEqual(
      DEMO_DEVICES.map((device) => [device.id, device.kind, device.label]),
    );
    for (const device of DEMO_FLEET) expect(device.secret).toBe(`demo-${device.id}-secret`);
  });
});
