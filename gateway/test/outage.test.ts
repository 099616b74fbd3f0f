import { createPgDb, type Db } from '@campus/storage';
import { createTestDatabase, type TestDatabase } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from './helpers/devices.ts';
import { type GatewayFixture, startTestGateway, TEST_DEVICES } from './helpers/gateway-fixture.ts';
import { TcpProxy } from './helpers/tcp-proxy.ts';
import { waitFor } from './helpers/wait.ts';

const gate = TEST_DEVICES[0] as (typeof TEST_DEVICES)[0];

// The embedded database lives inside the gateway's process and cannot go away on its own;
// an outage is a property of a database server, so this runs against the real PostgreSQL.
describe.skipIf(!process.env.TEST_DATABASE_URL)('database outage: spool and replay (real PostgreSQL)', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let proxied: Db;
  let fixture: GatewayFixture;

  beforeAll(async () => {
    database = await createTestDatabase('pg');
    const target = new URL(database.url ?? '');
    proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    target.port = String(proxy.port);
    proxied = createPgDb({ connectionString: target.toString(), connectTimeoutMs: 500, maxConnections: 2 });
    fixture = await startTestGateway(proxied);
  });

  afterAll(async () => {
    await fixture?.stop();
    await proxied?.close();
    await proxy?.close();
    await database?.drop();
  });

  const stored = async () =>
    Number(
      (await database.db.query<{ n: string }>("SELECT count(*) AS n FROM gate_swipes WHERE event_id LIKE 'g-%'"))[0]?.n ?? 0,
    );
  const distinct = async () =>
    Number(
      (await database.db.query<{ n: string }>('SELECT count(DISTINCT (device_id, event_id)) AS n FROM gate_swipes'))[0]?.n ?? 0,
    );

  it('IOT-5 acknowledges events while the database is down, spools them and replays each once', async () => {
    const client = await connectDevice(fixture.port, gate);
    for (let n = 0; n < 50; n += 1) await publishEvent(client, gate, samplePayloads.gate(n));
    expect(await stored()).toBe(50);

    await proxy.cut();
    for (let n = 50; n < 150; n += 1) await publishEvent(client, gate, samplePayloads.gate(n));
    // Every PUBACK came back although the database is unreachable: the events are on disk.
    expect(fixture.gateway.spool.depth.rows).toBe(100);
    expect(await stored()).toBe(50);

    await proxy.open();
    await waitFor('spool drained', () => fixture.gateway.spool.isEmpty, 15_000);
    expect(await stored()).toBe(150);
    expect(await distinct()).toBe(150);
    const spooled = await fixture.gateway.metrics.spooled.get();
    expect(spooled.values[0]?.value).toBe(100);
    await client.endAsync();
  });

  it('keeps the spool across a gateway restart and replays it when the database returns', async () => {
    const client = await connectDevice(fixture.port, gate);
    await proxy.cut();
    for (let n = 150; n < 180; n += 1) await publishEvent(client, gate, samplePayloads.gate(n));
    await client.endAsync();
    expect(fixture.gateway.spool.depth.rows).toBe(30);

    // Stop while the database is still away: the spool stays on disk.
    await fixture.gateway.stop();
    expect(fixture.gateway.spool.depth.rows).toBe(30);
    await proxy.open();
    await fixture.restart();
    await waitFor('spool drained after restart', () => fixture.gateway.spool.isEmpty, 15_000);
    expect(await stored()).toBe(180);
    expect(await distinct()).toBe(180);
  });
});
