import Type, { type Static } from 'typebox';
import { crossingTime, ewma, fitLine } from '../trend.ts';
import type { Effect, Rule } from '../types.ts';

/**
 * Predictive maintenance (IOT-9, MNT-7), per asset and metric: a learned baseline (EWMA mean
 * and variance, updated only by normal readings so a fault does not teach itself as normal),
 * anomaly scoring against it, and a least-squares trend over the recent window that predicts
 * when the metric crosses its limit. A ticket opens when the predicted crossing falls within
 * the horizon, when anomalies persist, or when the limit is already crossed — one open ticket
 * per asset and cause (the dedupe key), with the series, the fitted line and the prediction.
 */
const Limit = Type.Object({ high: Type.Optional(Type.Number()), low: Type.Optional(Type.Number()) });
const PredictiveConfig = Type.Object({
  limits: Type.Record(Type.String(), Limit, {
    description: 'Per metric name, e.g. vibration {high: 7.1} (ISO 10816 zone C/D), supply_temperature {high: 12}',
  }),
  assetLimits: Type.Record(Type.String(), Type.Record(Type.String(), Limit), { description: 'Per asset id overrides' }),
  baselineHours: Type.Number({
    minimum: 0.1,
    maximum: 720,
    default: 24,
    description:
      'Baseline memory in hours (a time constant, whatever the sensor cadence): long enough that a fault developing over hours stays visible against it',
  }),
  anomalyZ: Type.Number({ minimum: 2, maximum: 10, default: 4 }),
  anomalyPersist: Type.Integer({ minimum: 2, maximum: 100, default: 5 }),
  windowSamples: Type.Integer({ minimum: 10, maximum: 2000, default: 120 }),
  windowHours: Type.Number({
    minimum: 0.1,
    maximum: 168,
    default: 2,
    description: 'The trend is fitted over this span, thinned to windowSamples points, whatever the sensor cadence',
  }),
  minSamples: Type.Integer({ minimum: 5, maximum: 500, default: 30 }),
  learningMinutes: Type.Number({
    minimum: 0,
    maximum: 10_080,
    default: 1440,
    description:
      'No anomaly or trend judgement until the baseline has learned this long (a day: a machine has daily ramps); limits are checked from the first reading',
  }),
  horizonHours: Type.Number({ minimum: 1, maximum: 2000, default: 72 }),
  trendSigma: Type.Number({
    minimum: 0,
    maximum: 20,
    default: 3,
    description:
      'A trend counts only once the fitted level is this many σ above the learned baseline: daily start-ups and load ramps stay normal',
  }),
});
type PredictiveConfigT = Static<typeof PredictiveConfig>;
/** Counters and states, not physical quantities with a trend (runtime hours have their own rule). */
const NOT_PREDICTED = new Set(['runtime_hours', 'status']);
/** The `status` metric's value for a stopped machine (0 stopped, 1 running, 2 fault). */
const STOPPED = 0;
/** Epoch ms and value: numbers, so the hot path never parses dates. */
type Point = { t: number; v: number };
/** `predicted`: a trend ticket is out for this metric; its anomalies are the same fault. */
type PredictiveState = {
  baseline: { mean: number; variance: number; n: number };
  anomalies: number;
  window: Point[];
  predicted?: boolean;
  /** Epoch ms of the first reading the baseline learned from. */
  learningSince?: number;
  /** Epoch ms of the last reading the baseline learned from (its weight follows the time since). */
  learnedAt?: number;
};

const DEFAULT_LIMITS: PredictiveConfigT['limits'] = {
  vibration: { high: 7.1 },
  bearing_temperature: { high: 85 },
  supply_temperature: { high: 12 },
  temperature: { high: 90 },
  current: { high: 60 },
  pressure: { high: 10, low: 0.5 },
};

function limitOf(config: PredictiveConfigT, assetId: string, metric: string) {
  return config.assetLimits[assetId]?.[metric] ?? config.limits[metric];
}

/** Whether the fitted level has left the learned normal band (so a ramp within it is no trend). */
function departed(level: number, baseline: { mean: number; variance: number; n: number }, sigmas: number): boolean {
  const sd = Math.sqrt(baseline.variance);
  return Math.abs(level - baseline.mean) > sigmas * Math.max(sd, Math.abs(baseline.mean) * 0.01);
}

function splitKey(key: string): { assetId: string; metric: string } {
  const [assetId = '', metric = ''] = key.slice('asset:'.length).split('/');
  return { assetId, metric };
}

export const predictiveRule: Rule<PredictiveState, PredictiveConfigT> = {
  id: 'equipment.predictive',
  category: 'equipment',
  title: { en: 'Predicted failure from sensor trends', zh: '基于传感器趋势的故障预测' },
  on: ['sensor'],
  configSchema: PredictiveConfig,
  defaults: {
    limits: DEFAULT_LIMITS,
    assetLimits: {},
    baselineHours: 24,
    anomalyZ: 4,
    anomalyPersist: 5,
    windowSamples: 120,
    windowHours: 2,
    minSamples: 30,
    learningMinutes: 1440,
    horizonHours: 72,
    trendSigma: 3,
  },
  keysOf: (input) =>
    input.kind === 'sensor'
      ? input.event.metrics.filter((m) => !NOT_PREDICTED.has(m.name)).map((m) => `asset:${input.event.assetId}/${m.name}`)
      : [],
  initial: () => ({ baseline: { mean: 0, variance: 0, n: 0 }, anomalies: 0, window: [] }),
  evaluate(state, input, config, key) {
    if (input.kind !== 'sensor') return { state, effects: [] };
    const { assetId, metric } = splitKey(key);
    const reading = input.event.metrics.find((m) => m.name === metric);
    if (!reading) return { state, effects: [] };
    // A stopped machine's readings describe the room, not the machine: neither learned nor judged.
    if (input.event.metrics.some((m) => m.name === 'status' && m.value === STOPPED)) return { state, effects: [] };
    const at = input.event.ts;
    // A fixed span of time, thinned to evenly spaced points: a 10-s sensor and a 1-min one fit the same trend.
    const spacingMs = (config.windowHours * 3_600_000) / config.windowSamples;
    const lastPoint = state.window.at(-1);
    // Most readings fall between two points and leave the window as it is (the same array: states are never mutated).
    let window = state.window;
    if (!lastPoint || at.getTime() - lastPoint.t >= spacingMs) {
      window = [...state.window, { t: at.getTime(), v: reading.value }];
      if (window.length > config.windowSamples) window.splice(0, window.length - config.windowSamples);
      // A sparse sensor keeps minSamples points even when they reach further back than windowHours.
      const oldest = at.getTime() - config.windowHours * 3_600_000;
      while (window.length > config.minSamples && (window[0]?.t ?? oldest) < oldest) window.shift();
    }
    const sd = Math.sqrt(state.baseline.variance);
    const learningSince = state.learningSince ?? at.getTime();
    const warm = state.baseline.n >= config.minSamples && at.getTime() - learningSince >= config.learningMinutes * 60_000;
    const z = warm && sd > 0 ? (reading.value - state.baseline.mean) / sd : 0;
    const anomalous = warm && Math.abs(z) >= config.anomalyZ;
    // Anomalies do not teach the baseline; its long memory (small alpha) keeps a slow drift
    // visible against it while a daily ramp becomes part of the learned range.
    // Weighted by the time since the last learned reading (a cumulative mean while young), so the
    // memory is `baselineHours` whatever the cadence.
    const sinceMs = state.learnedAt === undefined ? 0 : Math.max(0, at.getTime() - state.learnedAt);
    const weight = Math.max(1 / (state.baseline.n + 1), 1 - Math.exp(-sinceMs / (config.baselineHours * 3_600_000)));
    const baseline = anomalous ? state.baseline : ewma(state.baseline, reading.value, weight);
    const anomalies = anomalous ? state.anomalies + 1 : 0;
    const next: PredictiveState = {
      baseline,
      anomalies,
      window,
      predicted: state.predicted ?? false,
      learningSince,
    };
    const learnedAt = anomalous ? state.learnedAt : at.getTime();
    if (learnedAt !== undefined) next.learnedAt = learnedAt;
    const limit = limitOf(config, assetId, metric);
    const effects: Effect[] = [];

    const start = window[0]?.t ?? at.getTime();
    const line = window.length >= config.minSamples ? fitLine(window, start, 3_600_000) : null;
    const nowH = (at.getTime() - start) / 3_600_000;
    const evidence = (extra: Record<string, unknown>) => ({
      assetId,
      metric,
      unit: reading.unit,
      series: window.map((p) => ({ t: new Date(p.t).toISOString(), v: p.v })),
      fit: line
        ? { slope: line.slope, intercept: line.intercept, origin: new Date(start).toISOString(), unit: 'per hour' }
        : null,
      baseline: { mean: baseline.mean, sd: Math.sqrt(baseline.variance) },
      limit: limit ?? null,
      ...extra,
    });
    const ticket = (
      cause: string,
      urgency: 'normal' | 'high' | 'critical',
      title: string,
      description: string,
      extra: Record<string, unknown>,
    ): Effect => ({
      type: 'open_ticket',
      // One early-warning (condition) ticket and one failure (limit) ticket per asset at a time: a
      // failing bearing also warms and draws current, which is one fault for the planner, not four.
      dedupeKey: `rule:${assetId}:${cause === 'limit' ? 'limit' : 'condition'}`,
      assetId,
      title,
      description,
      faultType: metric === 'current' ? 'electrical' : 'hvac',
      urgency,
      evidence: evidence({ cause, ...extra }),
    });

    const over = limit?.high !== undefined && reading.value >= limit.high;
    const under = limit?.low !== undefined && reading.value <= limit.low;
    if (over || under) {
      effects.push(
        ticket(
          'limit',
          'critical',
          `${assetId} ${metric} beyond limit / 超出限值`,
          `${metric} ${reading.value} ${reading.unit} is ${over ? 'above' : 'below'} its limit ${over ? limit?.high : limit?.low}`,
          {},
        ),
        {
          type: 'raise_alert',
          subject: key,
          severity: 'critical',
          title: `${assetId}: ${metric} ${reading.value} ${reading.unit} beyond limit / 设备超限`,
          message: `Limit ${over ? `high ${limit?.high}` : `low ${limit?.low}`}`,
          evidence: evidence({ value: reading.value }),
        },
      );
    } else if (warm && line && limit && departed(line.intercept + line.slope * nowH, baseline, config.trendSigma)) {
      const target = line.slope > 0 ? limit.high : limit.low;
      const crossing = target === undefined ? null : crossingTime(line, target, nowH);
      if (crossing !== null && crossing - nowH <= config.horizonHours) {
        const predictedAt = new Date(start + crossing * 3_600_000).toISOString();
        next.predicted = true;
        effects.push(
          ticket(
            'trend',
            crossing - nowH <= 24 ? 'high' : 'normal',
            `${assetId} ${metric} predicted to cross its limit / 预测将超限`,
            `${metric} trends ${line.slope > 0 ? 'up' : 'down'} ${Math.abs(line.slope).toFixed(3)} ${reading.unit}/h; limit ${target} expected at ${predictedAt}`,
            { predictedAt, hoursAhead: Math.round((crossing - nowH) * 10) / 10 },
          ),
        );
      }
    }
    if (anomalies >= config.anomalyPersist && !over && !under && !next.predicted) {
      effects.push(
        ticket(
          'anomaly',
          'normal',
          `${assetId} ${metric} abnormal / 运行异常`,
          `${anomalies} consecutive readings ≥ ${config.anomalyZ} σ from the learned baseline`,
          { z: Math.round(z * 10) / 10 },
        ),
      );
    }
    return { state: next, effects };
  },
};

const RuntimeConfig = Type.Object({
  serviceIntervalHours: Type.Number({ minimum: 10, maximum: 100_000, default: 2000 }),
  assetIntervals: Type.Record(Type.String(), Type.Number({ minimum: 10 }), { description: 'Per asset id overrides' }),
});
type RuntimeState = { lastInterval: number | null };

/** Runtime-hour counters open a preventive ticket at each service interval (IOT-9). */
export const runtimeServiceRule: Rule<RuntimeState, Static<typeof RuntimeConfig>> = {
  id: 'equipment.runtime_service',
  category: 'equipment',
  title: { en: 'Service interval reached (runtime hours)', zh: '达到保养周期（运行小时）' },
  on: ['sensor'],
  configSchema: RuntimeConfig,
  defaults: { serviceIntervalHours: 2000, assetIntervals: {} },
  keysOf: (input) =>
    input.kind === 'sensor' && input.event.metrics.some((m) => m.name === 'runtime_hours')
      ? [`asset:${input.event.assetId}`]
      : [],
  initial: () => ({ lastInterval: null }),
  evaluate(state, input, config, key) {
    if (input.kind !== 'sensor') return { state, effects: [] };
    const hours = input.event.metrics.find((m) => m.name === 'runtime_hours')?.value;
    if (hours === undefined) return { state, effects: [] };
    const assetId = key.slice('asset:'.length);
    const interval = config.assetIntervals[assetId] ?? config.serviceIntervalHours;
    const reached = Math.floor(hours / interval);
    // The first reading sets the mark: a counter already past intervals is not a backlog of tickets.
    // The same state back when nothing changed: nothing to keep or save.
    if (state.lastInterval !== null && reached <= state.lastInterval) return { state, effects: [] };
    if (state.lastInterval === null) return { state: { lastInterval: reached }, effects: [] };
    return {
      state: { lastInterval: reached },
      effects: [
        {
          type: 'open_ticket',
          dedupeKey: `rule:${assetId}:runtime:${reached}`,
          assetId,
          title: `${assetId}: ${reached * interval} h service / 定期保养`,
          description: `Runtime ${hours} h reached the ${interval} h service interval`,
          faultType: 'hvac',
          urgency: 'low',
          evidence: { assetId, runtimeHours: hours, intervalHours: interval, serviceNumber: reached },
        },
      ],
    };
  },
};

export const EQUIPMENT_RULES = [predictiveRule, runtimeServiceRule];
