import { EVENT_SCHEMA_BY_KIND } from '@campus/protocol';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { OPCUA_DEMO_ASSETS } from '../equipment/assets.ts';
import { DEMO_FLEET, type SimDevice } from '../fleet.ts';
import { CampusSimulation } from '../simulation.ts';
import { MINUTE_MS } from '../time.ts';
import { findScenario, SCENARIOS } from './index.ts';

const VALIDATORS = {
  gate: Compile(EVENT_SCHEMA_BY_KIND.gate),
  terminal: Compile(EVENT_SCHEMA_BY_KIND.terminal),
  scale: Compile(EVENT_SCHEMA_BY_KIND.scale),
  sensor: Compile(EVENT_SCHEMA_BY_KIND.sensor),
};
const NOW = Date.UTC(2026, 10, 24, 6, 17);
const simulation = (fleet: readonly SimDevice[] = DEMO_FLEET) =>
  new CampusSimulation({ url: 'mqtt://127.0.0.1:1', fleet, seed: 1 });

describe('scenario plans', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
    '%s: valid device events inside its window, outcomes placed in it',
    (name, scenario) => {
      const plan = simulation().planScenario(scenario, { now: NOW, runTag: 'unit' });
      expect(plan.scenario).toBe(name);
      expect(plan.actions.length).toBeGreaterThan(0);
      for (const action of plan.actions) {
        expect(action.at).toBeGreaterThanOrEqual(plan.start);
        expect(action.at).toBeLessThanOrEqual(plan.end);
        if (action.type === 'event') expect(VALIDATORS[action.kind].Check(action.event), JSON.stringify(action.event)).toBe(true);
      }
      // Replayed scenarios end before now: their device times never lie ahead of the gateway's clock.
      if (scenario.defaultSpeed === Number.POSITIVE_INFINITY) expect(plan.end).toBeLessThanOrEqual(NOW);
      // The module's exported expectations are the default plan's, rule for rule (`<…>` stands for what the plan fills in).
      expect(plan.expected.map((outcome) => outcome.rule)).toEqual(scenario.expected.map((outcome) => outcome.rule));
      plan.expected.forEach((outcome, index) => {
        const documented = scenario.expected[index]?.subject ?? '';
        const pattern = new RegExp(`^${documented.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[^>]*>/g, '.+')}$`);
        expect(outcome.subject).toMatch(pattern);
      });
      for (const outcome of plan.expected) {
        expect(outcome.notBefore).toBeGreaterThanOrEqual(plan.start);
        expect(outcome.notAfter).toBeGreaterThanOrEqual(outcome.notBefore);
        expect(outcome.notBefore).toBeLessThanOrEqual(plan.end + 5 * MINUTE_MS);
      }
    },
  );

  it('is deterministic apart from the run tag', () => {
    const a = simulation().planScenario(findScenario('bearing-degradation'), { now: NOW, runTag: 'a' });
    const b = simulation().planScenario(findScenario('bearing-degradation'), { now: NOW, runTag: 'a' });
    expect(b).toEqual(a);
  });

  it('places the documented equipment outcomes where the physics crosses the limits', () => {
    for (const name of ['bearing-degradation', 'chiller-overheating']) {
      const scenario = findScenario(name);
      const plan = simulation().planScenario(scenario, { now: NOW, runTag: 'x' });
      for (const [index, outcome] of plan.expected.entries()) {
        const documented = scenario.expected[index];
        expect(Math.abs(outcome.afterMs - (documented?.afterMs ?? 0)), `${name} ${outcome.rule}`).toBeLessThanOrEqual(
          20 * MINUTE_MS,
        );
      }
    }
  });

  it('degrades an OPC UA asset when asked, with no MQTT device involved', () => {
    const plan = simulation().planScenario(findScenario('bearing-degradation'), {
      now: NOW,
      runTag: 'x',
      options: { asset: 'pump-2' },
      opcuaAssets: OPCUA_DEMO_ASSETS,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.cast.devices).toEqual([]);
    expect(plan.faults).toEqual([expect.objectContaining({ assetId: 'pump-2', kind: 'bearing_wear' })]);
    expect(plan.expected[0]?.subject).toBe('asset:pump-2/vibration');
    expect(() =>
      simulation().planScenario(findScenario('bearing-degradation'), { now: NOW, options: { asset: 'pump-2' } }),
    ).toThrow(/not simulated here/);
  });

  it('adapts to another fleet: passback uses two gates of one building', () => {
    const fleet: SimDevice[] = [
      { id: 'n-gate-a', kind: 'gate', site: 'north', secret: 'secret-000001', building: 'hall-7' },
      { id: 'n-gate-b', kind: 'gate', site: 'north', secret: 'secret-000002', building: 'hall-8' },
      { id: 'n-gate-c', kind: 'gate', site: 'north', secret: 'secret-000003', building: 'hall-7' },
    ];
    const plan = simulation(fleet).planScenario(findScenario('passback'), { now: NOW });
    expect(plan.actions.map((action) => action.deviceId)).toEqual(['n-gate-a', 'n-gate-c']);
    const travel = simulation(fleet).planScenario(findScenario('impossible-travel'), { now: NOW });
    expect(travel.actions.map((action) => action.deviceId)).toEqual(['n-gate-a', 'n-gate-b']);
  });
});
