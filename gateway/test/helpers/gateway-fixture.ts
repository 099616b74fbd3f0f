import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceKind } from '@campus/protocol';
import type { Db } from '@campus/storage';
import pino from 'pino';
import { type GatewayConfig, loadGatewayConfig } from '../../src/config.ts';
import { Gateway } from '../../src/gateway.ts';

export const TEST_SITE = 'testsite';
export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface TestDevice {
  id: string;
  kind: DeviceKind;
  site: string;
  secret: string;
}

export const TEST_DEVICES: TestDevice[] = [
  { id: 'gate-t1', kind: 'gate', site: TEST_SITE, secret: 'gate-t1-secret-0001' },
  { id: 'gate-t2', kind: 'gate', site: TEST_SITE, secret: 'gate-t2-secret-0002' },
  { id: 'pos-t1', kind: 'terminal', site: TEST_SITE, secret: 'pos-t1-secret-00003' },
  { id: 'scale-t1', kind: 'scale', site: TEST_SITE, secret: 'scale-t1-secret-004' },
  { id: 'sensor-t1', kind: 'sensor', site: TEST_SITE, secret: 'sensor-t1-secret-05' },
];

export function testGatewayConfig(spoolDir: string, overrides: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig({
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    SPOOL_DIR: spoolDir,
    SPOOL_RETRY_MS: '50',
    DEVICE_SEED: 'none',
    ...overrides,
  });
}

export interface GatewayFixture {
  gateway: Gateway;
  spoolDir: string;
  port: number;
  restart(overrides?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

/** A started gateway with the test devices registered, on a fresh spool directory. */
export async function startTestGateway(
  db: Db,
  overrides: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<GatewayFixture> {
  const spoolDir = await mkdtemp(join(tmpdir(), 'campus-spool-'));
  const fixture: GatewayFixture = {
    gateway: new Gateway({ config: testGatewayConfig(spoolDir, overrides), db, log: silentLog, ...options }),
    spoolDir,
    port: 0,
    async restart(next = overrides) {
      await fixture.gateway.stop();
      // The same MQTT port, so reconnecting publishers find the new broker.
      fixture.gateway = new Gateway({
        config: testGatewayConfig(spoolDir, { ...next, MQTT_PORT: String(fixture.port) }),
        db,
        log: silentLog,
        ...options,
      });
      await fixture.gateway.start();
    },
    async stop() {
      await fixture.gateway.stop();
      await rm(spoolDir, { recursive: true, force: true });
    },
  };
  await fixture.gateway.start();
  for (const device of TEST_DEVICES) await fixture.gateway.registry.register(device);
  fixture.port = fixture.gateway.mqttPort ?? 0;
  return fixture;
}
