import type { IngestEvent } from '@campus/gateway';
import type { Queryable } from '@campus/storage';

const LIMIT = 50_000;

/**
 * Events stored after the engine's watermark, in receive order: what the engine missed while
 * it was not running (a restart, a crash), read back from the event tables so no episode is
 * forgotten. Bounded: a hub down for longer than this replays only the newest window.
 */
export async function eventsSince(db: Queryable, since: Date): Promise<IngestEvent[]> {
  const gates = await db.query<{
    ts: Date;
    received_at: Date;
    site: string;
    device_id: string;
    event_id: string;
    card_id: string;
    direction: 'in' | 'out';
    granted: boolean;
    reason: string | null;
  }>(
    `SELECT ts, received_at, site, device_id, event_id, card_id, direction, granted, reason FROM gate_swipes
     WHERE received_at > $1 ORDER BY received_at LIMIT ${LIMIT}`,
    [since],
  );
  const scales = await db.query<{
    ts: Date;
    received_at: Date;
    site: string;
    device_id: string;
    event_id: string;
    item_id: string;
    gross: number;
    net: number;
    unit: 'kg' | 'g' | 'lb';
    net_kg: number;
  }>(
    `SELECT ts, received_at, site, device_id, event_id, item_id, gross, net, unit, net_kg FROM scale_readings
     WHERE received_at > $1 ORDER BY received_at LIMIT ${LIMIT}`,
    [since],
  );
  const sensors = await db.query<{
    ts: Date;
    received_at: Date;
    site: string;
    device_id: string;
    event_id: string;
    asset_id: string;
    metric: string;
    value: number;
    unit: string;
  }>(
    `SELECT ts, received_at, site, device_id, event_id, asset_id, metric, value, unit FROM sensor_readings
     WHERE received_at > $1 ORDER BY received_at, device_id, event_id LIMIT ${LIMIT}`,
    [since],
  );
  const events: IngestEvent[] = [
    ...gates.map(
      (r): IngestEvent => ({
        kind: 'gate',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: r.ts,
        receivedAt: r.received_at,
        cardId: r.card_id,
        direction: r.direction,
        granted: r.granted,
        reason: r.reason,
      }),
    ),
    ...scales.map(
      (r): IngestEvent => ({
        kind: 'scale',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: r.ts,
        receivedAt: r.received_at,
        itemId: r.item_id,
        gross: r.gross,
        net: r.net,
        unit: r.unit,
        netKg: r.net_kg,
      }),
    ),
  ];
  const telemetry = new Map<string, IngestEvent & { kind: 'sensor' }>();
  for (const r of sensors) {
    const key = `${r.device_id}\u0000${r.event_id}`;
    const existing = telemetry.get(key);
    if (existing) existing.metrics.push({ name: r.metric, value: r.value, unit: r.unit });
    else
      telemetry.set(key, {
        kind: 'sensor',
        site: r.site,
        deviceId: r.device_id,
        eventId: r.event_id,
        ts: r.ts,
        receivedAt: r.received_at,
        assetId: r.asset_id,
        metrics: [{ name: r.metric, value: r.value, unit: r.unit }],
      });
  }
  events.push(...telemetry.values());
  return events.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.ts.getTime() - b.ts.getTime());
}
