/**
 * The equipment of the simulated campus: asset types with their metrics (name on the wire,
 * unit, OPC UA browse name, engineering range, alarm limits) and the default assets. MQTT
 * sensors and the OPC UA server both describe equipment from this one catalogue.
 */

export const ASSET_TYPES = ['chiller', 'pump', 'boiler', 'air_handler', 'elevator'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Engineering units the OPC UA server maps to UNECE codes (EUInformation). */
export type EngineeringUnit = '°C' | 'mm/s' | 'A' | 'kPa' | 'bar' | 'Pa' | 'h' | '%';

export interface MetricSpec {
  /** Metric name in telemetry (`^[a-z][a-z0-9_]{0,47}$`). */
  name: string;
  unit: EngineeringUnit | 'state';
  /** BrowseName of the OPC UA variable. */
  browseName: string;
  description: string;
  /** Engineering range (EURange on the OPC UA AnalogItem). */
  range: { low: number; high: number };
  /** Alarm limits a rules engine can use: above `warning` / `critical` (or below, for `direction: 'low'`). */
  limits?: { warning: number; critical: number; direction?: 'high' | 'low' };
}

/** Operating status reported as the `status` metric (and the OPC UA Status multi-state variable). */
export const ASSET_STATUS = { stopped: 0, running: 1, fault: 2 } as const;
export const ASSET_STATUS_NAMES = ['Stopped', 'Running', 'Fault'] as const;

const runtime: MetricSpec = {
  name: 'runtime_hours',
  unit: 'h',
  browseName: 'RuntimeHours',
  description: 'Operating hours counter',
  range: { low: 0, high: 200_000 },
};
const status: MetricSpec = {
  name: 'status',
  unit: 'state',
  browseName: 'Status',
  description: '0 stopped, 1 running, 2 fault',
  range: { low: 0, high: 2 },
};
/** ISO 10816-3 zones for medium machines on rigid foundations: B/C boundary 4.5, C/D 7.1 mm/s rms. */
const vibration = (description: string, warning = 4.5, critical = 7.1): MetricSpec => ({
  name: 'vibration',
  unit: 'mm/s',
  browseName: 'Vibration',
  description,
  range: { low: 0, high: 25 },
  limits: { warning, critical },
});

export const ASSET_TYPE_SPECS: Record<AssetType, { label: string; metrics: MetricSpec[] }> = {
  chiller: {
    label: 'Water-cooled chiller / 冷水机组',
    metrics: [
      {
        name: 'supply_temperature',
        unit: '°C',
        browseName: 'SupplyTemperature',
        description: 'Chilled water supply temperature',
        range: { low: 0, high: 25 },
        limits: { warning: 9, critical: 12 },
      },
      {
        name: 'return_temp',
        unit: '°C',
        browseName: 'ReturnTemperature',
        description: 'Chilled water return temperature',
        range: { low: 0, high: 30 },
      },
      {
        name: 'condenser_pressure',
        unit: 'kPa',
        browseName: 'CondenserPressure',
        description: 'Refrigerant condensing pressure',
        range: { low: 0, high: 2500 },
        limits: { warning: 1500, critical: 1800 },
      },
      {
        name: 'compressor_current',
        unit: 'A',
        browseName: 'CompressorCurrent',
        description: 'Compressor motor current',
        range: { low: 0, high: 400 },
        limits: { warning: 300, critical: 340 },
      },
      vibration('Compressor vibration velocity (rms)'),
      runtime,
      status,
    ],
  },
  pump: {
    label: 'Chilled water pump / 冷冻水泵',
    metrics: [
      {
        name: 'discharge_pressure',
        unit: 'kPa',
        browseName: 'DischargePressure',
        // No limit: low pressure is an alarm only while the pump runs, which a limit cannot say.
        description: 'Pump discharge pressure',
        range: { low: 0, high: 1000 },
      },
      {
        name: 'current',
        unit: 'A',
        browseName: 'MotorCurrent',
        description: 'Motor current',
        range: { low: 0, high: 100 },
        limits: { warning: 48, critical: 55 },
      },
      vibration('Drive-end bearing vibration velocity (rms)'),
      {
        name: 'bearing_temperature',
        unit: '°C',
        browseName: 'BearingTemperature',
        description: 'Drive-end bearing temperature',
        range: { low: 0, high: 120 },
        limits: { warning: 70, critical: 85 },
      },
      runtime,
      status,
    ],
  },
  boiler: {
    label: 'Hot water boiler / 热水锅炉',
    metrics: [
      {
        name: 'water_temp',
        unit: '°C',
        browseName: 'WaterTemperature',
        description: 'Hot water supply temperature',
        range: { low: 0, high: 120 },
        limits: { warning: 90, critical: 95 },
      },
      {
        name: 'flue_temp',
        unit: '°C',
        browseName: 'FlueGasTemperature',
        description: 'Flue gas temperature',
        range: { low: 0, high: 350 },
        limits: { warning: 220, critical: 260 },
      },
      {
        name: 'pressure',
        unit: 'bar',
        browseName: 'WaterPressure',
        description: 'Boiler water pressure',
        range: { low: 0, high: 10 },
        limits: { warning: 5.5, critical: 6.5 },
      },
      {
        name: 'current',
        unit: 'A',
        browseName: 'BurnerFanCurrent',
        description: 'Burner fan motor current',
        range: { low: 0, high: 50 },
      },
      vibration('Burner fan vibration velocity (rms)'),
      runtime,
      status,
    ],
  },
  air_handler: {
    label: 'Air handling unit / 空调机组',
    metrics: [
      {
        name: 'supply_air_temp',
        unit: '°C',
        browseName: 'SupplyAirTemperature',
        description: 'Supply air temperature',
        range: { low: 0, high: 40 },
        limits: { warning: 20, critical: 24 },
      },
      {
        name: 'filter_dp',
        unit: 'Pa',
        browseName: 'FilterDifferentialPressure',
        description: 'Filter differential pressure (grows as the filter loads)',
        range: { low: 0, high: 500 },
        limits: { warning: 250, critical: 350 },
      },
      {
        name: 'current',
        unit: 'A',
        browseName: 'FanCurrent',
        description: 'Supply fan motor current',
        range: { low: 0, high: 60 },
      },
      vibration('Supply fan vibration velocity (rms)'),
      runtime,
      status,
    ],
  },
  elevator: {
    label: 'Passenger elevator / 客梯',
    metrics: [
      {
        name: 'current',
        unit: 'A',
        browseName: 'MotorCurrent',
        description: 'Traction motor current',
        range: { low: 0, high: 80 },
      },
      vibration('Car vibration velocity (rms)', 2.5, 4),
      {
        name: 'motor_temp',
        unit: '°C',
        browseName: 'MotorTemperature',
        description: 'Traction motor winding temperature',
        range: { low: 0, high: 150 },
        limits: { warning: 90, critical: 110 },
      },
      runtime,
      status,
    ],
  },
};

export interface AssetSpec {
  id: string;
  type: AssetType;
  /** Building (OPC UA folder Objects/Campus/<building>). */
  building: string;
  label?: string;
}

/**
 * Critical limits per metric ({ high } or { low }), the shape the hub's predictive-maintenance
 * rule takes in its `limits` setting. Metric names follow the rule's defaults where they exist
 * (vibration, supply_temperature, bearing_temperature, current, pressure in bar).
 */
export function criticalLimits(): Record<string, { high?: number; low?: number }> {
  const limits: Record<string, { high?: number; low?: number }> = {};
  for (const spec of Object.values(ASSET_TYPE_SPECS)) {
    for (const metric of spec.metrics) {
      if (!metric.limits || metric.name in limits) continue;
      limits[metric.name] =
        metric.limits.direction === 'low' ? { low: metric.limits.critical } : { high: metric.limits.critical };
    }
  }
  return limits;
}

/** Assets behind the demo MQTT sensors (sensor-01..03), as the gateway's demo device labels say. */
export const MQTT_DEMO_ASSETS: AssetSpec[] = [
  { id: 'chiller-1', type: 'chiller', building: 'EnergyCentre', label: 'Chiller 1 / 1号冷水机组' },
  { id: 'pump-1', type: 'pump', building: 'EnergyCentre', label: 'Chilled water pump 1 / 1号冷冻水泵' },
  { id: 'boiler-1', type: 'boiler', building: 'EnergyCentre', label: 'Boiler 1 / 1号锅炉' },
];

/** Assets the OPC UA server exposes by default: a plant controller and two building controllers. */
export const OPCUA_DEMO_ASSETS: AssetSpec[] = [
  { id: 'chiller-2', type: 'chiller', building: 'EnergyCentre', label: 'Chiller 2 / 2号冷水机组' },
  { id: 'pump-2', type: 'pump', building: 'EnergyCentre', label: 'Chilled water pump 2 / 2号冷冻水泵' },
  { id: 'boiler-2', type: 'boiler', building: 'EnergyCentre', label: 'Boiler 2 / 2号锅炉' },
  { id: 'ahu-1', type: 'air_handler', building: 'Library', label: 'Library AHU 1 / 图书馆1号空调机组' },
  { id: 'elevator-1', type: 'elevator', building: 'Library', label: 'Library elevator 1 / 图书馆1号电梯' },
  { id: 'ahu-2', type: 'air_handler', building: 'TeachingBuilding', label: 'Teaching building AHU 2 / 教学楼2号空调机组' },
  { id: 'elevator-2', type: 'elevator', building: 'TeachingBuilding', label: 'Teaching building elevator 2 / 教学楼2号电梯' },
];

export const ALL_DEMO_ASSETS: AssetSpec[] = [...MQTT_DEMO_ASSETS, ...OPCUA_DEMO_ASSETS];

export function metricSpec(type: AssetType, name: string): MetricSpec {
  const spec = ASSET_TYPE_SPECS[type].metrics.find((metric) => metric.name === name);
  if (!spec) throw new Error(`a ${type} has no metric ${name}`);
  return spec;
}
