import type { ScaleReading } from '@campus/protocol';
import { type EventAction, eventAction } from '../actions.ts';
import { STOCK_ITEMS, scaleValues } from '../campus/stock.ts';
import { devicesOfKind } from '../fleet.ts';
import { hashNoise } from '../random.ts';
import { atLocal, HOUR_MS, isoLocal, localDay, MINUTE_MS } from '../time.ts';
import { idSequence, place, startAtLocalTime } from './helpers.ts';
import type { ExpectedOutcome, PlacedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Stock depletion / 库存告急 (IOT-3, IOT-7): a sports-day banquet draws canteen 1's rice down
 * through lunch, past the reorder point and below the safety stock; an emergency delivery at
 * 16:30 refills the bin, and dinner draws it down a little again. The scale reports every 15
 * minutes and once the delivery settles.
 */

const STORY_START = 9 * 60;
/** The story for a 20 kg safety stock; `safetyKg` scales every weight (the hub's rice: 60 kg). */
const BASE_SAFETY_KG = 20;
const START_KG = 75;
const LUNCH = { kg: 62, peakMinute: 12 * 60, sdMinutes: 35 };
const DINNER = { kg: 18, peakMinute: 17 * 60 + 45, sdMinutes: 25 };
const DELIVERY = { minute: 16 * 60 + 30, kg: 150 };
const READING_EVERY_MS = 15 * MINUTE_MS;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'stock.low_stock',
    category: 'stock',
    subject: 'item:rice',
    alert: 'critical',
    requisition: true,
    afterMs: 3 * HOUR_MS + 45 * MINUTE_MS,
    withinMs: 4 * HOUR_MS,
    clearsAfterMs: 7 * HOUR_MS + 30 * MINUTE_MS + 30_000,
    why: 'net weight below the safety stock at lunch, at a rate that empties the bin within 12 h: a critical alert and a drafted requisition; the delivery clears it',
    needs: "the item's safety stock in the canteen module (20 kg by default; run with the hub's via `safetyKg`)",
  },
];

/** Standard normal CDF (Abramowitz-Stegun 7.1.26). */
function phi(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

export const stockDepletion: ScenarioDefinition = {
  name: 'stock-depletion',
  title: 'Stock depletion / 库存告急',
  summary: `Canteen 1's rice falls from ${START_KG} kg below the ${BASE_SAFETY_KG} kg safety stock over lunch (weights scale with the safety stock) while canteen 2's rice bin stands empty; a 16:30 delivery refills it.`,
  durationMs: 9 * HOUR_MS,
  defaultStart: startAtLocalTime(STORY_START),
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start, world } = context;
    const scales = devicesOfKind(context.fleet, 'scale');
    const scale = scales.find((candidate) => candidate.id === 'scale-01' && candidate.items?.includes('rice')) ?? scales[0];
    if (!scale) throw new Error('stock-depletion needs a scale in the fleet');
    const itemId = scale.items?.includes('rice') ? 'rice' : (scale.items?.[0] ?? 'rice');
    const item = STOCK_ITEMS[itemId] ?? STOCK_ITEMS.rice;
    if (!item) throw new Error('no stock item');
    const day = localDay(start, world.utcOffsetMin);
    const minuteOf = (t: number) => (t - atLocal(day, 0, world.utcOffsetMin)) / MINUTE_MS;
    const deliveryAt = atLocal(day, DELIVERY.minute, world.utcOffsetMin);
    const safetyKg = context.options.safetyKg ?? BASE_SAFETY_KG;
    const k = safetyKg / BASE_SAFETY_KG;
    const thresholds = { safetyKg, reorderKg: 60 * k, capacityKg: 180 * k };
    const level = (t: number) => {
      const minute = minuteOf(t);
      return (
        k *
        (START_KG -
          LUNCH.kg * phi((minute - LUNCH.peakMinute) / LUNCH.sdMinutes) -
          DINNER.kg * phi((minute - DINNER.peakMinute) / DINNER.sdMinutes) +
          // Unloaded into the bin 20 s after the truck arrives; the scale reports it once settled (+30 s).
          (t >= deliveryAt + 20_000 ? DELIVERY.kg : 0))
      );
    };
    const nextId = idSequence(context.runTag);
    const end = start + this.durationMs;
    const times: number[] = [];
    for (let at = start; at <= end; at += READING_EVERY_MS) times.push(at);
    times.push(deliveryAt + 30_000);
    times.sort((a, b) => a - b);
    const readings: Array<{ action: EventAction; netKg: number }> = times.map((at) => {
      const netKg = level(at) + hashNoise(world.seed, `depletion/${scale.id}`, Math.floor(at / 1000)) * item.resolutionKg;
      const event: ScaleReading = {
        eventId: nextId(),
        ts: isoLocal(at, world.utcOffsetMin),
        itemId: item.id,
        ...scaleValues(item, netKg),
      };
      return { action: eventAction(at, scale.id, 'scale', event), netKg };
    });
    // The item's other bins (canteen 2's rice) stand empty today, reported hourly just after the
    // main bin: the hub counts the campus's stock of an item over all its bins, so the story is
    // the whole stock running low (an empty bin heard first would look like the whole stock).
    const otherBins = scales.filter((candidate) => candidate.id !== scale.id && candidate.items?.includes(item.id));
    const emptyBins: EventAction[] = otherBins.flatMap((bin) =>
      times
        .filter((at) => (at - start) % HOUR_MS === 0 && at < end)
        .map((at) => at + 1000)
        .map((at) =>
          eventAction(at, bin.id, 'scale', {
            eventId: nextId(),
            ts: isoLocal(at, world.utcOffsetMin),
            itemId: item.id,
            ...scaleValues(item, 0),
          }),
        ),
    );
    const below = readings.find((reading) => reading.netKg < safetyKg)?.action.at ?? start;
    const subject = `item:${item.id}`;
    const placed: PlacedOutcome[] = place(expected, start).map((outcome) => ({
      ...outcome,
      subject,
      afterMs: below - start,
      withinMs: below - start + READING_EVERY_MS,
      notBefore: below,
      notAfter: below + READING_EVERY_MS,
      clearsAfterMs: deliveryAt + 30_000 - start,
    }));
    return {
      scenario: 'stock-depletion',
      start,
      end,
      cast: {
        devices: [scale.id, ...otherBins.map((bin) => bin.id)],
        stock: { scaleId: scale.id, itemId: item.id, ...thresholds },
      },
      actions: [...emptyBins, ...readings.map((reading) => reading.action)].sort((a, b) => a.at - b.at),
      faults: [],
      claims: [scale.id, ...otherBins.map((bin) => bin.id)],
      expected: placed,
    };
  },
};
