/** A swipe in the access feed: the live channel's `swipes` batch items, or a stored gate event. */
export interface Swipe {
  deviceId: string;
  site: string;
  cardId: string;
  direction: 'in' | 'out';
  granted: boolean;
  reason: string | null;
  ts: string;
}

export interface FeedState {
  /** Newest first, at most `capacity`. */
  items: Swipe[];
  capacity: number;
  /** Keys of the items held, so a swipe delivered twice (REST page + live) shows once. */
  keys: Set<string>;
}

export type FeedAction =
  /** Swipes that arrived live (one animation frame's worth, any order). */
  | { type: 'live'; swipes: readonly Swipe[] }
  /** The REST read (at start, or after a gap): replaces what we had, keeping live swipes newer than it. */
  | { type: 'reset'; swipes: readonly Swipe[] };

export const FEED_CAPACITY = 500;

export const swipeKey = (s: Swipe) => `${s.deviceId}|${s.ts}|${s.cardId}|${s.direction}`;

export function emptyFeed(capacity = FEED_CAPACITY): FeedState {
  return { items: [], capacity, keys: new Set() };
}

const newestFirst = (a: Swipe, b: Swipe) => (a.ts < b.ts ? 1 : a.ts > b.ts ? -1 : 0);

/**
 * The access feed, bounded and newest first. Timestamps are the devices' own, so a batch may
 * arrive out of order; the feed stays sorted by time. Pure: the live-feed tests drive it.
 */
export function feedReducer(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case 'live': {
      const fresh: Swipe[] = [];
      const keys = new Set(state.keys);
      for (const swipe of action.swipes) {
        const key = swipeKey(swipe);
        if (keys.has(key)) continue;
        keys.add(key);
        fresh.push(swipe);
      }
      if (fresh.length === 0) return state;
      fresh.sort(newestFirst);
      // Common case: everything new is newer than what we show: prepend without a full sort.
      const head = state.items[0];
      const merged =
        head === undefined || (fresh.at(-1)?.ts ?? '') >= head.ts
          ? [...fresh, ...state.items]
          : [...fresh, ...state.items].sort(newestFirst);
      return bound(merged, keys, state.capacity);
    }
    case 'reset': {
      const oldestOfPage = action.swipes.reduce<string | null>((min, s) => (min === null || s.ts < min ? s.ts : min), null);
      // Live swipes newer than the page's oldest that the page does not hold yet (they raced the read).
      const keys = new Set<string>();
      const merged: Swipe[] = [];
      for (const swipe of [...action.swipes, ...state.items.filter((s) => oldestOfPage === null || s.ts >= oldestOfPage)]) {
        const key = swipeKey(swipe);
        if (keys.has(key)) continue;
        keys.add(key);
        merged.push(swipe);
      }
      merged.sort(newestFirst);
      return bound(merged, keys, state.capacity);
    }
  }
}

function bound(items: Swipe[], keys: Set<string>, capacity: number): FeedState {
  if (items.length <= capacity) return { items, keys, capacity };
  const kept = items.slice(0, capacity);
  for (const dropped of items.slice(capacity)) keys.delete(swipeKey(dropped));
  return { items: kept, keys, capacity };
}

export interface FeedFilter {
  building: string;
  gate: string;
  card: string;
}

/** Filters by building (through the gate → building map), gate and card (prefix, case-insensitive). */
export function filterFeed(items: readonly Swipe[], filter: FeedFilter, buildingOfGate: ReadonlyMap<string, string>): Swipe[] {
  const card = filter.card.trim().toLowerCase();
  if (!filter.building && !filter.gate && !card) return items as Swipe[];
  return items.filter(
    (s) =>
      (!filter.gate || s.deviceId === filter.gate) &&
      (!filter.building || buildingOfGate.get(s.deviceId) === filter.building) &&
      (!card || s.cardId.toLowerCase().includes(card)),
  );
}
