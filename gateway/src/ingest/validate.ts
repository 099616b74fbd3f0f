import {
  AUTHORIZE_STREAM,
  type DeviceEventByKind,
  type DeviceKind,
  EVENT_SCHEMA_BY_KIND,
  EVENT_STREAM_BY_KIND,
  type GateAuthorizeRequest,
  GateAuthorizeRequestSchema,
  parseDeviceTopic,
  type RejectReason,
  STATUS_STREAM,
} from '@campus/protocol';
import { Compile } from 'typebox/compile';
import type { Device } from '../registry/device-registry.ts';
import type { IngestEvent } from './records.ts';

export interface ValidationLimits {
  maxPayloadBytes: number;
  maxFutureSkewMs: number;
  maxAgeMs: number;
}

export type Verdict =
  | { ok: true; event: IngestEvent }
  | { ok: true; status: DeviceStatus | null; device: Device }
  | { ok: true; authorize: GateAuthorizeRequest; device: Device }
  | { ok: false; reason: RejectReason; detail: string; deviceId: string | null };

const VALIDATORS = {
  gate: Compile(EVENT_SCHEMA_BY_KIND.gate),
  terminal: Compile(EVENT_SCHEMA_BY_KIND.terminal),
  scale: Compile(EVENT_SCHEMA_BY_KIND.scale),
  sensor: Compile(EVENT_SCHEMA_BY_KIND.sensor),
};

const AUTHORIZE_VALIDATOR = Compile(GateAuthorizeRequestSchema);

const KG_PER_UNIT = { kg: 1, g: 0.001, lb: 0.453_592_37 } as const;
const MAX_DETAIL = 500;

function schemaErrors(
  validator: { Errors(value: unknown): Array<{ instancePath: string; message: string }> },
  body: unknown,
): string {
  return validator
    .Errors(body)
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'}: ${error.message}`)
    .join('; ');
}

function reject(reason: RejectReason, detail: string, deviceId: string | null): Verdict {
  return { ok: false, reason, detail: detail.slice(0, MAX_DETAIL), deviceId };
}

/**
 * Decides what one MQTT message is: an accepted event, a device status, or a rejection with
 * a reason an operator can read. Pure: the caller supplies the device lookup and the clock.
 */
export function validateMessage(
  topic: string,
  payload: Buffer,
  lookupDevice: (id: string) => Device | undefined,
  receivedAt: Date,
  limits: ValidationLimits,
): Verdict {
  const parsed = parseDeviceTopic(topic);
  if (!parsed) return reject('topic_mismatch', `topic ${topic} is outside campus/{site}/{kind}/{deviceId}/{stream}`, null);
  const device = lookupDevice(parsed.deviceId);
  if (!device?.enabled) {
    return reject('unknown_device', `device ${parsed.deviceId} is not in the registry or is disabled`, parsed.deviceId);
  }
  if (device.kind !== parsed.kind || device.site !== parsed.site) {
    return reject(
      'topic_mismatch',
      `topic says ${parsed.site}/${parsed.kind}, registry says ${device.site}/${device.kind} for ${device.id}`,
      device.id,
    );
  }
  if (payload.length > limits.maxPayloadBytes) {
    return reject('oversize', `payload is ${payload.length} bytes, limit ${limits.maxPayloadBytes}`, device.id);
  }
  if (parsed.stream === STATUS_STREAM) return { ok: true, status: parseStatus(payload), device };
  const authorize = parsed.stream === AUTHORIZE_STREAM && device.kind === 'gate';
  const expectedStream = EVENT_STREAM_BY_KIND[device.kind];
  if (parsed.stream !== expectedStream && !authorize) {
    return reject('topic_mismatch', `a ${device.kind} publishes on ${expectedStream}, not ${parsed.stream}`, device.id);
  }

  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return reject('malformed_json', err instanceof Error ? err.message : 'not JSON', device.id);
  }
  if (authorize) {
    if (!AUTHORIZE_VALIDATOR.Check(body)) return reject('schema_invalid', schemaErrors(AUTHORIZE_VALIDATOR, body), device.id);
    return { ok: true, authorize: body, device };
  }
  const validator = VALIDATORS[device.kind];
  if (!validator.Check(body)) return reject('schema_invalid', schemaErrors(validator, body), device.id);
  const event = body as DeviceEventByKind[DeviceKind];
  if (event.deviceId !== undefined && event.deviceId !== device.id) {
    return reject('topic_mismatch', `payload deviceId ${event.deviceId} differs from topic device ${device.id}`, device.id);
  }

  const ts = new Date(event.ts);
  if (Number.isNaN(ts.getTime())) return reject('schema_invalid', `/ts: ${String(event.ts)} is not a valid time`, device.id);
  const ahead = ts.getTime() - receivedAt.getTime();
  if (ahead > limits.maxFutureSkewMs) {
    return reject(
      'clock_skew',
      `ts is ${Math.round(ahead / 1000)} s ahead of the gateway clock (limit ${limits.maxFutureSkewMs / 1000} s)`,
      device.id,
    );
  }
  if (-ahead > limits.maxAgeMs) {
    return reject('clock_skew', `ts is ${Math.round(-ahead / 1000)} s old (limit ${limits.maxAgeMs / 1000} s)`, device.id);
  }

  const base = { site: device.site, deviceId: device.id, eventId: String(event.eventId), ts, receivedAt };
  return normalise(device.kind, body, base);
}

function normalise(
  kind: DeviceKind,
  body: unknown,
  base: { site: string; deviceId: string; eventId: string; ts: Date; receivedAt: Date },
): Verdict {
  switch (kind) {
    case 'gate': {
      const swipe = body as DeviceEventByKind['gate'];
      return {
        ok: true,
        event: {
          kind,
          ...base,
          cardId: swipe.cardId,
          direction: swipe.direction,
          granted: swipe.result === 'granted',
          reason: swipe.reason ?? null,
        },
      };
    }
    case 'terminal': {
      const order = body as DeviceEventByKind['terminal'];
      const sum = order.items.reduce((total, item) => total + item.quantity * item.unitPrice, 0);
      if (Math.abs(sum - order.total) > 0.005) {
        return reject('schema_invalid', `/total: ${order.total} differs from the items' sum ${sum.toFixed(2)}`, base.deviceId);
      }
      return {
        ok: true,
        event: {
          kind,
          ...base,
          orderId: order.orderId,
          items: order.items,
          total: order.total,
          payerCard: order.payerCard,
          mealPeriod: order.mealPeriod,
        },
      };
    }
    case 'scale': {
      const reading = body as DeviceEventByKind['scale'];
      if (reading.net > reading.gross) {
        return reject('schema_invalid', `/net: ${reading.net} exceeds gross ${reading.gross}`, base.deviceId);
      }
      return {
        ok: true,
        event: {
          kind,
          ...base,
          itemId: reading.itemId,
          gross: reading.gross,
          net: reading.net,
          unit: reading.unit,
          netKg: reading.net * KG_PER_UNIT[reading.unit],
        },
      };
    }
    case 'sensor': {
      const telemetry = body as DeviceEventByKind['sensor'];
      const names = new Set(telemetry.metrics.map((metric) => metric.name));
      if (names.size !== telemetry.metrics.length) {
        return reject('schema_invalid', '/metrics: a metric name appears twice', base.deviceId);
      }
      return { ok: true, event: { kind, ...base, assetId: telemetry.assetId, metrics: telemetry.metrics } };
    }
  }
}

export type DeviceStatus = 'online' | 'offline';

/** `online` / `offline` (any case, surrounding space ignored); anything else is no status we act on. */
function parseStatus(payload: Buffer): DeviceStatus | null {
  const text = payload.toString('utf8').trim().toLowerCase();
  return text === 'online' || text === 'offline' ? text : null;
}
