import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createPgDb, createPgliteDb, type Db } from '@campus/storage';
import { assertNotInUse, embeddedFull, embeddedRestore, LOAD_TIMESCALEDB } from './embedded.ts';
import {
  applyIncremental,
  comparePartitions,
  exportIncremental,
  partitionCounts,
  refreshContinuousAggregates,
} from './logical.ts';
import { backupId, chainTo, MANIFEST_FORMAT, type Manifest, readManifests, sha256File, writeManifest } from './manifest.ts';
import { serverFull, serverRestore } from './server.ts';

/**
 * `npm run backup -- <command>` (DAT-4): full and incremental backups of the hub's database
 * and their restore, for a PostgreSQL/TimescaleDB server (DATABASE_URL set) or the embedded
 * store (DATA_DIR/timescaledb). docs/deployment.md ("Backups") explains what each gets.
 */
export const BACKUP_HELP = `Backups / 备份

Usage: npm run backup -- <command> [options]

Commands / 命令:
  full          full backup: pg_dump -Fc (server) or a snapshot of the embedded store    全量备份
  incremental   the days of event data that changed since the last backup, and every     增量备份
                other table whole (needs a full backup first, on the same schema)
  restore       restore the newest backup (or --to ID): its full backup, then each        恢复
                incremental; then checks every day's row count against the backup
  list          list backups by chain                                                     列出备份

Options:
  --dir DIR              backup directory (default BACKUP_DIR, else ./backups)
  --to ID                restore: the backup to restore up to (default the newest)
  --recreate-database    restore (server): drop and create the DATABASE_URL database first
  --force                restore (embedded): keep an existing data directory aside, then restore

Environment / 环境变量:
  DATABASE_URL  the server to back up or restore into; unset: the embedded store under DATA_DIR
  DATA_DIR      default ./data (embedded store in DATA_DIR/timescaledb; stop the hub first)
  BACKUP_DIR    default ./backups
  PG_BIN        directory of pg_dump/pg_restore matching the server's major version

Exit codes: 0 done, 1 failed, 2 invalid command or option.`;

export interface BackupCliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
}

interface Target {
  store: Manifest['store'];
  /** Where the data lives, without secrets: an incremental only continues the same source. */
  source: string;
  url?: string;
  dataDir: string;
}

function targetOf(env: BackupCliIo['env']): Target {
  const url = env.DATABASE_URL || undefined;
  const dataDir = resolve(env.DATA_DIR || './data', 'timescaledb');
  if (url) {
    const parsed = new URL(url);
    return { store: 'server', source: `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`, url, dataDir };
  }
  return { store: 'embedded', source: dataDir, dataDir };
}

async function openTarget(target: Target): Promise<Db> {
  if (target.url) return createPgDb({ connectionString: target.url, maxConnections: 2 });
  await assertNotInUse(target.dataDir);
  const db = await createPgliteDb(target.dataDir);
  await db.exec(LOAD_TIMESCALEDB);
  return db;
}

async function finish(dir: string, partial: Omit<Manifest, 'sha256' | 'bytes' | 'format'>): Promise<Manifest> {
  const path = join(dir, partial.file);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    ...partial,
    sha256: await sha256File(path),
    bytes: (await stat(path)).size,
  };
  await writeManifest(dir, manifest);
  return manifest;
}

async function full(dir: string, target: Target, io: BackupCliIo): Promise<void> {
  const id = backupId('full');
  const file = `${id}.${target.store === 'server' ? 'dump' : 'tar.gz'}`;
  const path = join(dir, file);
  try {
    const taken = target.url ? await serverFull(target.url, path) : await embeddedFull(target.dataDir, path);
    const manifest = await finish(dir, {
      id,
      kind: 'full',
      store: target.store,
      source: target.source,
      createdAt: new Date().toISOString(),
      file,
      ...taken,
    });
    io.out(`full backup ${id}: ${file}, ${manifest.bytes} bytes`);
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

async function incremental(dir: string, target: Target, io: BackupCliIo): Promise<void> {
  const manifests = await readManifests(dir);
  const parent = manifests.filter((manifest) => manifest.source === target.source).at(-1);
  if (!parent) throw new Error(`no backup of ${target.source} in ${dir} yet: run a full backup first`);
  const id = backupId('incremental');
  const file = `${id}.ndjson.gz`;
  const path = join(dir, file);
  const db = await openTarget(target);
  try {
    const taken = await exportIncremental(db, parent, path);
    const manifest = await finish(dir, {
      id,
      kind: 'incremental',
      store: target.store,
      source: target.source,
      timescale: parent.timescale,
      createdAt: new Date().toISOString(),
      parent: parent.id,
      file,
      ...taken,
    });
    const days = Object.values(taken.changes?.exported ?? {}).reduce((sum, list) => sum + list.length, 0);
    io.out(`incremental backup ${id} after ${parent.id}: ${days} changed days, ${manifest.bytes} bytes`);
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  } finally {
    await db.close();
  }
}

async function restore(
  dir: string,
  target: Target,
  options: { to: string | undefined; recreate: boolean; force: boolean },
  io: BackupCliIo,
): Promise<void> {
  const chain = chainTo(await readManifests(dir), options.to);
  const [base, ...increments] = chain;
  if (!base) throw new Error('no backup to restore');
  for (const manifest of chain) {
    if (manifest.store !== target.store) {
      throw new Error(
        `${manifest.id} is a backup of the ${manifest.store} store; DATABASE_URL/DATA_DIR name the ${target.store} one`,
      );
    }
    if ((await sha256File(join(dir, manifest.file))) !== manifest.sha256) {
      throw new Error(`${manifest.file} does not match its checksum: the backup is damaged`);
    }
  }
  if (target.url) {
    await serverRestore(target.url, join(dir, base.file), { timescale: base.timescale, recreate: options.recreate });
  } else {
    const aside = await embeddedRestore(target.dataDir, join(dir, base.file), { force: options.force });
    if (aside) io.out(`kept the previous embedded database as ${aside}`);
  }
  io.out(`restored full backup ${base.id}`);
  const db = await openTarget(target);
  try {
    for (const manifest of increments) {
      await applyIncremental(db, manifest, join(dir, manifest.file));
      io.out(`applied incremental backup ${manifest.id}`);
    }
    await refreshContinuousAggregates(db);
    const last = chain.at(-1) ?? base;
    const problems = comparePartitions(last.partitions, await partitionCounts(db));
    if (problems.length > 0) throw new Error(`restored data differs from the backup:\n  ${problems.join('\n  ')}`);
    io.out(`verified: every day of event data matches backup ${last.id}`);
  } finally {
    await db.close();
  }
}

async function list(dir: string, io: BackupCliIo): Promise<void> {
  const manifests = await readManifests(dir);
  if (manifests.length === 0) io.out(`no backups in ${dir}`);
  for (const manifest of manifests) {
    const indent = manifest.kind === 'full' ? '' : '  ';
    io.out(`${indent}${manifest.id}  ${manifest.store} ${manifest.source}  ${manifest.bytes} bytes  ${manifest.file}`);
  }
}

export async function runBackupCli(argv: string[], io: BackupCliIo): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${BACKUP_HELP}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    io.out(BACKUP_HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const dir = resolve(values.dir ?? io.env.BACKUP_DIR ?? './backups');
  const target = targetOf(io.env);
  try {
    await mkdir(dir, { recursive: true });
    switch (command) {
      case 'full':
        await full(dir, target, io);
        return 0;
      case 'incremental':
        await incremental(dir, target, io);
        return 0;
      case 'restore':
        await restore(
          dir,
          target,
          { to: values.to, recreate: values['recreate-database'] ?? false, force: values.force ?? false },
          io,
        );
        return 0;
      case 'list':
        await list(dir, io);
        return 0;
      default:
        io.err(`unknown command "${command}"\n\n${BACKUP_HELP}`);
        return 2;
    }
  } catch (err) {
    io.err(`backup ${command} failed: ${(err as Error).message}`);
    return 1;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      to: { type: 'string' },
      'recreate-database': { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

if (import.meta.main) {
  process.exitCode = await runBackupCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  });
}
