import { describe, expect, it } from 'vitest';
import type { Effect, Facts, GateSwipeEvent, Rule, RuleInput } from '../types.ts';
import {
  cardDenialsRule,
  curfewRule,
  forbiddenHoursRule,
  gateOfflineRule,
  impossibleTravelRule,
  invalidCardRule,
  otherBuildingRule,
  passbackRule,
} from './access.ts';

// 2026-11-24 08:00 Asia/Shanghai = 00:00Z.
const local = (hhmm: string, day = 24) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2026, 10, day, h - 8, m));
};

function swipe(at: Date, over: Partial<GateSwipeEvent> = {}): GateSwipeEvent {
  return {
    kind: 'gate',
    site: 'main',
    deviceId: 'gate-01',
    eventId: String(at.getTime()),
    ts: at,
    receivedAt: at,
    cardId: 'C1',
    direction: 'in',
    granted: true,
    reason: null,
    ...over,
  };
}

/** Runs a rule over inputs the way the engine does: one state per key. */
function run<S, C>(rule: Rule<S, C>, inputs: RuleInput[], config: C = rule.defaults): Effect[] {
  const states = new Map<string, S>();
  const effects: Effect[] = [];
  for (const input of inputs) {
    const keys =
      input.kind === 'tick'
        ? rule.on.includes('tick')
          ? states.size > 0
            ? [...states.keys()]
            : ['*']
          : []
        : rule.keysOf(input);
    for (const key of keys) {
      const result = rule.evaluate(states.get(key) ?? rule.initial(), input, config, key);
      states.set(key, result.state);
      effects.push(...result.effects);
    }
  }
  return effects;
}

const gate = (event: GateSwipeEvent, facts: Facts = {}): RuleInput => ({ kind: 'gate', event, facts });

/** Clock ticks and gate-01's status messages, in minutes from `start`. */
function offlineInputs(start: Date) {
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const tick = (minutes: number): RuleInput => ({ kind: 'tick', now: at(minutes), facts: {} });
  const status = (minutes: number, value: 'online' | 'offline', kind = 'gate'): RuleInput => ({
    kind: 'status',
    signal: { deviceId: 'gate-01', kind, status: value, receivedAt: at(minutes) },
    facts: {},
  });
  return { at, tick, status };
}
const resident = {
  residentId: 'R1',
  name: 'Wang Fang',
  buildingId: 'B1',
  status: 'active' as const,
  cardStatus: 'active' as const,
  onLeave: false,
  visitorPassBuildings: [],
};

describe('access rules', () => {
  it('IOT-8 forbidden hours: raises at 02:30 local, not at 22:00', () => {
    expect(run(forbiddenHoursRule, [gate(swipe(local('22:00')))])).toEqual([]);
    const [effect] = run(forbiddenHoursRule, [gate(swipe(local('02:30', 25)))]);
    expect(effect).toMatchObject({ type: 'raise_alert', subject: 'card:C1', severity: 'critical' });
  });

  it('IOT-8 repeated denials: three within five minutes, not three spread over an hour', () => {
    const denied = (minute: number) =>
      gate(swipe(local(`10:${String(minute).padStart(2, '0')}`), { granted: false, reason: 'no_permission' }));
    expect(run(cardDenialsRule, [denied(0), denied(20), denied(40)])).toEqual([]);
    expect(run(cardDenialsRule, [denied(0), denied(1), denied(2)])).toEqual([
      expect.objectContaining({ type: 'raise_alert', subject: 'card:C1' }),
    ]);
  });

  it('IOT-8 impossible travel: 800 m in 30 s is refused, 800 m in 10 min is a walk', () => {
    const config = { maxSpeedMps: 3, minDistanceM: 150, gates: { 'gate-01': { x: 0, y: 0 }, 'gate-04': { x: 800, y: 0 } } };
    const first = gate(swipe(local('10:00')));
    expect(
      run(
        impossibleTravelRule,
        [first, gate(swipe(new Date(local('10:00').getTime() + 600_000), { deviceId: 'gate-04' }))],
        config,
      ),
    ).toEqual([]);
    const effects = run(
      impossibleTravelRule,
      [first, gate(swipe(new Date(local('10:00').getTime() + 30_000), { deviceId: 'gate-04' }))],
      config,
    );
    expect(effects).toEqual([
      expect.objectContaining({ severity: 'critical', evidence: expect.objectContaining({ distanceM: 800, seconds: 30 }) }),
    ]);
  });

  it('IOT-8 impossible travel keeps no state for swipes at gates without a position', () => {
    const initial = impossibleTravelRule.initial();
    const unplaced = impossibleTravelRule.evaluate(
      initial,
      gate(swipe(local('10:00'))),
      impossibleTravelRule.defaults,
      'card:C1',
    );
    expect(unplaced.state).toBe(initial);
    // gate-01 placed, gate-02 not: a swipe at gate-02 in between is the card's last known place.
    const config = { maxSpeedMps: 3, minDistanceM: 150, gates: { 'gate-01': { x: 0, y: 0 }, 'gate-04': { x: 800, y: 0 } } };
    const at = (seconds: number, deviceId: string) =>
      gate(swipe(new Date(local('10:00').getTime() + seconds * 1000), { deviceId }));
    expect(run(impossibleTravelRule, [at(0, 'gate-01'), at(10, 'gate-02'), at(30, 'gate-04')], config)).toEqual([]);
  });

  it('IOT-8 passback: in, in at one building raises; in, out, in does not', () => {
    const facts = { gate: { buildingId: 'B1' } };
    const at = (m: number) => gate(swipe(local(`09:0${m}`), { direction: m === 1 ? 'out' : 'in' }), facts);
    expect(run(passbackRule, [at(0), at(1), at(2)])).toEqual([]);
    const twice = run(passbackRule, [gate(swipe(local('09:00')), facts), gate(swipe(local('09:05')), facts)]);
    expect(twice).toEqual([expect.objectContaining({ subject: 'card:C1@B1', severity: 'warning' })]);
  });

  it('IOT-8 another building: outside visiting hours only, and not with a visitor pass', () => {
    const day = { curfew: '23:00', visitingHours: { from: '14:00', to: '20:00' }, isVacation: false };
    const at = (hhmm: string, passes: string[] = []) =>
      gate(swipe(local(hhmm)), { resident: { ...resident, visitorPassBuildings: passes }, gate: { buildingId: 'B2' }, day });
    expect(run(otherBuildingRule, [at('15:00')])).toEqual([]);
    expect(run(otherBuildingRule, [at('21:30', ['B2'])])).toEqual([]);
    expect(run(otherBuildingRule, [at('21:30')])).toEqual([expect.objectContaining({ type: 'raise_alert' })]);
  });

  it('IOT-8 invalid cards: unknown, revoked, checked out; a valid card raises nothing', () => {
    expect(run(invalidCardRule, [gate(swipe(local('10:00')), { resident })])).toEqual([]);
    expect(run(invalidCardRule, [gate(swipe(local('10:00')), { resident: null })])[0]).toMatchObject({ severity: 'critical' });
    expect(
      run(invalidCardRule, [
        gate(swipe(local('10:00'), { granted: false }), { resident: { ...resident, cardStatus: 'revoked' } }),
      ])[0],
    ).toMatchObject({ severity: 'warning' });
    expect(
      run(invalidCardRule, [gate(swipe(local('10:00')), { resident: { ...resident, status: 'checked_out' } })]),
    ).toHaveLength(1);
  });

  it('IOT-8 curfew: lists who is out after curfew, resolves when the list empties', () => {
    const day = { curfew: '23:00', visitingHours: null, isVacation: false };
    const outstanding = [{ residentId: 'R1', name: 'Wang Fang', buildingId: 'B1', lastOutAt: null }];
    const tick = (hhmm: string, list: typeof outstanding, dayOfMonth = 24): RuleInput => ({
      kind: 'tick',
      now: local(hhmm, dayOfMonth),
      facts: { day, curfew: { outstanding: list } },
    });
    expect(run(curfewRule, [tick('22:00', outstanding)])).toEqual([]);
    const effects = run(curfewRule, [tick('23:20', outstanding), tick('23:30', outstanding), tick('00:10', [], 25)]);
    expect(effects.map((e) => e.type)).toEqual(['raise_alert', 'resolve_alert']);
    expect(effects[0]).toMatchObject({ subject: 'curfew:B1:2026-11-24' });
    expect(effects[1]).toMatchObject({ subject: 'curfew:B1:2026-11-24' });
  });

  it('IOT-8 gate offline: raises when its connection has been gone past the limit, resolves when it is back', () => {
    const start = local('10:00');
    const { at, tick, status } = offlineInputs(start);
    const effects = run(gateOfflineRule, [
      gate(swipe(start)),
      status(2, 'offline'),
      tick(5),
      tick(11),
      tick(12),
      tick(13),
      status(14, 'online'),
    ]);
    expect(effects.map((e) => `${e.type} ${'subject' in e ? e.subject : ''}`)).toEqual([
      'raise_alert gate:gate-01',
      'resolve_alert gate:gate-01',
    ]);
    expect(effects[0]).toMatchObject({ evidence: { offlineSince: at(2).toISOString(), lastSeen: start.toISOString() } });
  });

  it('IOT-8 gate offline: silence is not offline, a reboot within the limit is not an incident, other devices are ignored', () => {
    const start = local('02:00');
    const { tick, status } = offlineInputs(start);
    expect(run(gateOfflineRule, [gate(swipe(start)), tick(60), tick(180)])).toEqual([]);
    expect(run(gateOfflineRule, [status(0, 'offline'), tick(3), status(4, 'online'), tick(30)])).toEqual([]);
    expect(run(gateOfflineRule, [status(0, 'offline', 'scale'), tick(30)])).toEqual([]);
  });
});
