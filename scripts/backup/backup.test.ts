import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_MIGRATIONS } from '@campus/gateway';
import { createPgliteDb, type Db, migrate, type Queryable } from '@campus/storage';
import { createTestDatabase, type TestAdapter, type TestDatabase, testAdapters } from '@campus/storage/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupCli } from './backup.ts';
import { LOAD_TIMESCALEDB } from './embedded.ts';

/**
 * DAT-4: data written → full backup → more data (today's events, a late event replayed into
 * an old day, trimmed dead letters, registry and domain-like rows) → incremental backups →
 * the database wiped → restore → every table, sequence and rollup compared with the original.
 */

const DAY_MS = 86_400_000;

/** A domain-like pair of tables: identity key, foreign key, generated column, sequence. */
const EXTRA_TABLES = `
  CREATE TABLE backup_test_parent (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
  CREATE TABLE backup_test_child (
    id serial PRIMARY KEY,
    parent_id integer NOT NULL REFERENCES backup_test_parent (id),
    amount integer NOT NULL,
    doubled integer GENERATED ALWAYS AS (amount * 2) STORED
  );`;

async function writeEvents(db: Queryable, from: number, count: number, base: Date, stepMs: number): Promise<void> {
  await db.query(
    `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted, reason)
     SELECT $1::timestamptz - i * ($2 || ' milliseconds')::interval, now(), 'north', 'gate-01', 'e-' || i, 'C' || i, 'in', i % 5 <> 0, NULL
     FROM generate_series($3::int, $4::int) AS i`,
    [base.toISOString(), String(stepMs), from, from + count - 1],
  );
  await db.query(
    `INSERT INTO sensor_readings (ts, received_at, site, device_id, event_id, asset_id, metric, value, unit)
     SELECT $1::timestamptz - i * ($2 || ' milliseconds')::interval, now(), 'north', 'sensor-01', 's-' || i, 'A-1', 'temperature', i * 0.1, '°C'
     FROM generate_series($3::int, $4::int) AS i`,
    [base.toISOString(), String(stepMs), from, from + count - 1],
  );
  await db.query(
    `INSERT INTO dead_letters (received_at, device_id, topic, reason, detail, payload)
     SELECT $1::timestamptz - i * ($2 || ' milliseconds')::interval, 'gate-01', 'campus/north/gate/gate-01/swipe', 'malformed_json', 'x', '\\xdeadbeef'::bytea
     FROM generate_series($3::int, $4::int) AS i`,
    [base.toISOString(), String(stepMs * 7), from, from + Math.ceil(count / 10)],
  );
}

/**
 * Every base table's rows (hashed) and every sequence. Views are left out: a float average
 * over rows read in another physical order may differ in the last bit; the rollups are
 * compared by their integer counts below instead.
 */
async function fingerprint(db: Queryable): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const tables = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1`,
  );
  for (const { name } of tables) {
    const rows = await db.query<{ n: string | number; h: string }>(
      `SELECT count(*) AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM ${name} AS t`,
    );
    result[name] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  const sequences = await db.query<{ name: string; v: string | null }>(
    'SELECT sequencename AS name, last_value::text AS v FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1',
  );
  for (const sequence of sequences) result[`seq ${sequence.name}`] = String(sequence.v);
  return result;
}

interface Store {
  env: Record<string, string>;
  open(): Promise<Db>;
  wipe(): Promise<void>;
  cleanup(): Promise<void>;
}

async function storeFor(adapter: TestAdapter, root: string): Promise<Store> {
  if (adapter === 'pglite') {
    const dataDir = join(root, 'data');
    return {
      env: { DATA_DIR: dataDir },
      async open() {
        const db = await createPgliteDb(join(dataDir, 'timescaledb'));
        // As the backup CLI does: see LOAD_TIMESCALEDB in embedded.ts.
        await db.exec(LOAD_TIMESCALEDB);
        return db;
      },
      wipe: () => rm(dataDir, { recursive: true, force: true }),
      cleanup: async () => {},
    };
  }
  const database: TestDatabase = await createTestDatabase('pg');
  await database.db.close();
  const url = database.url ?? '';
  return {
    env: { DATABASE_URL: url },
    open: async () => (await import('@campus/storage')).createPgDb({ connectionString: url, maxConnections: 2 }),
    async wipe() {
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await admin.end();
    },
    cleanup: () => database.drop(),
  };
}

describe.each(testAdapters())('backups of the %s store', (adapter) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('DAT-4 full + incremental backups restore every row after the database is wiped', async () => {
    const root = await mkdtemp(join(tmpdir(), 'campus-backup-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const store = await storeFor(adapter, root);
    cleanups.push(() => store.cleanup());
    const dir = join(root, 'backups');
    const lines: string[] = [];
    const backup = (...args: string[]) =>
      runBackupCli([...args, '--dir', dir], { env: store.env, out: (line) => lines.push(line), err: (line) => lines.push(line) });
    const now = new Date();

    // Day 0..2 of data, then the first full backup.
    let db = await store.open();
    await migrate(db, 'gateway', GATEWAY_MIGRATIONS);
    expect(db.timescale).toBe(adapter === 'pglite');
    await db.exec(EXTRA_TABLES);
    await db.query("INSERT INTO devices (id, kind, site, secret_hash) VALUES ('gate-01', 'gate', 'north', '$7$x')");
    await db.query("INSERT INTO backup_test_parent (name) VALUES ('boiler room'), ('kitchen')");
    await db.query('INSERT INTO backup_test_child (parent_id, amount) VALUES (1, 10), (2, 20)');
    await writeEvents(db, 1, 300, now, 10 * 60_000);
    await db.close();
    expect(await backup('full'), lines.join('\n')).toBe(0);

    // Today's events, a late event into an old day (a gateway spool replay), trimmed dead
    // letters, a new device and domain rows; then an incremental.
    db = await store.open();
    await writeEvents(db, 1000, 50, new Date(now.getTime() + 60_000), 1000);
    await db.query(
      `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted)
       VALUES ($1, now(), 'north', 'gate-01', 'late-1', 'C9', 'out', true)`,
      [new Date(now.getTime() - 2 * DAY_MS + 3_600_000).toISOString()],
    );
    await db.query('DELETE FROM dead_letters WHERE id <= 5');
    await db.query("INSERT INTO devices (id, kind, site, secret_hash) VALUES ('sensor-01', 'sensor', 'north', '$7$y')");
    await db.query("UPDATE devices SET label = 'north gate' WHERE id = 'gate-01'");
    await db.query("INSERT INTO backup_test_parent (name) VALUES ('laundry')");
    await db.query('INSERT INTO backup_test_child (parent_id, amount) VALUES (3, 30)');
    await db.close();
    expect(await backup('incremental'), lines.join('\n')).toBe(0);

    // A second incremental on top of the first.
    db = await store.open();
    await writeEvents(db, 2000, 20, new Date(now.getTime() + 120_000), 1000);
    await db.query('DELETE FROM backup_test_child WHERE id = 1');
    const original = await fingerprint(db);
    await db.close();
    expect(await backup('incremental'), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/incremental backup .* changed days/);

    const files = await readdir(dir);
    expect(files.filter((file) => file.endsWith('.json'))).toHaveLength(3);

    await store.wipe();
    expect(await backup('restore', '--recreate-database'), lines.join('\n')).toBe(0);
    expect(lines.join('\n')).toMatch(/verified: every day of event data matches/);

    db = await store.open();
    try {
      const restored = await fingerprint(db);
      const differing = Object.keys(original).filter((key) => restored[key] !== original[key]);
      expect(differing.map((key) => `${key}: ${original[key]} → ${restored[key]}`)).toEqual([]);
      expect(restored).toEqual(original);
      // The rollups the dashboards read come back too (continuous aggregates refreshed).
      const rollup = await db.query<{ n: string | number }>('SELECT sum(swipes) AS n FROM gate_swipes_5m');
      const raw = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM gate_swipes');
      expect(Number(rollup[0]?.n)).toBe(Number(raw[0]?.n));
    } finally {
      await db.close();
    }

    // A restore never overwrites a database silently, and refuses a damaged backup.
    expect(await backup('restore')).toBe(1);
    expect(lines.at(-1)).toMatch(adapter === 'pg' ? /not empty/ : /not empty: pass --force/);
    const full = files.find((file) => file.endsWith('.dump') || file.endsWith('.tar.gz')) ?? '';
    await writeFile(join(dir, full), 'damaged');
    expect(await backup('restore', '--force', '--recreate-database')).toBe(1);
    expect(lines.at(-1)).toMatch(/does not match its checksum/);
  });
});
