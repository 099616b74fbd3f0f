import type { Migration, MigrationContext } from '@campus/storage';

/**
 * The gateway's tables: the device registry, the dead-letter store and one table per event
 * kind. With TimescaleDB the event tables are hypertables (compressed after 7 days, raw rows
 * retained as set below) with a continuous aggregate each; on plain PostgreSQL the same names
 * exist as ordinary tables and `date_bin` views, so every query works on both.
 */

interface EventTable {
  table: string;
  columns: string;
  /** Columns of the unique key besides ts (TimescaleDB requires the time column in it). */
  key: string;
  segmentBy: string;
  retainDays: number;
}

const EVENT_TABLES: EventTable[] = [
  {
    table: 'gate_swipes',
    columns: `card_id text NOT NULL, direction text NOT NULL CHECK (direction IN ('in', 'out')),
      granted boolean NOT NULL, reason text`,
    key: 'device_id, event_id',
    segmentBy: 'device_id',
    // Access records (DRM-6) are kept for a year and a term.
    retainDays: 540,
  },
  {
    table: 'terminal_orders',
    columns: `order_id text NOT NULL, items jsonb NOT NULL, total numeric(12, 2) NOT NULL,
      payer_card text NOT NULL, meal_period text NOT NULL`,
    key: 'device_id, event_id',
    segmentBy: 'device_id',
    retainDays: 540,
  },
  {
    table: 'scale_readings',
    columns: `item_id text NOT NULL, gross double precision NOT NULL, net double precision NOT NULL,
      unit text NOT NULL, net_kg double precision NOT NULL`,
    key: 'device_id, event_id',
    segmentBy: 'item_id',
    retainDays: 400,
  },
  {
    table: 'sensor_readings',
    columns: 'asset_id text NOT NULL, metric text NOT NULL, value double precision NOT NULL, unit text NOT NULL',
    key: 'device_id, event_id, metric',
    segmentBy: 'asset_id, metric',
    retainDays: 400,
  },
];

interface Rollup {
  name: string;
  bucket: string;
  source: string;
  groupBy: string[];
  aggregates: string;
}

/** One rollup per event kind, read by the dashboard and Grafana instead of raw rows. */
const ROLLUPS: Rollup[] = [
  {
    name: 'gate_swipes_5m',
    bucket: '5 minutes',
    source: 'gate_swipes',
    groupBy: ['site', 'device_id', 'direction'],
    aggregates: 'count(*) AS swipes, count(*) FILTER (WHERE NOT granted) AS denied',
  },
  {
    name: 'terminal_orders_1m',
    bucket: '1 minute',
    source: 'terminal_orders',
    groupBy: ['site', 'device_id', 'meal_period'],
    aggregates: 'count(*) AS orders, sum(total) AS revenue',
  },
  {
    name: 'scale_readings_5m',
    bucket: '5 minutes',
    source: 'scale_readings',
    groupBy: ['site', 'item_id'],
    aggregates: 'count(*) AS readings, avg(net_kg) AS avg_net_kg, min(net_kg) AS min_net_kg, max(net_kg) AS max_net_kg',
  },
  {
    name: 'sensor_readings_1m',
    bucket: '1 minute',
    source: 'sensor_readings',
    groupBy: ['asset_id', 'metric'],
    aggregates: 'count(*) AS samples, avg(value) AS avg_value, min(value) AS min_value, max(value) AS max_value',
  },
];

function eventTableSql(table: EventTable, ctx: MigrationContext): string {
  const create = `CREATE TABLE ${table.table} (
    ts timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    site text NOT NULL,
    device_id text NOT NULL,
    event_id text NOT NULL,
    ${table.columns}
  );
  CREATE UNIQUE INDEX ${table.table}_event_key ON ${table.table} (${table.key}, ts);
  CREATE INDEX ${table.table}_ts ON ${table.table} (ts DESC);`;
  if (!ctx.timescale) return create;
  return `${create}
  SELECT create_hypertable('${table.table}', by_range('ts', INTERVAL '1 day'));
  ALTER TABLE ${table.table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${table.segmentBy}', timescaledb.compress_orderby = 'ts DESC');
  SELECT add_compression_policy('${table.table}', INTERVAL '7 days');
  SELECT add_retention_policy('${table.table}', INTERVAL '${table.retainDays} days');`;
}

function rollupSql(rollup: Rollup, ctx: MigrationContext): string {
  const groups = rollup.groupBy.join(', ');
  if (!ctx.timescale) {
    return `CREATE VIEW ${rollup.name} AS
      SELECT date_bin(INTERVAL '${rollup.bucket}', ts, TIMESTAMPTZ '2000-01-03') AS bucket, ${groups}, ${rollup.aggregates}
      FROM ${rollup.source} GROUP BY 1, ${groups};`;
  }
  // Real-time aggregation on (materialized_only = false): the newest bucket is always current.
  // The refresh window (3 days) stays well inside raw-data retention, so refreshes never
  // erase aggregated history (DEPENDENCY-NOTES).
  return `CREATE MATERIALIZED VIEW ${rollup.name}
      WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT time_bucket(INTERVAL '${rollup.bucket}', ts) AS bucket, ${groups}, ${rollup.aggregates}
      FROM ${rollup.source} GROUP BY 1, ${groups} WITH NO DATA;
    SELECT add_continuous_aggregate_policy('${rollup.name}', start_offset => INTERVAL '3 days',
      end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');`;
}

export const GATEWAY_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'device registry and dead letters',
    up: () => `
      CREATE TABLE devices (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('gate', 'terminal', 'scale', 'sensor')),
        site text NOT NULL,
        label text,
        secret_hash text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE dead_letters (
        id bigserial PRIMARY KEY,
        received_at timestamptz NOT NULL,
        device_id text,
        topic text NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        payload bytea NOT NULL
      );
      CREATE INDEX dead_letters_received ON dead_letters (received_at DESC);
      CREATE INDEX dead_letters_device ON dead_letters (device_id, received_at DESC);`,
  },
  {
    version: 2,
    name: 'event tables',
    up: (ctx) => EVENT_TABLES.map((table) => eventTableSql(table, ctx)).join('\n'),
  },
  {
    version: 3,
    name: 'event rollups',
    up: (ctx) => ROLLUPS.map((rollup) => rollupSql(rollup, ctx)).join('\n'),
  },
  {
    version: 4,
    name: 'swipes by card, readings by item',
    // A resident's movements and the curfew list read one card's recent swipes; live stock
    // reads each item's latest weight.
    up: () =>
      'CREATE INDEX gate_swipes_card ON gate_swipes (card_id, ts DESC);\nCREATE INDEX scale_readings_item ON scale_readings (item_id, ts DESC);',
  },
  {
    version: 5,
    name: 'events by receive time',
    // The rule engine reads back, in receive order, what it missed (a restart, or falling behind
    // a burst) in chunks from its watermark; without these each chunk scanned and sorted the table.
    up: () =>
      ['gate_swipes', 'scale_readings', 'sensor_readings']
        .map((table) => `CREATE INDEX ${table}_received ON ${table} (received_at);`)
        .join('\n'),
  },
];

export const EVENT_TABLE_BY_KIND = {
  gate: 'gate_swipes',
  terminal: 'terminal_orders',
  scale: 'scale_readings',
  sensor: 'sensor_readings',
} as const;
