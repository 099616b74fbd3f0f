import { hashNoise, hashParts, smoothNoise } from '../random.ts';
import { atLocal, DAY_MS, HOUR_MS, isWeekend, localDay, localHour } from '../time.ts';
import { ASSET_STATUS, ASSET_TYPE_SPECS, type AssetSpec, type AssetType } from './assets.ts';

/**
 * Equipment physics: each asset's metrics at an instant, from its daily duty cycle, its load,
 * smooth noise and its degradation. A pure function of (asset, time, fault state, seed): MQTT
 * sensors and the OPC UA server call it and agree, whatever order and rate they sample at.
 */

export const FAULT_KINDS = ['bearing_wear', 'overheating'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Severity of each fault, 0 (healthy) … 1 (failed: the machine trips and stops). */
export type FaultState = Partial<Record<FaultKind, number>>;

export interface FaultRamp {
  assetId: string;
  kind: FaultKind;
  /** Severity 0 until `from`, rising linearly to 1 at `to`, 1 after (failed until cleared). */
  from: number;
  to: number;
}

/** Degradation schedules shared by every transport of one simulation. */
export class FaultRegistry {
  #ramps: FaultRamp[] = [];

  add(ramp: FaultRamp): void {
    if (!(ramp.to > ramp.from)) throw new Error('a fault ramp must end after it starts');
    this.#ramps.push(ramp);
  }

  clear(assetId?: string): void {
    this.#ramps = assetId === undefined ? [] : this.#ramps.filter((ramp) => ramp.assetId !== assetId);
  }

  list(): FaultRamp[] {
    return [...this.#ramps];
  }

  at(assetId: string, t: number): FaultState {
    const state: FaultState = {};
    for (const ramp of this.#ramps) {
      if (ramp.assetId !== assetId || t < ramp.from) continue;
      const severity = Math.min(1, (t - ramp.from) / (ramp.to - ramp.from));
      state[ramp.kind] = Math.max(state[ramp.kind] ?? 0, severity);
    }
    return state;
  }
}

export interface PhysicsOptions {
  seed: number;
  utcOffsetMin: number;
}

export interface AssetReading {
  status: (typeof ASSET_STATUS)[keyof typeof ASSET_STATUS];
  /** Metric name → value, for every metric of the asset's type. */
  values: Record<string, number>;
}

interface Duty {
  /** Local hours the machine runs, [on, off); elevators are always in service. */
  on: number;
  off: number;
  /** Load 0..1 at a local hour. */
  load(hour: number, weekend: boolean): number;
}

const bell = (hour: number, centre: number, width: number) => Math.exp(-(((hour - centre) / width) ** 2));
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

const DUTY: Record<AssetType, Duty> = {
  // Cooling load peaks in the afternoon; less on weekends (teaching buildings empty).
  chiller: { on: 7, off: 22, load: (h, weekend) => clamp01((0.35 + 0.55 * bell(h, 14.5, 3.5)) * (weekend ? 0.8 : 1)) },
  pump: { on: 7, off: 22, load: (h, weekend) => clamp01((0.75 + 0.2 * bell(h, 14.5, 3.5)) * (weekend ? 0.9 : 1)) },
  // Domestic hot water for the dorms: morning and evening shower peaks.
  boiler: { on: 5.5, off: 23.5, load: (h) => clamp01(0.3 + 0.5 * bell(h, 6.8, 1.2) + 0.6 * bell(h, 21.5, 1.3)) },
  air_handler: {
    on: 6.5,
    off: 22,
    load: (h, weekend) => clamp01((0.45 + 0.4 * bell(h, 10, 2.5) + 0.35 * bell(h, 15, 2.5)) * (weekend ? 0.7 : 1)),
  },
  // Traffic: classes, lunch, dinner.
  elevator: {
    on: 0,
    off: 24,
    load: (h) =>
      clamp01(0.04 + 0.85 * bell(h, 7.8, 0.6) + 0.7 * bell(h, 12, 0.7) + 0.75 * bell(h, 17.8, 0.8) + 0.3 * bell(h, 21, 1)),
  },
};

/** Runtime counters count from here (a plausible commissioning era for campus plant). */
const RUNTIME_EPOCH_MS = Date.UTC(2020, 0, 1);

/** Vibration added by bearing wear: slow at first, then fast (the P-F curve's knee), ~14 mm/s at failure. */
const wearVibration = (wear: number, full = 12) => full * wear ** 2.2;

/**
 * An asset's readings at `t`.
 * @param faults severity per fault kind at `t` (see FaultRegistry.at)
 */
export function sampleAsset(asset: AssetSpec, t: number, faults: FaultState, options: PhysicsOptions): AssetReading {
  const { seed, utcOffsetMin } = options;
  const duty = DUTY[asset.type];
  const hour = localHour(t, utcOffsetMin);
  const day = localDay(t, utcOffsetMin);
  const weekend = isWeekend(day);
  const wear = faults.bearing_wear ?? 0;
  const heat = faults.overheating ?? 0;
  const failed = wear >= 1 || heat >= 1;
  const scheduled = hour >= duty.on && hour < duty.off;
  const running = scheduled && !failed;
  const status = failed ? ASSET_STATUS.fault : running ? ASSET_STATUS.running : ASSET_STATUS.stopped;
  const load = duty.load(hour, weekend);
  // Slow wander (minutes) plus fast jitter (seconds): what a real transmitter shows.
  const n = (key: string) =>
    smoothNoise(seed, `${asset.id}/${key}`, t, 90_000) * 0.8 + hashNoise(seed, `${asset.id}/${key}`, Math.floor(t / 1000)) * 0.2;
  const values: Record<string, number> = {};

  switch (asset.type) {
    case 'chiller': {
      if (running) {
        values.supply_temperature = 7 + 0.25 * n('supply') + 8 * heat ** 1.5;
        values.return_temp = values.supply_temperature + 2.5 + 3 * load + 0.3 * n('return');
        values.condenser_pressure = 1000 + 250 * load + 900 * heat + 20 * n('pcond');
        values.compressor_current = (80 + 170 * load) * (1 + 0.25 * heat) * (1 + 0.08 * wear) + 4 * n('current');
        values.vibration = 1.8 + 0.15 * n('vib') + wearVibration(wear);
      } else {
        // Off (or tripped): the loop warms towards the plant-room temperature.
        values.supply_temperature = 13 + (heat >= 1 ? 3 : 0) + 0.5 * n('supply');
        values.return_temp = values.supply_temperature + 0.3 + 0.1 * n('return');
        values.condenser_pressure = 620 + 15 * n('pcond');
        values.compressor_current = 0;
        values.vibration = 0.1 + 0.05 * Math.abs(n('vib'));
      }
      break;
    }
    case 'pump': {
      if (running) {
        values.discharge_pressure = 380 + 40 * load + 8 * n('pdis');
        values.current = 38 + 6 * load + 0.8 * n('current') + 6 * wear;
        values.vibration = 2 + 0.2 * n('vib') + wearVibration(wear);
        values.bearing_temperature = 42 + 6 * load + n('tbear') + 35 * wear ** 2;
      } else {
        values.discharge_pressure = 120 + 3 * n('pdis');
        values.current = 0;
        values.vibration = 0.1 + 0.05 * Math.abs(n('vib'));
        values.bearing_temperature = 26 + (failed ? 20 : 0) + n('tbear');
      }
      break;
    }
    case 'boiler': {
      if (running) {
        values.water_temp = 72 + 6 * load + 0.8 * n('water') + 25 * heat;
        values.flue_temp = 150 + 40 * load + 3 * n('flue') + 90 * heat;
        values.pressure = 3 + 0.2 * load + 0.05 * n('pressure') + 2.5 * heat;
        values.current = 6 + 5 * load + 0.3 * n('current');
        values.vibration = 1.2 + 0.1 * n('vib') + wearVibration(wear, 10);
      } else {
        values.water_temp = 45 + n('water');
        values.flue_temp = 40 + 2 * n('flue');
        values.pressure = 2.5 + 0.04 * n('pressure');
        values.current = 0;
        values.vibration = 0.1 + 0.05 * Math.abs(n('vib'));
      }
      break;
    }
    case 'air_handler': {
      // Filters are changed every 90 days; the pressure drop grows as they load.
      const filterAge = (((t / DAY_MS + (hashParts(seed, asset.id, 'filter') % 90)) % 90) + 90) % 90;
      if (running) {
        values.supply_air_temp = 16 + 1.2 * (1 - load) + 0.4 * n('supply');
        values.filter_dp = 110 + 1.4 * filterAge + 40 * load + 4 * n('filter');
        values.current = 8 + 10 * load + 0.5 * n('current') + 3 * wear;
        values.vibration = 1.5 + 0.15 * n('vib') + wearVibration(wear, 11);
      } else {
        values.supply_air_temp = 22 + 0.5 * n('supply');
        values.filter_dp = 0;
        values.current = 0;
        values.vibration = 0.05 + 0.03 * Math.abs(n('vib'));
      }
      break;
    }
    case 'elevator': {
      // The drive reports its current averaged over a few seconds: idle plus the share of time travelling.
      const moving = running && (hashNoise(seed, `${asset.id}/trip`, Math.floor(t / 5000)) + 1) / 2 < load;
      values.current = running ? 3.5 + 30 * load * (0.85 + 0.15 * n('current')) : 0;
      values.vibration = running ? 0.6 + (moving ? 0.3 : 0) + 0.1 * n('vib') + wearVibration(wear, 5) : 0.05;
      values.motor_temp = 36 + 28 * load + n('motor') + (running ? 10 * wear : 0);
      break;
    }
  }
  values.runtime_hours = runtimeHours(asset, t, options);
  values.status = status;
  for (const metric of ASSET_TYPE_SPECS[asset.type].metrics) {
    const value = values[metric.name];
    if (value === undefined) throw new Error(`physics of ${asset.type} gives no ${metric.name}`);
    values[metric.name] = metric.name === 'status' ? value : Math.round(Math.max(metric.range.low, value) * 100) / 100;
  }
  return { status, values };
}

/** Hours run since commissioning: a per-asset base plus the daily duty cycle, analytically. */
export function runtimeHours(asset: AssetSpec, t: number, options: PhysicsOptions): number {
  const duty = DUTY[asset.type];
  const base = 1000 + (hashParts(options.seed, asset.id, 'runtime') % 7000);
  const perDay = duty.off - duty.on;
  const epochDay = localDay(RUNTIME_EPOCH_MS, options.utcOffsetMin);
  const day = localDay(t, options.utcOffsetMin);
  const today = (t - atLocal(day, 0, options.utcOffsetMin)) / HOUR_MS;
  const partial = Math.min(Math.max(today - duty.on, 0), perDay);
  return base + (day - epochDay) * perDay + partial;
}

/** Whether the asset's duty cycle has it running at `t` (ignoring faults). */
export function isScheduled(asset: AssetSpec, t: number, utcOffsetMin: number): boolean {
  const duty = DUTY[asset.type];
  const hour = localHour(t, utcOffsetMin);
  return hour >= duty.on && hour < duty.off;
}

/** The local hours an asset type runs, [on, off). */
export function dutyHours(type: AssetType): { on: number; off: number } {
  return { on: DUTY[type].on, off: DUTY[type].off };
}

/** Telemetry metrics of a reading, in catalogue order, with units. */
export function readingMetrics(asset: AssetSpec, reading: AssetReading): Array<{ name: string; value: number; unit: string }> {
  return ASSET_TYPE_SPECS[asset.type].metrics.map((metric) => ({
    name: metric.name,
    value: reading.values[metric.name] ?? 0,
    unit: metric.unit,
  }));
}
