import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Migration, migrate } from '../src/migrate.ts';
import { createPgliteDb } from '../src/pglite-adapter.ts';

const HYPERTABLE_WITH_AGGREGATE: Migration[] = [
  {
    version: 1,
    name: 'a hypertable with a continuous aggregate',
    up: () => `
      CREATE TABLE readings (ts timestamptz NOT NULL, v double precision NOT NULL);
      SELECT create_hypertable('readings', by_range('ts', INTERVAL '1 day'));
      CREATE MATERIALIZED VIEW readings_1h WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
        SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket, count(*) AS n FROM readings GROUP BY 1 WITH NO DATA;`,
  },
];

describe('the embedded TimescaleDB on disk', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('DAT-3 keeps accepting hypertable writes after the data directory is reopened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campus-pglite-'));
    dirs.push(dir);
    for (let open = 1; open <= 3; open += 1) {
      const db = await createPgliteDb(dir);
      await migrate(db, 'reopen', HYPERTABLE_WITH_AGGREGATE);
      await db.query('INSERT INTO readings VALUES (now(), $1)', [open]);
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM readings');
      expect(rows[0]?.n).toBe(open);
      const bucketed = await db.query<{ n: string | number }>('SELECT sum(n) AS n FROM readings_1h');
      expect(Number(bucketed[0]?.n)).toBe(open);
      await db.close();
    }
  });
});
