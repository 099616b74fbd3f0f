import { describe, expect, it } from 'vitest';
import type { Device } from '../registry/device-registry.ts';
import { type Verdict, validateMessage } from './validate.ts';

const NOW = new Date('2026-11-24T08:00:00Z');
const LIMITS = { maxPayloadBytes: 1024, maxFutureSkewMs: 60_000, maxAgeMs: 3_600_000 };
const DEVICES: Record<string, Device> = {
  'gate-1': { id: 'gate-1', kind: 'gate', site: 'main', label: null, enabled: true },
  'scale-1': { id: 'scale-1', kind: 'scale', site: 'main', label: null, enabled: true },
  'pos-1': { id: 'pos-1', kind: 'terminal', site: 'main', label: null, enabled: true },
  'sensor-1': { id: 'sensor-1', kind: 'sensor', site: 'main', label: null, enabled: true },
  'gate-off': { id: 'gate-off', kind: 'gate', site: 'main', label: null, enabled: false },
};

const check = (topic: string, body: unknown): Verdict =>
  validateMessage(topic, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), (id) => DEVICES[id], NOW, LIMITS);

const swipe = {
  eventId: 'e1',
  ts: '2026-11-24T15:59:30+08:00',
  cardId: 'C1',
  direction: 'in',
  result: 'denied',
  reason: 'revoked',
};

function rejected(verdict: Verdict) {
  if (verdict.ok) throw new Error('expected a rejection');
  return verdict;
}

describe('validateMessage', () => {
  it('IOT-1 normalises a gate swipe and keeps both device and receive time', () => {
    const verdict = check('campus/main/gate/gate-1/swipe', swipe);
    expect(verdict).toEqual({
      ok: true,
      event: {
        kind: 'gate',
        site: 'main',
        deviceId: 'gate-1',
        eventId: 'e1',
        ts: new Date('2026-11-24T07:59:30Z'),
        receivedAt: NOW,
        cardId: 'C1',
        direction: 'in',
        granted: false,
        reason: 'revoked',
      },
    });
  });

  it('IOT-3 converts net weight to kilograms and refuses net above gross', () => {
    const ok = check('campus/main/scale/scale-1/reading', {
      eventId: 7,
      ts: NOW.getTime(),
      itemId: 'rice',
      gross: 12,
      net: 10,
      unit: 'lb',
    });
    expect(ok.ok && 'event' in ok && ok.event.kind === 'scale' && ok.event.netKg).toBeCloseTo(4.5359237, 6);
    const bad = rejected(
      check('campus/main/scale/scale-1/reading', { eventId: 8, ts: NOW.getTime(), itemId: 'rice', gross: 1, net: 2, unit: 'kg' }),
    );
    expect(bad).toMatchObject({ reason: 'schema_invalid', detail: '/net: 2 exceeds gross 1' });
  });

  it("IOT-2 refuses an order whose total is not the items' sum", () => {
    const order = {
      eventId: 'o1',
      ts: NOW.toISOString(),
      orderId: 'O1',
      items: [{ dishId: 'D1', quantity: 3, unitPrice: 2.5 }],
      total: 7,
      payerCard: 'C9',
      mealPeriod: 'dinner',
    };
    expect(rejected(check('campus/main/terminal/pos-1/order', order))).toMatchObject({ reason: 'schema_invalid' });
    expect(check('campus/main/terminal/pos-1/order', { ...order, total: 7.5 }).ok).toBe(true);
  });

  it('IOT-4 refuses telemetry naming one metric twice', () => {
    const telemetry = {
      eventId: 't',
      ts: NOW.toISOString(),
      assetId: 'A1',
      metrics: [
        { name: 'current', value: 1, unit: 'A' },
        { name: 'current', value: 2, unit: 'A' },
      ],
    };
    expect(rejected(check('campus/main/sensor/sensor-1/telemetry', telemetry)).detail).toMatch(/twice/);
  });

  it.each([
    ['malformed_json', 'campus/main/gate/gate-1/swipe', '{"eventId":'],
    ['schema_invalid', 'campus/main/gate/gate-1/swipe', { ...swipe, direction: 'up' }],
    ['schema_invalid', 'campus/main/gate/gate-1/swipe', { ...swipe, extra: 1 }],
    ['oversize', 'campus/main/gate/gate-1/swipe', { ...swipe, reason: 'x'.repeat(2000) }],
    ['clock_skew', 'campus/main/gate/gate-1/swipe', { ...swipe, ts: '2026-11-24T08:05:00Z' }],
    ['clock_skew', 'campus/main/gate/gate-1/swipe', { ...swipe, ts: '2026-11-24T06:00:00Z' }],
    ['topic_mismatch', 'campus/main/gate/gate-1/order', swipe],
    ['topic_mismatch', 'campus/north/gate/gate-1/swipe', swipe],
    ['topic_mismatch', 'campus/main/scale/gate-1/reading', swipe],
    ['topic_mismatch', 'campus/main/gate/gate-1/swipe', { ...swipe, deviceId: 'gate-2' }],
    ['topic_mismatch', 'elsewhere/main/gate/gate-1/swipe', swipe],
    ['unknown_device', 'campus/main/gate/gate-9/swipe', swipe],
    ['unknown_device', 'campus/main/gate/gate-off/swipe', swipe],
  ])('IOT-5 rejects %s (%s)', (reason, topic, body) => {
    const verdict = rejected(check(topic, body));
    expect(verdict.reason).toBe(reason);
    expect(verdict.detail.length).toBeGreaterThan(5);
  });

  it('names the offending field in schema errors', () => {
    expect(rejected(check('campus/main/gate/gate-1/swipe', { ...swipe, cardId: '' })).detail).toMatch(/\/cardId/);
  });

  it('refuses control characters in ids, codes and units, and accepts any printable text', () => {
    for (const [field, value] of [
      ['cardId', 'C1\n'],
      ['cardId', 'C\u001f1'],
      ['reason', 'revoked\u0000'],
    ] as const) {
      const verdict = rejected(check('campus/main/gate/gate-1/swipe', { ...swipe, [field]: value }));
      expect(verdict, `${field} ${JSON.stringify(value)}`).toMatchObject({ reason: 'schema_invalid' });
      expect(verdict.detail).toContain(`/${field}`);
    }
    const telemetry = {
      eventId: 'm1',
      ts: NOW.getTime(),
      assetId: 'pump-1',
      metrics: [{ name: 'temperature', value: 1, unit: '°\tC' }],
    };
    expect(rejected(check('campus/main/sensor/sensor-1/telemetry', telemetry)).detail).toContain('/metrics/0/unit');
    expect(check('campus/main/gate/gate-1/swipe', { ...swipe, cardId: '卡 "7", {x}\\y' }).ok).toBe(true);
  });

  it('accepts a device status message without storing an event: online, offline (its last will), or nothing to act on', () => {
    expect(check('campus/main/gate/gate-1/status', 'online')).toMatchObject({
      ok: true,
      status: 'online',
      device: { id: 'gate-1' },
    });
    expect(check('campus/main/gate/gate-1/status', ' OFFLINE\n')).toMatchObject({ ok: true, status: 'offline' });
    expect(check('campus/main/gate/gate-1/status', '{"battery":80}')).toMatchObject({ ok: true, status: null });
  });
});
