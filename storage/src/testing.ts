import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from './db.ts';
import { createPgDb } from './pg-adapter.ts';
import { createPgliteDb } from './pglite-adapter.ts';

export type TestAdapter = 'pglite' | 'pg';

export interface TestDatabase {
  db: Db;
  /** Connection string of the real server's throwaway database (pg adapter only). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * The adapters the suite runs on: the embedded TimescaleDB always, the real PostgreSQL at
 * TEST_DATABASE_URL when set (CI sets it). Use with `describe.each(testAdapters())`.
 */
export function testAdapters(): TestAdapter[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'pg'] : ['pglite'];
}

/** A fresh, empty database: in-memory PGlite, or a new database on the real server. */
export async function createTestDatabase(adapter: TestAdapter): Promise<TestDatabase> {
  if (adapter === 'pglite') {
    const db = await createPgliteDb('memory://');
    return { db, drop: () => db.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `campus_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createPgDb({ connectionString: url.toString(), maxConnections: 4 });
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close().catch(() => {});
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
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
