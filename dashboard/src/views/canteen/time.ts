export type Depletion = { kind: 'unknown' } | { kind: 'empty' } | { kind: 'at'; at: Date };

/**
 * What to say about an item's projected depletion (CAT-5): unknown without a consumption rate,
 * empty once the projected time has passed, otherwise when.
 */
export function describeDepletion(depletesAt: string | null, now: Date): Depletion {
  if (depletesAt === null) return { kind: 'unknown' };
  const at = new Date(depletesAt);
  if (Number.isNaN(at.getTime())) return { kind: 'unknown' };
  if (at.getTime() <= now.getTime()) return { kind: 'empty' };
  return { kind: 'at', at };
}

/** Whole minutes an order has waited, for the kitchen queue. */
export function minutesSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
}
