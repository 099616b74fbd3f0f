import { describe, expect, it } from 'vitest';
import { LiveJournal } from './journal.ts';

describe('LiveJournal', () => {
  it('replays what a client missed in its rooms only', () => {
    const journal = new LiveJournal(10);
    journal.append('alerts:access', 'alert', { id: 1 });
    journal.append('alerts:stock', 'alert', { id: 2 });
    journal.append('alerts:access', 'alert', { id: 3 });
    const { gap, messages } = journal.since(1, new Set(['alerts:access']));
    expect(gap).toBe(false);
    expect(messages.map((m) => m.data)).toEqual([{ id: 3 }]);
  });

  it('reports a gap to a client that saw a previous run of the hub', () => {
    const journal = new LiveJournal(10);
    journal.append('r', 'e', { id: 1 });
    expect(journal.since(500, new Set(['r'])).gap).toBe(true);
  });

  it('reports a gap when the client is further behind than the journal reaches', () => {
    const journal = new LiveJournal(3);
    for (let id = 1; id <= 6; id += 1) journal.append('r', 'e', { id });
    expect(journal.since(2, new Set(['r'])).gap).toBe(true);
    expect(journal.since(3, new Set(['r']))).toEqual({ gap: false, messages: expect.any(Array) });
    expect(journal.since(6, new Set(['r']))).toEqual({ gap: false, messages: [] });
  });

  it('bounds what it holds by the items batches carry, keeping the newest message whole', () => {
    const journal = new LiveJournal(10);
    journal.append('alerts:access', 'alert', { id: 1 });
    journal.append('access', 'swipes', [1, 2, 3, 4, 5, 6]);
    journal.append('access', 'swipes', [7, 8, 9]);
    // 1 + 6 + 3 = 10 items: all held.
    expect(journal.since(0, new Set(['access', 'alerts:access'])).messages).toHaveLength(3);
    journal.append('access', 'swipes', [10, 11]);
    // The alert and the six-swipe batch go: a client that saw only the alert has a gap.
    const { gap, messages } = journal.since(1, new Set(['access']));
    expect(gap).toBe(true);
    expect(messages.map((m) => m.data)).toEqual([
      [7, 8, 9],
      [10, 11],
    ]);
    journal.append(
      'access',
      'swipes',
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(journal.since(4, new Set(['access']))).toEqual({ gap: false, messages: [expect.objectContaining({ seq: 5 })] });
  });
});
