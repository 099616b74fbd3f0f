import { queryVariable } from '../builders.ts';
import { GATEWAY } from '../sources.ts';

/** Sites known to the device registry; every event row carries its device's site. */
export const siteVariable = queryVariable({
  name: 'site',
  label: 'Site',
  query: `SELECT DISTINCT site FROM ${GATEWAY.devices} ORDER BY 1`,
  requires: [GATEWAY.devices],
  refreshOn: 'load',
});

export const gateVariable = queryVariable({
  name: 'gate',
  label: 'Gate',
  query: `SELECT id FROM ${GATEWAY.devices} WHERE kind = 'gate' AND site IN ($site) ORDER BY 1`,
  requires: [GATEWAY.devices],
  refreshOn: 'load',
});

/** Assets that reported in the range (the sensor rollup has no site column: assets are campus-wide ids). */
export const assetVariable = queryVariable({
  name: 'asset',
  label: 'Asset',
  query: `SELECT DISTINCT asset_id FROM ${GATEWAY.sensorReadings1m} WHERE $__timeFilter(bucket) ORDER BY 1`,
  requires: [GATEWAY.sensorReadings1m],
  refreshOn: 'timeRange',
});

export const metricVariable = queryVariable({
  name: 'metric',
  label: 'Metric',
  query: `SELECT DISTINCT metric FROM ${GATEWAY.sensorReadings1m} WHERE $__timeFilter(bucket) AND asset_id IN ($asset) ORDER BY 1`,
  requires: [GATEWAY.sensorReadings1m],
  refreshOn: 'timeRange',
});
