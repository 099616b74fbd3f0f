import { describe, expect, it } from 'vitest';
import { buildEvent, loadEventId } from './payloads.ts';

describe('load generator gate traffic', () => {
  it('is ordinary traffic: every card alternates in and out, and strangers take no card’s turn', () => {
    const device = { id: 'bench-p0-gate-0', sent: 0 };
    const last = new Map<string, string>();
    let passbacks = 0;
    const strangers = new Set<string>();
    // Eight rounds of the gate's 5,000 cards: past the point where refused strangers used to
    // push cards out of step (the third round).
    for (let sequence = 0; sequence < 42_000; sequence += 1) {
      const swipe = buildEvent('gate', loadEventId('run1', sequence), 0, sequence, { sensorMetrics: 1, device });
      device.sent += 1;
      if (swipe.result === 'denied') {
        strangers.add(swipe.cardId);
        continue;
      }
      if (swipe.direction === last.get(swipe.cardId)) passbacks += 1;
      last.set(swipe.cardId, swipe.direction);
    }
    expect(passbacks).toBe(0);
    // Each stranger refused once (a card refused again and again is an alert of its own).
    expect(strangers.size).toBe(105);
    expect(last.size).toBe(5_000);
  });
});
