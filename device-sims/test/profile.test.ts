import type { DeviceKind } from '@campus/protocol';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayFixture } from '../../gateway/test/helpers/gateway-fixture.ts';
import { CampusProfile, DEFAULT_PROFILE } from '../src/campus/profile.ts';
import { ManualClock } from '../src/clock.ts';
import { DEMO_FLEET } from '../src/fleet.ts';
import { CampusSimulation } from '../src/simulation.ts';
import { DAY_MS, HOUR_MS, latestLocalTime } from '../src/time.ts';
import { SimWorld } from '../src/world.ts';
import { rows, startGatewayWithFleet } from './helpers.ts';

/**
 * The campus profile through the real gateway: a morning (06:00-08:00, three days ago) of
 * 200 residents replayed as fast as the gateway acknowledges. What arrived is exactly what the
 * profile computes offline for the same seed and start, and replaying it stores nothing new.
 */

const SEED = 5;
const WINDOW_MS = 2 * HOUR_MS;
const TABLES: Record<DeviceKind, string> = {
  gate: 'gate_swipes',
  terminal: 'terminal_orders',
  scale: 'scale_readings',
  sensor: 'sensor_readings',
};

describe.each(testAdapters())('the campus profile through the real gateway on %s', (adapter) => {
  let database: TestDatabase;
  let fixture: GatewayFixture;
  const start = latestLocalTime(Date.now() - 3 * DAY_MS, 6 * 60, 480);
  const window = [new Date(start), new Date(start + WINDOW_MS)];

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    fixture = await startGatewayWithFleet(database.db);
  });

  afterAll(async () => {
    await fixture?.stop();
    await database?.drop();
  });

  const play = async () => {
    const sim = new CampusSimulation({
      url: `mqtt://127.0.0.1:${fixture.port}`,
      fleet: DEMO_FLEET,
      seed: SEED,
      clientIdSuffix: `-p${adapter}`,
    });
    await sim.runProfile({ clock: new ManualClock(start, { auto: true }), durationMs: WINDOW_MS, profile: { residents: 200 } });
    await sim.close();
    return sim.stats.snapshot();
  };

  const storedByDevice = async () => {
    const counts: Record<string, number> = {};
    for (const [kind, table] of Object.entries(TABLES)) {
      const found = await rows(
        database.db,
        `SELECT device_id, count(DISTINCT event_id) AS n FROM ${table} WHERE ts >= $1 AND ts < $2 GROUP BY device_id`,
        window,
      );
      for (const row of found) counts[`${kind}:${String(row.device_id)}`] = Number(row.n);
    }
    return counts;
  };

  it('stores exactly the events the profile plans, device by device', async () => {
    const stats = await play();
    const planned: Record<string, number> = {};
    const profile = new CampusProfile(DEMO_FLEET, new SimWorld({ seed: SEED }), { ...DEFAULT_PROFILE, residents: 200, start });
    for (const source of profile.sources()) {
      for (const action of source.actions(start, start + WINDOW_MS)) {
        if (action.type === 'event')
          planned[`${action.kind}:${action.deviceId}`] = (planned[`${action.kind}:${action.deviceId}`] ?? 0) + 1;
      }
    }
    expect(await storedByDevice()).toEqual(planned);
    expect(stats).toMatchObject({ failed: 0, skipped: 0 });
    expect(stats.acked).toBe(stats.sent);
    // Every device of the fleet spoke (a morning has swipes, breakfast orders, readings, telemetry).
    expect(Object.keys(planned).length).toBe(DEMO_FLEET.length);
    const rejects = await rows(database.db, 'SELECT count(*) AS n FROM dead_letters');
    expect(Number(rejects[0]?.n)).toBe(0);
  });

  it('looks like a campus morning: residents leaving, breakfast orders, equipment starting at 07:00', async () => {
    const directions = await rows(
      database.db,
      'SELECT direction, count(*) AS n FROM gate_swipes WHERE ts >= $1 AND ts < $2 GROUP BY direction',
      window,
    );
    const by = Object.fromEntries(directions.map((row) => [row.direction, Number(row.n)]));
    expect(by.out ?? 0).toBeGreaterThan(5 * (by.in ?? 0));
    const meals = await rows(database.db, 'SELECT DISTINCT meal_period FROM terminal_orders WHERE ts >= $1 AND ts < $2', window);
    expect(meals.map((row) => row.meal_period)).toEqual(['breakfast']);
    const chiller = await rows(
      database.db,
      "SELECT ts, value FROM sensor_readings WHERE asset_id = 'chiller-1' AND metric = 'status' AND ts >= $1 AND ts < $2 ORDER BY ts",
      window,
    );
    expect(Number(chiller[0]?.value)).toBe(0);
    expect(Number(chiller.at(-1)?.value)).toBe(1);
  });

  it('is deterministic: replaying the same seed and start stores nothing new', async () => {
    const before = await storedByDevice();
    const stats = await play();
    expect(stats.sent).toBeGreaterThan(0);
    expect(await storedByDevice()).toEqual(before);
  });
});
