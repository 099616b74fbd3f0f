import type { Db } from './db.ts';
import { createPgDb } from './pg-adapter.ts';
import { createPgliteDb } from './pglite-adapter.ts';

export interface OpenDatabaseOptions {
  /** PostgreSQL/TimescaleDB URL; when absent the embedded TimescaleDB is used. */
  databaseUrl?: string | undefined;
  /** Where the embedded database keeps its files (`memory://` for none). */
  dataDir: string;
  maxConnections?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  if (options.databaseUrl) {
    return createPgDb({
      connectionString: options.databaseUrl,
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
  }
  return createPgliteDb(options.dataDir);
}
