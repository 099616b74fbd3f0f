import type { ReputationSettings } from './settings.ts';

/** Something the school learned about a supplier (PRC-5: reputation from delivery and quality). */
export type ReputationObservation =
  | { kind: 'delivery'; daysLate: number }
  | { kind: 'acceptance'; passed: boolean }
  | { kind: 'complaint'; severity: 'minor' | 'major' };

/** A complaint scores like a partly failed acceptance (minor) or a failed one (major). */
export const COMPLAINT_SCORES = { minor: 40, major: 0 } as const;

const clamp = (value: number) => Math.max(0, Math.min(100, value));
const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * What one observation is worth on the 0-100 scale: a delivery on time 100, less
 * `latePenaltyPerDay` per day late; an acceptance passed 100, failed 0; a complaint per COMPLAINT_SCORES.
 */
export function observationScore(observation: ReputationObservation, settings: ReputationSettings): number {
  switch (observation.kind) {
    case 'delivery':
      return clamp(100 - settings.latePenaltyPerDay * Math.max(0, observation.daysLate));
    case 'acceptance':
      return observation.passed ? 100 : 0;
    case 'complaint':
      return COMPLAINT_SCORES[observation.severity];
  }
}

/**
 * The reputation learns as an exponentially weighted moving average:
 *   R ← R + α × (observation − R)
 * so recent behaviour counts most (an observation's weight halves every ln 2 / −ln(1−α) ≈ 3
 * events at α = 0.2), one bad delivery does not ruin a long good record, and a new supplier
 * starts at the neutral prior. Delivery (on time or not) and quality (acceptance, complaints)
 * feed the same score.
 */
export function updateReputation(current: number, observation: ReputationObservation, settings: ReputationSettings): number {
  return round2(clamp(current + settings.alpha * (observationScore(observation, settings) - current)));
}
