import type { Queryable } from '@campus/storage';
import type { BuildingGender, Condition, Gender } from './vocabulary.ts';

/** SQL of the dormitory register: buildings, floors, rooms, beds, facility items and their faults. */

export interface BuildingRow {
  id: string;
  name: string;
  name_en: string | null;
  gender: BuildingGender;
  floors: number;
  floor_genders: Array<{ floor: number; gender: Gender }> | null;
  rooms: number;
  beds: number;
  occupied: number;
  checked_in: number;
  gates: string[] | null;
}

const BUILDING_SELECT = `
  SELECT b.id, b.name, b.name_en, b.gender, b.floors,
    (SELECT json_agg(json_build_object('floor', f.floor, 'gender', f.gender) ORDER BY f.floor) FROM dorm_floors f WHERE f.building_id = b.id) AS floor_genders,
    (SELECT count(*)::int FROM dorm_rooms r WHERE r.building_id = b.id) AS rooms,
    (SELECT count(*)::int FROM dorm_beds d JOIN dorm_rooms r ON r.id = d.room_id WHERE r.building_id = b.id) AS beds,
    (SELECT count(*)::int FROM dorm_residents p JOIN dorm_beds d ON d.id = p.bed_id JOIN dorm_rooms r ON r.id = d.room_id WHERE r.building_id = b.id) AS occupied,
    (SELECT count(*)::int FROM dorm_residents p JOIN dorm_beds d ON d.id = p.bed_id JOIN dorm_rooms r ON r.id = d.room_id
      WHERE r.building_id = b.id AND p.status = 'checked_in') AS checked_in,
    (SELECT array_agg(g.device_id ORDER BY g.device_id) FROM building_gates g WHERE g.building_id = b.id) AS gates
  FROM dorm_buildings b`;

export async function listBuildings(q: Queryable): Promise<BuildingRow[]> {
  return q.query<BuildingRow>(`${BUILDING_SELECT} ORDER BY b.id`);
}

export async function findBuilding(q: Queryable, id: string): Promise<BuildingRow | undefined> {
  return (await q.query<BuildingRow>(`${BUILDING_SELECT} WHERE b.id = $1`, [id]))[0];
}

export async function upsertBuilding(
  tx: Queryable,
  building: { id: string; name: string; nameEn: string | null; gender: BuildingGender; floors: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO dorm_buildings (id, name, name_en, gender, floors) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, gender = EXCLUDED.gender,
       floors = EXCLUDED.floors, updated_at = now()`,
    [building.id, building.name, building.nameEn, building.gender, building.floors],
  );
}

export async function replaceFloorGenders(tx: Queryable, buildingId: string, floors: Array<{ floor: number; gender: Gender }>) {
  await tx.query('DELETE FROM dorm_floors WHERE building_id = $1', [buildingId]);
  if (floors.length === 0) return;
  await tx.query('INSERT INTO dorm_floors (building_id, floor, gender) SELECT $1, * FROM unnest($2::int[], $3::text[])', [
    buildingId,
    floors.map((f) => f.floor),
    floors.map((f) => f.gender),
  ]);
}

export async function highestRoomFloor(q: Queryable, buildingId: string): Promise<number> {
  return (
    (await q.query<{ n: number | null }>('SELECT max(floor) AS n FROM dorm_rooms WHERE building_id = $1', [buildingId]))[0]?.n ??
    0
  );
}

export interface RoomRow {
  id: string;
  building_id: string;
  building_name: string;
  floor: number;
  number: string;
  status: 'in_use' | 'closed';
  gender: Gender | null;
  beds: number;
  occupied: number;
}

const ROOM_SELECT = `
  SELECT r.id, r.building_id, b.name AS building_name, r.floor, r.number, r.status,
    CASE WHEN b.gender = 'mixed' THEN f.gender ELSE b.gender END AS gender,
    (SELECT count(*)::int FROM dorm_beds d WHERE d.room_id = r.id) AS beds,
    (SELECT count(*)::int FROM dorm_beds d JOIN dorm_residents p ON p.bed_id = d.id WHERE d.room_id = r.id) AS occupied
  FROM dorm_rooms r JOIN dorm_buildings b ON b.id = r.building_id
  LEFT JOIN dorm_floors f ON f.building_id = r.building_id AND f.floor = r.floor`;

export async function findRoom(q: Queryable, id: string): Promise<RoomRow | undefined> {
  return (await q.query<RoomRow>(`${ROOM_SELECT} WHERE r.id = $1`, [id]))[0];
}

export interface RoomFilter {
  buildingId?: string | undefined;
  floor?: number | undefined;
  hasFreeBed?: boolean | undefined;
  afterId?: string | undefined;
  limit: number;
}

export async function listRooms(q: Queryable, filter: RoomFilter): Promise<RoomRow[]> {
  return q.query<RoomRow>(
    `SELECT * FROM (${ROOM_SELECT}
       WHERE ($1::text IS NULL OR r.building_id = $1) AND ($2::int IS NULL OR r.floor = $2) AND ($3::text IS NULL OR r.id > $3)
     ) x WHERE ($4::boolean IS NULL OR (x.occupied < x.beds) = $4)
     ORDER BY x.id LIMIT $5`,
    [filter.buildingId ?? null, filter.floor ?? null, filter.afterId ?? null, filter.hasFreeBed ?? null, filter.limit],
  );
}

export interface NewRoom {
  id: string;
  buildingId: string;
  floor: number;
  number: string;
  bedLabels: string[];
  facilities: Array<{ kind: string; label: string; assetId: string | null }>;
}

/** Rooms with their beds and facility registers, in three statements whatever the count (import, demo). */
export async function insertRooms(tx: Queryable, rooms: readonly NewRoom[]): Promise<void> {
  if (rooms.length === 0) return;
  await tx.query(
    'INSERT INTO dorm_rooms (id, building_id, floor, number) SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[])',
    [rooms.map((r) => r.id), rooms.map((r) => r.buildingId), rooms.map((r) => r.floor), rooms.map((r) => r.number)],
  );
  const beds = rooms.flatMap((r) => r.bedLabels.map((label) => ({ roomId: r.id, label })));
  await tx.query(
    `INSERT INTO dorm_beds (id, room_id, label) SELECT room_id || '-' || label, room_id, label FROM unnest($1::text[], $2::text[]) AS t (room_id, label)`,
    [beds.map((b) => b.roomId), beds.map((b) => b.label)],
  );
  const items = rooms.flatMap((r) => r.facilities.map((f) => ({ roomId: r.id, ...f })));
  if (items.length === 0) return;
  await tx.query(
    'INSERT INTO dorm_facility_items (room_id, kind, label, asset_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
    [items.map((i) => i.roomId), items.map((i) => i.kind), items.map((i) => i.label), items.map((i) => i.assetId)],
  );
}

export interface BedRow {
  id: string;
  room_id: string;
  label: string;
  resident_id: string | number | null;
  resident_name: string | null;
  resident_status: string | null;
}

export async function bedsOf(q: Queryable, roomId: string): Promise<BedRow[]> {
  return q.query<BedRow>(
    `SELECT d.id, d.room_id, d.label, p.id AS resident_id, p.name AS resident_name, p.status AS resident_status
     FROM dorm_beds d LEFT JOIN dorm_residents p ON p.bed_id = d.id WHERE d.room_id = $1 ORDER BY d.id`,
    [roomId],
  );
}

export interface FacilityItemRow {
  id: string | number;
  room_id: string;
  kind: string;
  label: string;
  asset_id: string | null;
  condition: Condition;
  note: string | null;
  updated_at: Date;
}

const ITEM_COLUMNS = 'id, room_id, kind, label, asset_id, condition, note, updated_at';

export async function itemsOf(q: Queryable, roomId: string): Promise<FacilityItemRow[]> {
  return q.query<FacilityItemRow>(`SELECT ${ITEM_COLUMNS} FROM dorm_facility_items WHERE room_id = $1 ORDER BY id`, [roomId]);
}

export async function findItem(q: Queryable, id: number): Promise<FacilityItemRow | undefined> {
  return (await q.query<FacilityItemRow>(`SELECT ${ITEM_COLUMNS} FROM dorm_facility_items WHERE id = $1`, [id]))[0];
}

export async function lockItem(tx: Queryable, id: number): Promise<FacilityItemRow | undefined> {
  return (await tx.query<FacilityItemRow>(`SELECT ${ITEM_COLUMNS} FROM dorm_facility_items WHERE id = $1 FOR UPDATE`, [id]))[0];
}

export async function insertItem(
  tx: Queryable,
  item: { roomId: string; kind: string; label: string; assetId: string | null },
): Promise<FacilityItemRow> {
  const row = (
    await tx.query<FacilityItemRow>(
      `INSERT INTO dorm_facility_items (room_id, kind, label, asset_id) VALUES ($1, $2, $3, $4) RETURNING ${ITEM_COLUMNS}`,
      [item.roomId, item.kind, item.label, item.assetId],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_facility_items returned nothing');
  return row;
}

export async function updateItem(
  tx: Queryable,
  id: number,
  changes: {
    label?: string | undefined;
    assetId?: string | null | undefined;
    condition?: Condition | undefined;
    note?: string | null | undefined;
  },
): Promise<FacilityItemRow> {
  const row = (
    await tx.query<FacilityItemRow>(
      `UPDATE dorm_facility_items SET
         label = COALESCE($2, label),
         asset_id = CASE WHEN $3 THEN $4 ELSE asset_id END,
         condition = COALESCE($5, condition),
         note = CASE WHEN $6 THEN $7 ELSE note END,
         updated_at = now()
       WHERE id = $1 RETURNING ${ITEM_COLUMNS}`,
      [
        id,
        changes.label ?? null,
        changes.assetId !== undefined,
        changes.assetId ?? null,
        changes.condition ?? null,
        changes.note !== undefined,
        changes.note ?? null,
      ],
    )
  )[0];
  if (!row) throw new Error(`update of facility item ${id} returned nothing`);
  return row;
}

/** Sets the condition (and note) of many items at once, from a condition report. */
export async function setConditions(
  tx: Queryable,
  items: ReadonlyArray<{ id: number; condition: Condition; note: string | null }>,
): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `UPDATE dorm_facility_items i SET condition = t.condition, note = COALESCE(t.note, i.note), updated_at = now()
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t (id, condition, note) WHERE i.id = t.id`,
    [items.map((i) => i.id), items.map((i) => i.condition), items.map((i) => i.note)],
  );
}

export interface FaultRow {
  id: string | number;
  item_id: string | number;
  description: string;
  reporter_name: string;
  ticket_id: string | number;
  ticket_created: boolean;
  reported_at: Date;
}

export async function insertFault(
  tx: Queryable,
  fault: {
    itemId: number;
    description: string;
    reportedBy: number | null;
    reporterName: string;
    ticketId: number;
    ticketCreated: boolean;
  },
): Promise<FaultRow> {
  const row = (
    await tx.query<FaultRow>(
      `INSERT INTO dorm_facility_faults (item_id, description, reported_by, reporter_name, ticket_id, ticket_created)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, item_id, description, reporter_name, ticket_id, ticket_created, reported_at`,
      [fault.itemId, fault.description, fault.reportedBy, fault.reporterName, fault.ticketId, fault.ticketCreated],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_facility_faults returned nothing');
  return row;
}

export async function faultsOf(q: Queryable, itemIds: readonly number[]): Promise<FaultRow[]> {
  if (itemIds.length === 0) return [];
  return q.query<FaultRow>(
    `SELECT id, item_id, description, reporter_name, ticket_id, ticket_created, reported_at FROM dorm_facility_faults
     WHERE item_id = ANY ($1::bigint[]) ORDER BY id DESC LIMIT 100`,
    [itemIds],
  );
}

export interface AllocatableRoomRow {
  id: string;
  building_id: string;
  floor: number;
  number: string;
  gender: Gender | null;
  free_beds: Array<{ id: string; label: string }> | null;
  occupant_cohorts: Array<string | null> | null;
}

/** Rooms in use with their free beds and the classes of their occupants: the allocation's input. */
export async function allocatableRooms(q: Queryable, buildingIds: readonly string[] | null): Promise<AllocatableRoomRow[]> {
  return q.query<AllocatableRoomRow>(
    `SELECT r.id, r.building_id, r.floor, r.number,
       CASE WHEN b.gender = 'mixed' THEN f.gender ELSE b.gender END AS gender,
       (SELECT json_agg(json_build_object('id', d.id, 'label', d.label) ORDER BY d.id) FROM dorm_beds d
         WHERE d.room_id = r.id AND NOT EXISTS (SELECT 1 FROM dorm_residents p WHERE p.bed_id = d.id)) AS free_beds,
       (SELECT array_agg(p.cohort ORDER BY p.id) FROM dorm_beds d JOIN dorm_residents p ON p.bed_id = d.id WHERE d.room_id = r.id) AS occupant_cohorts
     FROM dorm_rooms r JOIN dorm_buildings b ON b.id = r.building_id
     LEFT JOIN dorm_floors f ON f.building_id = r.building_id AND f.floor = r.floor
     WHERE r.status = 'in_use' AND ($1::text[] IS NULL OR r.building_id = ANY ($1::text[]))
     ORDER BY r.id`,
    [buildingIds],
  );
}

/** A bed with the gender of its room and whether someone holds it. */
export async function findBed(
  q: Queryable,
  bedId: string,
): Promise<{ id: string; room_id: string; status: string; gender: Gender | null; taken: boolean } | undefined> {
  return (
    await q.query<{ id: string; room_id: string; status: string; gender: Gender | null; taken: boolean }>(
      `SELECT d.id, d.room_id, r.status, CASE WHEN b.gender = 'mixed' THEN f.gender ELSE b.gender END AS gender,
         EXISTS (SELECT 1 FROM dorm_residents p WHERE p.bed_id = d.id) AS taken
       FROM dorm_beds d JOIN dorm_rooms r ON r.id = d.room_id JOIN dorm_buildings b ON b.id = r.building_id
       LEFT JOIN dorm_floors f ON f.building_id = r.building_id AND f.floor = r.floor
       WHERE d.id = $1`,
      [bedId],
    )
  )[0];
}
