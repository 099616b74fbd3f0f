import { HOUR_MS, MINUTE_MS } from '../time.ts';
import { degradationOutcomes, planDegradation } from './equipment.ts';
import { startAtLocalTime } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Chiller overheating / 冷机过热 (IOT-4, IOT-9): chiller-1's condenser fouls over a hot
 * afternoon (12:00-15:00): the chilled water supply temperature climbs from 7 °C, condensing
 * pressure and compressor current rise with it, and at the end the high-pressure cut-out
 * trips the chiller (status 2, fault).
 */

/**
 * For the default 3-hour ramp the condensing pressure passes 1800 kPa about 1 h 55 min in and the
 * supply temperature 12 °C about 2 h 13 min in; the high-pressure cut-out trips the chiller at the end.
 */
export const expected: ExpectedOutcome[] = [
  ...degradationOutcomes('asset:chiller-1/supply_temperature', 'supply_temperature', 12, '°C').map((outcome) =>
    outcome.ticket === 'trend'
      ? { ...outcome, afterMs: 30 * MINUTE_MS, withinMs: 2 * HOUR_MS + 13 * MINUTE_MS }
      : { ...outcome, afterMs: 2 * HOUR_MS + 13 * MINUTE_MS, withinMs: 2 * HOUR_MS + 15 * MINUTE_MS },
  ),
  ...degradationOutcomes('asset:chiller-1/condenser_pressure', 'condenser_pressure', 1800, 'kPa')
    .filter((outcome) => outcome.ticket === 'limit')
    .map((outcome) => ({ ...outcome, afterMs: HOUR_MS + 55 * MINUTE_MS, withinMs: HOUR_MS + 57 * MINUTE_MS })),
];

export const chillerOverheating: ScenarioDefinition = {
  name: 'chiller-overheating',
  title: 'Chiller overheating / 冷机过热',
  summary:
    "chiller-1's condenser fouls over 12:00-15:00: supply water 7 → 15 °C, condensing pressure up, then a high-pressure trip.",
  durationMs: 3 * HOUR_MS,
  defaultStart: startAtLocalTime(12 * 60),
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan: (context) =>
    planDegradation(
      {
        scenario: 'chiller-overheating',
        defaultAsset: 'chiller-1',
        assetType: 'chiller',
        fault: 'overheating',
        metrics: ['supply_temperature', 'condenser_pressure'],
      },
      context,
    ),
};
