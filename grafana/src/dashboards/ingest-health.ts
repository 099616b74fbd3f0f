import { type DashboardSpec, prom, sql, stat, table, timeseries } from '../builders.ts';
import { GATEWAY } from '../sources.ts';
import { siteVariable } from './variables.ts';

const ROLLUPS = [GATEWAY.gateSwipes5m, GATEWAY.terminalOrders1m, GATEWAY.scaleReadings5m, GATEWAY.sensorReadings1m];

/** Events per kind from the rollups (the sensor rollup counts one sample per metric and has no site). */
const EVENTS_BY_KIND = `
                SELECT bucket, 'gate' AS kind, swipes AS events FROM gate_swipes_5m WHERE $__timeFilter(bucket) AND site IN ($site)
                UNION ALL
                SELECT bucket, 'terminal', orders FROM terminal_orders_1m WHERE $__timeFilter(bucket) AND site IN ($site)
                UNION ALL
                SELECT bucket, 'scale', readings FROM scale_readings_5m WHERE $__timeFilter(bucket) AND site IN ($site)
                UNION ALL
                SELECT bucket, 'sensor samples', samples FROM sensor_readings_1m WHERE $__timeFilter(bucket)`;

/** Process metrics of the hubs, read by Prometheus from /metrics (gateway/src/metrics.ts). */
const METRIC = {
  spoolRows: 'campus_ingest_spool_rows',
  queued: 'campus_ingest_queued',
  commitLatency: 'campus_ingest_commit_latency_seconds',
  clients: 'campus_broker_clients',
  events: 'campus_ingest_events_total',
  rejected: 'campus_ingest_rejected_total',
} as const;

export const ingestHealth: DashboardSpec = {
  uid: 'campus-ingest-health',
  title: 'Campus · Ingest health',
  description:
    'Is device data arriving and landing? Events per kind from the rollups, rejected messages from the dead letters, spool and commit latency from the hubs (Prometheus).',
  tags: ['ingest', 'operations'],
  variables: [siteVariable],
  rows: [
    {
      title: 'Throughput',
      panels: [
        timeseries({
          title: 'Events per second by kind',
          description: 'Stored events per second, from the continuous aggregates of each event table (resends counted once).',
          unit: 'short',
          interval: '5m',
          width: 18,
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), kind AS metric, sum(events) / ($__interval_ms / 1000.0) AS "events/s"
              FROM (${EVENTS_BY_KIND}
              ) AS events
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: ROLLUPS },
            ),
          ],
        }),
        stat({
          title: 'Events stored',
          description: 'Events stored in the selected range, all kinds (sensor events count one per metric).',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT sum(events) AS "events"
              FROM (${EVENTS_BY_KIND}
              ) AS events`,
              { requires: ROLLUPS, format: 'table' },
            ),
          ],
        }),
        stat({
          title: 'Messages rejected',
          description: 'Messages the gateway refused in the range (dead letters), whatever the reason.',
          unit: 'short',
          thresholds: [
            { color: 'green', value: null },
            { color: 'orange', value: 1 },
          ],
          queries: [
            sql(`SELECT count(*) AS "rejected" FROM dead_letters WHERE $__timeFilter(received_at)`, {
              requires: [GATEWAY.deadLetters],
              format: 'table',
            }),
          ],
        }),
      ],
    },
    {
      title: 'Rejects',
      panels: [
        timeseries({
          title: 'Rejected messages by reason',
          description:
            'Dead letters per reason: malformed_json, schema_invalid, oversize, clock_skew, topic_mismatch, unknown_device, acl_denied, storage_rejected (docs/device-protocol.md).',
          style: 'bars',
          stacked: true,
          interval: '1m',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(received_at, $__interval), reason AS metric, count(*) AS "rejects"
              FROM dead_letters
              WHERE $__timeFilter(received_at)
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.deadLetters] },
            ),
          ],
        }),
        table({
          title: 'Rejects by device and reason',
          description: 'Which devices send what the gateway refuses: usually a misconfigured device or an expired secret.',
          sortBy: { displayName: 'rejects', desc: true },
          queries: [
            sql(
              `
              SELECT coalesce(device_id, '(unknown)') AS "device", reason, count(*) AS "rejects", max(received_at) AS "last"
              FROM dead_letters
              WHERE $__timeFilter(received_at)
              GROUP BY 1, 2
              ORDER BY 3 DESC
              LIMIT 50`,
              { requires: [GATEWAY.deadLetters], format: 'table' },
            ),
          ],
        }),
        table({
          title: 'Latest rejected messages',
          description: 'The newest dead letters with the reason the gateway gave (the payload itself stays in the database).',
          width: 24,
          queries: [
            sql(
              `
              SELECT received_at AS "time", coalesce(device_id, '(unknown)') AS "device", topic, reason, left(detail, 200) AS "detail"
              FROM dead_letters
              WHERE $__timeFilter(received_at)
              ORDER BY received_at DESC
              LIMIT 100`,
              { requires: [GATEWAY.deadLetters], format: 'table' },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Spool and latency (Prometheus, per hub)',
      panels: [
        timeseries({
          title: 'Spool depth',
          description:
            'Records waiting in the spool because the database was unreachable, and records queued for the next batch. Anything above zero for long means the database is down or too slow.',
          unit: 'short',
          queries: [
            prom(`sum by (instance) (${METRIC.spoolRows})`, { legendFormat: 'spool {{instance}}', metrics: [METRIC.spoolRows] }),
            prom(`sum by (instance) (${METRIC.queued})`, { legendFormat: 'queued {{instance}}', metrics: [METRIC.queued] }),
          ],
        }),
        timeseries({
          title: 'Commit latency',
          description: 'From gateway receipt to database commit (the device gets its PUBACK then).',
          unit: 's',
          queries: [
            prom(`histogram_quantile(0.5, sum by (le) (rate(${METRIC.commitLatency}_bucket[$__rate_interval])))`, {
              legendFormat: 'p50',
              metrics: [METRIC.commitLatency],
            }),
            prom(`histogram_quantile(0.99, sum by (le) (rate(${METRIC.commitLatency}_bucket[$__rate_interval])))`, {
              legendFormat: 'p99',
              metrics: [METRIC.commitLatency],
            }),
          ],
        }),
        timeseries({
          title: 'Stored and rejected per second (process counters)',
          description: "The hubs' own counters: independent of the database, so they still move while it is down.",
          unit: 'short',
          queries: [
            prom(`sum by (kind) (rate(${METRIC.events}{outcome="stored"}[$__rate_interval]))`, {
              legendFormat: 'stored {{kind}}',
              metrics: [METRIC.events],
            }),
            prom(`sum by (reason) (rate(${METRIC.rejected}[$__rate_interval]))`, {
              legendFormat: 'rejected {{reason}}',
              metrics: [METRIC.rejected],
            }),
          ],
        }),
        timeseries({
          title: 'Connected devices',
          description:
            'MQTT clients connected to the embedded broker of each hub (with an external broker, see its own metrics).',
          unit: 'short',
          queries: [prom(`sum by (instance) (${METRIC.clients})`, { legendFormat: '{{instance}}', metrics: [METRIC.clients] })],
        }),
      ],
    },
  ],
};
