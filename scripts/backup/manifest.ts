import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every backup is a data file plus `<id>.json`, this manifest. A full backup starts a chain;
 * each incremental names its parent, and a restore replays the chain from its full backup.
 */
export interface Manifest {
  format: 1;
  id: string;
  kind: 'full' | 'incremental';
  /** `server`: PostgreSQL/TimescaleDB at DATABASE_URL; `embedded`: the PGlite store under DATA_DIR. */
  store: 'server' | 'embedded';
  /** What was backed up, without secrets (host:port/database, or the data directory). */
  source: string;
  timescale: boolean;
  createdAt: string;
  /** The backup this one continues (incrementals only). */
  parent?: string;
  /** Data file name in the backup directory. */
  file: string;
  sha256: string;
  bytes: number;
  /** Applied migrations, "component:version": an incremental only continues the same schema. */
  migrations: string[];
  /** Rows per UTC day of each day-partitioned table when the backup was taken. */
  partitions: Partitions;
  /** Incrementals: the days exported in full, and the days gone since the parent (retention). */
  changes?: { exported: Record<string, string[]>; dropped: Record<string, string[]>; wholeTables: string[] };
}

/** table → day (YYYY-MM-DD, UTC) → rows. */
export type Partitions = Record<string, Record<string, number>>;

export const MANIFEST_FORMAT = 1;

export function backupId(kind: Manifest['kind'], at: Date = new Date()): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');
  return `${stamp}-${kind === 'full' ? 'full' : 'incr'}`;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFile(join(dir, `${manifest.id}.json`), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** All manifests in the directory, oldest first (ids sort by time). */
export async function readManifests(dir: string): Promise<Manifest[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\d{8}T\d{9}Z-(full|incr)\.json$/.test(name));
  const manifests: Manifest[] = [];
  for (const file of files.sort()) {
    const manifest = JSON.parse(await readFile(join(dir, file), 'utf8')) as Manifest;
    if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${file}: unknown manifest format ${String(manifest.format)}`);
    manifests.push(manifest);
  }
  return manifests;
}

/** The chain ending at `id` (default: the newest backup), full backup first. */
export function chainTo(manifests: readonly Manifest[], id?: string): Manifest[] {
  const byId = new Map(manifests.map((manifest) => [manifest.id, manifest]));
  let current = id === undefined ? manifests.at(-1) : byId.get(id);
  if (!current) throw new Error(id === undefined ? 'no backup found' : `no backup ${id}`);
  const chain: Manifest[] = [];
  while (current) {
    chain.unshift(current);
    if (current.kind === 'full') return chain;
    const parent: string | undefined = current.parent;
    current = parent === undefined ? undefined : byId.get(parent);
    if (!current) throw new Error(`backup ${chain[0]?.id} continues ${parent ?? '?'}, which is missing: the chain is broken`);
  }
  throw new Error('unreachable');
}
