import { describe, expect, it } from 'vitest';
import { emptyFeed, feedReducer, filterFeed, type Swipe } from './feed-reducer.ts';

const at = (second: number) => new Date(Date.UTC(2026, 10, 24, 8, 0, second)).toISOString();
const swipe = (second: number, overrides: Partial<Swipe> = {}): Swipe => ({
  deviceId: 'gate-01',
  site: 'main',
  cardId: `C${second}`,
  direction: 'in',
  granted: true,
  reason: null,
  ts: at(second),
  ...overrides,
});

describe('access feed reducer', () => {
  it('keeps the newest first, also when a batch arrives out of order', () => {
    let feed = feedReducer(emptyFeed(), { type: 'live', swipes: [swipe(1), swipe(3), swipe(2)] });
    feed = feedReducer(feed, { type: 'live', swipes: [swipe(0), swipe(5)] });
    expect(feed.items.map((s) => s.cardId)).toEqual(['C5', 'C3', 'C2', 'C1', 'C0']);
  });

  it('stays bounded, dropping the oldest', () => {
    let feed = emptyFeed(100);
    for (let batch = 0; batch < 30; batch++) {
      feed = feedReducer(feed, {
        type: 'live',
        swipes: Array.from({ length: 10 }, (_, i) => swipe(batch * 10 + i, { cardId: `K${batch * 10 + i}` })),
      });
    }
    expect(feed.items).toHaveLength(100);
    expect(feed.keys.size).toBe(100);
    expect(feed.items[0]?.cardId).toBe('K299');
    expect(feed.items.at(-1)?.cardId).toBe('K200');
  });

  it('shows a swipe delivered twice (REST page and live) once', () => {
    let feed = feedReducer(emptyFeed(), { type: 'reset', swipes: [swipe(1), swipe(2)] });
    feed = feedReducer(feed, { type: 'live', swipes: [swipe(2), swipe(3)] });
    expect(feed.items.map((s) => s.cardId)).toEqual(['C3', 'C2', 'C1']);
    expect(feedReducer(feed, { type: 'live', swipes: [swipe(3)] })).toBe(feed);
  });

  it('after a gap, the re-read replaces the feed but keeps live swipes that raced it', () => {
    let feed = feedReducer(emptyFeed(), { type: 'live', swipes: [swipe(1), swipe(9)] });
    // The REST page holds 5..8 (what was missed); 9 arrived live meanwhile; 1 is older than the page and goes.
    feed = feedReducer(feed, { type: 'reset', swipes: [swipe(8), swipe(7), swipe(6), swipe(5)] });
    expect(feed.items.map((s) => s.cardId)).toEqual(['C9', 'C8', 'C7', 'C6', 'C5']);
  });

  it('filters by building (through the gate map), gate and card', () => {
    const items = [
      swipe(1, { deviceId: 'gate-01' }),
      swipe(2, { deviceId: 'gate-02', cardId: 'X77' }),
      swipe(3, { deviceId: 'gate-03' }),
    ];
    const map = new Map([
      ['gate-01', 'B1'],
      ['gate-02', 'B2'],
      ['gate-03', 'B1'],
    ]);
    expect(filterFeed(items, { building: 'B1', gate: '', card: '' }, map).map((s) => s.deviceId)).toEqual(['gate-01', 'gate-03']);
    expect(filterFeed(items, { building: '', gate: 'gate-02', card: '' }, map)).toHaveLength(1);
    expect(filterFeed(items, { building: '', gate: '', card: 'x7' }, map).map((s) => s.cardId)).toEqual(['X77']);
  });
});
