import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOpcuaConfig } from '../../gateway/src/sources/opcua-config.ts';
import type { GatewayFixture } from '../../gateway/test/helpers/gateway-fixture.ts';
import { DEMO_FLEET } from '../src/fleet.ts';
import { rows, startGatewayWithFleet } from './helpers.ts';

/** `npm run sims -- …` as a user runs it: a child process against the real gateway. */

const CLI = join(import.meta.dirname, '../src/cli.ts');
const ROOT = join(import.meta.dirname, '../..');

function run(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SIMS_MQTT_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the simulators CLI (npm run sims)', () => {
  let database: TestDatabase;
  let fixture: GatewayFixture;
  let dir: string;
  let url: string;
  let fleetFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-sims-cli-'));
    database = await createTestDatabase('pglite');
    fixture = await startGatewayWithFleet(database.db);
    url = `mqtt://127.0.0.1:${fixture.port}`;
    fleetFile = join(dir, 'fleet.json');
    await writeFile(fleetFile, JSON.stringify(DEMO_FLEET));
  });

  afterAll(async () => {
    await fixture?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const count = async (table: string, pattern: string) =>
    Number(
      (
        await rows(database.db, `SELECT count(DISTINCT (device_id, event_id)) AS n FROM ${table} WHERE event_id LIKE $1`, [
          pattern,
        ])
      )[0]?.n,
    );

  it('load: several processes at a target rate, QoS 1, reporting what they sent (and all of it is stored)', async () => {
    const result = await run([
      'load',
      '--url',
      url,
      '--devices',
      fleetFile,
      '--rate',
      '300',
      '--duration',
      '2s',
      '--processes',
      '2',
      '--run-tag',
      'cliload',
      '--json',
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      sent: number;
      acked: number;
      failed: number;
      reports: unknown[];
      sentByKind: Record<string, number>;
    };
    expect(report.reports).toHaveLength(2);
    expect(report.failed).toBe(0);
    expect(report.acked).toBe(report.sent);
    expect(report.sent).toBeGreaterThan(100);
    let stored = 0;
    for (const table of ['gate_swipes', 'terminal_orders', 'scale_readings', 'sensor_readings'])
      stored += await count(table, 'cliload-%');
    expect(stored).toBe(report.sent);
    for (const kind of ['gate', 'terminal', 'scale', 'sensor']) expect(report.sentByKind[kind]).toBeGreaterThan(0);
  });

  it('profile: replays the last hour at full speed and reports', async () => {
    const result = await run([
      'profile',
      '--url',
      url,
      '--start',
      '-1h',
      '--speed',
      'max',
      '--duration',
      '1h',
      '--residents',
      '50',
      '--seed',
      '3',
      '--json',
      '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { stats: { sent: number; acked: number; failed: number } };
    expect(report.stats.sent).toBeGreaterThan(3 * 360);
    expect(report.stats).toMatchObject({ failed: 0, acked: report.stats.sent });
    expect(result.stderr).toMatch(/campus profile: 11 devices/);
  });

  it('scenario: plays one, prints what a rules engine should conclude, and the events are stored', async () => {
    const result = await run(['scenario', 'impossible-travel', '--url', url, '--run-tag', 'clitravel', '--json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { scenario: string; expected: Array<{ rule: string; subject: string }> };
    expect(report.expected).toEqual([expect.objectContaining({ rule: 'access.impossible_travel', subject: 'card:C20269031' })]);
    expect(await count('gate_swipes', 'clitravel.%')).toBe(2);
    const plain = await run(['scenario', 'passback', '--url', url, '--run-tag', 'clipassback']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toMatch(/access\.passback card:C20269021/);
    expect(plain.stderr).toMatch(/passback done \| .*sent 2 ok 2 err 0/);
  });

  it('lists the scenarios; refuses unknown commands, scenarios and options with exit code 2', async () => {
    const list = await run(['scenario', '--list']);
    expect(list.code).toBe(0);
    for (const name of [
      'night-intrusion',
      'passback',
      'impossible-travel',
      'revoked-card',
      'curfew-breach',
      'gate-offline',
      'stock-depletion',
      'bearing-degradation',
      'chiller-overheating',
      'malformed-burst',
    ]) {
      expect(list.stdout).toContain(name);
    }
    expect((await run(['fly'])).code).toBe(2);
    expect((await run(['scenario', 'alien-invasion'])).code).toBe(2);
    expect((await run(['profile', '--speed', 'slow'])).code).toBe(2);
    expect((await run(['profile', '--no-such-option'])).code).toBe(2);
    const badFleet = join(dir, 'bad-fleet.json');
    await writeFile(badFleet, JSON.stringify([{ id: 'x', kind: 'sensor', site: 'main', secret: 's' }]));
    const bad = await run(['profile', '--devices', badFleet]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/a sensor needs assetId/);
  });

  it("opcua-mapping: prints a mapping the gateway accepts; deploy/opcua/demo.json is the compose demo's, up to date", async () => {
    const result = await run(['opcua-mapping', '--endpoint', 'opc.tcp://sims:4840/campus']);
    expect(result.code, result.stderr).toBe(0);
    const mapping = parseOpcuaConfig(JSON.parse(result.stdout), {});
    expect(mapping.endpoints[0]).toMatchObject({
      url: 'opc.tcp://sims:4840/campus',
      deviceId: 'opcua-plant-01',
      securityMode: 'None',
    });
    expect(mapping.endpoints[0]?.nodes.length).toBeGreaterThan(30);
    expect(await readFile(join(ROOT, 'deploy/opcua/demo.json'), 'utf8')).toBe(result.stdout);
  });
});
