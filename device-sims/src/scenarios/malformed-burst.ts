import type { RejectReason, ScaleReading } from '@campus/protocol';
import { deviceTopic, EVENT_STREAM_BY_KIND } from '@campus/protocol';
import { eventAction, type SimAction } from '../actions.ts';
import { devicesOfKind } from '../fleet.ts';
import { DAY_MS, HOUR_MS, isoLocal, MINUTE_MS } from '../time.ts';
import { endingNow, idSequence, place } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Burst of malformed messages / 故障设备乱发 (IOT-5): after a bad firmware update, scale-02 sends
 * fourteen broken messages in a minute, one of each kind of fault the gateway refuses (every
 * reject reason a device can cause), then recovers and sends two valid readings. Each broken
 * message is kept by the gateway as a dead letter with its reason and raw bytes.
 */

/** The stock scenarios' default safety stock (kg), when the hub's is not given. */
const DEFAULT_SAFETY_KG = 20;
/** Bigger than the gateway's default INGEST_MAX_PAYLOAD_BYTES (16384). */
const OVERSIZE_BYTES = 20_000;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'ingest.faulty_device',
    category: 'ingest',
    subject: 'device:scale-02',
    alert: 'warning',
    afterMs: MINUTE_MS,
    withinMs: 3 * MINUTE_MS,
    why: 'ten or more rejected messages from one device within a few minutes',
    needs: 'the device registered in the gateway; the rejects themselves are in GET /api/ingest/rejects',
  },
];

export const malformedBurst: ScenarioDefinition = {
  name: 'malformed-burst',
  title: 'Burst of malformed messages / 故障设备乱发',
  summary:
    'scale-02 sends 14 broken messages (bad bytes, bad JSON, schema errors, clock skew, wrong device id, oversize, a forbidden topic), then 2 valid readings.',
  durationMs: 3 * MINUTE_MS,
  defaultStart: endingNow,
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start, world } = context;
    const scales = devicesOfKind(context.fleet, 'scale');
    const device = scales.find((candidate) => candidate.id === 'scale-02') ?? scales[0] ?? context.fleet[0];
    if (!device) throw new Error('malformed-burst needs a device');
    const other = context.fleet.find((candidate) => candidate.id !== device.id);
    const nextId = idSequence(context.runTag);
    const itemId = device.items?.[0] ?? 'rice';
    const iso = (at: number) => isoLocal(at, world.utcOffsetMin);
    const reading = (at: number, fields: Record<string, unknown> = {}): string =>
      JSON.stringify({ eventId: nextId(), ts: iso(at), itemId, gross: 14.3, net: 12.1, unit: 'kg', ...fields });
    const at = (index: number) => start + 10_000 + index * 4000;
    const broken: Array<{ payload: string; encoding?: 'base64'; topic?: string; expect: RejectReason; note: string }> = [
      {
        payload: Buffer.from([0xff, 0x00, 0xfe, 0x01, 0x02, 0x80]).toString('base64'),
        encoding: 'base64',
        expect: 'malformed_json',
        note: 'binary garbage',
      },
      { payload: 'ERR 0x1F LOADCELL OVERLOAD', expect: 'malformed_json', note: 'a debug line instead of JSON' },
      {
        payload: `{"eventId":"${nextId()}","ts":"${iso(at(2))}","itemId":"${itemId}","gross":`,
        expect: 'malformed_json',
        note: 'truncated JSON',
      },
      { payload: reading(at(3), { gross: '14.3' }), expect: 'schema_invalid', note: 'gross as a string' },
      {
        payload: JSON.stringify({ eventId: nextId(), ts: iso(at(4)), gross: 14.3, net: 12.1, unit: 'kg' }),
        expect: 'schema_invalid',
        note: 'itemId missing',
      },
      { payload: reading(at(5), { gross: 9.2, net: 12.1 }), expect: 'schema_invalid', note: 'net above gross' },
      { payload: reading(at(6), { unit: 'oz' }), expect: 'schema_invalid', note: 'unknown unit' },
      { payload: reading(at(7), { battery: 87 }), expect: 'schema_invalid', note: 'a field the protocol does not have' },
      { payload: reading(at(8), { ts: iso(at(8)).slice(0, 19) }), expect: 'schema_invalid', note: 'time without a zone' },
      { payload: reading(at(9), { ts: at(9) + 2 * HOUR_MS }), expect: 'clock_skew', note: 'clock two hours fast' },
      { payload: reading(at(10), { ts: at(10) - 30 * DAY_MS }), expect: 'clock_skew', note: 'clock reset to a month ago' },
      {
        payload: reading(at(11), { deviceId: `${device.id}-x` }),
        expect: 'topic_mismatch',
        note: "another device's id in the payload",
      },
      { payload: reading(at(12), { note: 'x'.repeat(OVERSIZE_BYTES) }), expect: 'oversize', note: `${OVERSIZE_BYTES} bytes` },
      {
        payload: reading(at(13)),
        topic: other
          ? deviceTopic(other.site, other.kind, other.id, EVENT_STREAM_BY_KIND[other.kind])
          : deviceTopic(device.site, device.kind, device.id, 'firmware'),
        expect: 'acl_denied',
        note: "published on another device's topic (the broker closes the connection)",
      },
    ];
    const actions: SimAction[] = broken.map((entry, index) => ({
      at: at(index),
      deviceId: device.id,
      type: 'raw',
      payload: entry.payload,
      ...(entry.encoding ? { encoding: entry.encoding } : {}),
      ...(entry.topic ? { topic: entry.topic } : {}),
      expect: `${entry.expect}: ${entry.note}`,
    }));
    // Back to normal after the reboot, weighing a well-stocked bin (three times its safety stock):
    // the story is about the device, not about stock.
    const net = Math.round(3 * (context.options.safetyKg ?? DEFAULT_SAFETY_KG) * 10) / 10;
    for (const offset of [2 * MINUTE_MS, 2 * MINUTE_MS + 30_000]) {
      const when = start + offset;
      const valid: ScaleReading = { eventId: nextId(), ts: iso(when), itemId, gross: net + 2.2, net, unit: 'kg' };
      actions.push(eventAction(when, device.id, 'scale', valid));
    }
    return {
      scenario: 'malformed-burst',
      start,
      end: start + this.durationMs,
      cast: { devices: [device.id] },
      actions,
      faults: [],
      claims: [device.id],
      expected: place(
        expected.map((outcome) => ({ ...outcome, subject: `device:${device.id}` })),
        start,
      ),
    };
  },
};

/** The reject reason a raw action of this scenario should produce (the part of `expect` before the colon). */
export function expectedReason(action: Extract<SimAction, { type: 'raw' }>): RejectReason {
  return action.expect.split(':')[0] as RejectReason;
}
