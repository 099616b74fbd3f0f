import type { ScaleReading, SensorTelemetry, TerminalOrder } from '@campus/protocol';
import { type ActionSource, eventAction, type SimAction } from '../actions.ts';
import type { AssetSpec } from '../equipment/assets.ts';
import { readingMetrics } from '../equipment/physics.ts';
import { assetOf, devicesOfKind, type SimDevice } from '../fleet.ts';
import { hashNoise, hashParts, rngFor } from '../random.ts';
import { atLocal, isoLocal, localDay, MINUTE_MS, parseClockTime } from '../time.ts';
import type { SimWorld } from '../world.ts';
import { CanteenModel } from './canteen.ts';
import {
  buildResidents,
  type PlannedSwipe,
  planResidentDay,
  type Resident,
  residentsFromCards,
  swipePayload,
} from './residents.ts';
import { STOCK_ITEMS, STOCK_POLICY, type StockItem, scaleValues } from './stock.ts';

/**
 * The campus day profile: residents through the dorm gates, meal peaks at the canteen
 * terminals, store scales following what the kitchens use and what deliveries bring, and
 * equipment sensors following the shared physics. Deterministic for a seed and a start time.
 */

export interface CampusProfileOptions {
  /** Where stock levels start; the other sources have no memory and need no start. */
  start: number;
  residents: number;
  /** Local time residents should be in by (HH:MM). */
  curfew: string;
  sensorIntervalMs: number;
  scaleIntervalMs: number;
  /**
   * Real residents (card, and the gates of their building), e.g. the hub's dorm residents: used
   * instead of `residents` generated ones, so access rules see known cards at their own gates.
   */
  residentCards?: ReadonlyArray<{ cardId: string; gates: readonly string[] }>;
  /** Safety stock per item in kg known elsewhere (the hub's canteen module): bins are kept above it. */
  stockFloorsKg?: Readonly<Record<string, number>>;
  /** Every resident keeps the dorm rules (no nights away, no late returns); see ResidentOptions. */
  compliant?: boolean;
}

export const DEFAULT_PROFILE: Omit<CampusProfileOptions, 'start'> = {
  residents: 400,
  curfew: '23:00',
  sensorIntervalMs: 10_000,
  scaleIntervalMs: 15 * MINUTE_MS,
};

export interface StockBin {
  scaleId: string;
  canteen: string;
  item: StockItem;
  /** Average use per day (kg), from a simulated week of orders. */
  dailyUseKg: number;
  capacityKg: number;
  reorderKg: number;
  /** Below this the item is critically low (what a low-stock rule should flag). */
  safetyKg: number;
}

export class CampusProfile {
  readonly residents: Resident[];
  readonly canteens: CanteenModel;
  readonly bins: StockBin[];
  readonly #fleet: readonly SimDevice[];
  readonly #world: SimWorld;
  readonly #options: CampusProfileOptions;

  constructor(fleet: readonly SimDevice[], world: SimWorld, options: CampusProfileOptions) {
    this.#fleet = fleet;
    this.#world = world;
    this.#options = options;
    const gatesByBuilding = new Map<string, string[]>();
    for (const gate of devicesOfKind(fleet, 'gate')) {
      const building = gate.building ?? gate.id;
      gatesByBuilding.set(building, [...(gatesByBuilding.get(building) ?? []), gate.id]);
    }
    this.residents = options.residentCards
      ? residentsFromCards(options.residentCards, fleet, world.seed)
      : buildResidents(options.residents, gatesByBuilding, world.seed);
    const canteenIds = [
      ...new Set(
        [...devicesOfKind(fleet, 'terminal'), ...devicesOfKind(fleet, 'scale')].map((device) => device.building ?? device.id),
      ),
    ].sort();
    this.canteens = new CanteenModel({
      seed: world.seed,
      utcOffsetMin: world.utcOffsetMin,
      cards: this.residents.length > 0 ? this.residents.map((resident) => resident.cardId) : ['C20260001'],
      canteens: canteenIds,
    });
    this.bins = this.#planBins();
  }

  /** The four sources of the profile, one per device kind. */
  sources(): ActionSource[] {
    return [this.#gateSource(), this.#terminalSource(), this.#scaleSource(), this.#sensorSource()];
  }

  #planBins(): StockBin[] {
    const day = localDay(this.#options.start, this.#world.utcOffsetMin);
    const scales = devicesOfKind(this.#fleet, 'scale');
    const bins: StockBin[] = [];
    const useByCanteen = new Map<string, Map<string, number>>();
    for (const scale of scales) {
      const canteen = scale.building ?? scale.id;
      if (!useByCanteen.has(canteen)) useByCanteen.set(canteen, this.canteens.averageDailyUse(canteen, day - 7));
      for (const itemId of scale.items ?? []) {
        const item = STOCK_ITEMS[itemId];
        if (!item) continue;
        // Scales of one canteen holding the same item share its use.
        const holders = scales.filter(
          (other) => (other.building ?? other.id) === canteen && other.items?.includes(itemId),
        ).length;
        const dailyUseKg = (useByCanteen.get(canteen)?.get(itemId) ?? 0) / holders;
        // A safety stock set elsewhere wins; reorder and capacity then leave a day and a half, and two days, above it.
        const floor = this.#options.stockFloorsKg?.[itemId] ?? 0;
        const safetyKg = Math.round(Math.max(1, dailyUseKg * STOCK_POLICY.safetyDays, floor) * 10) / 10;
        const reorderKg =
          Math.round(Math.max(2, dailyUseKg * STOCK_POLICY.reorderDays, floor > 0 ? safetyKg + 1.5 * dailyUseKg : 0) * 10) / 10;
        const capacityKg = Math.round(
          Math.max(5, dailyUseKg * STOCK_POLICY.capacityDays, floor > 0 ? reorderKg + 2 * dailyUseKg : 0),
        );
        bins.push({ scaleId: scale.id, canteen, item, dailyUseKg, capacityKg, reorderKg, safetyKg });
      }
    }
    return bins;
  }

  #gateSource(): ActionSource {
    const { utcOffsetMin, seed } = this.#world;
    const options = {
      seed,
      utcOffsetMin,
      curfewMinute: parseClockTime(this.#options.curfew),
      ...(this.#options.compliant ? { compliant: true } : {}),
    };
    const plans = new Map<number, Array<PlannedSwipe & { resident: number }>>();
    const planDay = (day: number) => {
      let plan = plans.get(day);
      if (!plan) {
        plan = this.residents
          .flatMap((resident) => planResidentDay(options, resident, day).map((swipe) => ({ ...swipe, resident: resident.index })))
          .sort((a, b) => a.at - b.at);
        plans.set(day, plan);
      }
      return plan;
    };
    const prefix = `g${seed.toString(36)}`;
    return {
      name: 'profile.gates',
      background: true,
      actions: (from, to) => {
        const first = localDay(from, utcOffsetMin) - 1;
        const last = localDay(to, utcOffsetMin);
        for (const day of plans.keys()) if (day < first) plans.delete(day);
        const actions: SimAction[] = [];
        for (let day = first; day <= last; day += 1) {
          for (const swipe of planDay(day)) {
            if (swipe.at < from || swipe.at >= to) continue;
            const eventId = `${prefix}.${swipe.resident}.${day}.${swipe.key}`;
            actions.push(
              eventAction(swipe.at, swipe.gateId, 'gate', swipePayload(swipe, eventId, isoLocal(swipe.at, utcOffsetMin))),
            );
          }
        }
        return actions.sort((a, b) => a.at - b.at);
      },
    };
  }

  #terminalSource(): ActionSource {
    const { utcOffsetMin, seed } = this.#world;
    const terminalsByCanteen = new Map<string, string[]>();
    for (const terminal of devicesOfKind(this.#fleet, 'terminal')) {
      const canteen = terminal.building ?? terminal.id;
      terminalsByCanteen.set(canteen, [...(terminalsByCanteen.get(canteen) ?? []), terminal.id]);
    }
    return {
      name: 'profile.terminals',
      background: true,
      actions: (from, to) => {
        const actions: SimAction[] = [];
        for (let minute = Math.floor(from / MINUTE_MS); minute * MINUTE_MS < to; minute += 1) {
          for (const [canteen, terminals] of terminalsByCanteen) {
            for (const order of this.canteens.ordersInMinute(canteen, minute)) {
              if (order.at < from || order.at >= to) continue;
              const terminal = terminals[hashParts(seed, order.order.orderId) % terminals.length] ?? '';
              const event: TerminalOrder = { eventId: order.order.orderId, ts: isoLocal(order.at, utcOffsetMin), ...order.order };
              actions.push(eventAction(order.at, terminal, 'terminal', event));
            }
          }
        }
        return actions.sort((a, b) => a.at - b.at);
      },
    };
  }

  #scaleSource(): ActionSource {
    const { utcOffsetMin, seed } = this.#world;
    const interval = this.#options.scaleIntervalMs;
    const start = this.#options.start;
    const levels = this.bins.map((bin) => {
      // Starts between the reorder point and full.
      const lowest = Math.min(0.9, Math.max(0.55, bin.reorderKg / bin.capacityKg + 0.05));
      const fill = rngFor(seed, 'initial-stock', bin.scaleId, bin.item.id, localDay(start, utcOffsetMin)).between(lowest, 0.95);
      return { bin, level: bin.capacityKg * fill, phase: hashParts(seed, bin.scaleId, bin.item.id) % interval };
    });
    let appliedMinute = Math.floor(start / MINUTE_MS) - 1;
    const reading = (entry: (typeof levels)[number], at: number, eventId: string): SimAction => {
      const jitter =
        hashNoise(seed, `${entry.bin.scaleId}/${entry.bin.item.id}`, Math.floor(at / 1000)) * entry.bin.item.resolutionKg;
      const values = scaleValues(entry.bin.item, entry.level + jitter);
      const event: ScaleReading = { eventId, ts: isoLocal(at, utcOffsetMin), itemId: entry.bin.item.id, ...values };
      return eventAction(at, entry.bin.scaleId, 'scale', event);
    };
    return {
      name: 'profile.scales',
      background: true,
      actions: (from, to) => {
        const actions: SimAction[] = [];
        for (let minute = Math.floor(from / MINUTE_MS); minute * MINUTE_MS < to; minute += 1) {
          const minuteStart = minute * MINUTE_MS;
          if (minute > appliedMinute) {
            appliedMinute = minute;
            const day = localDay(minuteStart, utcOffsetMin);
            const deliveryAt = atLocal(day, STOCK_POLICY.deliveryMinute, utcOffsetMin);
            for (const entry of levels) {
              if (minuteStart === deliveryAt && entry.level < entry.bin.reorderKg) {
                // The morning delivery tops the bin up; the scale reports it once it settles.
                entry.level =
                  entry.bin.capacityKg * rngFor(seed, 'delivery', entry.bin.scaleId, entry.bin.item.id, day).between(0.95, 1);
                const at = minuteStart + 30_000;
                if (at >= from && at < to) actions.push(reading(entry, at, `${entry.bin.item.id}.d${minute.toString(36)}`));
              }
              const used = this.canteens.consumption(entry.bin.canteen, minute).get(entry.bin.item.id) ?? 0;
              const holders = levels.filter(
                (other) => other.bin.canteen === entry.bin.canteen && other.bin.item.id === entry.bin.item.id,
              ).length;
              entry.level = Math.max(0, entry.level - used / holders);
            }
          }
          for (const entry of levels) {
            for (let k = Math.ceil((Math.max(from, minuteStart) - entry.phase) / interval); ; k += 1) {
              const at = k * interval + entry.phase;
              if (at >= Math.min(to, minuteStart + MINUTE_MS)) break;
              actions.push(reading(entry, at, `${entry.bin.item.id}.${k.toString(36)}`));
            }
          }
        }
        return actions.sort((a, b) => a.at - b.at);
      },
    };
  }

  #sensorSource(): ActionSource {
    const interval = this.#options.sensorIntervalMs;
    const sensors = devicesOfKind(this.#fleet, 'sensor').flatMap((device) => {
      const asset = assetOf(device);
      return asset ? [{ device, asset, phase: hashParts(this.#world.seed, device.id) % interval }] : [];
    });
    return {
      name: 'profile.sensors',
      background: true,
      actions: (from, to) => {
        const actions: SimAction[] = [];
        for (const { device, asset, phase } of sensors) {
          for (let k = Math.ceil((from - phase) / interval); k * interval + phase < to; k += 1) {
            const at = k * interval + phase;
            actions.push(eventAction(at, device.id, 'sensor', this.telemetry(asset, at, k)));
          }
        }
        return actions.sort((a, b) => a.at - b.at);
      },
    };
  }

  /** A telemetry message of an asset at `t` (sequence-number event id, epoch-ms timestamp). */
  telemetry(asset: AssetSpec, t: number, sequence: number): SensorTelemetry {
    return { eventId: sequence, ts: t, assetId: asset.id, metrics: readingMetrics(asset, this.#world.sample(asset, t)) };
  }
}
