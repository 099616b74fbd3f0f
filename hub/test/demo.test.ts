import { testAdapters } from '@campus/storage/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoCampus } from '../src/demo/seed.ts';
import { type HubFixture, startHubFixture } from './helpers/hub-fixture.ts';

describe.each(testAdapters())('the demo campus on %s', (adapter) => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    // The demo's sensors must be in the registry, as DEVICE_SEED=demo makes them.
    for (const id of ['sensor-01', 'sensor-02', 'sensor-03']) {
      await hub.gateway.gateway.registry.register({ id, kind: 'sensor', site: 'main', secret: `demo-${id}-secret` });
    }
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
  });

  it('seeds a realistic campus through the services, deterministically and once', async () => {
    const log = pino({ level: 'silent' });
    const first = await seedDemoCampus(hub.database.db, hub.services, hub.gateway.gateway, log);
    expect(first).toMatchObject({ seeded: true, users: 14 });
    expect(first.assets).toBeGreaterThanOrEqual(300);
    expect(await seedDemoCampus(hub.database.db, hub.services, hub.gateway.gateway, log)).toMatchObject({ seeded: false });

    const count = async (sql: string) => Number((await hub.database.db.query<{ n: string }>(sql))[0]?.n ?? 0);
    expect(await count('SELECT count(*) AS n FROM dorm_residents')).toBeGreaterThan(2000);
    expect(await count('SELECT count(*) AS n FROM stock_items')).toBeGreaterThan(20);
    expect(await count('SELECT count(*) AS n FROM procurement_suppliers')).toBeGreaterThan(10);

    // Every demo account signs in with the documented password.
    const login = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'demo.security_officer', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const chiller = await hub.call('asset_clerk', 'GET', '/api/assets/chiller-1');
    expect(chiller.statusCode).toBe(200);
    expect(JSON.stringify(chiller.json())).toMatch(/sensor-01/);
  }, 180_000);
});
