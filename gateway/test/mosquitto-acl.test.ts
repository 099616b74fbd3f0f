import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMMAND_STREAM, type DeviceKind, deviceTopic, eventTopic, STATUS_STREAM } from '@campus/protocol';
import { migrate } from '@campus/storage';
import { createTestDatabase, type TestDatabase } from '@campus/storage/testing';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMosquittoFiles } from '../src/cli/mosquitto-config.ts';
import { DeviceRegistry } from '../src/registry/device-registry.ts';
import { mosquittoAclFile, mosquittoPasswordFile } from '../src/registry/mosquitto-files.ts';
import { verifySecret } from '../src/registry/secrets.ts';
import { GATEWAY_MIGRATIONS } from '../src/schema.ts';
import { connectMqtt, eventually, freePort, type MosquittoProcess, startMosquitto } from './support-mosquitto.ts';

/**
 * Client mode's security rests on Mosquitto accepting what the registry exports: our PBKDF2
 * `$7$` hashes in its password_file and our per-device topic rights in its acl_file. This runs
 * a real Mosquitto on those files and attacks it with real clients.
 */

const SITE = 'acl';
const SHARE_GROUP = 'acl-test';
const GATEWAY_USER = 'gw-acl';
const SUBACK_FAILURE = [0x80, 0x87];

interface Delivered {
  topic: string;
  payload: string;
}

describe('Mosquitto with the registry’s passwd and acl', () => {
  let database: TestDatabase;
  let dir: string;
  let broker: MosquittoProcess;
  let url: string;
  let gatewayPassword: string;
  const secrets = new Map<string, string>();
  const clients: MqttClient[] = [];
  let gateway: MqttClient;
  const delivered: Delivered[] = [];

  const device = async (id: string, protocolVersion: 4 | 5 = 4): Promise<MqttClient> => {
    const client = await connectMqtt(url, { username: id, password: secrets.get(id) ?? '', protocolVersion, clean: true });
    clients.push(client);
    return client;
  };

  /** Waits for `sentinel` at the gateway; everything the broker forwarded before it is in `delivered` by then. */
  const deliveredUpTo = (sentinel: string): Promise<Delivered[]> =>
    eventually(`delivery of ${sentinel}`, async () => {
      const index = delivered.findIndex((message) => message.payload === sentinel);
      return index < 0 ? undefined : delivered.slice(0, index + 1);
    });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await migrate(database.db, 'gateway', GATEWAY_MIGRATIONS);
    const registry = new DeviceRegistry(database.db);
    const devices: Array<[string, DeviceKind]> = [
      ['gate-a', 'gate'],
      ['gate-b', 'gate'],
      ['sensor-a', 'sensor'],
      ['gate-off', 'gate'],
    ];
    for (const [id, kind] of devices) {
      const { secret } = await registry.register({ id, kind, site: SITE });
      secrets.set(id, secret);
    }
    await registry.setEnabled('gate-off', false);

    dir = await mkdtemp(join(tmpdir(), 'campus-mosquitto-acl-'));
    const port = await freePort();
    const written = await writeMosquittoFiles(registry.rows(), {
      outDir: dir,
      gatewayUser: GATEWAY_USER,
      shareGroup: SHARE_GROUP,
      port,
      keepGatewayPassword: false,
    });
    gatewayPassword = written.gatewayPassword ?? '';
    if (process.getuid?.() === 0) {
      // Started as root, Mosquitto drops to the `mosquitto` user, which cannot read a 0600
      // passwd in a 0700 temp directory owned by root. Production installs chown the files.
      await appendFile(written.confFile, 'user root\n');
    }
    broker = await startMosquitto(written.confFile, port);
    url = `mqtt://127.0.0.1:${port}`;

    gateway = await connectMqtt(url, { username: GATEWAY_USER, password: gatewayPassword, protocolVersion: 5 });
    clients.push(gateway);
    gateway.on('message', (topic, payload) => delivered.push({ topic, payload: payload.toString() }));
    const granted = await gateway.subscribeAsync(`$share/${SHARE_GROUP}/campus/+/+/+/+`, { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => {})));
    await broker?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes what the pure functions produce: enabled devices only, gateway user first', async () => {
    const registry = new DeviceRegistry(database.db);
    await registry.load();
    const passwd = await readFile(join(dir, 'passwd'), 'utf8');
    const users = passwd
      .trim()
      .split('\n')
      .map((line) => line.split(':')[0]);
    expect(users).toEqual([GATEWAY_USER, 'gate-a', 'gate-b', 'sensor-a']);
    const gatewayHash = passwd.split('\n')[0]?.slice(GATEWAY_USER.length + 1) ?? '';
    expect(verifySecret(gatewayPassword, gatewayHash)).toBe(true);
    expect(passwd).toBe(mosquittoPasswordFile(registry.rows(), { username: GATEWAY_USER, secretHash: gatewayHash }));
    expect(await readFile(join(dir, 'acl'), 'utf8')).toBe(
      mosquittoAclFile(registry.rows(), { username: GATEWAY_USER, shareGroup: SHARE_GROUP }),
    );
  });

  it('reads hashes made by mosquitto_passwd (the $7$ format both ways)', async () => {
    const file = join(dir, 'mosquitto_passwd-made');
    await promisify(execFile)('mosquitto_passwd', ['-c', '-b', file, 'someone', 'a-password-of-some-length']);
    const hash = (await readFile(file, 'utf8')).trim().slice('someone:'.length);
    expect(hash).toMatch(/^\$7\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(verifySecret('a-password-of-some-length', hash)).toBe(true);
    expect(verifySecret('another-password', hash)).toBe(false);
  });

  it.each([4, 5] as const)('accepts a device with its registry secret (MQTT protocol level %i)', async (version) => {
    const client = await device('gate-a', version);
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('refuses a wrong secret at CONNECT', async () => {
    await expect(
      connectMqtt(url, { username: 'gate-a', password: 'not-the-secret-at-all', protocolVersion: 4 }),
    ).rejects.toMatchObject({ code: 5 });
    await expect(
      connectMqtt(url, { username: 'gate-a', password: 'not-the-secret-at-all', protocolVersion: 5 }),
    ).rejects.toMatchObject({ code: 135 });
  });

  it('refuses an unknown device, a disabled device and an anonymous client at CONNECT', async () => {
    await expect(connectMqtt(url, { username: 'gate-zz', password: secrets.get('gate-a') ?? '' })).rejects.toMatchObject({
      code: 5,
    });
    await expect(connectMqtt(url, { username: 'gate-off', password: secrets.get('gate-off') ?? '' })).rejects.toMatchObject({
      code: 5,
    });
    await expect(connectMqtt(url, {})).rejects.toMatchObject({ code: 5 });
  });

  it("delivers a device's own event and status to the gateway user's shared subscription", async () => {
    const client = await device('gate-a');
    await client.publishAsync(eventTopic(SITE, 'gate', 'gate-a'), 'own-event', { qos: 1 });
    await client.publishAsync(deviceTopic(SITE, 'gate', 'gate-a', STATUS_STREAM), 'own-status', { qos: 1 });
    const seen = await deliveredUpTo('own-status');
    expect(seen).toEqual(
      expect.arrayContaining([
        { topic: 'campus/acl/gate/gate-a/swipe', payload: 'own-event' },
        { topic: 'campus/acl/gate/gate-a/status', payload: 'own-status' },
      ]),
    );
  });

  it("does not deliver a publish on another device's topic, nor on a wrong stream or kind", async () => {
    const client = await device('gate-a');
    // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges and drops. Messages from one
    // client reach a subscriber in order, so once the sentinel arrives, anything let through
    // before it would have arrived too.
    await client.publishAsync(eventTopic(SITE, 'gate', 'gate-b'), 'forged-other-device', { qos: 1 });
    await client.publishAsync(eventTopic(SITE, 'sensor', 'sensor-a'), 'forged-other-kind', { qos: 1 });
    await client.publishAsync(deviceTopic(SITE, 'gate', 'gate-a', 'telemetry'), 'forged-stream', { qos: 1 });
    await client.publishAsync(deviceTopic('other-site', 'gate', 'gate-a', 'swipe'), 'forged-site', { qos: 1 });
    await client.publishAsync(deviceTopic(SITE, 'gate', 'gate-a', COMMAND_STREAM), 'forged-command', { qos: 1 });
    await client.publishAsync(eventTopic(SITE, 'gate', 'gate-a'), 'sentinel-after-forgeries', { qos: 1 });
    const payloads = (await deliveredUpTo('sentinel-after-forgeries')).map((message) => message.payload);
    expect(payloads.filter((payload) => payload.startsWith('forged-'))).toEqual([]);

    // MQTT 5 says so: PUBACK 0x87 (not authorized), which mqtt.js turns into a rejection.
    const v5 = await device('gate-a', 5);
    await expect(v5.publishAsync(eventTopic(SITE, 'gate', 'gate-b'), 'forged-v5', { qos: 1 })).rejects.toThrow();
  });

  it("delivers nothing from another device's command topic to a device that subscribes to it", async () => {
    const spy = await device('gate-a');
    const received: Delivered[] = [];
    spy.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
    // Mosquitto 2.0.11's acl_file is checked when a message is delivered, not at SUBSCRIBE:
    // the SUBACK may grant the subscription (it does in 2.0.11), but read rights filter every
    // message. Accept a refusing SUBACK too (newer brokers, plugins); what matters is delivery.
    const foreign = await spy.subscribeAsync(deviceTopic(SITE, 'gate', 'gate-b', COMMAND_STREAM), { qos: 1 });
    const wildcard = await spy.subscribeAsync('campus/#', { qos: 1 });
    for (const granted of [...foreign, ...wildcard]) expect([1, ...SUBACK_FAILURE]).toContain(granted.qos);
    const own = await spy.subscribeAsync(deviceTopic(SITE, 'gate', 'gate-a', COMMAND_STREAM), { qos: 1 });
    expect(own[0]?.qos).toBe(1);

    const other = await device('gate-b');
    await other.publishAsync(eventTopic(SITE, 'gate', 'gate-b'), 'event-of-b', { qos: 1 });
    await gateway.publishAsync(deviceTopic(SITE, 'gate', 'gate-b', COMMAND_STREAM), 'command-for-b', { qos: 1 });
    await gateway.publishAsync(deviceTopic(SITE, 'gate', 'gate-a', COMMAND_STREAM), 'command-for-a', { qos: 1 });
    await eventually('command-for-a at gate-a', async () =>
      received.some((message) => message.payload === 'command-for-a') ? true : undefined,
    );
    expect(received).toEqual([{ topic: 'campus/acl/gate/gate-a/command', payload: 'command-for-a' }]);
  });

  it('lets a device subscribe to its own command topic and receive the gateway’s command', async () => {
    const client = await device('sensor-a', 5);
    const received: Delivered[] = [];
    client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
    const topic = deviceTopic(SITE, 'sensor', 'sensor-a', COMMAND_STREAM);
    const granted = await client.subscribeAsync(topic, { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    await gateway.publishAsync(topic, '{"command":"calibrate"}', { qos: 1 });
    await eventually('the command at sensor-a', async () => (received.length > 0 ? true : undefined));
    expect(received).toEqual([{ topic, payload: '{"command":"calibrate"}' }]);
  });

  it('picks up regenerated files on SIGHUP: a new device gets in, a disabled one is cut off, the gateway stays', async () => {
    const registry = new DeviceRegistry(database.db);
    await registry.load();
    const { secret } = await registry.register({ id: 'scale-new', kind: 'scale', site: SITE });
    const gateB = await device('gate-b');
    const closed = new Promise<void>((resolve) => gateB.once('close', () => resolve()));
    await registry.setEnabled('gate-b', false);

    const written = await writeMosquittoFiles(registry.rows(), {
      outDir: dir,
      gatewayUser: GATEWAY_USER,
      shareGroup: SHARE_GROUP,
      port: broker.port,
      keepGatewayPassword: true,
    });
    expect(written.gatewayPassword).toBeUndefined();
    broker.reload();

    await closed;
    const scale = await eventually('scale-new accepted after the reload', async () => {
      try {
        return await connectMqtt(url, { username: 'scale-new', password: secret });
      } catch {
        return undefined;
      }
    });
    clients.push(scale);
    await scale.publishAsync(eventTopic(SITE, 'scale', 'scale-new'), 'after-reload', { qos: 1 });
    await deliveredUpTo('after-reload');
    expect(gateway.connected).toBe(true);
    await expect(connectMqtt(url, { username: 'gate-b', password: secrets.get('gate-b') ?? '' })).rejects.toMatchObject({
      code: 5,
    });
  });
});
