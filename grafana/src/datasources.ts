import type { DataSourceRef } from '@grafana/schema';

/**
 * The two data sources every dashboard refers to, by the fixed uids the provisioning files
 * give them (grafana/provisioning/datasources/campus.yaml): a dashboard then works on any
 * Grafana provisioned from this repository, whatever the data sources' numeric ids there.
 */
export const TIMESCALEDB = {
  type: 'grafana-postgresql-datasource',
  uid: 'campus-timescaledb',
} as const satisfies DataSourceRef;

/** Prometheus scraping the hubs' /metrics: the spool and queue live in process memory, not in SQL. */
export const PROMETHEUS = { type: 'prometheus', uid: 'campus-prometheus' } as const satisfies DataSourceRef;

export type CampusDataSource = typeof TIMESCALEDB | typeof PROMETHEUS;
