import type { AddressInfo } from 'node:net';
import { testAdapters } from '@campus/storage/testing';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from '../../gateway/test/helpers/devices.ts';
import { TEST_DEVICES } from '../../gateway/test/helpers/gateway-fixture.ts';
import { waitFor } from '../../gateway/test/helpers/wait.ts';
import { systemActor } from '../src/actor.ts';
import { LiveChannel } from '../src/live/live-channel.ts';
import { seedBasics } from './catering/helpers.ts';
import { type HubFixture, startHubFixture } from './helpers/hub-fixture.ts';

const gate = TEST_DEVICES[0] as (typeof TEST_DEVICES)[0];
const sensor = TEST_DEVICES[4] as (typeof TEST_DEVICES)[0];
const terminal = TEST_DEVICES[2] as (typeof TEST_DEVICES)[0];

interface Received {
  event: string;
  seq: number;
  data: unknown;
}

describe.each(testAdapters())('IOT-11 live channel on %s', (adapter) => {
  let hub: HubFixture;
  let live: LiveChannel;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    live = new LiveChannel({
      services: hub.services,
      gateway: hub.gateway.gateway,
      verifyToken: async (token) => hub.app.jwt.verify(token),
      log: pino({ level: 'silent' }),
      telemetryFlushMs: 200,
      feedFlushMs: 50,
    });
    live.attach(hub.app.server);
    live.start();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await live?.stop();
    await hub?.stop();
  });

  async function connectAs(role: Parameters<HubFixture['as']>[0], received: Received[]): Promise<Socket> {
    const token = ((await hub.as(role)).authorization ?? '').replace('Bearer ', '');
    const socket = io(url, { path: '/live', auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    socket.onAny((event: string, payload: { seq: number; data: unknown }) =>
      received.push({ event, seq: payload?.seq, data: payload?.data }),
    );
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  it('refuses a connection without a valid session token', async () => {
    const socket = io(url, { path: '/live', auth: { token: 'forged' }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
  });

  it('pushes swipes published over MQTT to the access feed of security staff only', async () => {
    const security: Received[] = [];
    const canteen: Received[] = [];
    await connectAs('security_officer', security);
    await connectAs('canteen_manager', canteen);
    const device = await connectDevice(hub.gateway.port, gate);
    await publishEvent(device, gate, samplePayloads.gate(501));
    await device.endAsync();
    const batch = await waitFor('the swipe on the live feed', () => security.find((m) => m.event === 'swipes'), 5000);
    expect(batch.data).toEqual([
      expect.objectContaining({ deviceId: gate.id, cardId: 'C1501', direction: 'out', granted: true }),
    ]);
    expect(canteen.some((m) => m.event === 'swipes')).toBe(false);
  });

  it('coalesces raw telemetry into one aggregate per asset and metric per flush', async () => {
    const planner: Received[] = [];
    await connectAs('maintenance_planner', planner);
    const device = await connectDevice(hub.gateway.port, sensor);
    await Promise.all(Array.from({ length: 50 }, (_, n) => publishEvent(device, sensor, samplePayloads.sensor(600 + n))));
    await device.endAsync();
    await waitFor(
      'telemetry aggregates',
      () =>
        planner
          .filter((m) => m.event === 'telemetry')
          .flatMap((m) => m.data as Array<{ count: number }>)
          .reduce((sum, a) => sum + a.count, 0) >= 100,
      5000,
    );
    const messages = planner.filter((m) => m.event === 'telemetry');
    expect(messages.length).toBeLessThan(10);
    const aggregates = messages.flatMap((m) => m.data as Array<{ assetId: string; metric: string; count: number }>);
    expect(new Set(aggregates.map((a) => `${a.assetId}/${a.metric}`))).toEqual(
      new Set(['A-CH-01/temperature', 'A-CH-01/vibration']),
    );
  });

  it('CAT-2 pushes a terminal order to canteen staff the moment it reaches the kitchen queue', async () => {
    await seedBasics(hub);
    await hub.call('canteen_manager', 'PUT', '/api/catering/canteens/c1/terminals', { deviceIds: [terminal.id] });
    const canteen: Received[] = [];
    const security: Received[] = [];
    await connectAs('canteen_manager', canteen);
    await connectAs('security_officer', security);
    const device = await connectDevice(hub.gateway.port, terminal);
    await publishEvent(device, terminal, {
      eventId: 'live-k1',
      ts: Date.now(),
      orderId: 'O-live-k1',
      items: [{ dishId: 'noodles', quantity: 1, unitPrice: 12 }],
      total: 12,
      payerCard: 'C2001',
      mealPeriod: 'lunch',
    });
    await device.endAsync();
    const pushed = await waitFor(
      'the kitchen order live',
      () => canteen.find((m) => m.event === 'catering.kitchen_order_received'),
      5000,
    );
    expect(pushed.data).toMatchObject({ canteenId: 'c1' });
    expect(security.some((m) => m.event.startsWith('catering.'))).toBe(false);
  });

  it('MNT-3 pushes ticket changes to planners, the assigned technician and the requester, not to others', async () => {
    const planner: Received[] = [];
    const technician: Received[] = [];
    const requester: Received[] = [];
    const security: Received[] = [];
    await connectAs('maintenance_planner', planner);
    await connectAs('technician', technician);
    await connectAs('requester', requester);
    await connectAs('security_officer', security);
    const reported = await hub.call('requester', 'POST', '/api/maintenance/tickets', {
      title: 'Door sticks',
      description: 'The office door sticks.',
      place: { text: 'Admin building 101' },
    });
    const id = reported.json<{ id: number }>().id;
    const ticketEvents = (received: Received[]) =>
      received.filter((m) => m.event === 'maintenance.ticket').map((m) => m.data as { ticketId: number; change: string });
    await waitFor('the new ticket in the planner queue', () => ticketEvents(planner).some((d) => d.ticketId === id), 5000);
    expect(ticketEvents(planner).find((d) => d.ticketId === id)).toEqual({ ticketId: id, change: 'opened', status: 'submitted' });
    expect(ticketEvents(requester).map((d) => d.change)).toContain('opened');

    await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/triage`, {
      inScope: true,
      faultType: 'carpentry',
      urgency: 'low',
    });
    const assigned = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/assign`, {
      technicianId: hub.userId('technician'),
      overrideReason: 'only one on site',
    });
    expect(assigned.statusCode).toBe(200);
    await waitFor(
      'the assignment on the technician’s list',
      () => ticketEvents(technician).some((d) => d.change === 'assigned'),
      5000,
    );
    expect(ticketEvents(technician).find((d) => d.change === 'assigned')).toEqual({
      ticketId: id,
      change: 'assigned',
      status: 'assigned',
    });
    expect(ticketEvents(planner).map((d) => d.change)).toEqual(expect.arrayContaining(['opened', 'triaged', 'assigned']));
    expect(security.some((m) => m.event === 'maintenance.ticket')).toBe(false);
  });

  it('MNT-3 pushes a ticket another context opens only once its transaction committed', async () => {
    const planner: Received[] = [];
    await connectAs('maintenance_planner', planner);
    const actor = systemActor('rules');
    const input = (title: string) => ({
      source: 'rule' as const,
      title,
      description: 'Vibration rising',
      place: { text: 'Pump room' },
    });
    await expect(
      hub.database.db.transaction(async (tx) => {
        await hub.services.maintenance.openTicket(tx, actor, input('Rolled back'));
        throw new Error('the rule failed after opening');
      }),
    ).rejects.toThrow('the rule failed');
    const opened = await hub.database.db.transaction((tx) => hub.services.maintenance.openTicket(tx, actor, input('Pump A')));
    const pushed = await waitFor(
      'the rule’s ticket',
      () => planner.find((m) => m.event === 'maintenance.ticket' && (m.data as { ticketId: number }).ticketId === opened.id),
      5000,
    );
    expect(pushed.data).toEqual({ ticketId: opened.id, change: 'opened', status: 'submitted' });
    // The rolled-back ticket took the id before: it never went out.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(planner.filter((m) => m.event === 'maintenance.ticket').map((m) => (m.data as { ticketId: number }).ticketId)).toEqual(
      [opened.id],
    );
  });

  it('sends alert changes to the rooms of their category, and replays what a reconnecting client missed', async () => {
    const security: Received[] = [];
    const socket = await connectAs('security_officer', security);
    const canteen: Received[] = [];
    await connectAs('canteen_manager', canteen);
    await hub.services.alerts.raise({
      ruleId: 'access.passback',
      category: 'access',
      subject: 'card:C77',
      site: 'main',
      severity: 'warning',
      title: 'Passback',
      message: 'in twice without out',
      evidence: {},
      at: new Date(),
    });
    const raised = await waitFor('alert raised', () => security.find((m) => m.event === 'alert'), 5000);
    expect(raised.data).toMatchObject({ change: 'raised', alert: { subject: 'card:C77' } });
    expect(canteen.some((m) => m.event === 'alert')).toBe(false);

    socket.disconnect();
    await hub.services.alerts.raise({
      ruleId: 'access.passback',
      category: 'access',
      subject: 'card:C78',
      site: 'main',
      severity: 'warning',
      title: 'Passback',
      message: 'in twice without out',
      evidence: {},
      at: new Date(),
    });
    const again: Received[] = [];
    const back = await connectAs('security_officer', again);
    const replay = (await back.emitWithAck('resume', raised.seq)) as {
      gap: boolean;
      messages: Array<{ event: string; data: { alert?: { subject: string } } }>;
    };
    expect(replay.gap).toBe(false);
    expect(replay.messages.filter((m) => m.event === 'alert').map((m) => m.data.alert?.subject)).toEqual(['card:C78']);
  });
});
