import type { Gateway, Logger } from '@campus/gateway';
import type { Db } from '@campus/storage';
import type { HubServices } from '../services.ts';
import { createEffectApplier } from './effects.ts';
import { RuleEngine } from './engine.ts';
import { createFactsProvider } from './facts.ts';
import { sensorRecoveryGuard } from './recovery-guard.ts';
import { ALL_RULES } from './registry.ts';

const GUARD = 'sensor-recovery';

/**
 * The rule engine as the hub runs it: every rule, facts and effects through the domain
 * services, and the sensor-recovery check on acceptance of the tickets it opens (IOT-9).
 */
export function createRuleEngine(
  db: Db,
  services: HubServices,
  gateway: Gateway,
  log: Logger,
  options: { tickMs?: number; now?: () => Date; maxBacklog?: number } = {},
): RuleEngine {
  const engine = new RuleEngine({
    db,
    rules: ALL_RULES,
    configs: services.ruleConfigs,
    facts: createFactsProvider(db, services, log),
    effects: createEffectApplier({
      db,
      alerts: services.alerts,
      tickets: services.maintenance,
      requisitions: services.procurement,
      log,
    }),
    log,
    sites: () => [...new Set(gateway.registry.list().map((device) => device.site))],
    ...options,
  });
  // The guard belongs to whichever engine runs now (a restarted engine replaces it).
  services.maintenance.replaceAcceptanceGuard(
    GUARD,
    // A repaired machine is a new normal on every metric (its tickets gather findings of several).
    sensorRecoveryGuard((assetId) => void engine.forget('equipment.predictive', `asset:${assetId}/`)),
  );
  return engine;
}
