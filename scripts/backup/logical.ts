import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Db, Queryable } from '@campus/storage';
import type { Manifest, Partitions } from './manifest.ts';

/**
 * The logical incremental backup, the same on every store (server or embedded, with or
 * without TimescaleDB), through the `Db` interface:
 * - Day-partitioned tables (the event hypertables and the dead letters: large, append-mostly)
 *   are compared day by day (UTC) with the previous backup's row counts; each day whose count
 *   changed — today's rows, late events replayed from a gateway spool, trimmed dead letters —
 *   is exported whole, and days that disappeared (retention) are recorded as dropped.
 * - Every other table of the schema (registry, domain state: small) is exported whole.
 * - Sequences are carried over.
 * Restoring replays exactly that onto the restored full backup, so each day equals the source
 * at backup time; the restore then checks every day's count against the manifest.
 */

/** Tables exported by changed day, with their time column. A table growing large belongs here. */
export const DAY_PARTITIONED: Readonly<Record<string, string>> = {
  gate_swipes: 'ts',
  terminal_orders: 'ts',
  scale_readings: 'ts',
  sensor_readings: 'ts',
  dead_letters: 'received_at',
};

const HOUR_MS = 3_600_000;
const INSERT_BATCH_ROWS = 2000;

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Base tables of the current schema. */
export async function baseTables(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const tables = await baseTables(db);
  if (!tables.includes('schema_migrations')) return [];
  const rows = await db.query<{ id: string }>(
    "SELECT component || ':' || version AS id FROM schema_migrations ORDER BY component, version",
  );
  return rows.map((row) => row.id);
}

export async function partitionCounts(db: Queryable): Promise<Partitions> {
  const tables = new Set(await baseTables(db));
  const counts: Partitions = {};
  for (const [table, column] of Object.entries(DAY_PARTITIONED)) {
    if (!tables.has(table)) continue;
    const rows = await db.query<{ day: string; n: string | number }>(
      `SELECT to_char(${ident(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS n
       FROM ${ident(table)} GROUP BY 1 ORDER BY 1`,
    );
    counts[table] = Object.fromEntries(rows.map((row) => [row.day, Number(row.n)]));
  }
  return counts;
}

/** Whole tables in an order that inserts referenced rows before the rows referring to them. */
async function wholeTablesInOrder(db: Queryable): Promise<string[]> {
  const whole = (await baseTables(db)).filter((table) => !(table in DAY_PARTITIONED));
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
     FROM pg_constraint AS c
     JOIN pg_class AS child ON child.oid = c.conrelid
     JOIN pg_class AS parent ON parent.oid = c.confrelid
     WHERE c.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`,
  );
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (ordered.includes(table) || !whole.includes(table)) return;
    if (visiting.has(table)) throw new Error(`foreign keys form a cycle through ${table}: restore order undefined`);
    visiting.add(table);
    for (const edge of edges) if (edge.child === table && edge.parent !== table) visit(edge.parent);
    visiting.delete(table);
    ordered.push(table);
  };
  for (const table of whole) visit(table);
  return ordered;
}

const dayStart = (day: string) => new Date(`${day}T00:00:00Z`);

/** Days whose row count differs from the parent's (new or changed), and days gone since. */
export function diffPartitions(parent: Partitions, current: Partitions) {
  const exported: Record<string, string[]> = {};
  const dropped: Record<string, string[]> = {};
  for (const [table, days] of Object.entries(current)) {
    const before = parent[table] ?? {};
    exported[table] = Object.keys(days).filter((day) => before[day] !== days[day]);
    dropped[table] = Object.keys(before).filter((day) => !(day in days));
  }
  return { exported, dropped };
}

type Line = { h: { wholeTables: string[] } } | { t: string; r: unknown } | { seq: string; v: string };

/**
 * Writes the incremental data file (gzipped JSON lines) inside one REPEATABLE READ
 * transaction, so the counts in the manifest and the rows in the file are the same snapshot.
 */
export async function exportIncremental(
  db: Db,
  parent: Manifest,
  path: string,
): Promise<Pick<Manifest, 'partitions' | 'migrations' | 'changes'>> {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    const migrations = await appliedMigrations(tx);
    if (migrations.join() !== parent.migrations.join()) {
      throw new Error('the schema changed since the last backup (migrations ran): take a full backup first');
    }
    const partitions = await partitionCounts(tx);
    const { exported, dropped } = diffPartitions(parent.partitions, partitions);
    const wholeTables = await wholeTablesInOrder(tx);

    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(path));
    const write = async (line: Line) => {
      if (!gzip.write(`${JSON.stringify(line)}\n`)) await once(gzip, 'drain');
    };
    await write({ h: { wholeTables } });
    for (const [table, days] of Object.entries(exported)) {
      const column = DAY_PARTITIONED[table] ?? 'ts';
      for (const day of days) {
        // An hour at a time: bounded memory whatever a day holds.
        for (let hour = 0; hour < 24; hour++) {
          const from = new Date(dayStart(day).getTime() + hour * HOUR_MS);
          const rows = await tx.query<{ r: unknown }>(
            `SELECT row_to_json(t) AS r FROM ${ident(table)} AS t
             WHERE ${ident(column)} >= $1 AND ${ident(column)} < $2 ORDER BY ${ident(column)}`,
            [from.toISOString(), new Date(from.getTime() + HOUR_MS).toISOString()],
          );
          for (const row of rows) await write({ t: table, r: row.r });
        }
      }
    }
    for (const table of wholeTables) {
      const rows = await tx.query<{ r: unknown }>(`SELECT row_to_json(t) AS r FROM ${ident(table)} AS t`);
      for (const row of rows) await write({ t: table, r: row.r });
    }
    const sequences = await tx.query<{ name: string; v: string | null }>(
      `SELECT sequencename AS name, last_value::text AS v FROM pg_sequences WHERE schemaname = current_schema()`,
    );
    for (const sequence of sequences) if (sequence.v !== null) await write({ seq: sequence.name, v: sequence.v });
    gzip.end();
    await done;
    return { partitions, migrations, changes: { exported, dropped, wholeTables } };
  });
}

async function insertableColumns(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((row) => row.name);
}

/**
 * Applies one incremental onto the database, in one transaction: the exported days replace
 * theirs, dropped days go, whole tables are replaced, sequences move on.
 */
export async function applyIncremental(db: Db, manifest: Manifest, path: string): Promise<void> {
  const changes = manifest.changes;
  if (!changes) throw new Error(`${manifest.id} is not an incremental backup`);
  await db.transaction(async (tx) => {
    const migrations = await appliedMigrations(tx);
    if (migrations.join() !== manifest.migrations.join()) {
      throw new Error(`${manifest.id} was taken on another schema version than the restored database`);
    }
    for (const table of new Set([...Object.keys(changes.dropped), ...Object.keys(changes.exported)])) {
      const column = DAY_PARTITIONED[table] ?? 'ts';
      for (const day of new Set([...(changes.dropped[table] ?? []), ...(changes.exported[table] ?? [])])) {
        const from = dayStart(day);
        await tx.query(`DELETE FROM ${ident(table)} WHERE ${ident(column)} >= $1 AND ${ident(column)} < $2`, [
          from.toISOString(),
          new Date(from.getTime() + 24 * HOUR_MS).toISOString(),
        ]);
      }
    }
    if (changes.wholeTables.length > 0) await tx.query(`TRUNCATE ${changes.wholeTables.map(ident).join(', ')}`);

    const columns = new Map<string, string[]>();
    let table = '';
    let batch: unknown[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      let list = columns.get(table);
      if (!list) {
        list = await insertableColumns(tx, table);
        columns.set(table, list);
      }
      const cols = list.map(ident).join(', ');
      await tx.query(
        `INSERT INTO ${ident(table)} (${cols}) OVERRIDING SYSTEM VALUE
         SELECT ${cols} FROM json_populate_recordset(NULL::${ident(table)}, $1::json) ON CONFLICT DO NOTHING`,
        [JSON.stringify(batch)],
      );
      batch = [];
    };
    const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of lines) {
      if (!text) continue;
      const line = JSON.parse(text) as Line;
      if ('t' in line) {
        if (line.t !== table || batch.length >= INSERT_BATCH_ROWS) {
          await flush();
          table = line.t;
        }
        batch.push(line.r);
      } else if ('seq' in line) {
        await flush();
        await tx.query('SELECT setval($1::regclass, $2::bigint, true)', [ident(line.seq), line.v]);
      }
    }
    await flush();
  });
}

/** Brings continuous aggregates up to date after rows were written below their watermark. */
export async function refreshContinuousAggregates(db: Db): Promise<void> {
  const extension = await db.query<{ on: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS on",
  );
  if (extension[0]?.on !== true) return;
  const views = await db.query<{ name: string }>(
    `SELECT view_name AS name FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema()`,
  );
  for (const view of views) await db.query(`CALL refresh_continuous_aggregate('${ident(view.name)}', NULL, NULL)`);
}

/** Differences between the restored database's day counts and the manifest's ("" when equal). */
export function comparePartitions(expected: Partitions, actual: Partitions): string[] {
  const problems: string[] = [];
  for (const [table, days] of Object.entries(expected)) {
    for (const [day, count] of Object.entries(days)) {
      const got = actual[table]?.[day] ?? 0;
      if (got !== count) problems.push(`${table} ${day}: ${got} rows, the backup had ${count}`);
    }
    for (const day of Object.keys(actual[table] ?? {})) {
      if (!(day in days)) problems.push(`${table} ${day}: rows the backup did not have`);
    }
  }
  return problems;
}
