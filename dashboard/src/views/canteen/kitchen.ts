import type { KitchenOrder, KitchenStatus } from './api-types.ts';

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

/** Orders waiting longer than this are flagged on the queue. */
export const SLOW_ORDER_MINUTES = 15;
