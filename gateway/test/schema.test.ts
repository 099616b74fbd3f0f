import { testAdapters } from '@campus/storage/testing';
import { describe, expect, it } from 'vitest';
import { useGatewayDatabase } from './helpers/gateway-database.ts';

describe.each(testAdapters())('event schema on %s', (adapter) => {
  const database = useGatewayDatabase(adapter);

  it('DAT-3 makes hypertables with policies when TimescaleDB is there, plain tables when not', async () => {
    // The embedded build bundles TimescaleDB; the CI server is plain PostgreSQL 15.
    expect(database.db.timescale).toBe(adapter === 'pglite');
    if (database.db.timescale) {
      const tables = await database.db.query<{ hypertable_name: string }>(
        'SELECT hypertable_name FROM timescaledb_information.hypertables ORDER BY 1',
      );
      expect(tables.map((t) => t.hypertable_name)).toEqual([
        'gate_swipes',
        'scale_readings',
        'sensor_readings',
        'terminal_orders',
      ]);
      const jobs = await database.db.query<{ proc_name: string; n: number }>(
        'SELECT proc_name, count(*)::int AS n FROM timescaledb_information.jobs WHERE job_id >= 1000 GROUP BY 1 ORDER BY 1',
      );
      expect(jobs).toEqual([
        { proc_name: 'policy_compression', n: 4 },
        { proc_name: 'policy_refresh_continuous_aggregate', n: 4 },
        { proc_name: 'policy_retention', n: 4 },
      ]);
      const aggregates = await database.db.query<{ view_name: string }>(
        'SELECT view_name FROM timescaledb_information.continuous_aggregates ORDER BY 1',
      );
      expect(aggregates).toHaveLength(4);
    } else {
      const views = await database.db.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(views.map((v) => v.table_name)).toEqual([
        'gate_swipes_5m',
        'scale_readings_5m',
        'sensor_readings_1m',
        'terminal_orders_1m',
      ]);
    }
  });

  it('rollups answer the same question on both: swipes and denials per 5 minutes', async () => {
    await database.db.query(
      `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted)
       VALUES ('2026-11-24T08:01:00Z', now(), 'main', 'g1', 'a', 'C1', 'in', true),
              ('2026-11-24T08:03:00Z', now(), 'main', 'g1', 'b', 'C2', 'in', false),
              ('2026-11-24T08:07:00Z', now(), 'main', 'g1', 'c', 'C3', 'in', true)`,
    );
    const rows = await database.db.query<{ bucket: Date; swipes: string | number; denied: string | number }>(
      "SELECT bucket, swipes, denied FROM gate_swipes_5m WHERE device_id = 'g1' ORDER BY bucket",
    );
    expect(rows.map((r) => [r.bucket.toISOString(), Number(r.swipes), Number(r.denied)])).toEqual([
      ['2026-11-24T08:00:00.000Z', 2, 1],
      ['2026-11-24T08:05:00.000Z', 1, 0],
    ]);
  });
});
