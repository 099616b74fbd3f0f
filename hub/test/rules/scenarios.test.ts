import {
  CampusSimulation,
  describeOutcome,
  ManualClock,
  type PlacedOutcome,
  SCENARIOS,
  type ScenarioDefinition,
  type ScenarioPlan,
} from '@campus/device-sims';
import { testAdapters } from '@campus/storage/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../gateway/test/helpers/wait.ts';
import { type DemoCampus, prepareDemoCampus } from '../../../scripts/demo-campus.ts';
import { seedDemoCampus } from '../../src/demo/seed.ts';
import { createRuleEngine } from '../../src/rules/create-engine.ts';
import type { RuleEngine } from '../../src/rules/engine.ts';
import { ALL_RULES } from '../../src/rules/registry.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';

/**
 * IOT-7..9 acceptance: every device-sims scenario replayed through the real gateway (embedded
 * broker, QoS 1) and the real rule engine on the demo campus, with one controlled clock for
 * both. Time moves in steps; after each step the engine has processed everything published and
 * ticks at the step's end, as the live engine's timer would. Each scenario must produce exactly
 * the alerts, tickets and requisitions it declares (its `expected`), at the declared times, and
 * nothing else; a normal busy day must produce nothing. Every other scenario is played with the
 * engine stopped in the middle and a new one started: the outcome must not change.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Normal duty recorded before an equipment story: the predictive rule learns for a day. */
const HISTORY = 26 * 60 * MINUTE;
const silent = pino({ level: 'silent' });
/** Plans are made against a fixed afternoon (14:00 +08:00), so stories that start "now" play in the day. */
const REFERENCE_NOW = Date.parse('2026-11-10T06:00:00Z');
/** Residents living the busy day: one dorm's worth, enough for every gate to be busy at the peaks. */
const BUSY_DAY_RESIDENTS = 400;

interface Outcomes {
  alerts: string[];
  tickets: string[];
  requisitions: string[];
}

/**
 * Tickets are one per asset and kind: an early-warning `condition` ticket (a trend or anomalies)
 * and a `limit` ticket; a scenario's findings on several metrics of one asset share them.
 */
const ticketKey = (o: PlacedOutcome) =>
  `rule:${o.subject.replace(/^asset:/, '').split('/')[0]}:${o.ticket === 'limit' ? 'limit' : 'condition'}`;

const expectedOutcomes = (expected: readonly PlacedOutcome[]): Outcomes => ({
  alerts: expected.flatMap((o) => (o.alert ? [`${o.rule} ${o.subject} ${o.alert}`] : [])).sort(),
  tickets: [...new Set(expected.flatMap((o) => (o.ticket ? [ticketKey(o)] : [])))].sort(),
  requisitions: expected.flatMap((o) => (o.requisition ? [`stock-item:${o.subject.replace(/^item:/, '')}`] : [])).sort(),
});

describe.each(testAdapters())('IOT-7..9 scenarios replayed through the gateway and the rule engine on %s', (adapter) => {
  let hub: HubFixture;
  let engine: RuleEngine;
  let campus: DemoCampus;
  let sim: CampusSimulation;
  /** The one clock of the gateway (receipt times, skew check) and the engine (ticks, catch-up). */
  let simNow = REFERENCE_NOW - 30 * DAY;
  /** Where the next scenario may start (scenarios never overlap, so the engine's watermark only moves on). */
  let cursor = simNow;
  /** Devices whose last will the broker has published (it notices a dead connection in its own time). */
  const announcedOffline = new Set<string>();

  const startEngine = async () => {
    engine = createRuleEngine(hub.database.db, hub.services, hub.gateway.gateway, silent, {
      tickMs: 3_600_000,
      now: () => new Date(simNow),
    });
    await engine.start(hub.gateway.gateway);
  };

  beforeAll(async () => {
    hub = await startHubFixture(adapter, { now: () => new Date(simNow) });
    await seedDemoCampus(hub.database.db, hub.services, hub.gateway.gateway, silent);
    campus = await prepareDemoCampus(hub.services, hub.database.db);
    for (const device of campus.fleet) {
      if (!hub.gateway.gateway.registry.get(device.id)) {
        await hub.gateway.gateway.registry.register({
          id: device.id,
          kind: device.kind,
          site: device.site,
          secret: device.secret,
        });
      }
    }
    sim = new CampusSimulation({
      url: `mqtt://127.0.0.1:${hub.gateway.port}`,
      fleet: campus.fleet,
      seed: 7,
      qos: 1,
      clientIdSuffix: `-rules-${adapter}`,
    });
    await startEngine();
    hub.gateway.gateway.bus.on('device.status', 'scenario-test', (change) => {
      if (change.status === 'offline') announcedOffline.add(change.deviceId);
    });
  }, 180_000);

  afterAll(async () => {
    await sim?.close();
    await engine?.stop(hub.gateway.gateway);
    await hub?.stop();
  });

  const maxIds = async () => {
    const [row] = await hub.database.db.query<{ alerts: number; tickets: number; requisitions: number }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM alerts)::int AS alerts,
              (SELECT coalesce(max(id), 0) FROM maintenance_tickets)::int AS tickets,
              (SELECT coalesce(max(id), 0) FROM procurement_requisitions)::int AS requisitions`,
    );
    if (!row) throw new Error('no ids');
    return row;
  };

  /** Lets the engine finish what the gateway handed it (acknowledged = stored = handed over), then ticks it. */
  const settle = async () => {
    await engine.enqueue([]);
    await engine.tick(new Date(simNow));
  };

  /**
   * Plays actions in steps of simulated time. Each step's events are stamped by the gateway at
   * the step's end (so none is ahead of its clock); the engine then ticks there. With `restartAt`,
   * the engine is stopped at the first step from that instant, whose events arrive while nothing
   * listens; a new engine then takes over, restoring the state and reading back what it missed.
   */
  async function play(plan: ScenarioPlan, stepMs: number, restartAt?: number): Promise<void> {
    let restarted = false;
    for (let from = plan.start; from <= plan.end; from += stepMs) {
      const to = Math.min(from + stepMs, plan.end + 1);
      const actions = plan.actions.filter((action) => action.at >= from && action.at < to);
      simNow = to;
      const restartNow = restartAt !== undefined && !restarted && from >= restartAt;
      if (restartNow) await engine.stop(hub.gateway.gateway);
      const drops = actions.filter((action) => action.type === 'drop').map((action) => action.deviceId);
      for (const deviceId of drops) announcedOffline.delete(deviceId);
      if (actions.length > 0) {
        await sim.runScenario(
          { ...plan, start: from, end: to - 1, actions, faults: [], claims: [] },
          { clock: new ManualClock(from, { auto: true }) },
        );
      }
      for (const deviceId of drops) {
        await waitFor(`the broker to publish the last will of ${deviceId}`, () => announcedOffline.has(deviceId), 15_000);
      }
      if (restartNow) {
        restarted = true;
        await startEngine();
      }
      await settle();
    }
    if (restartAt !== undefined) expect(restarted, 'the engine was restarted mid-scenario').toBe(true);
  }

  /** The scenario's plan on the controlled timeline: its time of day, on the first day after the previous one. */
  function schedule(definition: ScenarioDefinition, tag: string): ScenarioPlan {
    const request = {
      runTag: `${tag}${adapter}`,
      options: {
        castResidents: campus.castResidents,
        ...(campus.stockFloorsKg.rice ? { safetyKg: campus.stockFloorsKg.rice } : {}),
      },
    };
    const reference = sim.planScenario(definition, { ...request, now: REFERENCE_NOW });
    const days = Math.ceil((cursor - reference.start) / DAY);
    const plan = sim.planScenario(definition, { ...request, start: reference.start + days * DAY });
    cursor = plan.end + 60 * MINUTE;
    return plan;
  }

  /**
   * A machine on a real campus has run for weeks before it degrades: the day before the story,
   * its sensor reports normal duty (the simulators' profile), so the engine has learned its
   * baseline. Recorded at the story's start by the gateway; the rules read the device times.
   */
  async function learnNormal(plan: ScenarioPlan): Promise<void> {
    const devices = campus.fleet.filter((device) => plan.claims.includes(device.id) && device.kind === 'sensor');
    if (devices.length === 0) return;
    const history = new CampusSimulation({
      url: `mqtt://127.0.0.1:${hub.gateway.port}`,
      fleet: devices,
      seed: 7,
      // The same simulated world as the story: one machine, one runtime counter, one physics.
      world: sim.world,
      qos: 1,
      clientIdSuffix: `-history-${adapter}`,
    });
    simNow = plan.start;
    // Longer than the rule's learning day, so the story is judged against a learned normal.
    await history.runProfile({ clock: new ManualClock(plan.start - HISTORY, { auto: true }), durationMs: HISTORY });
    await history.close();
    expect(history.stats.sentByKind.sensor).toBeGreaterThan(100);
    await settle();
  }

  async function outcomesSince(before: Awaited<ReturnType<typeof maxIds>>) {
    const db = hub.database.db;
    const alerts = await db.query<{
      rule_id: string;
      subject: string;
      severity: string;
      status: string;
      raised_at: Date;
      resolved_at: Date | null;
    }>('SELECT rule_id, subject, severity, status, raised_at, resolved_at FROM alerts WHERE id > $1 ORDER BY id', [
      before.alerts,
    ]);
    const tickets = await db.query<{ dedupe_key: string | null }>(
      'SELECT dedupe_key FROM maintenance_tickets WHERE id > $1 ORDER BY id',
      [before.tickets],
    );
    const requisitions = await db.query<{ item_ref: string | null }>(
      'SELECT item_ref FROM procurement_requisitions WHERE id > $1 ORDER BY id',
      [before.requisitions],
    );
    return {
      alerts,
      tickets,
      summary: {
        alerts: alerts.map((a) => `${a.rule_id} ${a.subject} ${a.severity}`).sort(),
        tickets: tickets.map((t) => String(t.dedupe_key)).sort(),
        requisitions: requisitions.map((r) => String(r.item_ref)).sort(),
      } satisfies Outcomes,
    };
  }

  for (const [index, definition] of SCENARIOS.entries()) {
    const restart = index % 2 === 1;
    it(`${definition.name}: exactly the expected alerts, tickets and requisitions${restart ? ', across an engine restart' : ''}`, async () => {
      const plan = schedule(definition, `r${index}`);
      const known = plan.expected;
      for (const outcome of known) expect(ALL_RULES.map((rule) => rule.id)).toContain(outcome.rule);
      await learnNormal(plan);
      const before = await maxIds();
      const stepMs = plan.end - plan.start > 2 * 60 * MINUTE ? 5 * MINUTE : MINUTE;
      await play(plan, stepMs, restart ? plan.start + Math.floor((plan.end - plan.start) / 2) : undefined);
      // Time goes on past the story (silence is what some rules wait for).
      simNow = plan.end + 15 * MINUTE;
      await settle();

      const { alerts, tickets, summary } = await outcomesSince(before);
      expect(summary, plan.expected.map(describeOutcome).join('; ')).toEqual(expectedOutcomes(known));
      // The early warning comes before the failure, or it warned of nothing.
      const condition = tickets.findIndex((t) => t.dedupe_key?.endsWith(':condition'));
      const limit = tickets.findIndex((t) => t.dedupe_key?.endsWith(':limit'));
      if (condition >= 0 && limit >= 0) expect(condition, 'condition ticket before the limit ticket').toBeLessThan(limit);
      for (const outcome of known.filter((o) => o.alert)) {
        const alert = alerts.find((a) => a.rule_id === outcome.rule && a.subject === outcome.subject);
        const raisedAt = alert ? new Date(alert.raised_at).getTime() : Number.NaN;
        expect(raisedAt, `${describeOutcome(outcome)} raised in its window`).toBeGreaterThanOrEqual(outcome.notBefore);
        expect(raisedAt, `${describeOutcome(outcome)} raised in its window`).toBeLessThanOrEqual(outcome.notAfter);
        if (outcome.clearsAfterMs !== undefined) {
          expect(alert?.status, `${describeOutcome(outcome)} cleared by itself`).toBe('resolved');
          expect(new Date(alert?.resolved_at ?? 0).getTime()).toBeGreaterThanOrEqual(plan.start + outcome.clearsAfterMs);
        }
      }
    }, 120_000);
  }

  it('a normal busy day on the campus raises nothing (false positives are failures)', async () => {
    // 05:00 +08:00 on the first local day after the last scenario, to 01:30: the morning rush,
    // three meal peaks drawing stock down and deliveries refilling it, equipment on duty,
    // residents coming home, the curfew check and the start of the forbidden hours.
    const localMidnight = cursor - ((cursor + 8 * 60 * MINUTE) % DAY) + DAY;
    const start = localMidnight + 5 * 60 * MINUTE;
    const hours = 20.5;
    const before = await maxIds();
    const clock = new ManualClock(start);
    const campusDay = new CampusSimulation({
      url: `mqtt://127.0.0.1:${hub.gateway.port}`,
      fleet: campus.fleet,
      seed: 7,
      qos: 1,
      clientIdSuffix: `-day-${adapter}`,
    });
    const run = campusDay.runProfile({
      clock,
      durationMs: hours * 60 * MINUTE,
      profile: {
        residents: BUSY_DAY_RESIDENTS,
        residentCards: campus.residents.slice(0, BUSY_DAY_RESIDENTS),
        stockFloorsKg: campus.stockFloorsKg,
        // Nights away and late returns are true curfew findings (the curfew story covers them).
        compliant: true,
      },
    });
    for (let t = start + 15 * MINUTE; t <= start + hours * 60 * MINUTE; t += 15 * MINUTE) {
      simNow = t;
      clock.set(t);
      // The runner takes the window at once; wait for its publishes to be acknowledged (stored).
      await new Promise((resolve) => setImmediate(resolve));
      await waitFor(
        'the simulators to be acknowledged',
        () => campusDay.stats.acked + campusDay.stats.failed >= campusDay.stats.sent,
        30_000,
        10,
      );
      await settle();
    }
    await run;
    await campusDay.close();
    expect(campusDay.stats.failed).toBe(0);
    expect(campusDay.stats.sentByKind.gate).toBeGreaterThan(300);
    expect(campusDay.stats.sentByKind.terminal).toBeGreaterThan(300);
    expect(campusDay.stats.sentByKind.scale).toBeGreaterThan(50);
    expect(campusDay.stats.sentByKind.sensor).toBeGreaterThan(1000);
    const { summary } = await outcomesSince(before);
    expect(summary).toEqual({ alerts: [], tickets: [], requisitions: [] });
  }, 300_000);
});
