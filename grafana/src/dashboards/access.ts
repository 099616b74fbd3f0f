import { barChart, type DashboardSpec, sql, stat, table, timeseries } from '../builders.ts';
import { DOMAIN, GATEWAY } from '../sources.ts';
import { gateVariable, siteVariable } from './variables.ts';

const SWIPES_FILTER = '$__timeFilter(bucket) AND site IN ($site) AND device_id IN ($gate)';

export const access: DashboardSpec = {
  uid: 'campus-access',
  title: 'Campus · Access activity',
  description:
    'Dorm gates (IOT-1, DRM-6): swipes per gate and hour, denials and the alerts of the abnormal-access rules. Card ids are shown masked.',
  tags: ['access', 'security'],
  variables: [siteVariable, gateVariable],
  rows: [
    {
      title: 'Traffic',
      panels: [
        timeseries({
          title: 'Swipes per gate and hour',
          description: 'All swipes (granted and denied) per gate, in hourly bins of the gate_swipes_5m continuous aggregate.',
          style: 'bars',
          stacked: true,
          interval: '1h',
          unit: 'short',
          width: 16,
          queries: [
            sql(
              `
              SELECT date_bin(INTERVAL '1 hour', bucket, TIMESTAMPTZ '2000-01-01') AS "time", device_id AS metric, sum(swipes) AS "swipes"
              FROM gate_swipes_5m
              WHERE ${SWIPES_FILTER}
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.gateSwipes5m] },
            ),
          ],
        }),
        stat({
          title: 'Swipes',
          description: 'Swipes in the range at the selected gates.',
          width: 4,
          unit: 'short',
          queries: [
            sql(`SELECT coalesce(sum(swipes), 0) AS "swipes" FROM gate_swipes_5m WHERE ${SWIPES_FILTER}`, {
              requires: [GATEWAY.gateSwipes5m],
              format: 'table',
            }),
          ],
        }),
        stat({
          title: 'Denial rate',
          description: 'Denied swipes as a share of all swipes in the range.',
          width: 4,
          unit: 'percentunit',
          decimals: 1,
          thresholds: [
            { color: 'green', value: null },
            { color: 'orange', value: 0.05 },
            { color: 'red', value: 0.15 },
          ],
          queries: [
            sql(
              `SELECT coalesce(sum(denied)::float8 / nullif(sum(swipes), 0), 0) AS "denial rate" FROM gate_swipes_5m WHERE ${SWIPES_FILTER}`,
              { requires: [GATEWAY.gateSwipes5m], format: 'table' },
            ),
          ],
        }),
        timeseries({
          title: 'In and out',
          description: 'Entries and exits per interval at the selected gates (occupancy trend).',
          interval: '5m',
          unit: 'short',
          width: 24,
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), direction AS metric, sum(swipes) AS "swipes"
              FROM gate_swipes_5m
              WHERE ${SWIPES_FILTER}
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.gateSwipes5m] },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Denials',
      panels: [
        timeseries({
          title: 'Denials per gate',
          description: 'Denied swipes per gate; a burst at one gate is what the repeated-denial rule looks for.',
          style: 'bars',
          stacked: true,
          interval: '5m',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), device_id AS metric, sum(denied) AS "denied"
              FROM gate_swipes_5m
              WHERE ${SWIPES_FILTER}
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.gateSwipes5m] },
            ),
          ],
        }),
        barChart({
          title: 'Denial reasons',
          description: 'Why gates denied, from the raw swipes in the range.',
          xField: 'reason',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT coalesce(reason, '(none given)') AS "reason", count(*) AS "denials"
              FROM gate_swipes
              WHERE $__timeFilter(ts) AND NOT granted AND site IN ($site) AND device_id IN ($gate)
              GROUP BY 1
              ORDER BY 2 DESC
              LIMIT 20`,
              { requires: [GATEWAY.gateSwipes], format: 'table' },
            ),
          ],
        }),
        table({
          title: 'Recent denials',
          description:
            'The newest denied swipes. Card ids are masked (DAT-6): the full id is in the access records for security staff.',
          width: 24,
          queries: [
            sql(
              `
              SELECT ts AS "time", device_id AS "gate", left(card_id, 2) || '…' || right(card_id, 2) AS "card", direction, coalesce(reason, '') AS "reason"
              FROM gate_swipes
              WHERE $__timeFilter(ts) AND NOT granted AND site IN ($site) AND device_id IN ($gate)
              ORDER BY ts DESC
              LIMIT 100`,
              { requires: [GATEWAY.gateSwipes], format: 'table' },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Alerts',
      panels: [
        timeseries({
          title: 'Access alerts per hour',
          description: 'Alerts raised by the abnormal-access rules (IOT-8), per rule.',
          style: 'bars',
          stacked: true,
          interval: '1h',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT date_bin(INTERVAL '1 hour', raised_at, TIMESTAMPTZ '2000-01-01') AS "time", rule_id AS metric, count(*) AS "alerts"
              FROM alerts
              WHERE $__timeFilter(raised_at) AND category = 'access' AND site IN ($site)
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [DOMAIN.alerts] },
            ),
          ],
        }),
        table({
          title: 'Access alerts',
          description: 'The newest alerts of the abnormal-access rules and their handling status.',
          queries: [
            sql(
              `
              SELECT raised_at AS "time", severity, rule_id AS "rule", subject, title, status, occurrences
              FROM alerts
              WHERE $__timeFilter(raised_at) AND category = 'access' AND site IN ($site)
              ORDER BY raised_at DESC
              LIMIT 100`,
              { requires: [DOMAIN.alerts], format: 'table' },
            ),
          ],
        }),
      ],
    },
  ],
};
