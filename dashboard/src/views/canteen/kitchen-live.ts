import { useEffect, useRef } from 'react';
import { subscribeLive } from '../../live/live-connection.ts';
import type { LiveEvent } from '../../live/sequencer.ts';
import type { KitchenOrder, KitchenStatus } from './api-types.ts';
import { applyKitchenChange, type KitchenChange, type Queues } from './kitchen.ts';

/**
 * hub/src/contexts/catering/live.ts: the kitchen room's events, each with the order as the
 * kitchen-queue API presents it (a move also says the status it left).
 */
const KITCHEN_EVENTS = [
  'catering.kitchen_order_received',
  'catering.kitchen_order_changed',
] as const satisfies readonly LiveEvent[];

interface KitchenEvent {
  canteenId: string;
  from?: KitchenStatus;
  order: KitchenOrder;
}

const isKitchenEvent = (value: unknown): value is KitchenEvent => {
  const order = (value as KitchenEvent | null)?.order;
  return typeof order === 'object' && order !== null && typeof order.id === 'number' && typeof order.canteenId === 'string';
};

/** Calls `onChanges` with the kitchen orders received and moved, one batch per event and frame. */
export function useKitchenLive(onChanges: (changes: KitchenChange[]) => void, enabled: boolean): void {
  const ref = useRef(onChanges);
  ref.current = onChanges;
  useEffect(() => {
    if (!enabled) return;
    const listen = (batch: unknown[]) => {
      const changes = batch.filter(isKitchenEvent).map((e) => ({ from: e.from ?? null, order: e.order }));
      if (changes.length > 0) ref.current(changes);
    };
    const stops = KITCHEN_EVENTS.map((event) => subscribeLive(event, listen));
    return () => {
      for (const stop of stops) stop();
    };
  }, [enabled]);
}

/** Longer than a queue re-read takes. */
const REPLAY_MS = 30_000;

/**
 * The changes applied lately. A re-read may have been answered before a change the page
 * already shows, and would take it back until the next one: each re-read gets them applied
 * again (which moves nothing where it already holds them).
 */
export class RecentKitchenChanges {
  #changes: Array<{ at: number; change: KitchenChange }> = [];

  add(changes: readonly KitchenChange[], now = Date.now()): void {
    this.#changes = this.#changes.filter((entry) => entry.at > now - REPLAY_MS);
    for (const change of changes) this.#changes.push({ at: now, change });
  }

  replay(queues: Queues, now = Date.now()): Queues {
    const recent = this.#changes.filter((entry) => entry.at > now - REPLAY_MS).map((entry) => entry.change);
    // A move answered over REST may be noted after a later one of the same order heard live.
    recent.sort((a, b) => Date.parse(a.order.updatedAt) - Date.parse(b.order.updatedAt));
    return recent.reduce(applyKitchenChange, queues);
  }
}
