import pg from 'pg';

// A SQL `date` is a calendar day, not an instant: node-pg would turn it into local midnight,
// which shifts it by a day in a process running east of UTC. Keep it as 'YYYY-MM-DD'.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (value: string) => value);

import type { Db, Queryable } from './db.ts';

export interface PgAdapterOptions {
  connectionString: string;
  maxConnections?: number;
  /** How long a query may wait for a connection before failing (and the caller spooling). */
  connectTimeoutMs?: number;
}

export function createPgDb(options: PgAdapterOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener
  // that would crash the process during a database outage.
  pool.on('error', () => {});

  const query = async <Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> => {
    const result = await pool.query(sql, params as unknown[] | undefined);
    return result.rows as Row[];
  };

  return {
    adapter: 'pg',
    timescale: false,
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(work) {
      const client = await pool.connect();
      // A connection that drops while checked out emits 'error' on the client (the pool's
      // listener covers idle clients only); unhandled, that would crash the process. The next
      // query on it rejects anyway, which is where the caller learns of the outage.
      const ignoreDrop = () => {};
      client.on('error', ignoreDrop);
      const tx: Queryable = {
        async query<Row>(sql: string, params?: readonly unknown[]) {
          const result = await client.query(sql, params as unknown[] | undefined);
          return result.rows as Row[];
        },
      };
      try {
        await client.query('BEGIN');
        const value = await work(tx);
        await client.query('COMMIT');
        client.off('error', ignoreDrop);
        client.release();
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        client.off('error', ignoreDrop);
        client.release(true);
        throw err;
      }
    },
    async close() {
      await pool.end();
    },
  };
}
