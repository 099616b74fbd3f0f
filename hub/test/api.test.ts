import { testAdapters } from '@campus/storage/testing';
import type { FastifyInstance } from 'fastify';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from '../../gateway/test/helpers/devices.ts';
import { type GatewayFixture, TEST_DEVICES } from '../../gateway/test/helpers/gateway-fixture.ts';
import { waitFor } from '../../gateway/test/helpers/wait.ts';
import { type HubFixture, startHubFixture } from './helpers/hub-fixture.ts';

const gate = TEST_DEVICES[0] as (typeof TEST_DEVICES)[0];

describe.each(testAdapters())('hub HTTP API on %s', (adapter) => {
  let hub: HubFixture;
  let fixture: GatewayFixture;
  let app: FastifyInstance;
  let auth: Record<string, string>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    fixture = hub.gateway;
    app = hub.app;
    auth = await hub.as('security_officer');
    const client = await connectDevice(fixture.port, gate);
    for (let n = 1; n <= 3; n += 1) await publishEvent(client, gate, samplePayloads.gate(n));
    await publishEvent(client, gate, 'not json');
    await client.endAsync();
  });

  afterAll(async () => {
    await hub?.stop();
  });

  it('#GET /healthz reports the database and the spool', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: 'ok', adapter, spool: { rows: 0 } });
  });

  it('#GET /metrics serves Prometheus text with the ingest counters', async () => {
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toMatch(/campus_ingest_events_total\{kind="gate",outcome="stored"\} 3/);
    expect(response.body).toMatch(/campus_ingest_rejected_total\{device_id="gate-t1",reason="malformed_json"\} 1/);
  });

  it('#GET /api/ingest/events/:kind refuses requests without a session, and roles without ingest.read', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ingest/events/gate' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthorized' });
    const canteen = await hub.call('canteen_manager', 'GET', '/api/ingest/events/gate');
    expect(canteen.statusCode).toBe(403);
    expect(canteen.json()).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/ingest\.read/) });
  });

  it('#GET /api/ingest/events/:kind lists recent events newest first, filtered and paged', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/ingest/events/gate?limit=2&deviceId=${gate.id}`,
      headers: auth,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ items: Array<{ eventId: string; data: Record<string, unknown> }> }>();
    expect(body.items).toHaveLength(2);
    expect(body.items[0]?.data).toMatchObject({ cardId: expect.stringMatching(/^C10/), granted: true });
    const older = await app.inject({
      method: 'GET',
      url: `/api/ingest/events/gate?before=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
      headers: auth,
    });
    expect(older.json<{ items: unknown[] }>().items).toHaveLength(3);
  });

  it('#GET /api/ingest/events/:kind answers 400 naming the field', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/ingest/events/gate?limit=5000', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid', field: 'limit', message: expect.stringMatching(/^limit: /) });
    const kind = await app.inject({ method: 'GET', url: '/api/ingest/events/printer', headers: auth });
    expect(kind.statusCode).toBe(400);
    expect(kind.json()).toMatchObject({ field: 'kind' });
  });

  it('#GET /api/ingest/rejects shows the reason and the raw payload', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ingest/rejects?reason=malformed_json', headers: auth });
    const items = response.json<{ items: Array<Record<string, unknown>> }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ deviceId: gate.id, reason: 'malformed_json', payloadText: 'not json' });
    expect(Buffer.from(String(items[0]?.payloadBase64), 'base64').toString()).toBe('not json');
  });

  it('#GET /api/ingest/devices tells when each device was last heard', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ingest/devices', headers: auth });
    const items = response.json<{ items: Array<{ id: string; lastSeen: string | null }> }>().items;
    expect(items.find((d) => d.id === gate.id)?.lastSeen).toEqual(expect.any(String));
    expect(items.find((d) => d.id === 'pos-t1')?.lastSeen).toBeNull();
  });

  it('#GET /api/ingest/devices tells what each device last said of its connection: its status, or its last will', async () => {
    const scale = TEST_DEVICES.find((d) => d.kind === 'scale');
    if (!scale) throw new Error('no test scale');
    const statusTopic = `campus/${scale.site}/scale/${scale.id}/status`;
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${fixture.port}`, {
      username: scale.id,
      password: scale.secret,
      reconnectPeriod: 0,
      will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await client.publishAsync(statusTopic, 'online', { qos: 1, retain: true });
    const connection = async () =>
      (await app.inject({ method: 'GET', url: '/api/ingest/devices', headers: auth }))
        .json<{ items: Array<{ id: string; connection: string | null; connectionSince: string | null }> }>()
        .items.find((d) => d.id === scale.id);
    expect(await connection()).toMatchObject({ connection: 'online', connectionSince: expect.any(String) });
    // The power goes: no DISCONNECT, the broker publishes the will.
    client.stream.destroy();
    await waitFor('the last will', async () => (await connection())?.connection === 'offline');
    const silent = (await app.inject({ method: 'GET', url: '/api/ingest/devices', headers: auth })).json<{
      items: Array<{ id: string; connection: string | null }>;
    }>();
    expect(silent.items.find((d) => d.id === 'pos-t1')?.connection).toBeNull();
    client.end(true);
  });

  it('#GET /api/ingest/stats counts stored, duplicate and rejected events', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ingest/stats', headers: auth });
    expect(response.json()).toMatchObject({ stored: { gate: 3 }, rejected: { malformed_json: 1 }, spool: { rows: 0 } });
  });

  it('serves the OpenAPI document at /docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json<{ paths: Record<string, unknown> }>().paths)).toContain('/api/ingest/events/{kind}');
  });
});
