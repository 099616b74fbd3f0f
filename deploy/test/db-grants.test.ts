import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GATEWAY_MIGRATIONS } from '@campus/gateway';
import { migrate } from '@campus/storage';
import { createTestDatabase } from '@campus/storage/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../timescaledb/db-grants.sh');
const run = promisify(execFile);

/**
 * The db-grants service's script, run with psql against the real PostgreSQL: Grafana's role
 * exists afterwards, logs in read-only, reads what the dashboards need and not the device
 * secrets. Twice, as every `docker compose up` runs it.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('deploy/timescaledb/db-grants.sh on PostgreSQL', () => {
  it('creates the read-only Grafana role with exactly the dashboards grants, idempotently', async () => {
    const database = await createTestDatabase('pg');
    const role = `campus_grafana_${randomBytes(4).toString('hex')}`;
    const url = new URL(database.url ?? '');
    const env = {
      ...process.env,
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username),
      PGDATABASE: url.pathname.slice(1),
      GRAFANA_DB_USER: role,
      GRAFANA_DB_PASSWORD: 'not-a-real-secret-1',
    };
    try {
      await migrate(database.db, 'gateway', GATEWAY_MIGRATIONS);
      for (let round = 0; round < 2; round++) {
        const { stdout } = await run('bash', [SCRIPT], { env });
        expect(stdout).toContain(`role ${role} can read what the dashboards need`);
      }
      const asRole = new URL(url);
      asRole.username = role;
      const client = new pg.Client({ connectionString: asRole.toString() });
      await client.connect();
      try {
        const read = await client.query('SELECT count(*) AS n FROM gate_swipes_5m');
        expect(read.rows).toHaveLength(1);
        await expect(client.query('SELECT secret_hash FROM devices')).rejects.toThrow(/permission denied/);
        await expect(client.query('SELECT id, site FROM devices')).resolves.toBeDefined();
        const readOnly = await client.query('SHOW default_transaction_read_only');
        expect(readOnly.rows[0]).toEqual({ default_transaction_read_only: 'on' });
      } finally {
        await client.end();
      }
      const bad = await run('bash', [SCRIPT], { env: { ...env, GRAFANA_DB_USER: 'x; DROP TABLE devices' } }).catch(
        (err: { code: number }) => err,
      );
      expect(bad).toMatchObject({ code: 2 });
    } finally {
      await database.db.query(`DROP OWNED BY ${role}`).catch(() => {});
      await database.drop();
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${role}`);
      await admin.end();
    }
  });
});
