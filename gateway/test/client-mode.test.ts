import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeviceKind, eventTopic } from '@campus/protocol';
import { createPgDb, type Db, migrate } from '@campus/storage';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../src/config.ts';
import { Gateway } from '../src/gateway.ts';
import { createRootLogger } from '../src/logger.ts';
import type { IngestSnapshot } from '../src/metrics.ts';
import { DeviceRegistry } from '../src/registry/device-registry.ts';
import { GATEWAY_MIGRATIONS } from '../src/schema.ts';
import { connectMqtt, eventually } from './support-mosquitto.ts';

/**
 * Client mode against the shared Mosquitto on 127.0.0.1:1883 (anonymous, no ACL): two
 * gateways in one shared-subscription group over one database split the device stream, and
 * every event is stored exactly once however the stream was split and whatever was resent.
 *
 * Other people's traffic reaches these gateways too (they subscribe to campus/+/+/+/+); it
 * only becomes unknown_device dead letters, so every assertion is scoped to this run's site.
 */

const BROKER_URL = 'mqtt://127.0.0.1:1883';
const EVENTS_PER_DEVICE = 50;
const RESEND_EVERY = 10;
const SENSOR_METRICS = 2;

interface Published {
  deviceId: string;
  kind: DeviceKind;
  eventId: string;
  payload: Record<string, unknown>;
}

/** Events stored and resends absorbed by one gateway, all kinds together (only our devices are registered). */
function countOutcomes(snapshot: IngestSnapshot): { stored: number; duplicates: number } {
  const sum = (counts: Partial<Record<string, number>>) =>
    Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);
  return { stored: sum(snapshot.stored), duplicates: sum(snapshot.duplicates) };
}

function buildEvent(kind: DeviceKind, deviceId: string, n: number, now: number): Published {
  // Half the devices number their events (integer sequence), half use string ids; time goes
  // as ISO-8601 with an offset or as epoch milliseconds, both allowed by the protocol.
  const eventId: string | number = deviceId.endsWith('-2') ? n : `${deviceId}-e${n}`;
  const at = now - (EVENTS_PER_DEVICE - n) * 1000;
  const ts = n % 2 === 0 ? at : new Date(at + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
  const common = { eventId, ts };
  switch (kind) {
    case 'gate':
      return {
        deviceId,
        kind,
        eventId: String(eventId),
        payload: {
          ...common,
          cardId: `card-${n}`,
          direction: n % 2 === 0 ? 'in' : 'out',
          result: n % 7 === 0 ? 'denied' : 'granted',
          ...(n % 7 === 0 ? { reason: 'expired' } : {}),
        },
      };
    case 'terminal':
      return {
        deviceId,
        kind,
        eventId: String(eventId),
        payload: {
          ...common,
          orderId: `order-${deviceId}-${n}`,
          items: [
            { dishId: 'rice', quantity: 1, unitPrice: 2 },
            { dishId: 'tofu', quantity: (n % 3) + 1, unitPrice: 7.5 },
          ],
          total: 2 + ((n % 3) + 1) * 7.5,
          payerCard: `card-${n}`,
          mealPeriod: 'lunch',
        },
      };
    case 'scale':
      return {
        deviceId,
        kind,
        eventId: String(eventId),
        payload: { ...common, itemId: 'flour', gross: 20 + n, net: 18 + n, unit: n % 2 === 0 ? 'kg' : 'g' },
      };
    case 'sensor':
      return {
        deviceId,
        kind,
        eventId: String(eventId),
        payload: {
          ...common,
          assetId: 'chiller-1',
          metrics: [
            { name: 'temperature', value: 6 + n / 10, unit: '°C' },
            { name: 'vibration', value: n / 100, unit: 'mm/s' },
          ],
        },
      };
  }
}

describe.each(testAdapters())('client mode: two gateways on one shared subscription (%s)', (adapter) => {
  const runId = randomBytes(4).toString('hex');
  const site = `t${runId}`;
  const log = createRootLogger({ level: 'warn' });
  let database: TestDatabase;
  /** The second gateway's own connection pool on pg, as a second process would have. */
  let secondDb: Db | undefined;
  const spoolDirs: string[] = [];
  const gateways: Gateway[] = [];
  const storedBy: [number, number] = [0, 0];
  const devices: Array<{ id: string; kind: DeviceKind }> = [];
  const published: Published[] = [];
  let resends = 0;
  const clients: MqttClient[] = [];
  const ghostTopic = eventTopic(site, 'gate', 'ghost-1');

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    // Migrated once up front: two gateways migrating a fresh database at the same instant
    // race on CREATE TABLE IF NOT EXISTS schema_migrations (see the report on migrate.ts).
    await migrate(database.db, 'gateway', GATEWAY_MIGRATIONS);
    const registry = new DeviceRegistry(database.db);
    for (const kind of ['gate', 'terminal', 'scale', 'sensor'] as const) {
      for (const suffix of ['1', '2']) {
        const id = `${kind}-${suffix}`;
        await registry.register({ id, kind, site });
        devices.push({ id, kind });
      }
    }

    secondDb = database.url ? createPgDb({ connectionString: database.url, maxConnections: 4 }) : undefined;
    for (const [index, db] of [database.db, secondDb ?? database.db].entries()) {
      const spoolDir = await mkdtemp(join(tmpdir(), `campus-client-mode-${index}-`));
      spoolDirs.push(spoolDir);
      const config = loadGatewayConfig({
        MQTT_URL: BROKER_URL,
        MQTT_SHARE_GROUP: `client-mode-${runId}`,
        SPOOL_DIR: spoolDir,
        DEVICE_SEED: 'none',
      });
      const gateway = new Gateway({ config, db, log: log.child({ gateway: index }) });
      gateway.bus.on('ingest.events_stored', 'client-mode-test', (events) => {
        storedBy[index] = (storedBy[index] ?? 0) + events.filter((event) => event.site === site).length;
      });
      gateways.push(gateway);
    }
    await Promise.all(gateways.map((gateway) => gateway.start()));

    const now = Date.now();
    const sends = devices.map(async ({ id, kind }) => {
      const client = await connectMqtt(BROKER_URL, { username: id, password: 'unused-on-the-shared-broker', protocolVersion: 4 });
      clients.push(client);
      const queue: Published[] = [];
      const late: Published[] = [];
      for (let n = 1; n <= EVENTS_PER_DEVICE; n += 1) {
        const event = buildEvent(kind, id, n, now);
        published.push(event);
        queue.push(event);
        // A resend right behind the original (likely at the other gateway, in the same
        // instant), and one after all originals (long after the original was stored).
        if (n % RESEND_EVERY === 0) queue.push(event);
        if (n % RESEND_EVERY === 5) late.push(event);
      }
      queue.push(...late);
      resends += queue.length - EVENTS_PER_DEVICE;
      const topic = eventTopic(site, kind, id);
      await Promise.all(queue.map((event) => client.publishAsync(topic, JSON.stringify(event.payload), { qos: 1 })));
    });
    await Promise.all(sends);

    const ghost = await connectMqtt(BROKER_URL, { username: 'ghost-1', protocolVersion: 4 });
    clients.push(ghost);
    await ghost.publishAsync(
      ghostTopic,
      JSON.stringify({ eventId: 'g-1', ts: now, cardId: 'card-x', direction: 'in', result: 'granted' }),
      { qos: 1 },
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => {})));
    for (const gateway of gateways) await gateway.stop();
    await secondDb?.close();
    await database?.drop();
    await Promise.all(spoolDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const rowsOf = (table: string) =>
    database.db.query<{ device_id: string; event_id: string; n: number }>(
      `SELECT device_id, event_id, count(*)::int AS n FROM ${table} WHERE site = $1 GROUP BY 1, 2`,
      [site],
    );

  it('stores every distinct event exactly once, resends included', async () => {
    const distinct = devices.length * EVENTS_PER_DEVICE;
    expect(published).toHaveLength(distinct);
    expect(resends).toBeGreaterThan(0);
    // Done when every publish of this run was processed: stored once, or counted a duplicate.
    await eventually(
      `${distinct} events and ${resends} resends of site ${site} processed`,
      async () => {
        const totals = await Promise.all(gateways.map(async (gateway) => countOutcomes(await gateway.metrics.snapshot())));
        const processed = totals.reduce((sum, total) => sum + total.stored + total.duplicates, 0);
        return processed >= distinct + resends ? true : undefined;
      },
      60_000,
    );

    const tables = { gate: 'gate_swipes', terminal: 'terminal_orders', scale: 'scale_readings', sensor: 'sensor_readings' };
    for (const [kind, table] of Object.entries(tables)) {
      const expected = published
        .filter((event) => event.kind === kind)
        .map((event) => ({ device_id: event.deviceId, event_id: event.eventId, n: kind === 'sensor' ? SENSOR_METRICS : 1 }));
      const rows = await rowsOf(table);
      const byKey = (a: { device_id: string; event_id: string }, b: { device_id: string; event_id: string }) =>
        `${a.device_id}/${a.event_id}`.localeCompare(`${b.device_id}/${b.event_id}`);
      expect(rows.sort(byKey), table).toEqual(expected.sort(byKey));
    }
  });

  it('stores what the devices sent', async () => {
    const gate = await database.db.query<{
      event_id: string;
      card_id: string;
      direction: string;
      granted: boolean;
      reason: string | null;
    }>(
      "SELECT event_id, card_id, direction, granted, reason FROM gate_swipes WHERE site = $1 AND device_id = 'gate-2' AND event_id = '14'",
      [site],
    );
    expect(gate).toEqual([{ event_id: '14', card_id: 'card-14', direction: 'in', granted: false, reason: 'expired' }]);
    const scale = await database.db.query<{ net_kg: number; unit: string; ts: Date }>(
      "SELECT net_kg, unit, ts FROM scale_readings WHERE site = $1 AND device_id = 'scale-1' AND event_id = 'scale-1-e3'",
      [site],
    );
    expect(scale).toHaveLength(1);
    expect(scale[0]?.unit).toBe('g');
    expect(scale[0]?.net_kg).toBeCloseTo(0.021, 9);
    const sent = published.find((event) => event.eventId === 'scale-1-e3')?.payload.ts;
    // ISO-8601 with +08:00 and epoch milliseconds both land as the same instant.
    expect(scale[0]?.ts.getTime()).toBe(new Date(String(sent)).getTime());
    const terminal = await database.db.query<{ total: string }>(
      "SELECT total::text AS total FROM terminal_orders WHERE site = $1 AND device_id = 'terminal-1' AND event_id = 'terminal-1-e2'",
      [site],
    );
    expect(terminal).toEqual([{ total: '24.50' }]);
  });

  it('split the stream between both gateways, and counted each resend as a duplicate', async () => {
    expect(storedBy[0]).toBeGreaterThan(0);
    expect(storedBy[1]).toBeGreaterThan(0);
    expect(storedBy[0] + storedBy[1]).toBe(devices.length * EVENTS_PER_DEVICE);
    const snapshots = await Promise.all(gateways.map((gateway) => gateway.metrics.snapshot()));
    const totals = snapshots.map(countOutcomes);
    expect(totals.map((total) => total.stored)).toEqual(storedBy);
    expect(totals.reduce((sum, total) => sum + total.duplicates, 0)).toBe(resends);
  });

  it('keeps a message from an unregistered device as an unknown_device dead letter', async () => {
    const rows = await eventually('the ghost dead letter', async () => {
      const found = await database.db.query<{ reason: string; device_id: string | null; payload: Uint8Array }>(
        'SELECT reason, device_id, payload FROM dead_letters WHERE topic = $1',
        [ghostTopic],
      );
      return found.length > 0 ? found : undefined;
    });
    expect(rows.map(({ reason, device_id }) => ({ reason, device_id }))).toEqual([
      { reason: 'unknown_device', device_id: 'ghost-1' },
    ]);
    expect(JSON.parse(Buffer.from(rows[0]?.payload ?? []).toString())).toMatchObject({ eventId: 'g-1' });
  });
});
