import type { Queryable } from '@campus/storage';
import type { CheckoutStatus, Condition, Gender, LeaveStatus, ResidentKind, ResidentStatus } from './vocabulary.ts';

/** SQL of residents and their workflows: allocation, notifications, check-in/out, leave, visitors. */

export interface ResidentRow {
  id: string | number;
  person_no: string;
  kind: ResidentKind;
  name: string;
  gender: Gender;
  cohort: string | null;
  phone: string | null;
  id_last4: string | null;
  user_id: string | number | null;
  status: ResidentStatus;
  bed_id: string | null;
  bed_label: string | null;
  room_id: string | null;
  room_number: string | null;
  floor: number | null;
  building_id: string | null;
  building_name: string | null;
  allocated_at: Date | null;
  checked_in_at: Date | null;
  checked_out_at: Date | null;
}

const RESIDENT_SELECT = `
  SELECT p.id, p.person_no, p.kind, p.name, p.gender, p.cohort, p.phone, p.id_last4, p.user_id, p.status, p.bed_id,
    d.label AS bed_label, r.id AS room_id, r.number AS room_number, r.floor, r.building_id, b.name AS building_name,
    p.allocated_at, p.checked_in_at, p.checked_out_at
  FROM dorm_residents p
  LEFT JOIN dorm_beds d ON d.id = p.bed_id
  LEFT JOIN dorm_rooms r ON r.id = d.room_id
  LEFT JOIN dorm_buildings b ON b.id = r.building_id`;

export async function findResident(q: Queryable, id: number): Promise<ResidentRow | undefined> {
  return (await q.query<ResidentRow>(`${RESIDENT_SELECT} WHERE p.id = $1`, [id]))[0];
}

export async function findResidents(q: Queryable, ids: readonly number[]): Promise<ResidentRow[]> {
  if (ids.length === 0) return [];
  return q.query<ResidentRow>(`${RESIDENT_SELECT} WHERE p.id = ANY($1::bigint[])`, [ids]);
}

export async function lockResident(tx: Queryable, id: number): Promise<ResidentRow | undefined> {
  await tx.query('SELECT 1 FROM dorm_residents WHERE id = $1 FOR UPDATE', [id]);
  return findResident(tx, id);
}

export async function findResidentByPersonNo(q: Queryable, personNo: string): Promise<ResidentRow | undefined> {
  return (await q.query<ResidentRow>(`${RESIDENT_SELECT} WHERE p.person_no = $1`, [personNo]))[0];
}

export async function findResidentByUser(q: Queryable, userId: number): Promise<ResidentRow | undefined> {
  return (await q.query<ResidentRow>(`${RESIDENT_SELECT} WHERE p.user_id = $1`, [userId]))[0];
}

export interface ResidentFilter {
  q?: string | undefined;
  status?: ResidentStatus | undefined;
  cohort?: string | undefined;
  buildingId?: string | undefined;
  roomId?: string | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listResidents(q: Queryable, filter: ResidentFilter): Promise<ResidentRow[]> {
  return q.query<ResidentRow>(
    `${RESIDENT_SELECT}
     WHERE ($1::text IS NULL OR p.person_no LIKE $1 || '%' OR p.name ILIKE '%' || $1 || '%')
       AND ($2::text IS NULL OR p.status = $2) AND ($3::text IS NULL OR p.cohort = $3)
       AND ($4::text IS NULL OR r.building_id = $4) AND ($5::text IS NULL OR r.id = $5)
       AND ($6::bigint IS NULL OR p.id > $6)
     ORDER BY p.id LIMIT $7`,
    [
      filter.q ?? null,
      filter.status ?? null,
      filter.cohort ?? null,
      filter.buildingId ?? null,
      filter.roomId ?? null,
      filter.afterId ?? null,
      filter.limit,
    ],
  );
}

export interface NewResident {
  personNo: string;
  kind: ResidentKind;
  name: string;
  gender: Gender;
  cohort: string | null;
  phone: string | null;
  idLast4: string | null;
  userId: number | null;
}

export async function insertResident(tx: Queryable, r: NewResident): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_residents (person_no, kind, name, gender, cohort, phone, id_last4, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [r.personNo, r.kind, r.name, r.gender, r.cohort, r.phone, r.idLast4, r.userId],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_residents returned nothing');
  return Number(row.id);
}

/** Residents in bulk (demo data): one statement, ids in input order. */
export async function insertResidents(
  tx: Queryable,
  rows: ReadonlyArray<NewResident & { status: ResidentStatus; bedId: string | null }>,
): Promise<number[]> {
  const ids = await tx.query<{ id: string | number }>(
    `INSERT INTO dorm_residents (person_no, kind, name, gender, cohort, phone, id_last4, user_id, status, bed_id, allocated_at, checked_in_at)
     SELECT t.person_no, t.kind, t.name, t.gender, t.cohort, t.phone, t.id_last4, t.user_id, t.status, t.bed_id,
       CASE WHEN t.bed_id IS NULL THEN NULL ELSE now() END, CASE WHEN t.status = 'checked_in' THEN now() ELSE NULL END
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[])
       WITH ORDINALITY AS t (person_no, kind, name, gender, cohort, phone, id_last4, user_id, status, bed_id, n)
     ORDER BY t.n RETURNING id`,
    [
      rows.map((r) => r.personNo),
      rows.map((r) => r.kind),
      rows.map((r) => r.name),
      rows.map((r) => r.gender),
      rows.map((r) => r.cohort),
      rows.map((r) => r.phone),
      rows.map((r) => r.idLast4),
      rows.map((r) => r.userId),
      rows.map((r) => r.status),
      rows.map((r) => r.bedId),
    ],
  );
  return ids.map((r) => Number(r.id));
}

export interface ResidentChanges {
  name?: string | undefined;
  cohort?: string | null | undefined;
  phone?: string | null | undefined;
  idLast4?: string | null | undefined;
  userId?: number | null | undefined;
}

export async function updateResident(tx: Queryable, id: number, c: ResidentChanges): Promise<void> {
  await tx.query(
    `UPDATE dorm_residents SET
       name = COALESCE($2, name),
       cohort = CASE WHEN $3 THEN $4 ELSE cohort END,
       phone = CASE WHEN $5 THEN $6 ELSE phone END,
       id_last4 = CASE WHEN $7 THEN $8 ELSE id_last4 END,
       user_id = CASE WHEN $9 THEN $10::bigint ELSE user_id END,
       updated_at = now()
     WHERE id = $1`,
    [
      id,
      c.name ?? null,
      c.cohort !== undefined,
      c.cohort ?? null,
      c.phone !== undefined,
      c.phone ?? null,
      c.idLast4 !== undefined,
      c.idLast4 ?? null,
      c.userId !== undefined,
      c.userId ?? null,
    ],
  );
}

/** Moves a resident to a status, with its bed (null releases the bed) and the time of the step. */
export async function setResidentState(
  tx: Queryable,
  id: number,
  state: { status: ResidentStatus; bedId: string | null; runId?: number | undefined },
): Promise<void> {
  await tx.query(
    `UPDATE dorm_residents SET status = $2, bed_id = $3,
       allocation_run_id = COALESCE($4, allocation_run_id),
       allocated_at = CASE WHEN $2 = 'allocated' THEN now() ELSE allocated_at END,
       checked_in_at = CASE WHEN $2 = 'checked_in' THEN now() ELSE checked_in_at END,
       checked_out_at = CASE WHEN $2 = 'checked_out' THEN now() ELSE checked_out_at END,
       updated_at = now()
     WHERE id = $1`,
    [id, state.status, state.bedId, state.runId ?? null],
  );
}

/** Allocates many residents in one statement (DRM-1 batch). */
export async function allocateBeds(
  tx: Queryable,
  runId: number,
  assignments: ReadonlyArray<{ residentId: number; bedId: string }>,
) {
  if (assignments.length === 0) return;
  await tx.query(
    `UPDATE dorm_residents p SET status = 'allocated', bed_id = t.bed_id, allocation_run_id = $3, allocated_at = now(), updated_at = now()
     FROM unnest($1::bigint[], $2::text[]) AS t (id, bed_id) WHERE p.id = t.id`,
    [assignments.map((a) => a.residentId), assignments.map((a) => a.bedId), runId],
  );
}

export interface AllocationCandidateRow {
  id: string | number;
  person_no: string;
  gender: Gender;
  cohort: string | null;
}

/** Residents waiting for a bed (or named explicitly, e.g. returning ones), locked for the run. */
export async function allocationCandidates(
  tx: Queryable,
  filter: { cohorts: readonly string[] | null; residentIds: readonly number[] | null },
): Promise<AllocationCandidateRow[]> {
  return tx.query<AllocationCandidateRow>(
    `SELECT id, person_no, gender, cohort FROM dorm_residents
     WHERE (CASE WHEN $2::bigint[] IS NULL THEN status = 'pending' ELSE id = ANY ($2::bigint[]) AND status IN ('pending', 'checked_out') END)
       AND ($1::text[] IS NULL OR cohort = ANY ($1::text[]))
     ORDER BY id FOR UPDATE`,
    [filter.cohorts, filter.residentIds],
  );
}

export async function insertAllocationRun(
  tx: Queryable,
  run: { runBy: number | null; runByName: string; options: unknown; summary: unknown },
): Promise<{ id: number; at: Date }> {
  const row = (
    await tx.query<{ id: string | number; at: Date }>(
      'INSERT INTO dorm_allocation_runs (run_by, run_by_name, options, summary) VALUES ($1, $2, $3, $4) RETURNING id, at',
      [run.runBy, run.runByName, JSON.stringify(run.options), JSON.stringify(run.summary)],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_allocation_runs returned nothing');
  return { id: Number(row.id), at: row.at };
}

export interface AllocationRunRow {
  id: string | number;
  run_by_name: string;
  options: Record<string, unknown>;
  summary: Record<string, unknown>;
  at: Date;
}

export async function listAllocationRuns(q: Queryable, beforeId: number | undefined, limit: number): Promise<AllocationRunRow[]> {
  return q.query<AllocationRunRow>(
    `SELECT id, run_by_name, options, summary, at FROM dorm_allocation_runs WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [beforeId ?? null, limit],
  );
}

export interface NewNotification {
  residentId: number;
  kind: string;
  titleEn: string;
  titleZh: string;
  bodyEn: string;
  bodyZh: string;
  data: Record<string, unknown> | null;
}

export async function insertNotifications(tx: Queryable, rows: readonly NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO dorm_notifications (resident_id, kind, title_en, title_zh, body_en, body_zh, data)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])`,
    [
      rows.map((r) => r.residentId),
      rows.map((r) => r.kind),
      rows.map((r) => r.titleEn),
      rows.map((r) => r.titleZh),
      rows.map((r) => r.bodyEn),
      rows.map((r) => r.bodyZh),
      rows.map((r) => (r.data === null ? null : JSON.stringify(r.data))),
    ],
  );
}

export interface NotificationRow {
  id: string | number;
  kind: string;
  title_en: string;
  title_zh: string;
  body_en: string;
  body_zh: string;
  data: Record<string, unknown> | null;
  created_at: Date;
  read_at: Date | null;
}

export async function notificationsOf(q: Queryable, residentId: number, beforeId: number | undefined, limit: number) {
  return q.query<NotificationRow>(
    `SELECT id, kind, title_en, title_zh, body_en, body_zh, data, created_at, read_at FROM dorm_notifications
     WHERE resident_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    [residentId, beforeId ?? null, limit],
  );
}

export async function markNotificationRead(tx: Queryable, residentId: number, id: number): Promise<boolean> {
  const rows = await tx.query(
    'UPDATE dorm_notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND resident_id = $2 RETURNING id',
    [id, residentId],
  );
  return rows.length > 0;
}

/** People who live in a room now (checked in) or will (allocated): who a notice for the room reaches. */
export async function occupantsOfRoom(q: Queryable, roomId: string): Promise<Array<{ id: number; user_id: number | null }>> {
  const rows = await q.query<{ id: string | number; user_id: string | number | null }>(
    `SELECT p.id, p.user_id FROM dorm_residents p JOIN dorm_beds d ON d.id = p.bed_id WHERE d.room_id = $1 ORDER BY p.id`,
    [roomId],
  );
  return rows.map((r) => ({ id: Number(r.id), user_id: r.user_id === null ? null : Number(r.user_id) }));
}

export interface ReportItem {
  itemId: number;
  kind: string;
  label: string;
  assetId: string | null;
  condition: Condition;
  note: string | null;
  charged?: number;
  ticketId?: number | null;
}

export interface ConditionReportRow {
  id: string | number;
  kind: 'check_in' | 'check_out';
  resident_id: string | number;
  room_id: string;
  bed_id: string;
  checkout_id: string | number | null;
  items: ReportItem[];
  charged: string | number;
  recorded_by_name: string;
  recorded_at: Date;
}

const REPORT_COLUMNS = 'id, kind, resident_id, room_id, bed_id, checkout_id, items, charged, recorded_by_name, recorded_at';

export async function insertConditionReport(
  tx: Queryable,
  report: {
    kind: 'check_in' | 'check_out';
    residentId: number;
    roomId: string;
    bedId: string;
    checkoutId: number | null;
    items: ReportItem[];
    charged: number;
    recordedBy: number | null;
    recordedByName: string;
  },
): Promise<ConditionReportRow> {
  const row = (
    await tx.query<ConditionReportRow>(
      `INSERT INTO dorm_condition_reports (kind, resident_id, room_id, bed_id, checkout_id, items, charged, recorded_by, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${REPORT_COLUMNS}`,
      [
        report.kind,
        report.residentId,
        report.roomId,
        report.bedId,
        report.checkoutId,
        JSON.stringify(report.items),
        report.charged,
        report.recordedBy,
        report.recordedByName,
      ],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_condition_reports returned nothing');
  return row;
}

export async function reportsOf(q: Queryable, residentId: number): Promise<ConditionReportRow[]> {
  return q.query<ConditionReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM dorm_condition_reports WHERE resident_id = $1 ORDER BY id DESC`,
    [residentId],
  );
}

export async function lastCheckInReport(
  q: Queryable,
  residentId: number,
  roomId: string,
): Promise<ConditionReportRow | undefined> {
  return (
    await q.query<ConditionReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM dorm_condition_reports WHERE resident_id = $1 AND room_id = $2 AND kind = 'check_in' ORDER BY id DESC LIMIT 1`,
      [residentId, roomId],
    )
  )[0];
}

export async function findReport(q: Queryable, id: number): Promise<ConditionReportRow | undefined> {
  return (await q.query<ConditionReportRow>(`SELECT ${REPORT_COLUMNS} FROM dorm_condition_reports WHERE id = $1`, [id]))[0];
}

export interface CheckoutRow {
  id: string | number;
  resident_id: string | number;
  resident_name: string;
  person_no: string;
  status: CheckoutStatus;
  reason: string;
  planned_on: string | null;
  approval_id: string | number | null;
  requested_by: string | number | null;
  requested_by_name: string;
  decision_note: string | null;
  report_id: string | number | null;
  charged: string | number | null;
  created_at: Date;
  decided_at: Date | null;
  completed_at: Date | null;
}

const CHECKOUT_SELECT = `
  SELECT c.id, c.resident_id, p.name AS resident_name, p.person_no, c.status, c.reason, to_char(c.planned_on, 'YYYY-MM-DD') AS planned_on,
    c.approval_id, c.requested_by, c.requested_by_name, c.decision_note, c.report_id, c.charged, c.created_at, c.decided_at, c.completed_at
  FROM dorm_checkouts c JOIN dorm_residents p ON p.id = c.resident_id`;

export async function findCheckout(q: Queryable, id: number): Promise<CheckoutRow | undefined> {
  return (await q.query<CheckoutRow>(`${CHECKOUT_SELECT} WHERE c.id = $1`, [id]))[0];
}

export async function lockCheckout(tx: Queryable, id: number): Promise<CheckoutRow | undefined> {
  await tx.query('SELECT 1 FROM dorm_checkouts WHERE id = $1 FOR UPDATE', [id]);
  return findCheckout(tx, id);
}

export async function openCheckoutOf(q: Queryable, residentId: number): Promise<CheckoutRow | undefined> {
  return (
    await q.query<CheckoutRow>(`${CHECKOUT_SELECT} WHERE c.resident_id = $1 AND c.status IN ('requested', 'approved')`, [
      residentId,
    ])
  )[0];
}

export async function insertCheckout(
  tx: Queryable,
  c: { residentId: number; reason: string; plannedOn: string | null; requestedBy: number | null; requestedByName: string },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_checkouts (resident_id, reason, planned_on, requested_by, requested_by_name) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c.residentId, c.reason, c.plannedOn, c.requestedBy, c.requestedByName],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_checkouts returned nothing');
  return Number(row.id);
}

export async function updateCheckout(
  tx: Queryable,
  id: number,
  c: {
    status?: CheckoutStatus | undefined;
    approvalId?: number | undefined;
    decisionNote?: string | undefined;
    reportId?: number | undefined;
    charged?: number | undefined;
  },
): Promise<void> {
  await tx.query(
    `UPDATE dorm_checkouts SET
       status = COALESCE($2, status),
       approval_id = COALESCE($3, approval_id),
       decision_note = COALESCE($4, decision_note),
       report_id = COALESCE($5, report_id),
       charged = COALESCE($6, charged),
       decided_at = CASE WHEN $2 IN ('approved', 'rejected', 'cancelled') THEN now() ELSE decided_at END,
       completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE completed_at END
     WHERE id = $1`,
    [id, c.status ?? null, c.approvalId ?? null, c.decisionNote ?? null, c.reportId ?? null, c.charged ?? null],
  );
}

export interface CheckoutFilter {
  status?: CheckoutStatus | undefined;
  residentId?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listCheckouts(q: Queryable, f: CheckoutFilter): Promise<CheckoutRow[]> {
  return q.query<CheckoutRow>(
    `${CHECKOUT_SELECT} WHERE ($1::text IS NULL OR c.status = $1) AND ($2::bigint IS NULL OR c.resident_id = $2)
       AND ($3::bigint IS NULL OR c.id < $3) ORDER BY c.id DESC LIMIT $4`,
    [f.status ?? null, f.residentId ?? null, f.beforeId ?? null, f.limit],
  );
}

export interface LeaveRow {
  id: string | number;
  resident_id: string | number;
  resident_name: string;
  person_no: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  destination: string | null;
  status: LeaveStatus;
  approval_id: string | number | null;
  requested_by_name: string;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const LEAVE_SELECT = `
  SELECT l.id, l.resident_id, p.name AS resident_name, p.person_no, l.starts_at, l.ends_at, l.reason, l.destination, l.status,
    l.approval_id, l.requested_by_name, l.decision_note, l.created_at, l.decided_at
  FROM dorm_leaves l JOIN dorm_residents p ON p.id = l.resident_id`;

export async function findLeave(q: Queryable, id: number): Promise<LeaveRow | undefined> {
  return (await q.query<LeaveRow>(`${LEAVE_SELECT} WHERE l.id = $1`, [id]))[0];
}

export async function lockLeave(tx: Queryable, id: number): Promise<LeaveRow | undefined> {
  await tx.query('SELECT 1 FROM dorm_leaves WHERE id = $1 FOR UPDATE', [id]);
  return findLeave(tx, id);
}

export async function insertLeave(
  tx: Queryable,
  l: {
    residentId: number;
    startsAt: string;
    endsAt: string;
    reason: string;
    destination: string | null;
    requestedBy: number | null;
    requestedByName: string;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_leaves (resident_id, starts_at, ends_at, reason, destination, requested_by, requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [l.residentId, l.startsAt, l.endsAt, l.reason, l.destination, l.requestedBy, l.requestedByName],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_leaves returned nothing');
  return Number(row.id);
}

export async function updateLeave(
  tx: Queryable,
  id: number,
  c: { status?: LeaveStatus | undefined; approvalId?: number | undefined; decisionNote?: string | undefined },
): Promise<void> {
  await tx.query(
    `UPDATE dorm_leaves SET status = COALESCE($2, status), approval_id = COALESCE($3, approval_id),
       decision_note = COALESCE($4, decision_note),
       decided_at = CASE WHEN $2 IN ('approved', 'rejected', 'cancelled') THEN now() ELSE decided_at END
     WHERE id = $1`,
    [id, c.status ?? null, c.approvalId ?? null, c.decisionNote ?? null],
  );
}

export async function listLeaves(
  q: Queryable,
  f: { status?: LeaveStatus | undefined; residentId?: number | undefined; beforeId?: number | undefined; limit: number },
): Promise<LeaveRow[]> {
  return q.query<LeaveRow>(
    `${LEAVE_SELECT} WHERE ($1::text IS NULL OR l.status = $1) AND ($2::bigint IS NULL OR l.resident_id = $2)
       AND ($3::bigint IS NULL OR l.id < $3) ORDER BY l.id DESC LIMIT $4`,
    [f.status ?? null, f.residentId ?? null, f.beforeId ?? null, f.limit],
  );
}

export async function activeLeave(q: Queryable, residentId: number, at: Date): Promise<LeaveRow | undefined> {
  return (
    await q.query<LeaveRow>(
      `${LEAVE_SELECT} WHERE l.resident_id = $1 AND l.status = 'approved' AND l.starts_at <= $2 AND l.ends_at > $2 ORDER BY l.id DESC LIMIT 1`,
      [residentId, at],
    )
  )[0];
}

export interface VisitorPassRow {
  id: string | number;
  host_resident_id: string | number;
  host_name: string;
  building_id: string;
  visitor_name: string;
  visitor_phone: string | null;
  card_id: string | null;
  valid_from: Date;
  valid_to: Date;
  status: 'active' | 'revoked';
  issued_by_name: string;
  created_at: Date;
  revoked_at: Date | null;
}

const PASS_SELECT = `
  SELECT v.id, v.host_resident_id, p.name AS host_name, v.building_id, v.visitor_name, v.visitor_phone, v.card_id, v.valid_from,
    v.valid_to, v.status, v.issued_by_name, v.created_at, v.revoked_at
  FROM dorm_visitor_passes v JOIN dorm_residents p ON p.id = v.host_resident_id`;

export async function findPass(q: Queryable, id: number): Promise<VisitorPassRow | undefined> {
  return (await q.query<VisitorPassRow>(`${PASS_SELECT} WHERE v.id = $1`, [id]))[0];
}

export async function insertPass(
  tx: Queryable,
  v: {
    hostResidentId: number;
    buildingId: string;
    visitorName: string;
    visitorPhone: string | null;
    cardId: string | null;
    validFrom: string;
    validTo: string;
    issuedBy: number | null;
    issuedByName: string;
  },
): Promise<number> {
  const row = (
    await tx.query<{ id: string | number }>(
      `INSERT INTO dorm_visitor_passes (host_resident_id, building_id, visitor_name, visitor_phone, card_id, valid_from, valid_to, issued_by, issued_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        v.hostResidentId,
        v.buildingId,
        v.visitorName,
        v.visitorPhone,
        v.cardId,
        v.validFrom,
        v.validTo,
        v.issuedBy,
        v.issuedByName,
      ],
    )
  )[0];
  if (!row) throw new Error('insert into dorm_visitor_passes returned nothing');
  return Number(row.id);
}

export async function revokePass(tx: Queryable, id: number): Promise<void> {
  await tx.query(`UPDATE dorm_visitor_passes SET status = 'revoked', revoked_at = now() WHERE id = $1`, [id]);
}

export async function listPasses(
  q: Queryable,
  f: {
    activeAt?: Date | undefined;
    buildingId?: string | undefined;
    hostResidentId?: number | undefined;
    beforeId?: number | undefined;
    limit: number;
  },
): Promise<VisitorPassRow[]> {
  return q.query<VisitorPassRow>(
    `${PASS_SELECT} WHERE ($1::timestamptz IS NULL OR (v.status = 'active' AND v.valid_from <= $1 AND v.valid_to > $1))
       AND ($2::text IS NULL OR v.building_id = $2) AND ($3::bigint IS NULL OR v.host_resident_id = $3)
       AND ($4::bigint IS NULL OR v.id < $4) ORDER BY v.id DESC LIMIT $5`,
    [f.activeAt ?? null, f.buildingId ?? null, f.hostResidentId ?? null, f.beforeId ?? null, f.limit],
  );
}

export async function activePass(
  q: Queryable,
  cardId: string,
  buildingId: string,
  at: Date,
): Promise<VisitorPassRow | undefined> {
  return (
    await q.query<VisitorPassRow>(
      `${PASS_SELECT} WHERE v.card_id = $1 AND v.building_id = $2 AND v.status = 'active' AND v.valid_from <= $3 AND v.valid_to > $3
       ORDER BY v.valid_to DESC LIMIT 1`,
      [cardId, buildingId, at],
    )
  )[0];
}

export interface ExpectedRow {
  id: string | number;
  person_no: string;
  name: string;
  building_id: string;
  room_id: string;
  card_ids: string[] | null;
}

/** Checked-in residents without an approved leave covering `at`: who should sleep in the building. */
export async function expectedResidents(q: Queryable, buildingId: string | null, at: Date): Promise<ExpectedRow[]> {
  return q.query<ExpectedRow>(
    `SELECT p.id, p.person_no, p.name, r.building_id, r.id AS room_id,
       (SELECT array_agg(c.card_id ORDER BY c.card_id) FROM access_cards c WHERE c.resident_id = p.id AND c.status = 'active') AS card_ids
     FROM dorm_residents p JOIN dorm_beds d ON d.id = p.bed_id JOIN dorm_rooms r ON r.id = d.room_id
     WHERE p.status = 'checked_in' AND ($1::text IS NULL OR r.building_id = $1)
       AND NOT EXISTS (SELECT 1 FROM dorm_leaves l WHERE l.resident_id = p.id AND l.status = 'approved' AND l.starts_at <= $2 AND l.ends_at > $2)
     ORDER BY p.id`,
    [buildingId, at],
  );
}
