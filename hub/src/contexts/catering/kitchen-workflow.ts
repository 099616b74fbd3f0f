import type { KitchenStatus } from './vocabulary.ts';

/**
 * The kitchen queue (CAT-2): an order waits, is prepared, is ready at the counter, is served.
 * Steps go forward one at a time, except that a ready-made dish may go from waiting straight to
 * ready (nothing to cook). A served order is done.
 */
export const KITCHEN_NEXT: Record<KitchenStatus, readonly KitchenStatus[]> = {
  pending: ['preparing', 'ready'],
  preparing: ['ready'],
  ready: ['served'],
  served: [],
};

/** Statuses shown on the live queue by default. */
export const OPEN_KITCHEN_STATUSES: readonly KitchenStatus[] = ['pending', 'preparing', 'ready'];

export function kitchenAllows(from: KitchenStatus, to: KitchenStatus): boolean {
  return KITCHEN_NEXT[from].includes(to);
}
