import { HOUR_MS, MINUTE_MS } from '../time.ts';
import { degradationOutcomes, planDegradation } from './equipment.ts';
import { startAtLocalTime } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Bearing degradation to failure / 轴承劣化至失效 (IOT-4, IOT-9): pump-1's drive-end bearing wears
 * from healthy to seized over six hours of its duty (12:00-18:00). Vibration velocity rises
 * slowly, then fast (the knee of the P-F curve), the bearing warms, the motor draws a little
 * more, and at the end the pump trips (status 2, fault). The plan computes when the data crosses
 * the limit for any asset and duration.
 */

/** For the default 6-hour ramp the vibration crosses 7.1 mm/s about 4 h 04 min in. */
export const expected: ExpectedOutcome[] = degradationOutcomes('asset:pump-1/vibration', 'vibration', 7.1, 'mm/s').map(
  (outcome) =>
    outcome.ticket === 'trend'
      ? { ...outcome, afterMs: 30 * MINUTE_MS, withinMs: 4 * HOUR_MS + 4 * MINUTE_MS }
      : { ...outcome, afterMs: 4 * HOUR_MS + 4 * MINUTE_MS, withinMs: 4 * HOUR_MS + 6 * MINUTE_MS },
);

export const bearingDegradation: ScenarioDefinition = {
  name: 'bearing-degradation',
  title: 'Bearing degradation to failure / 轴承劣化至失效',
  summary: "pump-1's bearing wears out over 12:00-18:00: vibration 2 → 14 mm/s, bearing 48 → 83 °C, then the pump trips.",
  durationMs: 6 * HOUR_MS,
  defaultStart: startAtLocalTime(12 * 60),
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan: (context) =>
    planDegradation(
      {
        scenario: 'bearing-degradation',
        defaultAsset: 'pump-1',
        assetType: 'pump',
        fault: 'bearing_wear',
        metrics: ['vibration'],
      },
      context,
    ),
};
