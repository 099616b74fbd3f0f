import { bearingDegradation } from './bearing-degradation.ts';
import { chillerOverheating } from './chiller-overheating.ts';
import { curfewBreach } from './curfew-breach.ts';
import { gateOffline } from './gate-offline.ts';
import { impossibleTravel } from './impossible-travel.ts';
import { malformedBurst } from './malformed-burst.ts';
import { nightIntrusion } from './night-intrusion.ts';
import { passback } from './passback.ts';
import { revokedCard } from './revoked-card.ts';
import { stockDepletion } from './stock-depletion.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/** Every scenario, by name (docs/simulators.md describes each). */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  nightIntrusion,
  passback,
  impossibleTravel,
  revokedCard,
  curfewBreach,
  gateOffline,
  stockDepletion,
  bearingDegradation,
  chillerOverheating,
  malformedBurst,
];

/** `access.passback card:C20269021@dorm-1 → warning alert`, `… → critical alert + limit ticket + requisition`. */
export function describeOutcome(outcome: ExpectedOutcome): string {
  const effects = [
    outcome.alert ? `${outcome.alert} alert` : undefined,
    outcome.ticket ? `${outcome.ticket} ticket` : undefined,
    outcome.requisition ? 'requisition' : undefined,
  ].filter((effect) => effect !== undefined);
  return `${outcome.rule} ${outcome.subject} → ${effects.join(' + ')}`;
}

export function findScenario(name: string): ScenarioDefinition {
  const found = SCENARIOS.find((scenario) => scenario.name === name);
  if (!found) throw new Error(`no scenario ${name} (one of: ${SCENARIOS.map((scenario) => scenario.name).join(', ')})`);
  return found;
}

export { expectedReason } from './malformed-burst.ts';
export * from './types.ts';
