import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRootLogger } from '@campus/gateway';
import type { Role } from '@campus/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { type Browser, chromium, type Page } from 'playwright-core';
import { systemActor } from '../../hub/src/actor.ts';
import { loadHubConfig } from '../../hub/src/config.ts';
import { type Runtime, startRuntime } from '../../hub/src/runtime.ts';

export const DASHBOARD_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = join(DASHBOARD_DIR, 'e2e', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Debian's Chromium, never a downloaded browser; flags for a headless machine without a GPU or a sandbox. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const PASSWORD = 'e2e-password-1234';
export const ADMIN_PASSWORD = 'e2e-admin-password-1';

async function newest(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = info.mtimeMs;
  for (const entry of await readdir(path)) max = Math.max(max, await newest(join(path, entry)));
  return max;
}

/** Builds dashboard/dist when it is missing or older than the sources (CI builds first: then this is a no-op). */
export async function ensureBuilt(): Promise<void> {
  const built = await stat(join(DASHBOARD_DIR, 'dist', 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newest(join(DASHBOARD_DIR, 'src')),
    await newest(join(DASHBOARD_DIR, 'index.html')),
    await newest(join(DASHBOARD_DIR, 'vite.config.ts')),
  );
  if (built >= sources) return;
  const { build } = await import('vite');
  // Under vitest NODE_ENV is `test`, which Vite would honour with React's development build: build what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: DASHBOARD_DIR, mode: 'production', logLevel: 'warn', configFile: join(DASHBOARD_DIR, 'vite.config.ts') });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export interface Hub {
  runtime: Runtime;
  url: string;
  mqttPort: number;
  dataDir: string;
  users: Map<string, number>;
  /** Creates a user through the identity service (no forced password change). */
  createUser(username: string, roles: Role[], displayName?: string): Promise<number>;
  /** Calls the API as a user (bearer token from POST /api/auth/login). */
  api<T>(username: string, method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** A real hub in-process: embedded TimescaleDB in a temp DATA_DIR, broker, gateway, rules, API, live channel, the built dashboard. */
export async function startHub(): Promise<Hub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'campus-dashboard-e2e-'));
  const config = loadHubConfig({
    DATA_DIR: dataDir,
    HUB_PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    DEVICE_SEED: 'demo',
    LOG_LEVEL: 'silent',
    HUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    HUB_LOGIN_ATTEMPTS_PER_MINUTE: '1000',
  });
  const runtime = await startRuntime(config, createRootLogger({ level: 'silent' }));
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(runtime.app.server.address() as AddressInfo).port}`;
  const mqttPort = runtime.gateway.mqttPort;
  if (!mqttPort) throw new Error('the embedded broker has no port');
  const users = new Map<string, number>();
  const tokens = new Map<string, string>();
  const passwords = new Map<string, string>([['admin', ADMIN_PASSWORD]]);
  const system = systemActor('e2e');
  const api = async <T>(username: string, method: string, path: string, body?: unknown): Promise<T> => {
    let token = tokens.get(username);
    if (!token) {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: passwords.get(username) ?? PASSWORD }),
      });
      if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
      token = ((await login.json()) as { token: string }).token;
      tokens.set(username, token);
    }
    const response = await fetch(`${url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    runtime,
    url,
    mqttPort,
    dataDir,
    users,
    async createUser(username, roles, displayName) {
      const row = await runtime.services.identity.createUser(system, {
        username,
        displayName: displayName ?? username,
        password: PASSWORD,
        roles,
      });
      users.set(username, Number(row.id));
      return Number(row.id);
    },
    api,
    async stop() {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A demo device over MQTT (docs/device-protocol.md: username = device id, secret demo-<id>-secret). */
export async function connectDevice(port: number, deviceId: string): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: `${deviceId}-${Math.random().toString(16).slice(2, 8)}`,
    username: deviceId,
    password: `demo-${deviceId}-secret`,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
}

export function publish(client: MqttClient, topic: string, payload: unknown): Promise<unknown> {
  return client.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
}

export async function signIn(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel(/Username|用户名/).fill(username);
  await page.getByLabel(/^(Password|密码)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
}

export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
