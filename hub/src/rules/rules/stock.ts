import Type, { type Static } from 'typebox';
import { fitLine } from '../trend.ts';
import type { Effect, Rule } from '../types.ts';

/**
 * Low stock (IOT-7, CAT-5): the stock of an item from its scales' net weights (in the item's
 * units; stock items are campus-wide, so the latest weight of each bin, summed), an alert below
 * safety stock with hysteresis (it ends only once stock is back above safety × (1 + hysteresis),
 * so a level hovering at the threshold does not flap), the
 * projected depletion time from recent consumption, and one draft requisition per episode.
 */
const LowStockConfig = Type.Object({
  hysteresis: Type.Number({ minimum: 0, maximum: 2, default: 0.2 }),
  refillToSafetyMultiple: Type.Number({
    minimum: 1,
    maximum: 20,
    default: 3,
    description: 'Proposed quantity refills to this multiple of safety stock',
  }),
  consumptionWindowHours: Type.Number({ minimum: 1, maximum: 168, default: 24 }),
  requisitionDepartment: Type.String({
    minLength: 1,
    default: 'canteen',
    description: 'Department the drafted requisition belongs to',
  }),
});
/** Samples kept over the consumption window, evenly spaced. */
const MAX_SAMPLES = 200;
/** Epoch ms and level: numbers, so the hot path never parses dates. */
type Sample = { at: number; level: number };
/** `bins`: each scale's latest level of the item (an item stocked in two canteens is both bins). */
type LowStockState = { low: boolean; episodeStart: string | null; samples: Sample[]; bins?: Record<string, number> };

export const lowStockRule: Rule<LowStockState, Static<typeof LowStockConfig>> = {
  id: 'stock.low_stock',
  category: 'stock',
  title: { en: 'Below safety stock', zh: '低于安全库存' },
  on: ['scale'],
  needs: ['stockItem'],
  configSchema: LowStockConfig,
  defaults: { hysteresis: 0.2, refillToSafetyMultiple: 3, consumptionWindowHours: 24, requisitionDepartment: 'canteen' },
  keysOf: (input) => (input.kind === 'scale' && input.facts.stockItem ? [`item:${input.event.itemId}`] : []),
  initial: () => ({ low: false, episodeStart: null, samples: [] }),
  evaluate(state, input, config, key) {
    if (input.kind !== 'scale' || !input.facts.stockItem) return { state, effects: [] };
    const item = input.facts.stockItem;
    const binLevel = input.event.netKg / (item.unitWeightKg > 0 ? item.unitWeightKg : 1);
    // The campus's stock of the item is every bin's latest weight, not the last scale heard.
    const bins = { ...(state.bins ?? {}), [input.event.deviceId]: binLevel };
    const level = Object.values(bins).reduce((sum, value) => sum + value, 0);
    const now = input.event.ts;
    const windowMs = config.consumptionWindowHours * 3_600_000;
    // The consumption window, thinned to evenly spaced samples: a scale weighing every second
    // and one weighing every hour see the same 24 hours, and most readings copy nothing.
    const lastSample = state.samples.at(-1);
    let samples = state.samples;
    if (!lastSample || now.getTime() - lastSample.at >= windowMs / MAX_SAMPLES) {
      const since = now.getTime() - windowMs;
      samples = [...state.samples, { at: now.getTime(), level }].filter((s) => s.at >= since).slice(-MAX_SAMPLES);
    }
    const effects: Effect[] = [];
    let { low, episodeStart } = state;
    if (!low && level < item.safetyStock) {
      // Only an alert needs the depletion time; the current level ends the fitted series.
      const series = samples.at(-1)?.at === now.getTime() ? samples : [...samples, { at: now.getTime(), level }];
      const line = fitLine(
        series.map((s) => ({ t: s.at, v: s.level })),
        series[0]?.at ?? now.getTime(),
        3_600_000,
      );
      const perHour = line && line.slope < 0 ? -line.slope : 0;
      // A consumption too slow to matter (over a year to run out) has no useful depletion time.
      const hoursLeft = perHour > 0 ? level / perHour : Number.POSITIVE_INFINITY;
      const depletesAt = hoursLeft < 366 * 24 ? new Date(now.getTime() + hoursLeft * 3_600_000).toISOString() : null;
      low = true;
      episodeStart = now.toISOString();
      const quantity = Math.ceil(item.safetyStock * config.refillToSafetyMultiple - level);
      const evidence = {
        level: round(level),
        unit: item.unit,
        safetyStock: item.safetyStock,
        consumptionPerHour: round(perHour),
        bins: Object.fromEntries(Object.entries(bins).map(([scale, value]) => [scale, round(value)])),
        depletesAt,
        samples: series.slice(-20).map((s) => ({ at: new Date(s.at).toISOString(), level: round(s.level) })),
      };
      effects.push(
        {
          type: 'raise_alert',
          subject: key,
          severity: depletesAt && new Date(depletesAt).getTime() - now.getTime() < 12 * 3_600_000 ? 'critical' : 'warning',
          title: `${item.name}: ${round(level)} ${item.unit} < safety ${item.safetyStock} / 低于安全库存`,
          message: depletesAt ? `At the current rate it runs out at ${depletesAt}` : 'Consumption rate not yet known',
          evidence,
        },
        {
          type: 'draft_requisition',
          dedupeKey: `low-stock:${item.itemId}:${episodeStart}`,
          departmentId: config.requisitionDepartment,
          itemId: item.itemId,
          itemName: item.name,
          quantity,
          unit: item.unit,
          reason: `Stock ${round(level)} ${item.unit} below safety stock ${item.safetyStock} (低于安全库存)`,
        },
      );
    } else if (low && level > item.safetyStock * (1 + config.hysteresis)) {
      low = false;
      episodeStart = null;
      effects.push({ type: 'resolve_alert', subject: key, note: `restocked to ${round(level)} ${item.unit} / 已补货` });
    }
    return { state: { low, episodeStart, samples, bins }, effects };
  },
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export const STOCK_RULES = [lowStockRule];
