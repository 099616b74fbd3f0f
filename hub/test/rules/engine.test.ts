import type { AddressInfo } from 'node:net';
import type { IngestEvent } from '@campus/gateway';
import { testAdapters } from '@campus/storage/testing';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBatch } from '../../../gateway/src/ingest/event-repository.ts';
import { connectDevice, publishEvent } from '../../../gateway/test/helpers/devices.ts';
import { TEST_DEVICES, TEST_SITE } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { waitFor } from '../../../gateway/test/helpers/wait.ts';
import { systemActor } from '../../src/actor.ts';
import { LiveChannel } from '../../src/live/live-channel.ts';
import { createRuleEngine } from '../../src/rules/create-engine.ts';
import type { RuleEngine } from '../../src/rules/engine.ts';
import { type HubFixture, OFFICE, startHubFixture } from '../helpers/hub-fixture.ts';

const [gate, , , scale, sensor] = TEST_DEVICES as [
  (typeof TEST_DEVICES)[0],
  unknown,
  unknown,
  (typeof TEST_DEVICES)[0],
  (typeof TEST_DEVICES)[0],
];
const silent = pino({ level: 'silent' });
const hhmm = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    date,
  );

describe.each(testAdapters())('IOT-7..10 the rule engine on live device events on %s', (adapter) => {
  let hub: HubFixture;
  let engine: RuleEngine;
  let live: LiveChannel;
  let url: string;
  const sockets: Socket[] = [];
  let seq = 0;

  const startEngine = async () => {
    engine = createRuleEngine(hub.database.db, hub.services, hub.gateway.gateway, silent, { tickMs: 3_600_000 });
    await engine.start(hub.gateway.gateway);
  };
  const swipe = async (cardId: string, over: Record<string, unknown> = {}) => {
    const client = await connectDevice(hub.gateway.port, gate);
    seq += 1;
    await publishEvent(client, gate, {
      eventId: `e-${seq}`,
      ts: new Date().toISOString(),
      cardId,
      direction: 'in',
      result: 'granted',
      ...over,
    });
    await client.endAsync();
  };
  const alertsOf = async (ruleId: string) =>
    hub.database.db.query<{ subject: string; occurrences: number; status: string }>(
      'SELECT subject, occurrences, status FROM alerts WHERE rule_id = $1 ORDER BY id',
      [ruleId],
    );

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await startEngine();
    live = new LiveChannel({
      services: hub.services,
      gateway: hub.gateway.gateway,
      verifyToken: async (token) => hub.app.jwt.verify(token),
      log: silent,
    });
    live.attach(hub.app.server);
    live.start();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await engine?.stop(hub.gateway.gateway);
    await live?.stop();
    await hub?.stop();
  });

  it('IOT-10 IOT-8 a swipe published over MQTT raises an alert that reaches a security officer live; the window is set through the API', async () => {
    const now = new Date();
    const config = await hub.call('logistics_manager', 'PUT', `/api/rules/access.forbidden_hours/sites/${TEST_SITE}`, {
      from: hhmm(new Date(now.getTime() - 3_600_000)),
      to: hhmm(new Date(now.getTime() + 3_600_000)),
    });
    expect(config.statusCode).toBe(200);
    const bad = await hub.call('logistics_manager', 'PUT', `/api/rules/access.forbidden_hours/sites/${TEST_SITE}`, {
      from: '25:00',
    });
    expect(bad.json()).toMatchObject({ code: 'invalid', field: 'from' });
    expect(
      (await hub.call('security_officer', 'PUT', `/api/rules/access.forbidden_hours/sites/${TEST_SITE}`, {})).statusCode,
    ).toBe(403);

    const token = ((await hub.as('security_officer')).authorization ?? '').replace('Bearer ', '');
    const socket = io(url, { path: '/live', auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const received: Array<{
      change: string;
      alert: { ruleId: string; subject: string; severity: string; evidence: { swipes: unknown[] } };
    }> = [];
    socket.on('alert', (message: { data: (typeof received)[0] }) => received.push(message.data));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    await swipe('NIGHT-1');
    const alert = await waitFor(
      'the alert on the live channel',
      () => received.find((m) => m.alert.ruleId === 'access.forbidden_hours'),
      5000,
    );
    expect(alert).toMatchObject({ change: 'raised', alert: { subject: 'card:NIGHT-1', severity: 'critical' } });
    expect(alert.alert.evidence.swipes).toHaveLength(1);
    // Quiet hours back to the night for the tests that follow.
    await hub.call('logistics_manager', 'PUT', `/api/rules/access.forbidden_hours/sites/${TEST_SITE}`, {
      from: '00:30',
      to: '00:31',
    });
  });

  it('IOT-8 a restart in the middle of an episode changes no outcome, and events stored while stopped are not forgotten', async () => {
    await swipe('DENY-1', { result: 'denied', reason: 'no_permission' });
    await swipe('DENY-1', { result: 'denied', reason: 'no_permission' });
    await waitFor(
      'two denials processed',
      async () =>
        (
          await hub.database.db.query('SELECT 1 FROM rule_state WHERE rule_id = $1 AND key = $2', [
            'access.card_denials',
            'card:DENY-1',
          ])
        ).length > 0,
    );
    await engine.stop(hub.gateway.gateway);
    expect(await alertsOf('access.card_denials')).toEqual([]);

    // The third denial arrives while no engine runs: the restarted one reads it back.
    await swipe('DENY-1', { result: 'denied', reason: 'no_permission' });
    await startEngine();
    expect(await alertsOf('access.card_denials')).toEqual([{ subject: 'card:DENY-1', occurrences: 1, status: 'raised' }]);
    // Nothing already handled is raised again: the night-hours alert still has one occurrence.
    expect((await alertsOf('access.forbidden_hours')).map((a) => a.occurrences)).toEqual([1]);
  });

  it('IOT-7 CAT-5 scale readings below safety stock raise one alert and draft one requisition per episode', async () => {
    await hub.services.catering.stock.createItem(systemActor('test'), 'flour', {
      name: 'Flour',
      nameZh: '面粉',
      unit: 'kg',
      safetyStock: 50,
    });
    await hub.call('logistics_manager', 'PUT', `/api/rules/stock.low_stock/sites/${TEST_SITE}`, {
      requisitionDepartment: OFFICE,
    });
    const client = await connectDevice(hub.gateway.port, scale);
    const t0 = Date.now() - 60 * 60_000;
    for (const [i, kg] of [90, 75, 62, 48, 44, 41].entries()) {
      await publishEvent(client, scale, {
        eventId: `w-${i}`,
        ts: t0 + i * 10 * 60_000,
        itemId: 'flour',
        gross: kg + 2,
        net: kg,
        unit: 'kg',
      });
    }
    await client.endAsync();
    const alerts = await waitFor('the low-stock alert', async () => {
      const rows = await alertsOf('stock.low_stock');
      return rows.length > 0 ? rows : null;
    });
    expect(alerts).toEqual([{ subject: 'item:flour', occurrences: 1, status: 'raised' }]);
    const requisitions = (await hub.call('procurement_officer', 'GET', '/api/procurement/requisitions')).json<{
      items: Array<Record<string, unknown>>;
    }>();
    const drafted = requisitions.items.filter((r) => JSON.stringify(r).includes('flour'));
    expect(drafted).toHaveLength(1);
    expect(JSON.stringify(drafted[0])).toMatch(/安全库存|safety stock/);
  });

  it('IOT-9 a vibration trend opens one maintenance ticket with the series and the predicted crossing as evidence', async () => {
    // A pump whose normal is known after half an hour (the default learning day is for real machines).
    const config = await hub.call('logistics_manager', 'PUT', `/api/rules/equipment.predictive/sites/${TEST_SITE}`, {
      learningMinutes: 30,
    });
    expect(config.statusCode, config.body).toBe(200);
    const client = await connectDevice(hub.gateway.port, sensor);
    const t0 = Date.now() - 100 * 60_000;
    for (let i = 0; i < 100; i += 1) {
      const value = i < 50 ? 2.5 + 0.1 * Math.sin(i) : 2.5 + (i - 50) * 0.06 + 0.1 * Math.sin(i);
      await publishEvent(client, sensor, {
        eventId: `v-${i}`,
        ts: t0 + i * 60_000,
        assetId: 'PUMP-7',
        metrics: [{ name: 'vibration', value, unit: 'mm/s' }],
      });
    }
    await client.endAsync();
    const tickets = await waitFor('the predictive ticket', async () => {
      const page = (await hub.call('maintenance_planner', 'GET', '/api/maintenance/tickets?assetId=PUMP-7')).json<{
        items: Array<{ id: number }>;
      }>();
      return page.items.length > 0 ? page.items : null;
    });
    expect(tickets).toHaveLength(1);
    const ticket = (await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${tickets[0]?.id}`)).json<
      Record<string, unknown>
    >();
    expect(JSON.stringify(ticket)).toMatch(/predictedAt/);
    expect(JSON.stringify(ticket)).toMatch(/equipment\.predictive/);

    // The fix is accepted only once the readings since the repair are back within limits.
    const id = tickets[0]?.id;
    const technician = hub.userId('technician');
    const assigned = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/assign`, {
      technicianId: technician,
      overrideReason: 'test technician without shifts',
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const confirmed = await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/confirm`, {
      scheduledAt: new Date().toISOString(),
      contactMethod: 'phone',
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/work-logs`, {
      steps: 'replaced the drive-end bearing',
      minutes: 90,
      parts: [{ name: 'bearing 6205', quantity: 1, cost: 80 }],
    });
    const done = await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/done`, { summary: 'replaced the bearing' });
    expect(done.statusCode, done.body).toBe(200);
    const early = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/accept`, {
      rating: 5,
      onBehalfReason: 'raised by the rules',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<{ message: string }>().message).toMatch(/readings since the repair/);

    const after = await connectDevice(hub.gateway.port, sensor);
    for (let i = 0; i < 6; i += 1) {
      await publishEvent(after, sensor, {
        eventId: `fixed-${i}`,
        ts: Date.now() + i,
        assetId: 'PUMP-7',
        metrics: [{ name: 'vibration', value: 1.8, unit: 'mm/s' }],
      });
    }
    await after.endAsync();
    const accepted = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/accept`, {
      rating: 5,
      onBehalfReason: 'raised by the rules',
    });
    expect(accepted.statusCode).toBe(200);
    // The repaired pump is the new normal: the learned baseline starts afresh.
    await waitFor(
      'the baseline forgotten',
      async () => engine.stateOf('equipment.predictive', TEST_SITE, 'asset:PUMP-7/vibration') === undefined,
    );
  });

  it('keeps and saves state only where a rule changed it: nothing per card for a rule without state', async () => {
    await swipe('STATELESS-1');
    const saved = () =>
      hub.database.db.query<{ rule_id: string; key: string }>(
        "SELECT rule_id, key FROM rule_state WHERE starts_with(key, 'card:STATELESS-1') ORDER BY rule_id",
      );
    // Passback remembers the card's last granted swipe at its building, and the snapshot saves it.
    await waitFor('the swipe saved', async () => (await saved()).length > 0, 10_000);
    const rows = await saved();
    expect(rows.map((row) => row.rule_id)).toEqual(['access.passback']);
    expect(engine.stateOf('access.passback', TEST_SITE, rows[0]?.key ?? '')).toMatchObject({
      lastSwipe: { cardId: 'STATELESS-1' },
    });
    // Forbidden hours ran on the same swipe (it has no facts to wait for) and has nothing to keep;
    // nor has impossible travel while no gate has a position (the default).
    expect(engine.stateOf('access.impossible_travel', TEST_SITE, 'card:STATELESS-1')).toBeUndefined();
    expect(engine.stateOf('access.forbidden_hours', TEST_SITE, 'card:STATELESS-1')).toBeUndefined();
  });
});

describe('IOT-8 the rule engine keeps its memory bounded when it falls behind', () => {
  let hub: HubFixture;
  let engine: RuleEngine;
  beforeAll(async () => {
    hub = await startHubFixture('pglite');
    engine = createRuleEngine(hub.database.db, hub.services, hub.gateway.gateway, silent, { tickMs: 3_600_000, maxBacklog: 5 });
    await engine.start(hub.gateway.gateway);
  });
  afterAll(async () => {
    await engine?.stop(hub.gateway.gateway);
    await hub?.stop();
  });

  it('drops the live stream past its bound and reads the skipped events back from the tables', async () => {
    const client = await connectDevice(hub.gateway.port, gate);
    // 30 denials of one card published at once: far more than the 5 events the engine may hold.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        publishEvent(client, gate, {
          eventId: `burst-${i}`,
          ts: Date.now(),
          cardId: 'BURST-1',
          direction: 'in',
          result: 'denied',
          reason: 'no_permission',
        }),
      ),
    );
    await client.endAsync();
    await waitFor('the backlog drained', () => engine.backlog === 0 && engine.processed >= 30, 15_000).catch((err: unknown) => {
      throw new Error(`${String(err)}; backlog ${engine.backlog}, processed ${engine.processed}`);
    });
    expect(engine.backlog).toBe(0);
    const alerts = await hub.database.db.query<{ occurrences: number }>(
      "SELECT occurrences FROM alerts WHERE rule_id = 'access.card_denials' AND subject = 'card:BURST-1'",
    );
    // Every one of the 30 denials was seen (the first alert at the 3rd, then 27 recurrences).
    expect(alerts).toEqual([{ occurrences: 28 }]);
  });

  it('goes through every event once across a catch-up, even events stamped in the same millisecond', async () => {
    // Stored events handed to the engine as the gateway would, in batches, past its bound of 5:
    // all ten swipes were received in one millisecond, the card going in and out. A swipe
    // skipped or gone through twice makes two swipes in one direction in a row: a passback.
    // Later than anything the engine has gone through (its watermark).
    const receivedAt = new Date(Date.now() + 5_000);
    const swipes: IngestEvent[] = Array.from({ length: 10 }, (_, i) => ({
      kind: 'gate',
      site: TEST_SITE,
      deviceId: gate.id,
      eventId: `same-ms-${i}`,
      ts: new Date(receivedAt.getTime() - 10_000 + i * 500),
      receivedAt,
      cardId: 'ALT-1',
      direction: i % 2 === 0 ? 'in' : 'out',
      granted: true,
      reason: null,
    }));
    await hub.database.db.transaction((tx) => storeBatch(tx, swipes));
    const before = engine.processed;
    const batches = [swipes.slice(0, 4), swipes.slice(4, 8), swipes.slice(8, 9), swipes.slice(9)];
    // The 2nd batch overflows the bound (4 + 4 > 5); the 3rd would fit again, but must wait for
    // the catch-up: taken first, it would move the watermark past the 2nd.
    await Promise.all(batches.map((batch) => engine.enqueue(batch)));
    await waitFor('the catch-up', () => engine.backlog === 0 && engine.processed >= before + 10, 15_000);
    expect(engine.processed).toBe(before + 10);
    expect(
      await hub.database.db.query("SELECT subject FROM alerts WHERE rule_id = 'access.passback' AND subject LIKE '%ALT-1%'"),
    ).toEqual([]);
  });
});
