import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Throwaway databases: each measurement starts from empty tables, and nothing is left behind. */

/** Cleanups of the scratch databases and directories still in use, for an interrupted run. */
const pending = new Set<() => Promise<void>>();

export async function removeAllScratch(): Promise<void> {
  await Promise.allSettled([...pending].map((cleanup) => cleanup()));
}

function track(cleanup: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (!pending.delete(once)) return;
    await cleanup();
  };
  pending.add(once);
  return once;
}

export interface ScratchPg {
  url: string;
  drop(): Promise<void>;
}

export async function createScratchPg(adminUrl: string, label: string): Promise<ScratchPg> {
  const name = `campus_bench_${label}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: track(() =>
      withAdmin(adminUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
    ),
  };
}

export async function serverVersion(adminUrl: string): Promise<string> {
  return withAdmin(adminUrl, async (admin) => {
    const result = await admin.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}

export interface ScratchDir {
  dir: string;
  remove(): Promise<void>;
}

export async function createScratchDir(label: string): Promise<ScratchDir> {
  const dir = await mkdtemp(join(tmpdir(), `campus-bench-${label}-`));
  return { dir, remove: track(() => rm(dir, { recursive: true, force: true })) };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
