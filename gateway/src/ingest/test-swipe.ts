import type { IngestEvent } from './records.ts';

/** The n-th gate swipe of one card at one gate: a record for the writer's and spool's tests. */
export const testSwipe = (n: number): IngestEvent => ({
  kind: 'gate',
  site: 'main',
  deviceId: 'gate-1',
  eventId: `e${n}`,
  ts: new Date(1_700_000_000_000 + n),
  receivedAt: new Date(1_700_000_000_500 + n),
  cardId: 'C1',
  direction: 'in',
  granted: true,
  reason: null,
});
