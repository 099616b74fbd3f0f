import { type DashboardSpec, sql, stat, table, timeseries } from '../builders.ts';
import { DOMAIN, GATEWAY } from '../sources.ts';
import { assetVariable, metricVariable } from './variables.ts';

const SENSOR_FILTER = '$__timeFilter(bucket) AND asset_id IN ($asset) AND metric IN ($metric)';

/**
 * Minutes whose average lies more than three standard deviations from the asset's mean for
 * that metric over the range: a plain statistical screen, visible before the predictive-
 * maintenance rules (IOT-9) turn such trends into tickets.
 */
const ANOMALIES = `
                SELECT bucket, asset_id, metric, avg_value,
                       avg(avg_value) OVER w AS mean, stddev_samp(avg_value) OVER w AS sd
                FROM sensor_readings_1m
                WHERE ${SENSOR_FILTER}
                WINDOW w AS (PARTITION BY asset_id, metric)`;

export const equipment: DashboardSpec = {
  uid: 'campus-equipment',
  title: 'Campus · Equipment',
  description:
    'Equipment telemetry (IOT-4, IOT-9): each asset and metric with its limits, statistical anomalies and equipment alerts.',
  tags: ['equipment', 'maintenance'],
  variables: [assetVariable, metricVariable],
  rows: [
    {
      title: 'Telemetry',
      panels: [
        timeseries({
          title: 'Telemetry per asset with limits',
          description:
            'Average per interval of each metric of the selected assets (sensor_readings_1m), with the low and high limits configured for predictive maintenance as flat lines.',
          interval: '1m',
          width: 24,
          height: 10,
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), asset_id || ' · ' || metric AS metric, avg(avg_value) AS "value"
              FROM sensor_readings_1m
              WHERE ${SENSOR_FILTER}
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.sensorReadings1m] },
            ),
            sql(
              `
              SELECT edge.t AS "time", l.asset_id || ' · ' || l.metric || ' ' || limits.side || ' limit' AS metric, limits.value AS "value"
              FROM asset_metric_limits AS l
              CROSS JOIN LATERAL (VALUES ('low', l.low_limit), ('high', l.high_limit)) AS limits (side, value)
              CROSS JOIN (VALUES ($__timeFrom()::timestamptz), ($__timeTo()::timestamptz)) AS edge (t)
              WHERE l.asset_id IN ($asset) AND l.metric IN ($metric) AND limits.value IS NOT NULL
              ORDER BY 1`,
              { requires: [DOMAIN.assetMetricLimits] },
            ),
          ],
        }),
        table({
          title: 'Latest value per asset and metric',
          description: 'Newest minute of each metric, with the minimum and maximum seen in the range.',
          width: 24,
          queries: [
            sql(
              `
              SELECT latest.asset_id AS "asset", latest.metric, latest.bucket AS "time", round(latest.avg_value::numeric, 3) AS "value",
                     round(span.low::numeric, 3) AS "min in range", round(span.high::numeric, 3) AS "max in range"
              FROM (
                SELECT DISTINCT ON (asset_id, metric) asset_id, metric, bucket, avg_value
                FROM sensor_readings_1m
                WHERE ${SENSOR_FILTER}
                ORDER BY asset_id, metric, bucket DESC
              ) AS latest
              JOIN (
                SELECT asset_id, metric, min(min_value) AS low, max(max_value) AS high
                FROM sensor_readings_1m
                WHERE ${SENSOR_FILTER}
                GROUP BY 1, 2
              ) AS span USING (asset_id, metric)
              ORDER BY 1, 2`,
              { requires: [GATEWAY.sensorReadings1m], format: 'table' },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Anomalies',
      panels: [
        stat({
          title: 'Anomalous minutes',
          description: 'Minutes more than 3 standard deviations from the mean of their asset and metric over the range.',
          width: 6,
          unit: 'short',
          thresholds: [
            { color: 'green', value: null },
            { color: 'orange', value: 1 },
          ],
          queries: [
            sql(
              `
              SELECT count(*) AS "anomalous minutes"
              FROM (${ANOMALIES}
              ) AS s
              WHERE sd > 0 AND abs(avg_value - mean) > 3 * sd`,
              { requires: [GATEWAY.sensorReadings1m], format: 'table' },
            ),
          ],
        }),
        table({
          title: 'Anomalies',
          description: 'Each anomalous minute with its z-score (distance from the mean in standard deviations).',
          width: 18,
          sortBy: { displayName: 'time', desc: true },
          queries: [
            sql(
              `
              SELECT bucket AS "time", asset_id AS "asset", metric, round(avg_value::numeric, 3) AS "value",
                     round(mean::numeric, 3) AS "mean", round(((avg_value - mean) / sd)::numeric, 1) AS "z"
              FROM (${ANOMALIES}
              ) AS s
              WHERE sd > 0 AND abs(avg_value - mean) > 3 * sd
              ORDER BY bucket DESC
              LIMIT 100`,
              { requires: [GATEWAY.sensorReadings1m], format: 'table' },
            ),
          ],
        }),
        table({
          title: 'Equipment alerts',
          description: 'Alerts raised by the predictive-maintenance rules (IOT-9): drift, anomaly, predicted limit crossing.',
          width: 24,
          queries: [
            sql(
              `
              SELECT raised_at AS "time", severity, rule_id AS "rule", subject AS "asset", title, status, occurrences
              FROM alerts
              WHERE $__timeFilter(raised_at) AND category = 'equipment'
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
