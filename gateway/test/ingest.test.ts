import { eventTopic } from '@campus/protocol';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import mqtt from 'mqtt';
import { writeToStream } from 'mqtt-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from './helpers/devices.ts';
import { type GatewayFixture, startTestGateway, TEST_DEVICES, TEST_SITE } from './helpers/gateway-fixture.ts';
import { waitFor } from './helpers/wait.ts';

const [gateA, gateB, terminal, scale, sensor] = TEST_DEVICES as [
  (typeof TEST_DEVICES)[0],
  (typeof TEST_DEVICES)[0],
  (typeof TEST_DEVICES)[0],
  (typeof TEST_DEVICES)[0],
  (typeof TEST_DEVICES)[0],
];

describe.each(testAdapters())('ingest through the embedded broker on %s', (adapter) => {
  let database: TestDatabase;
  let fixture: GatewayFixture;

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    fixture = await startTestGateway(database.db, { INGEST_MAX_PAYLOAD_BYTES: '2048' });
  });

  afterAll(async () => {
    await fixture?.stop();
    await database?.drop();
  });

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await database.db.query<{ n: number | string }>(sql, params))[0]?.n ?? 0);

  it('IOT-1..4 stores each event kind once its QoS 1 publish is acknowledged', async () => {
    const clients = await Promise.all([gateA, terminal, scale, sensor].map((device) => connectDevice(fixture.port, device)));
    const [gateClient, terminalClient, scaleClient, sensorClient] = clients as [
      mqtt.MqttClient,
      mqtt.MqttClient,
      mqtt.MqttClient,
      mqtt.MqttClient,
    ];
    await publishEvent(gateClient, gateA, samplePayloads.gate(1));
    await publishEvent(terminalClient, terminal, samplePayloads.terminal(1));
    await publishEvent(scaleClient, scale, samplePayloads.scale(1));
    await publishEvent(sensorClient, sensor, samplePayloads.sensor(1));

    // PUBACK means durable: the rows are there without waiting.
    const swipe = await database.db.query<Record<string, unknown>>('SELECT * FROM gate_swipes WHERE device_id = $1', [gateA.id]);
    expect(swipe).toHaveLength(1);
    expect(swipe[0]).toMatchObject({ site: TEST_SITE, event_id: 'g-1', card_id: 'C1001', direction: 'out', granted: true });
    const order = await database.db.query<Record<string, unknown>>('SELECT *, total::float8 AS total FROM terminal_orders');
    expect(order[0]).toMatchObject({ event_id: '1', order_id: 'O-1', total: 15, payer_card: 'C2001', meal_period: 'lunch' });
    expect(order[0]?.items).toEqual(samplePayloads.terminal(1).items);
    const reading = await database.db.query<Record<string, unknown>>('SELECT * FROM scale_readings');
    expect(reading[0]).toMatchObject({ item_id: 'flour', net: 24999, unit: 'g' });
    expect(reading[0]?.net_kg).toBeCloseTo(24.999, 6);
    const metrics = await database.db.query<{ metric: string; value: number }>(
      'SELECT metric, value FROM sensor_readings ORDER BY metric',
    );
    expect(metrics).toEqual([
      { metric: 'temperature', value: 7.21 },
      { metric: 'vibration', value: 2.1 },
    ]);
    await Promise.all(clients.map((client) => client.endAsync()));
  });

  it("acknowledges without mqtt-packet's prebuilt packet-id cache (65,536 Buffers held for good)", () => {
    // The acknowledgements above were written; with the cache on they would have built it.
    expect(writeToStream.cacheNumbers).toBe(false);
  });

  it('IOT-5 stores a resent event once and counts the duplicates', async () => {
    const client = await connectDevice(fixture.port, gateB);
    const payload = samplePayloads.gate(42);
    for (let i = 0; i < 3; i += 1) await publishEvent(client, gateB, payload);
    await Promise.all([publishEvent(client, gateB, payload), publishEvent(client, gateB, payload)]);
    expect(await count("SELECT count(*) AS n FROM gate_swipes WHERE device_id = $1 AND event_id = 'g-42'", [gateB.id])).toBe(1);
    const stats = await fixture.gateway.metrics.snapshot();
    expect(Object.values(stats.duplicates).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
    await client.endAsync();
  });

  it('IOT-5 keeps every rejected message with its reason and raw bytes, and ingest goes on', async () => {
    const client = await connectDevice(fixture.port, gateA);
    const bad: Array<{ reason: string; payload: string; detail: RegExp }> = [
      { reason: 'malformed_json', payload: '{"eventId": "x", ', detail: /JSON|Unexpected|Expected/ },
      {
        reason: 'schema_invalid',
        payload: JSON.stringify({ ...samplePayloads.gate(2), cardId: undefined, direction: 'sideways' }),
        detail: /cardId|direction/,
      },
      {
        reason: 'oversize',
        payload: JSON.stringify({ ...samplePayloads.gate(3), reason: 'x'.repeat(3000) }),
        detail: /limit 2048/,
      },
      {
        reason: 'clock_skew',
        payload: JSON.stringify({ ...samplePayloads.gate(4), ts: new Date(Date.now() + 3_600_000).toISOString() }),
        detail: /ahead/,
      },
      {
        reason: 'topic_mismatch',
        payload: JSON.stringify({ ...samplePayloads.gate(5), deviceId: 'gate-t2' }),
        detail: /differs/,
      },
    ];
    for (const message of bad) await publishEvent(client, gateA, message.payload);
    await publishEvent(client, gateA, samplePayloads.gate(6));

    const rows = await database.db.query<{
      reason: string;
      detail: string;
      payload: Uint8Array;
      device_id: string;
      topic: string;
    }>('SELECT reason, detail, payload, device_id, topic FROM dead_letters WHERE device_id = $1 ORDER BY id', [gateA.id]);
    for (const message of bad) {
      const row = rows.find((candidate) => candidate.reason === message.reason);
      expect(row, message.reason).toBeDefined();
      expect(row?.detail).toMatch(message.detail);
      expect(row?.topic).toBe(eventTopic(TEST_SITE, 'gate', gateA.id));
      const expected = Buffer.from(message.payload);
      expect(Buffer.from(row?.payload ?? []).equals(message.reason === 'oversize' ? expected.subarray(0, 4096) : expected)).toBe(
        true,
      );
    }
    expect(await count("SELECT count(*) AS n FROM gate_swipes WHERE event_id = 'g-6'")).toBe(1);
    const stats = await fixture.gateway.metrics.snapshot();
    for (const message of bad) expect(stats.rejected[message.reason as keyof typeof stats.rejected]).toBeGreaterThanOrEqual(1);
    const perDevice = await fixture.gateway.metrics.rejected.get();
    expect(perDevice.values.some((v) => v.labels.device_id === gateA.id && v.labels.reason === 'clock_skew')).toBe(true);
    await client.endAsync();
  });

  it('IOT-6 refuses unknown devices and wrong secrets at CONNECT', async () => {
    await expect(connectDevice(fixture.port, { id: 'gate-t1', secret: 'not-the-secret' })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(connectDevice(fixture.port, { id: 'intruder', secret: 'whatever-secret' })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
  });

  it("IOT-6 refuses a publish on another device's topic, disconnects and records it", async () => {
    const client = await connectDevice(fixture.port, gateA);
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.publish(eventTopic(TEST_SITE, 'gate', gateB.id), JSON.stringify(samplePayloads.gate(7)), { qos: 1 });
    await closed;
    expect(await count("SELECT count(*) AS n FROM gate_swipes WHERE event_id = 'g-7'")).toBe(0);
    await waitFor(
      'acl dead letter',
      async () => (await count("SELECT count(*) AS n FROM dead_letters WHERE reason = 'acl_denied'")) === 1,
    );
    client.end(true);
  });

  it('IOT-6 lets a device subscribe only to its own command topic', async () => {
    const client = await connectDevice(fixture.port, gateA);
    const own = await client.subscribeAsync(`campus/${TEST_SITE}/gate/${gateA.id}/command`, { qos: 1 });
    expect(own[0]?.qos).toBe(1);
    // SUBACK 0x80 (failure): mqtt.js rejects the subscription, the connection stays up.
    await expect(client.subscribeAsync(`campus/${TEST_SITE}/gate/${gateB.id}/command`, { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    await expect(client.subscribeAsync('campus/#', { qos: 0 })).rejects.toThrow(/Subscribe error/);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('accepts devices over MQTT over WebSocket', async () => {
    const client = await mqtt.connectAsync(`ws://127.0.0.1:${fixture.gateway.mqttWsPort}`, {
      username: sensor.id,
      password: sensor.secret,
      reconnectPeriod: 0,
    });
    await publishEvent(client, sensor, samplePayloads.sensor(99));
    expect(await count("SELECT count(*) AS n FROM sensor_readings WHERE event_id = 't-99'")).toBe(2);
    await client.endAsync();
  });
});
