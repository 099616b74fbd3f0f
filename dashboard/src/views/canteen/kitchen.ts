import type { KitchenOrder, KitchenQueue, KitchenStatus } from './api-types.ts';

/** A status an order can be moved to (none goes back to waiting). */
export type NextStatus = Exclude<KitchenStatus, 'pending'>;

/**
 * The kitchen queue's steps (CAT-2), as the hub allows them (hub/src/contexts/catering/
 * kitchen-workflow.ts): forward one step at a time; a ready-made dish may skip preparing.
 * The first entry is the usual next step, shown as the main button.
 */
export const KITCHEN_NEXT: Record<KitchenStatus, readonly NextStatus[]> = {
  pending: ['preparing', 'ready'],
  preparing: ['ready'],
  ready: ['served'],
  served: [],
};

export const OPEN_STATUSES = ['pending', 'preparing', 'ready'] as const satisfies readonly KitchenStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** At most this many orders are shown per column; the counts still tell the whole queue. */
export const MAX_ORDERS_PER_COLUMN = 8;

export type QueueColumns = Record<OpenStatus, KitchenOrder[]>;

/** The open orders in columns by status, oldest first, each column bounded. */
export function queueColumns(orders: readonly KitchenOrder[], limit = MAX_ORDERS_PER_COLUMN): QueueColumns {
  const columns: QueueColumns = { pending: [], preparing: [], ready: [] };
  const sorted = [...orders].sort((a, b) => a.orderedAt.localeCompare(b.orderedAt) || a.id - b.id);
  for (const order of sorted) {
    if (order.status === 'served') continue;
    const column = columns[order.status];
    if (column.length < limit) column.push(order);
  }
  return columns;
}

/** The queue after a status change of one order: replaced in place, dropped once served. */
export function applyOrderChange(orders: readonly KitchenOrder[], changed: KitchenOrder): KitchenOrder[] {
  const rest = orders.filter((order) => order.id !== changed.id);
  return changed.status === 'served' ? rest : [...rest, changed];
}

/** The kitchen queue of each canteen shown, by canteen id. */
export type Queues = Record<string, KitchenQueue>;

/** An order that reached the kitchen (`from` null) or moved on from `from`: the hub's answer to a move, or a live event. */
export interface KitchenChange {
  from: KitchenStatus | null;
  order: KitchenOrder;
}

const newer = (a: KitchenOrder, b: KitchenOrder) => Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

/**
 * The queues after a change: the order replaced (dropped once served) and the counts moved.
 * Applying a change twice, or one the queue already shows (the hub's answer and the live event
 * of the same move, a change older than a re-read), moves nothing: a listed order's own version
 * and status decide. An order not listed is not open here unless the page was cut short, and
 * only then does `from` count.
 */
export function applyKitchenChange(queues: Queues, { from, order }: KitchenChange): Queues {
  const queue = queues[order.canteenId];
  if (!queue) return queues;
  const known = queue.items.find((o) => o.id === order.id);
  if (known && !newer(order, known)) return queues;
  const left = known ? known.status : queue.nextCursor !== null ? from : null;
  if (!known && left === null && order.status === 'served') return queues;
  const counts = { ...queue.counts };
  if (left !== null && left !== 'served') counts[left] = Math.max(0, counts[left] - 1);
  if (order.status !== 'served') counts[order.status] += 1;
  return { ...queues, [order.canteenId]: { ...queue, counts, items: applyOrderChange(queue.items, order) } };
}

/** Orders waiting longer than this are flagged on the queue. */
export const SLOW_ORDER_MINUTES = 15;
