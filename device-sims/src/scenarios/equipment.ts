import { metricSpec } from '../equipment/assets.ts';
import { type FaultKind, type FaultRamp, sampleAsset } from '../equipment/physics.ts';
import { MINUTE_MS } from '../time.ts';
import { firstCrossing, idSequence, resolveAsset, telemetryActions } from './helpers.ts';
import type { ExpectedOutcome, PlacedOutcome, ScenarioContext, ScenarioPlan } from './types.ts';

/** How equipment scenarios sample: every minute, or coarser for long ramps (at most ~1500 messages). */
export function samplingInterval(durationMs: number): number {
  return Math.max(MINUTE_MS, Math.ceil(durationMs / 1500 / MINUTE_MS) * MINUTE_MS);
}

/** Equipment scenarios on an OPC UA asset play live for this long by default (the server samples in real time). */
export const OPCUA_LIVE_DURATION_MS = 10 * MINUTE_MS;

export interface DegradationSpec {
  scenario: string;
  defaultAsset: string;
  assetType: 'pump' | 'chiller';
  fault: FaultKind;
  /** The metrics the predictive-maintenance rule should catch, the defining one first. */
  metrics: readonly string[];
}

/** The hub's predictive rule predicts no earlier than this many samples (its `minSamples`). */
const RULE_MIN_SAMPLES = 30;

/** What the hub's predictive-maintenance rule should conclude about a degrading metric. */
export function degradationOutcomes(subject: string, metric: string, limit: number, unit: string): ExpectedOutcome[] {
  return [
    {
      rule: 'equipment.predictive',
      category: 'equipment',
      subject,
      ticket: 'trend',
      afterMs: 0,
      withinMs: 0,
      why: `the ${metric} trend is predicted to cross ${limit} ${unit} within the horizon: the asset's condition ticket before the failure (after the hub's learning day)`,
    },
    {
      rule: 'equipment.predictive',
      category: 'equipment',
      subject,
      alert: 'critical',
      ticket: 'limit',
      afterMs: 0,
      withinMs: 0,
      why: `${metric} beyond its limit ${limit} ${unit}: a critical alert and a ticket`,
    },
  ];
}

/**
 * Plans a degradation: the fault ramps from the scenario start to failure at its end; the
 * asset's MQTT sensor (if it has one) reports every `samplingInterval`, and an OPC UA server in
 * the same process reads the same ramp. The limit crossing is where the data the rule sees
 * crosses the metric's critical limit; the trend ticket comes between the rule's first
 * prediction and that crossing.
 */
export function planDegradation(spec: DegradationSpec, context: ScenarioContext): ScenarioPlan {
  const { start, durationMs, world } = context;
  const end = start + durationMs;
  const resolved = resolveAsset(context, spec.defaultAsset, spec.assetType);
  const { asset } = resolved;
  const ramp: FaultRamp = { assetId: asset.id, kind: spec.fault, from: start, to: end };
  // The physics with this ramp on top of whatever the world already holds (planning registers nothing).
  const sample = (t: number) => {
    const faults = world.faults.at(asset.id, t);
    const severity = Math.min(1, Math.max(0, (t - start) / durationMs));
    return sampleAsset(asset, t, { ...faults, [spec.fault]: Math.max(faults[spec.fault] ?? 0, severity) }, world);
  };
  const every = resolved.sensor ? samplingInterval(durationMs) : Math.max(1000, Math.floor(durationMs / 2000));
  const firstPrediction = start + RULE_MIN_SAMPLES * every;
  const expected: PlacedOutcome[] = [];
  spec.metrics.forEach((name, index) => {
    const metric = metricSpec(asset.type, name);
    const critical = metric.limits?.critical ?? metric.range.high;
    // Where the data a rule sees crosses: the sensor's samples, or (OPC UA, sampled continuously) a fine scan.
    const crossing = firstCrossing(sample, name, critical, start, end, every);
    if (crossing === undefined) return;
    const [trend, limit] = degradationOutcomes(`asset:${asset.id}/${name}`, name, critical, metric.unit);
    // A trend ticket is expected for the defining metric; the others may cross too fast for a prediction.
    if (trend && index === 0) {
      expected.push({
        ...trend,
        afterMs: firstPrediction - start,
        withinMs: crossing - start,
        notBefore: firstPrediction,
        notAfter: crossing,
      });
    }
    if (limit) {
      const notAfter = crossing + 2 * every;
      expected.push({ ...limit, afterMs: crossing - start, withinMs: notAfter - start, notBefore: crossing, notAfter });
    }
  });
  const nextId = idSequence(context.runTag);
  return {
    scenario: spec.scenario,
    start,
    end,
    cast: { devices: resolved.sensor ? [resolved.sensor.id] : [], assets: [asset.id] },
    actions: telemetryActions(resolved, sample, start, end, samplingInterval(durationMs), nextId),
    faults: [ramp],
    claims: resolved.sensor ? [resolved.sensor.id] : [],
    expected,
  };
}
