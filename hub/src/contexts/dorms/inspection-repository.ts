import type { Queryable } from '@campus/storage';
import type { PhotoPhase, SafetyStatus } from './vocabulary.ts';

/** SQL of inspection plans and inspections (DRM-5) and safety checks with their rectification (DRM-7). */

export interface PlanRow {
  id: string | number;
  name: string;
  building_id: string | null;
  every_days: number;
  checklist: string[];
  starts_on: string;
  active: boolean;
  last_done_on: string | null;
  inspections: number;
}

const PLAN_SELECT = `
  SELECT pl.id, pl.name, pl.building_id, pl.every_days, pl.checklist, to_char(pl.starts_on, 'YYYY-MM-DD') AS starts_on, pl.active,
    (SELECT to_char(max(i.performed_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM dorm_inspections i WHERE i.plan_id = pl.id) AS last_done_on,
    (SELECT count(*)::int FROM dorm_inspections i WHERE i.plan_id = pl.id) AS inspections
  FROM dorm_inspection_plans pl`;

export async function listPlans(q: Queryable, active: boolean | undefined): Promise<PlanRow[]> {
  return q.query<PlanRow>(`${PLAN_SELECT} WHERE ($1::boolean IS NULL OR pl.active = $1) ORDER BY pl.id`, [active ?? null]);
}

export async function findPlan(q: Queryable, id: number): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`${PLAN_SELECT} WHERE pl.id = $1`, [id]))[0];
}

export async function insertPlan(
  tx: Queryable,
  p: {
    name: string;
    buildingId: string | null;
    everyDays: number;
    checklist: string[];
    startsOn: string;
    createdBy: number | null;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_inspection_plans (name, building_id, every_days, checklist, starts_on, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [p.name, p.buildingId, p.everyDays, JSON.stringify(p.checklist), p.startsOn, p.createdBy],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_inspection_plans returned nothing');
  return Number(row.id);
}

export async function updatePlan(
  tx: Queryable,
  id: number,
  c: {
    name?: string | undefined;
    everyDays?: number | undefined;
    checklist?: string[] | undefined;
    active?: boolean | undefined;
  },
): Promise<void> {
  await tx.query(
    `UPDATE dorm_inspection_plans SET name = COALESCE($2, name), every_days = COALESCE($3, every_days),
       checklist = COALESCE($4::jsonb, checklist), active = COALESCE($5, active), updated_at = now() WHERE id = $1`,
    [id, c.name ?? null, c.everyDays ?? null, c.checklist ? JSON.stringify(c.checklist) : null, c.active ?? null],
  );
}

export interface InspectionRow {
  id: string | number;
  plan_id: string | number | null;
  plan_name: string | null;
  building_id: string;
  inspector_name: string;
  checklist: Array<{ point: string; ok: boolean; note: string | null }>;
  notes: string | null;
  performed_at: Date;
  findings: number;
}

const INSPECTION_SELECT = `
  SELECT i.id, i.plan_id, pl.name AS plan_name, i.building_id, i.inspector_name, i.checklist, i.notes, i.performed_at,
    (SELECT count(*)::int FROM dorm_inspection_findings f WHERE f.inspection_id = i.id) AS findings
  FROM dorm_inspections i LEFT JOIN dorm_inspection_plans pl ON pl.id = i.plan_id`;

export async function insertInspection(
  tx: Queryable,
  i: {
    planId: number | null;
    buildingId: string;
    inspectorId: number | null;
    inspectorName: string;
    checklist: Array<{ point: string; ok: boolean; note: string | null }>;
    notes: string | null;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_inspections (plan_id, building_id, inspector_id, inspector_name, checklist, notes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [i.planId, i.buildingId, i.inspectorId, i.inspectorName, JSON.stringify(i.checklist), i.notes],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_inspections returned nothing');
  return Number(row.id);
}

export async function findInspection(q: Queryable, id: number): Promise<InspectionRow | undefined> {
  return (await q.query<InspectionRow>(`${INSPECTION_SELECT} WHERE i.id = $1`, [id]))[0];
}

export async function listInspections(
  q: Queryable,
  f: { buildingId?: string | undefined; planId?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<InspectionRow[]> {
  return q.query<InspectionRow>(
    `${INSPECTION_SELECT} WHERE ($1::text IS NULL OR i.building_id = $1) AND ($2::bigint IS NULL OR i.plan_id = $2)
       AND ($3::bigint IS NULL OR i.id < $3) ORDER BY i.id DESC LIMIT $4`,
    [f.buildingId ?? null, f.planId ?? null, f.beforeId ?? null, f.limit],
  );
}

export interface FindingRow {
  id: string | number;
  inspection_id: string | number;
  room_id: string | null;
  facility_item_id: string | number | null;
  description: string;
  fault_type: string | null;
  urgency: string | null;
  ticket_id: string | number | null;
  ticket_created: boolean | null;
}

const FINDING_COLUMNS =
  'id, inspection_id, room_id, facility_item_id, description, fault_type, urgency, ticket_id, ticket_created';

export async function insertFinding(
  tx: Queryable,
  f: {
    inspectionId: number;
    roomId: string | null;
    itemId: number | null;
    description: string;
    faultType: string | null;
    urgency: string | null;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_inspection_findings (inspection_id, room_id, facility_item_id, description, fault_type, urgency)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [f.inspectionId, f.roomId, f.itemId, f.description, f.faultType, f.urgency],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_inspection_findings returned nothing');
  return Number(row.id);
}

export async function setFindingTicket(tx: Queryable, id: number, ticketId: number, created: boolean): Promise<void> {
  await tx.query('UPDATE dorm_inspection_findings SET ticket_id = $2, ticket_created = $3 WHERE id = $1', [
    id,
    ticketId,
    created,
  ]);
}

export async function findingsOf(q: Queryable, inspectionId: number): Promise<FindingRow[]> {
  return q.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM dorm_inspection_findings WHERE inspection_id = $1 ORDER BY id`, [
    inspectionId,
  ]);
}

export interface SafetyCheckRow {
  id: string | number;
  room_id: string;
  building_id: string;
  room_number: string;
  status: SafetyStatus;
  deadline: Date | null;
  notes: string | null;
  checked_by_name: string;
  checked_at: Date;
  reinspections: number;
  closed_at: Date | null;
  overdue: boolean;
  findings: Array<{ id: number; kind: string; description: string; ticket_id: number | null }> | null;
}

const SAFETY_SELECT = `
  SELECT s.id, s.room_id, r.building_id, r.number AS room_number, s.status, s.deadline, s.notes, s.checked_by_name, s.checked_at,
    s.reinspections, s.closed_at, (s.status = 'rectifying' AND s.deadline < now()) AS overdue,
    (SELECT json_agg(json_build_object('id', f.id, 'kind', f.kind, 'description', f.description, 'ticket_id', f.ticket_id) ORDER BY f.id)
       FROM dorm_safety_findings f WHERE f.check_id = s.id) AS findings
  FROM dorm_safety_checks s JOIN dorm_rooms r ON r.id = s.room_id`;

export async function findSafetyCheck(q: Queryable, id: number): Promise<SafetyCheckRow | undefined> {
  return (await q.query<SafetyCheckRow>(`${SAFETY_SELECT} WHERE s.id = $1`, [id]))[0];
}

export async function lockSafetyCheck(tx: Queryable, id: number): Promise<SafetyCheckRow | undefined> {
  await tx.query('SELECT 1 FROM dorm_safety_checks WHERE id = $1 FOR UPDATE', [id]);
  return findSafetyCheck(tx, id);
}

export async function insertSafetyCheck(
  tx: Queryable,
  s: {
    roomId: string;
    status: SafetyStatus;
    deadline: string | null;
    notes: string | null;
    checkedBy: number | null;
    checkedByName: string;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_safety_checks (room_id, status, deadline, notes, checked_by, checked_by_name, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $2 = 'passed' THEN now() END) RETURNING id`,
      [s.roomId, s.status, s.deadline, s.notes, s.checkedBy, s.checkedByName],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_safety_checks returned nothing');
  return Number(row.id);
}

export async function insertSafetyFinding(
  tx: Queryable,
  f: { checkId: number; kind: string; description: string },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      'INSERT INTO dorm_safety_findings (check_id, kind, description) VALUES ($1, $2, $3) RETURNING id',
      [f.checkId, f.kind, f.description],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_safety_findings returned nothing');
  return Number(row.id);
}

export async function setSafetyFindingTicket(tx: Queryable, id: number, ticketId: number): Promise<void> {
  await tx.query('UPDATE dorm_safety_findings SET ticket_id = $2 WHERE id = $1', [id, ticketId]);
}

export async function updateSafetyCheck(
  tx: Queryable,
  id: number,
  c: { status: SafetyStatus; deadline?: string | undefined; reinspected: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE dorm_safety_checks SET status = $2, deadline = COALESCE($3::timestamptz, deadline),
       reinspections = reinspections + CASE WHEN $4 THEN 1 ELSE 0 END,
       closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END
     WHERE id = $1`,
    [id, c.status, c.deadline ?? null, c.reinspected],
  );
}

export async function insertReinspection(
  tx: Queryable,
  r: {
    checkId: number;
    passed: boolean;
    note: string;
    newDeadline: string | null;
    inspectorId: number | null;
    inspectorName: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO dorm_safety_reinspections (check_id, passed, note, new_deadline, inspector_id, inspector_name) VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.checkId, r.passed, r.note, r.newDeadline, r.inspectorId, r.inspectorName],
  );
}

export interface ReinspectionRow {
  id: string | number;
  passed: boolean;
  note: string;
  new_deadline: Date | null;
  inspector_name: string;
  at: Date;
}

export async function reinspectionsOf(q: Queryable, checkId: number): Promise<ReinspectionRow[]> {
  return q.query<ReinspectionRow>(
    'SELECT id, passed, note, new_deadline, inspector_name, at FROM dorm_safety_reinspections WHERE check_id = $1 ORDER BY id',
    [checkId],
  );
}

export interface SafetyFilter {
  status?: SafetyStatus | undefined;
  overdue?: boolean | undefined;
  buildingId?: string | undefined;
  roomId?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listSafetyChecks(q: Queryable, f: SafetyFilter): Promise<SafetyCheckRow[]> {
  return q.query<SafetyCheckRow>(
    `${SAFETY_SELECT} WHERE ($1::text IS NULL OR s.status = $1)
       AND ($2::boolean IS NULL OR (s.status = 'rectifying' AND s.deadline < now()) = $2)
       AND ($3::text IS NULL OR r.building_id = $3) AND ($4::text IS NULL OR s.room_id = $4)
       AND ($5::bigint IS NULL OR s.id < $5) ORDER BY s.id DESC LIMIT $6`,
    [f.status ?? null, f.overdue ?? null, f.buildingId ?? null, f.roomId ?? null, f.beforeId ?? null, f.limit],
  );
}

export interface SafetyPhotoRow {
  id: string | number;
  check_id: string | number;
  phase: PhotoPhase;
  content_type: string;
  bytes: number;
  sha256: string;
  path: string;
  uploader_name: string;
  uploaded_at: Date;
}

const PHOTO_COLUMNS = 'id, check_id, phase, content_type, bytes, sha256, path, uploader_name, uploaded_at';

export async function insertSafetyPhoto(
  tx: Queryable,
  p: {
    checkId: number;
    phase: PhotoPhase;
    contentType: string;
    bytes: number;
    sha256: string;
    path: string;
    uploadedBy: number | null;
    uploaderName: string;
  },
): Promise<SafetyPhotoRow> {
  const row = (
    await tx.query<SafetyPhotoRow>(
      `INSERT INTO dorm_safety_photos (check_id, phase, content_type, bytes, sha256, path, uploaded_by, uploader_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PHOTO_COLUMNS}`,
      [p.checkId, p.phase, p.contentType, p.bytes, p.sha256, p.path, p.uploadedBy, p.uploaderName],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_safety_photos returned nothing');
  return row;
}

export async function photosOf(q: Queryable, checkId: number): Promise<SafetyPhotoRow[]> {
  return q.query<SafetyPhotoRow>(`SELECT ${PHOTO_COLUMNS} FROM dorm_safety_photos WHERE check_id = $1 ORDER BY id`, [checkId]);
}

export async function findPhoto(q: Queryable, checkId: number, photoId: number): Promise<SafetyPhotoRow | undefined> {
  return (
    await q.query<SafetyPhotoRow>(`SELECT ${PHOTO_COLUMNS} FROM dorm_safety_photos WHERE check_id = $1 AND id = $2`, [
      checkId,
      photoId,
    ])
  )[0];
}
