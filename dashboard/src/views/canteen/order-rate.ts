import type { KitchenOrder } from './api-types.ts';

/** How far back the orders-per-minute chart looks. */
export const RATE_WINDOW_MINUTES = 30;
/** At most this many orders are remembered, so a wall screen left on for days stays small. */
export const MAX_REMEMBERED_ORDERS = 5000;

const MINUTE_MS = 60_000;

export interface SeenOrder {
  canteenId: string;
  orderedAt: number;
}

/**
 * The orders this screen has seen, by kitchen order id. The hub has no orders-per-minute
 * endpoint for canteen staff (the terminal_orders_1m rollup is only read by Grafana), so the
 * rate is counted from the kitchen queue as it is read and followed live: every order passes
 * through it.
 * Returns a new map holding `orders` added, and nothing older than the window.
 */
export function rememberOrders(
  seen: ReadonlyMap<number, SeenOrder>,
  orders: readonly Pick<KitchenOrder, 'id' | 'canteenId' | 'orderedAt'>[],
  now: Date,
  windowMinutes = RATE_WINDOW_MINUTES,
): Map<number, SeenOrder> {
  const since = now.getTime() - windowMinutes * MINUTE_MS;
  const next = new Map<number, SeenOrder>();
  for (const [id, order] of seen) if (order.orderedAt >= since) next.set(id, order);
  for (const order of orders) {
    const orderedAt = Date.parse(order.orderedAt);
    if (Number.isNaN(orderedAt) || orderedAt < since) continue;
    next.set(order.id, { canteenId: order.canteenId, orderedAt });
  }
  if (next.size <= MAX_REMEMBERED_ORDERS) return next;
  // Keep the newest: ids grow with arrival.
  return new Map([...next.entries()].sort(([a], [b]) => b - a).slice(0, MAX_REMEMBERED_ORDERS));
}

export interface RatePoint {
  /** Start of the minute, epoch ms. */
  minute: number;
  counts: Record<string, number>;
  total: number;
}

/** Orders per minute and canteen over the last `windowMinutes` full and current minutes, oldest first. */
export function ordersPerMinute(
  seen: ReadonlyMap<number, SeenOrder>,
  canteenIds: readonly string[],
  now: Date,
  windowMinutes = RATE_WINDOW_MINUTES,
): RatePoint[] {
  const current = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const first = current - (windowMinutes - 1) * MINUTE_MS;
  const points: RatePoint[] = [];
  for (let minute = first; minute <= current; minute += MINUTE_MS) {
    points.push({ minute, counts: Object.fromEntries(canteenIds.map((id) => [id, 0])), total: 0 });
  }
  for (const order of seen.values()) {
    const index = Math.floor((order.orderedAt - first) / MINUTE_MS);
    const point = points[index];
    if (!point || !(order.canteenId in point.counts)) continue;
    point.counts[order.canteenId] = (point.counts[order.canteenId] ?? 0) + 1;
    point.total += 1;
  }
  return points;
}

/** The latest complete minute's rate per canteen (the current minute is still filling). */
export function lastFullMinute(points: readonly RatePoint[]): RatePoint | undefined {
  return points.at(-2);
}
