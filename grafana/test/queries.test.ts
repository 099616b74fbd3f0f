import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHubConfig, type Runtime, startRuntime } from '@campus/hub';
import type { DeviceKind } from '@campus/protocol';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from '../../gateway/test/helpers/devices.ts';
import { silentLog, TEST_DEVICES } from '../../gateway/test/helpers/gateway-fixture.ts';
import type { BuiltDashboard, PanelQuery, SqlQuery, VariableSpec } from '../src/builders.ts';
import { expandQuery, panelInterval, type TimeRange, type VariableValue } from '../src/macros.ts';
import { READER_GRANTS_FILE, READER_ROLE, renderDashboards } from '../src/render.ts';
import { refreshRollups, writeDemoHistory, writeDomainDemo } from './demo-data.ts';

/**
 * IOT-12: every panel query of every generated dashboard, with its Grafana macros and
 * template variables expanded as Grafana would, runs against the real schema with a day of
 * data in it — on the embedded TimescaleDB and on a real PostgreSQL without the extension.
 * No query may fail; a query must return rows when the tables it reads hold demo rows.
 * Queries run as the read-only role Grafana logs in as, with the grants of the checked-in
 * deploy/timescaledb/grafana-reader.sql: a dashboard that needs a grant it lacks fails here.
 * A query whose table does not exist yet (a domain table still being built) is skipped,
 * and the skip names the table; it runs by itself once the table exists.
 */

const DASHBOARDS: BuiltDashboard[] = renderDashboards().map((rendered) => rendered.built);
const EXTRA_RANGE = 'now-6h';

/** Grafana's relative times we use: now, now-6h, now-24h, now-30d. */
function relative(text: string, now: Date): Date {
  if (text === 'now') return now;
  const match = /^now-(\d+)([mhdw])$/.exec(text);
  if (!match) throw new Error(`unsupported relative time ${text}`);
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return new Date(now.getTime() - Number(match[1]) * unitMs);
}

function rangesOf(dashboard: BuiltDashboard, now: Date): TimeRange[] {
  const time = dashboard.json.time ?? { from: 'now-24h', to: 'now' };
  return [time.from, EXTRA_RANGE].map((from) => ({ from: relative(from, now), to: relative(time.to, now) }));
}

function timeOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  return Number(value) * 1000; // $__timeGroup without TimescaleDB: epoch seconds (numeric, as text from pg)
}

const sqlQueries = (dashboard: BuiltDashboard) =>
  dashboard.queries.filter((entry): entry is PanelQuery & { query: SqlQuery } => entry.query.kind === 'sql');

describe.each(testAdapters())('Grafana dashboards against the real schema on %s', (adapter) => {
  let database: TestDatabase | undefined;
  let dataDir: string;
  let runtime: Runtime;
  // Roles are per server: a unique name keeps parallel runs on one PostgreSQL apart.
  const reader = adapter === 'pg' ? `campus_reader_${randomBytes(4).toString('hex')}` : READER_ROLE;
  const now = new Date();
  const relations = new Set<string>();
  const populated = new Map<string, boolean>();
  const variableCache = new Map<string, Promise<Record<string, VariableValue>>>();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'campus-grafana-'));
    if (adapter === 'pg') database = await createTestDatabase('pg');
    // The hub's own composition root: whatever migrations it runs (domain tables included, as
    // they land) are what the dashboards get to read.
    const config = loadHubConfig({
      DATA_DIR: dataDir,
      ...(database?.url ? { DATABASE_URL: database.url } : {}),
      HUB_HOST: '127.0.0.1',
      HUB_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DEVICE_SEED: 'none',
      LOG_LEVEL: 'silent',
    });
    runtime = await startRuntime(config, silentLog);
    for (const device of TEST_DEVICES) await runtime.gateway.registry.register(device);

    // Live events through the broker (PUBACK = stored), a malformed one for the dead letters.
    const port = runtime.gateway.mqttPort ?? 0;
    const kinds: DeviceKind[] = ['gate', 'terminal', 'scale', 'sensor'];
    for (const kind of kinds) {
      const device = TEST_DEVICES.find((candidate) => candidate.kind === kind);
      if (!device) throw new Error(`no test device of kind ${kind}`);
      const client = await connectDevice(port, device);
      for (let n = 1; n <= 3; n++) await publishEvent(client, device, samplePayloads[kind](n));
      if (kind === 'gate') await publishEvent(client, device, 'not json');
      await client.endAsync();
    }
    await writeDemoHistory(runtime.db, now);
    if (runtime.db.timescale) await refreshRollups(runtime.db);

    const rows = await runtime.db.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    );
    for (const row of rows) relations.add(row.name);
    await writeDomainDemo(runtime.db, now, relations);

    const grants = await readFile(join(import.meta.dirname, '../..', READER_GRANTS_FILE), 'utf8');
    await runtime.db.exec(`CREATE ROLE ${reader} NOLOGIN`);
    await runtime.db.exec(grants.replaceAll(READER_ROLE, reader));
  }, 120_000);

  afterAll(async () => {
    if (adapter === 'pg' && runtime) {
      await runtime.db.exec(`DROP OWNED BY ${reader}; DROP ROLE ${reader}`).catch(() => {});
    }
    await runtime?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs on the database the test meant: TimescaleDB embedded, plain PostgreSQL on the server', () => {
    expect(runtime.db.adapter).toBe(adapter);
    expect(runtime.db.timescale).toBe(adapter === 'pglite');
  });

  it('reads only metrics the hub exports at /metrics (Prometheus panels)', () => {
    const prometheus = DASHBOARDS.flatMap((dashboard) => dashboard.queries).flatMap((entry) =>
      entry.query.kind === 'prometheus' ? entry.query.metrics.map((metric) => ({ metric, panel: entry.panelTitle })) : [],
    );
    expect(prometheus.length).toBeGreaterThan(0);
    for (const { metric, panel } of prometheus) {
      expect(runtime.gateway.metrics.registry.getSingleMetric(metric), `${panel}: ${metric}`).toBeDefined();
    }
  });

  /** What Grafana runs: one query as the read-only role. */
  const asReader = (text: string) =>
    runtime.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL ROLE ${reader}`);
      return tx.query<Record<string, unknown>>(text);
    });

  it('runs panels as a role that can neither read device secrets nor write (DAT-6)', async () => {
    await expect(asReader('SELECT secret_hash FROM devices')).rejects.toThrow(/permission denied/);
    await expect(asReader("DELETE FROM gate_swipes WHERE site = 'testsite'")).rejects.toThrow(/permission denied/);
    await expect(asReader('SELECT count(*) FROM schema_migrations')).rejects.toThrow(/permission denied/);
    expect(await asReader('SELECT id, site FROM devices')).not.toHaveLength(0);
  });

  const missingRelations = (requires: readonly string[]) => requires.filter((name) => !relations.has(name));

  async function hasRows(relation: string): Promise<boolean> {
    let known = populated.get(relation);
    if (known === undefined) {
      const rows = await runtime.db.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${relation}) AS any`);
      known = rows[0]?.any === true;
      populated.set(relation, known);
    }
    return known;
  }

  /** Runs the variable queries in order, "All" selected, as Grafana does when the dashboard loads. */
  function variablesFor(dashboard: BuiltDashboard, range: TimeRange): Promise<Record<string, VariableValue>> {
    const key = `${dashboard.uid} ${range.from.toISOString()}`;
    let pending = variableCache.get(key);
    if (!pending) {
      pending = resolveVariables(dashboard.variables, range);
      variableCache.set(key, pending);
    }
    return pending;
  }

  async function resolveVariables(specs: readonly VariableSpec[], range: TimeRange): Promise<Record<string, VariableValue>> {
    const values: Record<string, VariableValue> = {};
    for (const variable of specs) {
      const missing = missingRelations(variable.requires);
      if (missing.length > 0) throw new Error(`variable $${variable.name} requires ${missing.join(', ')}`);
      const text = expandQuery(variable.query, {
        range,
        timescaledb: runtime.db.timescale,
        intervalMs: 60_000,
        variables: values,
      });
      const rows = await asReader(text);
      values[variable.name] = { multi: true, values: rows.map((row) => String(Object.values(row)[0])) };
    }
    return values;
  }

  describe.each(DASHBOARDS.map((dashboard) => ({ uid: dashboard.uid, dashboard })))('$uid', ({ dashboard }) => {
    it('has a value for every template variable', async () => {
      for (const range of rangesOf(dashboard, now)) {
        const values = await variablesFor(dashboard, range);
        for (const variable of dashboard.variables) {
          expect(values[variable.name]?.values.length, `$${variable.name}`).toBeGreaterThan(0);
        }
      }
    });

    it.for(sqlQueries(dashboard).map((entry) => ({ name: `${entry.panelTitle} [${entry.refId}]`, entry })))(
      'panel $name',
      async ({ entry }, context) => {
        const { query } = entry;
        const missing = missingRelations(query.requires);
        if (missing.length > 0) context.skip(`requires ${missing.map((name) => `table ${name}`).join(', ')}`);
        for (const range of rangesOf(dashboard, now)) {
          const text = expandQuery(query.rawSql, {
            range,
            timescaledb: runtime.db.timescale,
            intervalMs: panelInterval(range, { minInterval: entry.minInterval }),
            variables: await variablesFor(dashboard, range),
          });
          expect(text, 'every macro and variable expanded').not.toMatch(/\$\w/);
          const rows = await asReader(text);

          const empty: string[] = [];
          for (const relation of query.requires) if (!(await hasRows(relation))) empty.push(relation);
          if (query.mayBeEmpty === undefined && empty.length === 0) {
            expect(rows.length, `rows for ${range.from.toISOString()} .. ${range.to.toISOString()}`).toBeGreaterThan(0);
          }
          if (query.format === 'time_series' && rows.length > 0) {
            expect(Object.keys(rows[0] ?? {}), 'a time series needs a "time" column').toContain('time');
            const times = rows.map((row) => timeOf(row.time));
            expect(times.every((time, index) => Number.isFinite(time) && (index === 0 || time >= (times[index - 1] ?? 0)))).toBe(
              true,
            );
          }
        }
      },
    );
  });
});
