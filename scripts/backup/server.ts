import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Queryable } from '@campus/storage';
import pg from 'pg';
import { appliedMigrations, partitionCounts } from './logical.ts';
import type { Manifest } from './manifest.ts';

/**
 * Full backups of a PostgreSQL/TimescaleDB server with the server's own tools: `pg_dump -Fc`
 * (consistent, compressed, restorable table by table) and `pg_restore`. For TimescaleDB the
 * restore is wrapped in timescaledb_pre_restore() / timescaledb_post_restore(), as Timescale
 * documents. pg_dump must be at least the server's major version: set PG_BIN to the
 * directory of the right client (e.g. /usr/lib/postgresql/17/bin), or use the backup image.
 */

function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  return process.env.PG_BIN ? join(process.env.PG_BIN, name) : name;
}

/** The URL without its password, and the password for PGPASSWORD: nothing secret on a command line. */
function connection(url: string): { target: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { target: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new Error(`${command} not found: install the PostgreSQL client or set PG_BIN`) : err),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

function clientQueryable(client: pg.Client): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await client.query(sql, params as unknown[] | undefined)).rows as Row[];
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasTimescale(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ on: boolean }>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS on");
  return rows[0]?.on === true;
}

async function assertClientVersion(tool: 'pg_dump' | 'pg_restore', db: Queryable): Promise<void> {
  const version = await run(pgTool(tool), ['--version'], process.env);
  const client = Number(/(\d+)(?:\.\d+)?/.exec(version.stdout)?.[1] ?? 0);
  const rows = await db.query<{ v: string }>('SHOW server_version_num');
  const server = Math.floor(Number(rows[0]?.v ?? 0) / 10000);
  if (client < server) {
    throw new Error(`${tool} ${client} cannot handle a PostgreSQL ${server} server: set PG_BIN to a ${server} client`);
  }
}

/**
 * pg_dump of the whole database from an exported snapshot, so the manifest's day counts are
 * those of exactly the dumped data.
 */
export async function serverFull(url: string, file: string): Promise<Pick<Manifest, 'partitions' | 'migrations' | 'timescale'>> {
  return withClient(url, async (client) => {
    const db = clientQueryable(client);
    await assertClientVersion('pg_dump', db);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]?.s ?? '';
      const partitions = await partitionCounts(db);
      const migrations = await appliedMigrations(db);
      const timescale = await hasTimescale(db);
      const { target, env } = connection(url);
      const dumped = await run(pgTool('pg_dump'), ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`, target], env);
      if (dumped.code !== 0) throw new Error(`pg_dump failed with exit code ${dumped.code}`);
      return { partitions, migrations, timescale };
    } finally {
      await client.query('COMMIT');
    }
  });
}

/**
 * Restores a pg_dump into the database at `url`, which must be empty (or is dropped and
 * created again with `recreate`). Owners and grants are not restored: the roles may not
 * exist on the new server, and the deployment re-applies its grants (db-grants service).
 */
export async function serverRestore(
  url: string,
  file: string,
  options: { timescale: boolean; recreate: boolean },
): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (options.recreate) {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    await withClient(admin.toString(), async (client) => {
      await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    });
  }
  await withClient(url, async (client) => {
    const db = clientQueryable(client);
    await assertClientVersion('pg_restore', db);
    const tables = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    if (Number(tables[0]?.n ?? 0) > 0) {
      throw new Error(`database ${name} is not empty: restore into a new database, or pass --recreate-database`);
    }
    if (options.timescale) {
      await client.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
      await client.query('SELECT timescaledb_pre_restore()');
    }
    const { target, env } = connection(url);
    // Plain PostgreSQL: all or nothing. TimescaleDB: its catalog is restored in pre/post-restore
    // mode, outside one transaction, as Timescale's procedure does it.
    const args = options.timescale
      ? ['--no-owner', '--no-privileges', `--dbname=${target}`, file]
      : ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target}`, file];
    const restored = await run(pgTool('pg_restore'), args, env);
    if (options.timescale) await client.query('SELECT timescaledb_post_restore()');
    if (restored.code !== 0) throw new Error(`pg_restore failed with exit code ${restored.code} (its messages are above)`);
  });
}
