import type { Device } from '@campus/gateway';
import type { DeadLetterRow, StoredEventRow } from './repository.ts';

const COMMON = new Set(['ts', 'received_at', 'site', 'device_id', 'event_id']);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export function presentEvent(row: StoredEventRow) {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (!COMMON.has(key)) data[camel(key)] = value;
  return {
    ts: row.ts.toISOString(),
    receivedAt: row.received_at.toISOString(),
    site: row.site,
    deviceId: row.device_id,
    eventId: row.event_id,
    data,
  };
}

const TEXT_DECODER = new TextDecoder('utf-8', { fatal: true });

export function presentReject(row: DeadLetterRow) {
  const bytes = Buffer.from(row.payload);
  let payloadText: string | null;
  try {
    payloadText = TEXT_DECODER.decode(bytes);
  } catch {
    payloadText = null;
  }
  return {
    id: Number(row.id),
    receivedAt: row.received_at.toISOString(),
    deviceId: row.device_id,
    topic: row.topic,
    reason: row.reason,
    detail: row.detail,
    payloadText,
    payloadBase64: bytes.toString('base64'),
  };
}

export function presentDevice(
  device: Device,
  lastSeen: Date | undefined,
  connection: { status: 'online' | 'offline'; since: Date } | undefined,
) {
  return {
    ...device,
    lastSeen: lastSeen?.toISOString() ?? null,
    connection: connection?.status ?? null,
    connectionSince: connection?.since.toISOString() ?? null,
  };
}
