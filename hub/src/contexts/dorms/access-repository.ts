import type { Queryable } from '@campus/storage';
import type { CardStatus } from './vocabulary.ts';

/** SQL of cards, gates and what the gates recorded (DRM-6): access_cards, building_gates, gate_card_access, gate_swipes. */

export interface CardRow {
  card_id: string;
  resident_id: string | number;
  resident_name: string;
  person_no: string;
  status: CardStatus;
  valid_from: Date;
  valid_to: Date | null;
  revoked_reason: string | null;
  revoked_at: Date | null;
  created_at: Date;
}

const CARD_SELECT = `
  SELECT c.card_id, c.resident_id, p.name AS resident_name, p.person_no, c.status, c.valid_from, c.valid_to, c.revoked_reason,
    c.revoked_at, c.created_at
  FROM access_cards c JOIN dorm_residents p ON p.id = c.resident_id`;

export async function findCard(q: Queryable, cardId: string): Promise<CardRow | undefined> {
  return (await q.query<CardRow>(`${CARD_SELECT} WHERE c.card_id = $1`, [cardId]))[0];
}

/** The cards among `cardIds` that exist (one statement for a whole batch of swipes). */
export async function findCards(q: Queryable, cardIds: readonly string[]): Promise<CardRow[]> {
  if (cardIds.length === 0) return [];
  return q.query<CardRow>(`${CARD_SELECT} WHERE c.card_id = ANY($1::text[])`, [cardIds]);
}

export async function lockCard(tx: Queryable, cardId: string): Promise<CardRow | undefined> {
  await tx.query('SELECT 1 FROM access_cards WHERE card_id = $1 FOR UPDATE', [cardId]);
  return findCard(tx, cardId);
}

export async function insertCards(
  tx: Queryable,
  cards: ReadonlyArray<{ cardId: string; residentId: number; validFrom: string | null; validTo: string | null }>,
): Promise<void> {
  if (cards.length === 0) return;
  await tx.query(
    `INSERT INTO access_cards (card_id, resident_id, valid_from, valid_to)
     SELECT card_id, resident_id, COALESCE(valid_from, now()), valid_to
     FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::timestamptz[]) AS t (card_id, resident_id, valid_from, valid_to)`,
    [cards.map((c) => c.cardId), cards.map((c) => c.residentId), cards.map((c) => c.validFrom), cards.map((c) => c.validTo)],
  );
}

export async function setCardStatus(tx: Queryable, cardId: string, status: CardStatus, reason: string | null): Promise<void> {
  await tx.query(
    `UPDATE access_cards SET status = $2, revoked_reason = $3, revoked_at = CASE WHEN $2 = 'active' THEN NULL ELSE now() END, updated_at = now()
     WHERE card_id = $1`,
    [cardId, status, reason],
  );
}

/** Revokes every active card of a resident; returns the card ids revoked. */
export async function revokeActiveCards(tx: Queryable, residentId: number, reason: string): Promise<string[]> {
  const rows = await tx.query<{ card_id: string }>(
    `UPDATE access_cards SET status = 'revoked', revoked_reason = $2, revoked_at = now(), updated_at = now()
     WHERE resident_id = $1 AND status = 'active' RETURNING card_id`,
    [residentId, reason],
  );
  return rows.map((r) => r.card_id).sort();
}

export async function listCards(
  q: Queryable,
  f: { residentId?: number | undefined; status?: CardStatus | undefined; afterId?: string | undefined; limit: number },
): Promise<CardRow[]> {
  return q.query<CardRow>(
    `${CARD_SELECT} WHERE ($1::bigint IS NULL OR c.resident_id = $1) AND ($2::text IS NULL OR c.status = $2)
       AND ($3::text IS NULL OR c.card_id > $3) ORDER BY c.card_id LIMIT $4`,
    [f.residentId ?? null, f.status ?? null, f.afterId ?? null, f.limit],
  );
}

export async function cardIdsOf(q: Queryable, residentId: number): Promise<string[]> {
  return (
    await q.query<{ card_id: string }>('SELECT card_id FROM access_cards WHERE resident_id = $1 ORDER BY card_id', [residentId])
  ).map((r) => r.card_id);
}

export interface GateRow {
  device_id: string;
  building_id: string;
  building_name: string;
}

export async function listGates(q: Queryable): Promise<GateRow[]> {
  return q.query<GateRow>(
    `SELECT g.device_id, g.building_id, b.name AS building_name FROM building_gates g JOIN dorm_buildings b ON b.id = g.building_id ORDER BY g.device_id`,
  );
}

export async function findGate(q: Queryable, deviceId: string): Promise<GateRow | undefined> {
  return (
    await q.query<GateRow>(
      `SELECT g.device_id, g.building_id, b.name AS building_name FROM building_gates g JOIN dorm_buildings b ON b.id = g.building_id WHERE g.device_id = $1`,
      [deviceId],
    )
  )[0];
}

export async function upsertGates(tx: Queryable, gates: ReadonlyArray<{ deviceId: string; buildingId: string }>): Promise<void> {
  if (gates.length === 0) return;
  await tx.query(
    `INSERT INTO building_gates (device_id, building_id) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (device_id) DO UPDATE SET building_id = EXCLUDED.building_id`,
    [gates.map((g) => g.deviceId), gates.map((g) => g.buildingId)],
  );
}

export async function deleteGate(tx: Queryable, deviceId: string): Promise<void> {
  await tx.query('DELETE FROM building_gates WHERE device_id = $1', [deviceId]);
}

export interface AccessRow {
  card_id: string;
  gate_device_id: string;
  allowed: boolean;
  reason: string;
}

/** The gate contract read as the gateway reads it (see the comment atop migrations.ts). */
export async function accessOf(q: Queryable, cardId: string, gateDeviceId?: string): Promise<AccessRow[]> {
  return q.query<AccessRow>(
    `SELECT card_id, gate_device_id, allowed, reason FROM gate_card_access WHERE card_id = $1 AND ($2::text IS NULL OR gate_device_id = $2)
     ORDER BY gate_device_id`,
    [cardId, gateDeviceId ?? null],
  );
}

export interface MovementRow {
  ts: Date;
  device_id: string;
  building_id: string | null;
  card_id: string;
  direction: 'in' | 'out';
  granted: boolean;
  reason: string | null;
}

/**
 * A resident's swipes (DRM-6: entry and exit time and place), newest first, within [from, to).
 * gate_swipes has no index on card_id (it is the gateway's table); the time window keeps the
 * scan on its ts index.
 */
export async function movements(
  q: Queryable,
  f: { cardIds: readonly string[]; from: Date; to: Date; before?: { ts: string; deviceId: string } | undefined; limit: number },
): Promise<MovementRow[]> {
  if (f.cardIds.length === 0) return [];
  return q.query<MovementRow>(
    `SELECT s.ts, s.device_id, g.building_id, s.card_id, s.direction, s.granted, s.reason
     FROM gate_swipes s LEFT JOIN building_gates g ON g.device_id = s.device_id
     WHERE s.card_id = ANY ($1::text[]) AND s.ts >= $2 AND s.ts < $3
       AND ($4::timestamptz IS NULL OR (s.ts, s.device_id) < ($4::timestamptz, $5::text))
     ORDER BY s.ts DESC, s.device_id DESC LIMIT $6`,
    [f.cardIds, f.from, f.to, f.before?.ts ?? null, f.before?.deviceId ?? null, f.limit],
  );
}

export interface OccupancyRow {
  building_id: string;
  building_name: string;
  residents: number;
  inside: number;
  outside: number;
  on_leave: number;
}

/**
 * Per building: checked-in residents, and of those who are inside or outside by the direction of
 * their last granted swipe at any gate within the window; no swipe in the window counts as neither.
 */
export async function occupancy(q: Queryable, since: Date, at: Date): Promise<OccupancyRow[]> {
  return q.query<OccupancyRow>(
    `WITH last AS (
       SELECT DISTINCT ON (s.card_id) s.card_id, s.ts, s.direction, g.building_id
       FROM gate_swipes s LEFT JOIN building_gates g ON g.device_id = s.device_id
       WHERE s.ts >= $1 AND s.ts <= $2 AND s.granted ORDER BY s.card_id, s.ts DESC
     ), person_last AS (
       SELECT DISTINCT ON (c.resident_id) c.resident_id, l.direction, l.building_id
       FROM last l JOIN access_cards c ON c.card_id = l.card_id ORDER BY c.resident_id, l.ts DESC
     ), away AS (
       SELECT DISTINCT resident_id FROM dorm_leaves WHERE status = 'approved' AND starts_at <= $2 AND ends_at > $2
     ), people AS (
       SELECT p.id, r.building_id, pl.resident_id IS NOT NULL AS seen,
         coalesce(pl.direction = 'in' AND pl.building_id = r.building_id, false) AS inside, a.resident_id IS NOT NULL AS on_leave
       FROM dorm_residents p JOIN dorm_beds d ON d.id = p.bed_id JOIN dorm_rooms r ON r.id = d.room_id
       LEFT JOIN person_last pl ON pl.resident_id = p.id LEFT JOIN away a ON a.resident_id = p.id
       WHERE p.status = 'checked_in'
     )
     SELECT b.id AS building_id, b.name AS building_name,
       count(x.id)::int AS residents, count(x.id) FILTER (WHERE x.inside)::int AS inside,
       count(x.id) FILTER (WHERE x.seen AND NOT x.inside)::int AS outside, count(x.id) FILTER (WHERE x.on_leave)::int AS on_leave
     FROM dorm_buildings b LEFT JOIN people x ON x.building_id = b.id
     GROUP BY b.id, b.name ORDER BY b.id`,
    [since, at],
  );
}
