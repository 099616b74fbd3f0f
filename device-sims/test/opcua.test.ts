import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayFixture } from '../../gateway/test/helpers/gateway-fixture.ts';
import { type AssetSpec, OPCUA_DEMO_ASSETS } from '../src/equipment/assets.ts';
import { CampusOpcuaServer, opcuaMapping } from '../src/opcua/server.ts';
import { HOUR_MS } from '../src/time.ts';
import { SimWorld } from '../src/world.ts';
import { ms, rows, startGatewayWithFleet, waitFor } from './helpers.ts';

/**
 * The OPC UA path end to end: the simulator's OPC UA server, the gateway's OPC UA client
 * (configured by an OPCUA_CONFIG mapping file), telemetry stored like MQTT telemetry; then the
 * server restarts and the subscription recovers. One endpoint without security, one with
 * SignAndEncrypt (Basic256Sha256), both on the same server.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const elevator = OPCUA_DEMO_ASSETS.find((asset) => asset.id === 'elevator-1') as AssetSpec;
const chiller = OPCUA_DEMO_ASSETS.find((asset) => asset.id === 'chiller-2') as AssetSpec;
const ASSETS = [chiller, elevator];

describe.each(testAdapters())('OPC UA equipment into the gateway on %s', (adapter) => {
  let database: TestDatabase;
  let fixture: GatewayFixture;
  let server: CampusOpcuaServer;
  let dir: string;
  let port: number;
  const world = new SimWorld({ seed: 11 });

  const startServer = async () => {
    server = new CampusOpcuaServer({
      port,
      assets: ASSETS,
      world,
      pkiDir: join(dir, 'server-pki'),
      minimumSamplingIntervalMs: 100,
    });
    await server.start();
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-opcua-'));
    port = await freePort();
    // Elevators are in service around the clock: the test does not depend on the time of day.
    world.faults.add({ assetId: elevator.id, kind: 'bearing_wear', from: Date.now() - 4 * HOUR_MS, to: Date.now() + HOUR_MS });
    await startServer();
    const plain = opcuaMapping({ url: server.endpointUrl, assets: ASSETS, samplingIntervalMs: 200, publishingIntervalMs: 200 });
    const secure = opcuaMapping({
      url: server.endpointUrl,
      assets: [elevator],
      deviceId: 'opcua-secure-01',
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      samplingIntervalMs: 500,
      publishingIntervalMs: 500,
    });
    const [plainEndpoint] = plain.endpoints;
    const [secureEndpoint] = secure.endpoints;
    if (!plainEndpoint || !secureEndpoint) throw new Error('no endpoint');
    const mapping = {
      ...plain,
      endpoints: [plainEndpoint, { ...secureEndpoint, name: 'secure' }],
    };
    await writeFile(join(dir, 'opcua.json'), JSON.stringify(mapping));
    database = await createTestDatabase(adapter);
    fixture = await startGatewayWithFleet(
      database.db,
      { OPCUA_CONFIG: join(dir, 'opcua.json'), OPCUA_PKI_DIR: join(dir, 'client-pki') },
      [],
    );
  });

  afterAll(async () => {
    await fixture?.stop();
    await server?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (deviceId: string, after = 0) =>
    Number(
      (
        await rows(database.db, 'SELECT count(*) AS n FROM sensor_readings WHERE device_id = $1 AND ts > $2', [
          deviceId,
          new Date(after),
        ])
      )[0]?.n ?? 0,
    );

  it('registers each endpoint as a sensor device and stores its data changes as telemetry', async () => {
    expect(fixture.gateway.registry.get('opcua-plant-01')).toMatchObject({ kind: 'sensor', site: 'main', enabled: true });
    await waitFor('OPC UA telemetry', async () => (await count('opcua-plant-01')) >= 40, 30_000, 100);
    const stored = await rows(
      database.db,
      "SELECT event_id, ts, asset_id, metric, value, unit FROM sensor_readings WHERE device_id = 'opcua-plant-01' ORDER BY ts",
    );
    expect(new Set(stored.map((row) => row.asset_id))).toEqual(new Set(['chiller-2', 'elevator-1']));
    expect(new Set(stored.filter((row) => row.asset_id === 'elevator-1').map((row) => row.metric))).toEqual(
      new Set(['current', 'vibration', 'motor_temp', 'runtime_hours', 'status']),
    );
    // The same physics as the MQTT sensors, faults included: each stored value is what the world gives at its source time.
    for (const row of stored) {
      const asset = row.asset_id === chiller.id ? chiller : elevator;
      expect(Number(row.value), `${row.asset_id}/${row.metric} at ${String(row.ts)}`).toBe(
        world.sample(asset, ms(row.ts)).values[String(row.metric)],
      );
      expect(String(row.event_id)).toBe(`${row.asset_id}@${ms(row.ts).toString(36)}`);
    }
    expect(stored.find((row) => row.metric === 'vibration' && row.asset_id === 'elevator-1')?.unit).toBe('mm/s');
    const [status] = fixture.gateway.opcuaStatus();
    expect(status).toMatchObject({ deviceId: 'opcua-plant-01', state: 'connected', monitoredItems: 12, refusedItems: 0 });
  });

  it('subscribes over SignAndEncrypt (Basic256Sha256) as well', async () => {
    await waitFor('telemetry over the secure channel', async () => (await count('opcua-secure-01')) >= 3, 30_000, 100);
    const assets = await rows(database.db, "SELECT DISTINCT asset_id FROM sensor_readings WHERE device_id = 'opcua-secure-01'");
    expect(assets.map((row) => row.asset_id)).toEqual(['elevator-1']);
    expect(fixture.gateway.opcuaStatus()[1]).toMatchObject({ name: 'secure', state: 'connected', monitoredItems: 5 });
  });

  it('recovers the subscription after the server restarts', async () => {
    await server.stop();
    const down = Date.now();
    await waitFor('the gateway to notice', () => fixture.gateway.opcuaStatus()[0]?.state === 'reconnecting', 30_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await startServer();
    const restarted = Date.now();
    await waitFor('telemetry after the restart', async () => (await count('opcua-plant-01', restarted)) >= 12, 45_000, 200);
    await waitFor('the secure endpoint back too', async () => (await count('opcua-secure-01', restarted)) >= 1, 45_000, 200);
    expect(fixture.gateway.opcuaStatus()[0]).toMatchObject({ state: 'connected' });
    // Nothing was stamped while the server was down.
    const gap = await rows(database.db, 'SELECT count(*) AS n FROM sensor_readings WHERE ts > $1 AND ts < $2', [
      new Date(down + 50),
      new Date(restarted - 1000),
    ]);
    expect(Number(gap[0]?.n)).toBe(0);
  });
});
