/**
 * The relations the dashboards read, named once. The gateway's (gateway/src/schema.ts) exist
 * today on TimescaleDB and plain PostgreSQL alike: the event tables, their rollups (continuous
 * aggregates, or `date_bin` views of the same names) and the dead letters.
 *
 * The domain tables below are being built by the hub's bounded contexts. Their panels are
 * defined now against the columns listed here; the query test skips each of those panels,
 * naming the missing table, until the table exists, and from then on runs it like any other:
 * a column that turns out different fails the test instead of a dashboard in production.
 */
export const GATEWAY = {
  devices: 'devices',
  deadLetters: 'dead_letters',
  gateSwipes: 'gate_swipes',
  terminalOrders: 'terminal_orders',
  gateSwipes5m: 'gate_swipes_5m',
  terminalOrders1m: 'terminal_orders_1m',
  scaleReadings5m: 'scale_readings_5m',
  sensorReadings1m: 'sensor_readings_1m',
} as const;

export const DOMAIN = {
  /** Raised by the rules engine (IOT-7..9, hub/src/contexts/alerts): raised_at, site, category, rule_id, subject, severity, title, status, occurrences. */
  alerts: 'alerts',
  /** Catering stock (CAT-4/5, IOT-7): item_id (= the scales' item id), name, safety_stock_kg. */
  stockItems: 'stock_items',
  /** Equipment limits for predictive maintenance (IOT-9/10): asset_id, metric, low_limit, high_limit. */
  assetMetricLimits: 'asset_metric_limits',
  /** Maintenance (MNT-2..7, hub/src/contexts/maintenance): status, created_at, resolved_at, closed_at, building_id, place_text, fault_type, asset_id. */
  maintenanceTickets: 'maintenance_tickets',
} as const;
