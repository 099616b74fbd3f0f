import { barChart, barGauge, type DashboardSpec, sql, stat, table, timeseries } from '../builders.ts';
import { DOMAIN, GATEWAY } from '../sources.ts';
import { siteVariable } from './variables.ts';

/** Meal periods in the order of the day, for sorting (protocol MEAL_PERIODS). */
const PERIOD_ORDER = "array_position(ARRAY['breakfast', 'lunch', 'dinner', 'late_night'], meal_period)";

/** The newest reading of each item on each site's scales within the range. */
const LATEST_STOCK = `
                SELECT DISTINCT ON (site, item_id) site, item_id, bucket, avg_net_kg
                FROM scale_readings_5m
                WHERE $__timeFilter(bucket) AND site IN ($site)
                ORDER BY site, item_id, bucket DESC`;

export const canteen: DashboardSpec = {
  uid: 'campus-canteen',
  title: 'Campus · Canteen',
  description:
    'Canteen terminals and inventory scales (IOT-2/3, CAT-2..5): orders per meal period, top dishes, stock on the scales and against safety stock.',
  tags: ['canteen', 'catering', 'stock'],
  variables: [siteVariable],
  rows: [
    {
      title: 'Orders',
      panels: [
        timeseries({
          title: 'Orders per meal period',
          description: 'Orders per interval and meal period, from the terminal_orders_1m continuous aggregate.',
          style: 'bars',
          stacked: true,
          interval: '5m',
          unit: 'short',
          width: 16,
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), meal_period AS metric, sum(orders) AS "orders"
              FROM terminal_orders_1m
              WHERE $__timeFilter(bucket) AND site IN ($site)
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.terminalOrders1m] },
            ),
          ],
        }),
        stat({
          title: 'Revenue',
          description: 'Sum of order totals in the range (yuan).',
          width: 8,
          unit: 'currencyCNY',
          queries: [
            sql(
              `SELECT coalesce(sum(revenue), 0) AS "revenue" FROM terminal_orders_1m WHERE $__timeFilter(bucket) AND site IN ($site)`,
              {
                requires: [GATEWAY.terminalOrders1m],
                format: 'table',
              },
            ),
          ],
        }),
        barChart({
          title: 'Orders and revenue per meal period',
          description: 'Totals per meal period over the range, from the terminal_orders_1m continuous aggregate.',
          xField: 'meal period',
          unit: 'short',
          queries: [
            sql(
              `
              SELECT meal_period AS "meal period", sum(orders) AS "orders", sum(revenue) AS "revenue (yuan)"
              FROM terminal_orders_1m
              WHERE $__timeFilter(bucket) AND site IN ($site)
              GROUP BY meal_period
              ORDER BY ${PERIOD_ORDER}`,
              { requires: [GATEWAY.terminalOrders1m], format: 'table' },
            ),
          ],
        }),
        barGauge({
          title: 'Top dishes',
          description: 'Portions sold per dish in the range, from the order items of the raw terminal orders (CAT-3 input).',
          unit: 'short',
          min: 0,
          queries: [
            sql(
              `
              SELECT item ->> 'dishId' AS "dish", sum((item ->> 'quantity')::int) AS "portions"
              FROM terminal_orders AS o
              CROSS JOIN LATERAL jsonb_array_elements(o.items) AS item
              WHERE $__timeFilter(o.ts) AND o.site IN ($site)
              GROUP BY 1
              ORDER BY 2 DESC
              LIMIT 10`,
              { requires: [GATEWAY.terminalOrders], format: 'table' },
            ),
          ],
        }),
      ],
    },
    {
      title: 'Stock',
      panels: [
        timeseries({
          title: 'Net weight per item',
          description:
            'Average net weight on the inventory scales per item (kg), from the scale_readings_5m continuous aggregate.',
          interval: '5m',
          unit: 'masskg',
          queries: [
            sql(
              `
              SELECT $__timeGroupAlias(bucket, $__interval), item_id AS metric, avg(avg_net_kg) AS "kg"
              FROM scale_readings_5m
              WHERE $__timeFilter(bucket) AND site IN ($site)
              GROUP BY 1, 2
              ORDER BY 1`,
              { requires: [GATEWAY.scaleReadings5m] },
            ),
          ],
        }),
        table({
          title: 'Latest weight per item',
          description: 'The newest 5-minute average of each item on each site.',
          queries: [
            sql(
              `
              SELECT site, item_id AS "item", bucket AS "time", round(avg_net_kg::numeric, 2) AS "net kg"
              FROM (${LATEST_STOCK}
              ) AS latest
              ORDER BY avg_net_kg`,
              { requires: [GATEWAY.scaleReadings5m], format: 'table' },
            ),
          ],
        }),
        barGauge({
          title: 'Stock against safety stock',
          description:
            'Newest weight on the scales as a share of the safety stock of the item (CAT-5): below 100 % the low-stock rule raises an alert and drafts a requisition.',
          unit: 'percent',
          min: 0,
          max: 300,
          width: 24,
          thresholds: [
            { color: 'red', value: null },
            { color: 'orange', value: 100 },
            { color: 'green', value: 150 },
          ],
          queries: [
            sql(
              `
              SELECT i.name || ' (' || latest.site || ')' AS "item",
                round((latest.avg_net_kg / nullif(i.safety_stock * CASE i.unit WHEN 'g' THEN 0.001 WHEN 'jin' THEN 0.5 ELSE 1 END, 0) * 100)::numeric, 0) AS "% of safety stock"
              FROM (${LATEST_STOCK}
              ) AS latest
              JOIN stock_items AS i ON i.id = latest.item_id
              WHERE i.unit IN ('kg', 'g', 'jin')
              ORDER BY 2`,
              { requires: [GATEWAY.scaleReadings5m, DOMAIN.stockItems], format: 'table' },
            ),
          ],
        }),
      ],
    },
  ],
};
