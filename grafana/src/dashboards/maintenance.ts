import { barGauge, type DashboardSpec, sql, stat, table, timeseries } from '../builders.ts';
import { DOMAIN, GATEWAY } from '../sources.ts';

const TICKETS = [DOMAIN.maintenanceTickets];

export const maintenance: DashboardSpec = {
  uid: 'campus-maintenance',
  title: 'Campus · Maintenance KPIs',
  description:
    'Maintenance statistics and failure analysis (MNT-6, MNT-7): open tickets, mean time to repair, failure hot spots, and the assets whose telemetry misbehaves.',
  tags: ['maintenance'],
  time: { from: 'now-30d', to: 'now' },
  // Tickets carry no site (hub/src/contexts/maintenance/migrations.ts): places are buildings and rooms.
  variables: [],
  rows: [
    {
      title: 'Tickets',
      panels: [
        stat({
          title: 'Open tickets',
          description: 'Tickets not closed yet, whenever they were opened.',
          unit: 'short',
          queries: [
            sql(`SELECT count(*) AS "open tickets" FROM maintenance_tickets WHERE status <> 'closed'`, {
              requires: TICKETS,
              format: 'table',
            }),
          ],
        }),
        stat({
          title: 'Opened in range',
          description: 'Tickets opened in the selected range.',
          unit: 'short',
          queries: [
            sql(`SELECT count(*) AS "opened" FROM maintenance_tickets WHERE $__timeFilter(created_at)`, {
              requires: TICKETS,
              format: 'table',
            }),
          ],
        }),
        stat({
          title: 'Mean time to repair',
          description: 'Average from the request to the repair (resolved) of the tickets repaired in the range.',
          unit: 's',
          noValue: 'no ticket repaired',
          queries: [
            sql(
              `SELECT avg(extract(epoch FROM resolved_at - created_at)) AS "MTTR" FROM maintenance_tickets WHERE $__timeFilter(resolved_at)`,
              { requires: TICKETS, format: 'table' },
            ),
          ],
        }),
        stat({
          title: 'Oldest open ticket',
          description: 'Age of the oldest ticket still open.',
          unit: 's',
          noValue: 'none open',
          queries: [
            sql(`SELECT extract(epoch FROM now() - min(created_at)) AS "age" FROM maintenance_tickets WHERE status <> 'closed'`, {
              requires: TICKETS,
              format: 'table',
            }),
          ],
        }),
        timeseries({
          title: 'Tickets opened and closed per day',
          description: 'Daily ticket flow: a growing gap between opened and closed is a growing backlog.',
          style: 'bars',
          interval: '1d',
          unit: 'short',
          width: 24,
          queries: [
            sql(
              `
              SELECT "time", metric, count(*) AS "tickets"
              FROM (
                SELECT date_bin(INTERVAL '1 day', created_at, TIMESTAMPTZ '2000-01-01') AS "time", 'opened' AS metric
                FROM maintenance_tickets WHERE $__timeFilter(created_at)
                UNION ALL
                SELECT date_bin(INTERVAL '1 day', closed_at, TIMESTAMPTZ '2000-01-01'), 'closed'
                FROM maintenance_tickets WHERE $__timeFilter(closed_at)
              ) AS flow
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: TICKETS },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Failure analysis',
      panels: [
        table({
          title: 'Failure hot spots',
          description:
            'Buildings (or the place given) and fault types with the most tickets opened in the range (MNT-7), with their mean time to repair.',
          sortBy: { displayName: 'failures', desc: true },
          queries: [
            sql(
              `
              SELECT coalesce(building_id, place_text) AS "place", coalesce(fault_type, 'not triaged') AS "fault type", count(*) AS "failures",
                     round((avg(extract(epoch FROM resolved_at - created_at)) / 3600)::numeric, 1) AS "mean hours to repair"
              FROM maintenance_tickets
              WHERE $__timeFilter(created_at)
              GROUP BY 1, 2
              ORDER BY 3 DESC
              LIMIT 20`,
              { requires: TICKETS, format: 'table' },
            ),
          ],
        }),
        barGauge({
          title: 'Assets with the most failures',
          description: 'Tickets per asset opened in the range: candidates for preventive maintenance or replacement.',
          unit: 'short',
          min: 0,
          queries: [
            sql(
              `
              SELECT asset_id AS "asset", count(*) AS "failures"
              FROM maintenance_tickets
              WHERE $__timeFilter(created_at) AND asset_id IS NOT NULL
              GROUP BY 1
              ORDER BY 2 DESC
              LIMIT 10`,
              { requires: TICKETS, format: 'table' },
            ),
          ],
        }),
        table({
          title: 'Assets with anomalous telemetry',
          description:
            'Assets whose sensors had minutes more than 3 standard deviations off their mean in the range: where failures are likely to come from next.',
          width: 24,
          queries: [
            sql(
              `
              SELECT asset_id AS "asset", metric, count(*) AS "anomalous minutes", max(bucket) AS "last"
              FROM (
                SELECT bucket, asset_id, metric, avg_value,
                       avg(avg_value) OVER w AS mean, stddev_samp(avg_value) OVER w AS sd
                FROM sensor_readings_1m
                WHERE $__timeFilter(bucket)
                WINDOW w AS (PARTITION BY asset_id, metric)
              ) AS s
              WHERE sd > 0 AND abs(avg_value - mean) > 3 * sd
              GROUP BY 1, 2
              ORDER BY 3 DESC`,
              { requires: [GATEWAY.sensorReadings1m], format: 'table' },
            ),
          ],
        }),
      ],
    },
  ],
};
