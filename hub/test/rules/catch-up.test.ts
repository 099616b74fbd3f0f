import type { IngestEvent } from '@campus/gateway';
import { testAdapters } from '@campus/storage/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeBatch } from '../../../gateway/src/ingest/event-repository.ts';
import { useGatewayDatabase } from '../../../gateway/test/helpers/gateway-database.ts';
import { eventsSince } from '../../src/rules/catch-up.ts';

const T0 = Date.parse('2026-11-24T08:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

/**
 * Tables filled unevenly on purpose: many gate swipes early, sensor events (3 rows each) spread
 * over the whole span, a few scale readings late. Read back in small chunks, every event must
 * come back exactly once, in receive order, with all its metrics.
 */
function storedEvents(): IngestEvent[] {
  const events: IngestEvent[] = [];
  const base = { site: 'north' as const };
  for (let i = 0; i < 40; i += 1) {
    events.push({
      ...base,
      kind: 'gate',
      deviceId: 'gate-1',
      eventId: `g${i}`,
      ts: at(i * 10),
      receivedAt: at(i * 10),
      cardId: `card-${i}`,
      direction: 'in',
      granted: true,
      reason: null,
    });
  }
  for (let i = 0; i < 12; i += 1) {
    events.push({
      ...base,
      kind: 'sensor',
      deviceId: 'sensor-1',
      eventId: `s${i}`,
      ts: at(i * 100 + 5),
      receivedAt: at(i * 100 + 5),
      assetId: 'pump-1',
      metrics: [
        { name: 'temperature', value: 40 + i, unit: '°C' },
        { name: 'vibration', value: 2 + i / 10, unit: 'mm/s' },
        { name: 'current', value: 10, unit: 'A' },
      ],
    });
  }
  for (let i = 0; i < 3; i += 1) {
    events.push({
      ...base,
      kind: 'scale',
      deviceId: 'scale-1',
      eventId: `k${i}`,
      ts: at(1000 + i),
      receivedAt: at(1000 + i),
      itemId: 'rice',
      gross: 20,
      net: 19,
      unit: 'kg',
      netKg: 19,
    });
  }
  return events;
}

describe.each(testAdapters())('IOT-7..10 the rules read missed events back in chunks on %s', (adapter) => {
  const database = useGatewayDatabase(adapter);

  beforeAll(async () => {
    await database.db.transaction((tx) => storeBatch(tx, storedEvents()));
  });

  it('returns every event once, in receive order, with all its metrics, whatever the chunk size', async () => {
    const expected = storedEvents()
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
      .map((event) => `${event.eventId}:${event.kind === 'sensor' ? event.metrics.length : 1}`);
    for (const limit of [4, 7, 25, 1000]) {
      const seen: string[] = [];
      let since = at(-1);
      let chunks = 0;
      for (;;) {
        const chunk = await eventsSince(database.db, since, { limit });
        chunks += 1;
        seen.push(...chunk.events.map((event) => `${event.eventId}:${event.kind === 'sensor' ? event.metrics.length : 1}`));
        const last = chunk.events[chunk.events.length - 1];
        if (!chunk.more) break;
        expect(last, `chunk ${chunks} of limit ${limit} advances`).toBeDefined();
        since = last?.receivedAt ?? since;
      }
      expect(seen, `limit ${limit}`).toEqual(expected);
      if (limit < 100) expect(chunks, `limit ${limit} reads in several chunks`).toBeGreaterThan(2);
      else expect(chunks).toBe(1);
    }
  });

  it('gives back each event as stored, times exact to the millisecond', async () => {
    // Times travel as epoch milliseconds: a time that is not a whole second must come back exact.
    const odd = at(86_400_000 + 567);
    const swipe: IngestEvent = {
      kind: 'gate',
      site: 'north',
      deviceId: 'gate-2',
      eventId: 'odd-ms',
      ts: new Date(odd.getTime() - 1),
      receivedAt: odd,
      cardId: 'card-odd',
      direction: 'out',
      granted: false,
      reason: 'expired',
    };
    await database.db.transaction((tx) => storeBatch(tx, [swipe]));
    const chunk = await eventsSince(database.db, new Date(odd.getTime() - 1));
    expect(chunk.events).toEqual([swipe]);
  });

  it('ends a chunk where its first full table ends, so the watermark passes over nothing', async () => {
    // 40 gate rows sit in the first 400 ms; 4 gate rows fill the limit at 30 ms, so no sensor
    // event after 30 ms may be in the chunk even though the sensor query read further.
    const chunk = await eventsSince(database.db, at(-1), { limit: 4 });
    expect(chunk.more).toBe(true);
    expect(chunk.events.map((event) => event.eventId)).toEqual(['g0', 's0', 'g1', 'g2']);
  });
});
