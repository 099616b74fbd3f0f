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
});
