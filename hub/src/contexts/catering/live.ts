import type { KitchenOrderDto, RatingDto } from './schema.ts';
import type { KitchenStatus } from './vocabulary.ts';

/**
 * What the catering context pushes live (CAT-2: orders reach the kitchen in real time; CAT-7:
 * ratings fed back in real time). The socket.io layer subscribes with `onLive` and relays to
 * the canteen's room; events carry presented DTOs, so the wire shape is the API's.
 */
export type CateringLiveEvent =
  | { name: 'catering.kitchen_order_received'; canteenId: string; order: KitchenOrderDto }
  | { name: 'catering.kitchen_order_changed'; canteenId: string; from: KitchenStatus; order: KitchenOrderDto }
  | { name: 'catering.meal_rated'; canteenId: string; rating: RatingDto };

export type LiveListener = (event: CateringLiveEvent) => void;

/**
 * A plain listener list: emitting never throws and never waits, so a slow or failing
 * subscriber cannot hold up the kitchen's transaction (events go out after commit).
 */
export class LiveFeed {
  readonly #listeners = new Set<LiveListener>();
  readonly #onError: (err: unknown, event: CateringLiveEvent) => void;

  constructor(onError: (err: unknown, event: CateringLiveEvent) => void) {
    this.#onError = onError;
  }

  /** @returns a function that removes the listener. */
  on(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: CateringLiveEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err, event);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
