import { testAdapters } from '@campus/storage/testing';
import { describe, expect, it } from 'vitest';
import { isUniqueViolation, storeBatch, storeBatchSkippingStored, storeNewBatch } from '../src/ingest/event-repository.ts';
import type { IngestEvent, IngestRecord } from '../src/ingest/records.ts';
import { useGatewayDatabase } from './helpers/gateway-database.ts';

/**
 * The batch encoding (src/ingest/columns.ts) carries every value the protocol accepts unchanged:
 * text with quotes, backslashes, commas, braces and Chinese, times to the millisecond, NULL and
 * empty reasons, JSON items, one row or many.
 */

const AWKWARD = ['卡 "7", {x}\\y', 'NULL', 'a,b', '{}', "it's", '  spaced  ', '°C'];
const T = Date.parse('2026-11-24T07:59:30.123Z');

const gate = (n: number, reason: string | null): IngestEvent => ({
  kind: 'gate',
  site: 'north-1',
  deviceId: 'gate.1',
  eventId: `g-${n}`,
  ts: new Date(T + n),
  receivedAt: new Date(T + 1000 + n),
  cardId: AWKWARD[n % AWKWARD.length] as string,
  direction: n % 2 === 0 ? 'in' : 'out',
  granted: n % 3 !== 0,
  reason,
});

/** Every kind once, with awkward text; the later tests resend some of them. */
const FIRST_BATCH: IngestEvent[] = [
  ...AWKWARD.map((_, n) => gate(n, n === 1 ? null : (AWKWARD[(n + 3) % AWKWARD.length] as string))),
  {
    kind: 'terminal',
    site: 'north-1',
    deviceId: 'pos-1',
    eventId: '42',
    ts: new Date(T),
    receivedAt: new Date(T + 5),
    orderId: 'o "1"',
    items: [{ dishId: '宫保鸡丁 "大份"', quantity: 2, unitPrice: 12.5 }],
    total: 25,
    payerCard: 'C\\1',
    mealPeriod: 'lunch',
  },
  {
    kind: 'scale',
    site: 'north-1',
    deviceId: 'scale-1',
    eventId: 's-1',
    ts: new Date(T),
    receivedAt: new Date(T + 7),
    itemId: '大米',
    gross: 12.345,
    net: 10.5,
    unit: 'g',
    netKg: 0.0105,
  },
  {
    kind: 'sensor',
    site: 'north-1',
    deviceId: 'sensor-1',
    eventId: 'm-1',
    ts: new Date(T),
    receivedAt: new Date(T + 9),
    assetId: 'pump,1',
    metrics: [
      { name: 'temperature', value: -3.25, unit: '°C' },
      { name: 'vibration', value: 1e-7, unit: 'mm/s' },
    ],
  },
];

describe.each(testAdapters())('IOT-1..4 batch encoding on %s', (adapter) => {
  const database = useGatewayDatabase(adapter);

  it('stores every kind with its values intact, and a resend once', async () => {
    const first = await database.db.transaction((tx) => storeBatch(tx, FIRST_BATCH));
    expect(first.stored).toHaveLength(FIRST_BATCH.length);
    const again = await database.db.transaction((tx) => storeBatch(tx, [FIRST_BATCH[0] as IngestEvent]));
    expect(again).toMatchObject({ stored: [], duplicates: 1 });

    const swipes = await database.db.query<{
      event_id: string;
      card_id: string;
      reason: string | null;
      ts: Date;
      received_at: Date;
      granted: boolean;
      direction: string;
    }>('SELECT event_id, card_id, reason, ts, received_at, granted, direction FROM gate_swipes ORDER BY ts');
    expect(swipes).toEqual(
      AWKWARD.map((_, n) => {
        const sent = gate(n, null) as Extract<IngestEvent, { kind: 'gate' }>;
        return {
          event_id: sent.eventId,
          card_id: sent.cardId,
          reason: n === 1 ? null : AWKWARD[(n + 3) % AWKWARD.length],
          ts: sent.ts,
          received_at: sent.receivedAt,
          granted: sent.granted,
          direction: sent.direction,
        };
      }),
    );
    const [order] = await database.db.query<{ order_id: string; items: unknown; total: string | number; payer_card: string }>(
      'SELECT order_id, items, total, payer_card FROM terminal_orders',
    );
    expect(order).toMatchObject({ order_id: 'o "1"', payer_card: 'C\\1' });
    expect(order?.items).toEqual([{ dishId: '宫保鸡丁 "大份"', quantity: 2, unitPrice: 12.5 }]);
    expect(Number(order?.total)).toBe(25);
    const [reading] = await database.db.query('SELECT item_id, gross, net, unit, net_kg FROM scale_readings');
    expect(reading).toEqual({ item_id: '大米', gross: 12.345, net: 10.5, unit: 'g', net_kg: 0.0105 });
    const metrics = await database.db.query('SELECT asset_id, metric, value, unit FROM sensor_readings ORDER BY metric');
    expect(metrics).toEqual([
      { asset_id: 'pump,1', metric: 'temperature', value: -3.25, unit: '°C' },
      { asset_id: 'pump,1', metric: 'vibration', value: 1e-7, unit: 'mm/s' },
    ]);
  });

  it('tells new events from resends in a mixed batch, and counts an event twice in one batch once', async () => {
    const mixed = [gate(200, null), gate(0, null), gate(201, null), gate(200, null)].map((event) => ({
      ...event,
      eventId: event.eventId === 'g-0' ? 'g-0' : `mixed-${event.eventId}`,
    })) as IngestEvent[];
    // g-0 was stored by the first test (a resend); mixed-g-200 comes twice in this batch.
    const result = await database.db.transaction((tx) => storeBatch(tx, mixed));
    expect(result.stored.map((event) => event.eventId)).toEqual(['mixed-g-200', 'mixed-g-201']);
    expect(result.duplicates).toBe(2);
  });

  it('writes a batch whose resend is found in its last table once: what went in before it is not doubled', async () => {
    // Gate and scale rows go in first; the sensor event was stored by the first test, so the
    // fast attempt fails there and the whole batch is written again, skipping what is stored.
    const [resentSensor] = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sensor_readings WHERE event_id = 'm-1'",
    );
    const batch: IngestRecord[] = [
      { ...gate(300, null), eventId: 'late-g-300' } as IngestEvent,
      {
        kind: 'dead_letter',
        receivedAt: new Date(T),
        deviceId: 'gate.1',
        topic: 'campus/north-1/gate/gate.1/events',
        reason: 'malformed_json',
        detail: 'late batch',
        payload: Buffer.from('{'),
      },
      {
        kind: 'scale',
        site: 'north-1',
        deviceId: 'scale-1',
        eventId: 'late-s-2',
        ts: new Date(T),
        receivedAt: new Date(T + 7),
        itemId: '大米',
        gross: 2,
        net: 1,
        unit: 'kg',
        netKg: 1,
      },
      FIRST_BATCH.find((event) => event.kind === 'sensor') as IngestEvent,
    ];
    const result = await database.db.transaction((tx) => storeBatch(tx, batch));
    expect(result.stored.map((event) => event.eventId)).toEqual(['late-g-300', 'late-s-2']);
    expect(result).toMatchObject({ duplicates: 1, deadLetters: 1 });
    const counts = await database.db.query<{ gate: number; scale: number; sensor: number; dead: number }>(
      `SELECT (SELECT count(*)::int FROM gate_swipes WHERE event_id = 'late-g-300') AS gate,
         (SELECT count(*)::int FROM scale_readings WHERE event_id = 'late-s-2') AS scale,
         (SELECT count(*)::int FROM sensor_readings WHERE event_id = 'm-1') AS sensor,
         (SELECT count(*)::int FROM dead_letters WHERE detail = 'late batch') AS dead`,
    );
    expect(counts).toEqual([{ gate: 1, scale: 1, sensor: resentSensor?.n, dead: 1 }]);
  });

  it("the writer's two steps: the fast path refuses a batch with a resend whole, the second stores only what is new", async () => {
    const fresh = { ...gate(400, null), eventId: 'two-step-new' } as IngestEvent;
    const resend = FIRST_BATCH[0] as IngestEvent;
    const refused = await database.db
      .transaction((tx) => storeNewBatch(tx, [fresh, resend]))
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(isUniqueViolation(refused)).toBe(true);
    const count = async () =>
      (await database.db.query<{ n: number }>("SELECT count(*)::int AS n FROM gate_swipes WHERE event_id = 'two-step-new'"))[0]
        ?.n;
    // All or nothing: the new swipe did not stay behind from the refused statement.
    expect(await count()).toBe(0);
    const result = await database.db.transaction((tx) => storeBatchSkippingStored(tx, [fresh, resend]));
    expect(result.stored.map((event) => event.eventId)).toEqual(['two-step-new']);
    expect(result.duplicates).toBe(1);
    expect(await count()).toBe(1);
  });

  it('keeps an empty reason of a lone swipe as no reason', async () => {
    const lone = { ...gate(100, ''), eventId: 'lone' } as IngestEvent;
    await database.db.transaction((tx) => storeBatch(tx, [lone]));
    const rows = await database.db.query<{ reason: string | null; card_id: string }>(
      "SELECT reason, card_id FROM gate_swipes WHERE event_id = 'lone'",
    );
    expect(rows).toEqual([{ reason: null, card_id: AWKWARD[100 % AWKWARD.length] }]);
  });
});
