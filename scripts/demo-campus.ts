import {
  ALL_DEMO_ASSETS,
  ASSET_TYPE_SPECS,
  type CastResident,
  DEMO_FLEET,
  DEMO_GATE_POSITIONS,
  DEMO_SITE,
  type SimDevice,
} from '@campus/device-sims';
import type { Db } from '@campus/storage';
// Composition code may reach into the hub: its services and the system actor for its settings.
import { systemActor } from '../hub/src/actor.ts';
import type { HubServices } from '../hub/src/services.ts';

export interface DemoCampus {
  /** The demo fleet, each gate placed in the hub's building. */
  fleet: SimDevice[];
  /** Residents who live the campus day in the profile. */
  residents: CastResident[];
  /** A few residents per building kept out of the profile for scenario casts. */
  castResidents: CastResident[];
  /** Safety stock (kg) per canteen item, so the stock story matches the hub's thresholds. */
  stockFloorsKg: Record<string, number>;
}

/** Residents kept per building for scenario casts. */
const CAST_PER_BUILDING = 10;

/**
 * What the hub knows about the campus, so the simulation matches it: the dorm residents with
 * their cards and gates (the published gate_card_access view), the gates' buildings, the
 * canteen's safety stocks. Also sets, once, the rule settings a real installation would: where
 * the gates stand (impossible travel) and the equipment's limits (predictive maintenance).
 * Used by `npm run demo` and by the rules' scenario tests, so both play the same campus.
 */
export async function prepareDemoCampus(services: HubServices, db: Db): Promise<DemoCampus> {
  const hubGates = new Map((await services.dorms.access.listGates()).map((gate) => [gate.device_id, gate.building_id]));
  const fleet = DEMO_FLEET.map((device) => {
    const building = hubGates.get(device.id);
    return device.kind === 'gate' && building ? { ...device, building } : device;
  });
  const cards = await db.query<{ card_id: string; gates: string }>(
    `SELECT card_id, string_agg(gate_device_id, ',' ORDER BY gate_device_id) AS gates
     FROM gate_card_access WHERE allowed AND reason = 'resident' GROUP BY card_id ORDER BY card_id`,
  );
  const all = cards.map((row) => ({ cardId: row.card_id, gates: row.gates.split(',') }));
  const castResidents: CastResident[] = [];
  for (const gates of new Set(all.map((resident) => resident.gates.join(',')))) {
    castResidents.push(...all.filter((resident) => resident.gates.join(',') === gates).slice(0, CAST_PER_BUILDING));
  }
  const cast = new Set(castResidents.map((resident) => resident.cardId));
  const stockFloorsKg: Record<string, number> = {};
  for (const item of await services.catering.stock.listItems({ limit: 500 })) {
    if (item.unit === 'kg' && Number(item.safety_stock) > 0) stockFloorsKg[item.id] = Number(item.safety_stock);
  }
  const actor = systemActor('demo');
  if (services.ruleConfigs.configured('access.impossible_travel').length === 0) {
    await services.ruleConfigs.set(actor, 'access.impossible_travel', DEMO_SITE, { gates: DEMO_GATE_POSITIONS });
  }
  if (services.ruleConfigs.configured('equipment.predictive').length === 0) {
    const assetLimits: Record<string, Record<string, { high?: number; low?: number }>> = {};
    for (const asset of ALL_DEMO_ASSETS) {
      const limits: Record<string, { high?: number; low?: number }> = {};
      for (const metric of ASSET_TYPE_SPECS[asset.type].metrics) {
        if (metric.limits)
          limits[metric.name] =
            metric.limits.direction === 'low' ? { low: metric.limits.critical } : { high: metric.limits.critical };
      }
      assetLimits[asset.id] = limits;
    }
    await services.ruleConfigs.set(actor, 'equipment.predictive', DEMO_SITE, { assetLimits });
  }
  return { fleet, residents: all.filter((resident) => !cast.has(resident.cardId)), castResidents, stockFloorsKg };
}
