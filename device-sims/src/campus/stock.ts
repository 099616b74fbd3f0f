/**
 * Stocked items of the canteen stores, weighed by inventory scales (IOT-3). Quantities are
 * per canteen; capacities and thresholds follow the consumption the canteen model produces
 * (see StockSource), so a bigger campus simply keeps bigger bins.
 */
export interface StockItem {
  id: string;
  name: string;
  /** Unit the scale reports in (grams for the small, wet items). */
  unit: 'kg' | 'g';
  /** Weight of the bin, sack holder or crate on the scale. */
  tareKg: number;
  /** Measurement resolution of the scale for this item, in kg. */
  resolutionKg: number;
}

export const STOCK_ITEMS: Record<string, StockItem> = {
  rice: { id: 'rice', name: 'Rice / 大米', unit: 'kg', tareKg: 6.5, resolutionKg: 0.05 },
  flour: { id: 'flour', name: 'Wheat flour / 面粉', unit: 'kg', tareKg: 3.2, resolutionKg: 0.05 },
  'cooking-oil': { id: 'cooking-oil', name: 'Cooking oil / 食用油', unit: 'kg', tareKg: 4.1, resolutionKg: 0.02 },
  pork: { id: 'pork', name: 'Pork / 猪肉', unit: 'kg', tareKg: 2.4, resolutionKg: 0.02 },
  noodles: { id: 'noodles', name: 'Dry noodles / 挂面', unit: 'kg', tareKg: 2.8, resolutionKg: 0.02 },
  eggs: { id: 'eggs', name: 'Eggs / 鸡蛋', unit: 'kg', tareKg: 1.9, resolutionKg: 0.02 },
  vegetables: { id: 'vegetables', name: 'Leafy vegetables / 青菜', unit: 'kg', tareKg: 2.2, resolutionKg: 0.05 },
  tofu: { id: 'tofu', name: 'Tofu / 豆腐', unit: 'g', tareKg: 1.5, resolutionKg: 0.005 },
};

/** Days of average consumption each level stands for (see docs/simulators.md, "Stock"). */
export const STOCK_POLICY = {
  /** A full bin. */
  capacityDays: 4,
  /** Below this a delivery is ordered for the next morning. */
  reorderDays: 2,
  /** Below this the stock is critically low: what a low-stock rule should flag (IOT-7). */
  safetyDays: 0.75,
  /** Local time of the daily delivery (minutes after midnight). */
  deliveryMinute: 6 * 60 + 30,
} as const;

/** A reading in the item's unit: what the scale puts on the wire. */
export function scaleValues(item: StockItem, netKg: number): { gross: number; net: number; unit: 'kg' | 'g' } {
  const quantum = item.resolutionKg;
  const net = Math.max(0, Math.round(netKg / quantum) * quantum);
  const gross = net + item.tareKg;
  if (item.unit === 'g') return { gross: Math.round(gross * 1000), net: Math.round(net * 1000), unit: 'g' };
  return { gross: Math.round(gross * 1000) / 1000, net: Math.round(net * 1000) / 1000, unit: 'kg' };
}
