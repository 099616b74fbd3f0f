import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { migrate } from '@campus/storage';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../registry/device-registry.ts';
import { verifySecret } from '../registry/secrets.ts';
import { GATEWAY_MIGRATIONS } from '../schema.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, runDevicesCli } from './run.ts';

const ENTRY = fileURLToPath(new URL('./devices.ts', import.meta.url));

describe.each(testAdapters())('npm run devices (%s)', (adapter) => {
  let database: TestDatabase;
  let outDir: string;

  /** Runs one command over the test database, as a fresh process would (registry re-read). */
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDevicesCli(argv, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: {},
      open: async () => {
        const registry = new DeviceRegistry(database.db);
        await registry.load();
        return { registry, where: 'test database', close: async () => {} };
      },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    await migrate(database.db, 'gateway', GATEWAY_MIGRATIONS);
    outDir = await mkdtemp(join(tmpdir(), 'campus-devices-cli-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('add registers a device and prints a secret that verifies against the stored hash', async () => {
    const result = await run('add', '--id', 'gate-07', '--kind', 'gate', '--site', 'north', '--label', '7号门');
    expect(result.code).toBe(EXIT_OK);
    const secret = /MQTT password \/ 密钥: +(\S+)/.exec(result.out)?.[1] ?? '';
    expect(secret).toHaveLength(32);
    expect(result.out).toContain('campus/north/gate/gate-07/swipe');
    const rows = await database.db.query<{ secret_hash: string; label: string }>(
      "SELECT secret_hash, label FROM devices WHERE id = 'gate-07'",
    );
    expect(rows[0]?.label).toBe('7号门');
    expect(verifySecret(secret, rows[0]?.secret_hash ?? '')).toBe(true);
  });

  it('add refuses an existing id unless --replace, which issues a new secret', async () => {
    const again = await run('add', '--id', 'gate-07', '--kind', 'gate', '--site', 'north');
    expect(again).toMatchObject({ code: EXIT_USAGE, err: expect.stringContaining('id: device gate-07 already exists') });
    const [before] = await database.db.query<{ secret_hash: string }>("SELECT secret_hash FROM devices WHERE id = 'gate-07'");
    const replaced = await run('add', '--id', 'gate-07', '--kind', 'gate', '--site', 'north', '--replace');
    expect(replaced.code).toBe(EXIT_OK);
    const [after] = await database.db.query<{ secret_hash: string }>("SELECT secret_hash FROM devices WHERE id = 'gate-07'");
    expect(after?.secret_hash).not.toBe(before?.secret_hash);
  });

  it.each([
    [['add', '--id', 'x', '--kind', 'lamp', '--site', 'north'], 'kind: must be one of gate, terminal, scale, sensor'],
    [['add', '--id', 'bad/id', '--kind', 'gate', '--site', 'north'], 'id: must be 1-64 letters'],
    [['add', '--id', 'x', '--kind', 'gate', '--site', ''], '--site: required'],
    [['add', '--id', 'x', '--kind', 'gate'], '--site: required'],
    [['add', '--id'], '--id: needs a value'],
    [['list', '--verbose'], '--verbose: unknown option'],
    [['disable', '--id', 'nope'], 'id: no device nope'],
    [['mosquitto', '--out', 'x', '--gateway-user', 'gate-07'], '--gateway-user: gate-07 is a device id'],
    [['mosquitto', '--out', 'x', '--gateway-user', 'gw', '--share-group', 'a/b'], '--share-group: must match'],
    [['mosquitto', '--out', 'x', '--gateway-user', 'gw', '--port', '70000'], '--port: must be an integer 1-65535'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('exits 2 naming the field: %j', async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toContain(message);
  });

  it('disable and enable flip the flag; list shows it as a table and as JSON', async () => {
    await run('add', '--id', 'scale-07', '--kind', 'scale', '--site', 'north');
    expect((await run('disable', '--id', 'scale-07')).code).toBe(EXIT_OK);
    const table = await run('list');
    expect(table.out.split('\n')).toEqual([
      'ID        KIND   SITE   ENABLED  LABEL',
      'gate-07   gate   north  yes',
      'scale-07  scale  north  no',
    ]);
    expect((await run('enable', '--id', 'scale-07')).code).toBe(EXIT_OK);
    expect(JSON.parse((await run('list', '--json')).out)).toEqual([
      { id: 'gate-07', kind: 'gate', site: 'north', label: null, enabled: true },
      { id: 'scale-07', kind: 'scale', site: 'north', label: null, enabled: true },
    ]);
  });

  it('mosquitto writes passwd/acl/conf, prints the gateway password once and keeps it on re-export', async () => {
    const first = await run('mosquitto', '--out', outDir, '--gateway-user', 'gw', '--share-group', 'g1', '--port', '1884');
    expect(first.code).toBe(EXIT_OK);
    const password = /MQTT_PASSWORD=(\S+)/.exec(first.out)?.[1] ?? '';
    const passwd = await readFile(join(outDir, 'passwd'), 'utf8');
    expect(passwd.split('\n')[0]).toMatch(/^gw:\$7\$/);
    expect(verifySecret(password, passwd.split('\n')[0]?.slice('gw:'.length) ?? '')).toBe(true);
    expect(await readFile(join(outDir, 'acl'), 'utf8')).toContain('topic read $share/g1/campus/#');
    const conf = await readFile(join(outDir, 'mosquitto.conf'), 'utf8');
    expect(conf).toContain('listener 1884\nallow_anonymous false\n');
    expect(conf).toContain(`password_file ${outDir}/passwd`);

    const second = await run('mosquitto', '--out', outDir, '--gateway-user', 'gw', '--share-group', 'g1');
    expect(second.out).not.toContain('MQTT_PASSWORD=');
    expect((await readFile(join(outDir, 'passwd'), 'utf8')).split('\n')[0]).toBe(passwd.split('\n')[0]);
  });
});

describe('the devices entry point', () => {
  const node = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, [ENTRY, ...args], { env: { ...process.env, ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
    );

  it('prints help and exits 2 without a command, before touching any database', async () => {
    const result = await node([], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('Usage: npm run devices -- <command> [options]');
  });

  it('exits 1 naming the cause when the database is unreachable', async () => {
    const result = await node(['list'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.code).toBe(EXIT_FAILED);
    expect(result.stderr).toContain('(while opening the device registry)');
  });

  it('exits 2 naming the variable when DATABASE_URL is not a PostgreSQL URL', async () => {
    const result = await node(['list'], { DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain('DATABASE_URL: must match pattern');
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('migrates and uses the database at DATABASE_URL', async () => {
    const database = await createTestDatabase('pg');
    try {
      const env = { DATABASE_URL: database.url ?? '' };
      const added = await node(['add', '--id', 'sensor-09', '--kind', 'sensor', '--site', 'lab'], env);
      expect(added.code).toBe(EXIT_OK);
      expect((await node(['list'], env)).stdout).toContain('sensor-09  sensor  lab   yes');
    } finally {
      await database.drop();
    }
  });
});
