import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from '../../gateway/test/helpers/devices.ts';
import { waitFor } from '../../gateway/test/helpers/wait.ts';
import { HUB_NODE_FLAGS, OLD_SPACE_MB } from '../src/memory-budget.ts';

const ROOT = join(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'hub/src/main.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, MAIN], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('the hub process (npm start)', () => {
  it('is started with the heap budget by npm start and by the container', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.start).toBe(`node ${HUB_NODE_FLAGS.join(' ')} hub/src/main.ts`);
    const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`CMD ["${['node', ...HUB_NODE_FLAGS, 'hub/src/main.ts'].join('", "')}"]`);
  });

  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start on invalid configuration, naming every bad variable', async () => {
    const proc = run({ HUB_PORT: 'http', MQTT_PORT: '-1', DATABASE_URL: 'mysql://x' });
    expect(await proc.exited).toBe(2);
    expect(proc.output()).toMatch(/HUB_PORT/);
    expect(proc.output()).toMatch(/MQTT_PORT/);
    expect(proc.output()).toMatch(/DATABASE_URL/);
  });

  it('starts on the embedded database with the demo devices, ingests, and shuts down cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'campus-hub-'));
    dirs.push(dataDir);
    const [http, mqtt, ws] = [await freePort(), await freePort(), await freePort()];
    const proc = run({
      DATA_DIR: dataDir,
      HUB_HOST: '127.0.0.1',
      HUB_PORT: String(http),
      MQTT_PORT: String(mqtt),
      MQTT_WS_PORT: String(ws),
    });
    await waitFor('the hub to be up', () => proc.output().includes('campus operations hub is up'), 45_000, 100);
    // V8 adds the young generation (three semi-spaces) to the old-space budget.
    const heapLimitMb = Number(/"heapLimitMb":(\d+)/.exec(proc.output())?.[1]);
    expect(heapLimitMb).toBeGreaterThanOrEqual(OLD_SPACE_MB);
    expect(heapLimitMb).toBeLessThan(OLD_SPACE_MB + 32);

    const health = await fetch(`http://127.0.0.1:${http}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', adapter: 'pglite', timescale: true });

    const client = await connectDevice(mqtt, { id: 'gate-01', secret: 'demo-gate-01-secret' });
    await publishEvent(client, { id: 'gate-01', kind: 'gate', site: 'main', secret: '' }, samplePayloads.gate(1));
    await client.endAsync();

    // The first administrator's password was generated into DATA_DIR on this first start.
    const password = (await readFile(join(dataDir, 'admin-password'), 'utf8')).trim();
    const login = await fetch(`http://127.0.0.1:${http}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const events = await fetch(`http://127.0.0.1:${http}/api/ingest/events/gate`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await events.json()) as unknown).toMatchObject({ items: [{ deviceId: 'gate-01', eventId: 'g-1' }] });

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toMatch(/shutting down/);
  });
});
