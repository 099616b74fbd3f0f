import type { Queryable } from '@campus/storage';
import type { TicketSource, Urgency } from '../../contracts.ts';
import type { FaultType, JobFlag, Resolution, TicketStatus } from './vocabulary.ts';

export interface TicketRow {
  id: string | number;
  source: TicketSource;
  title: string;
  description: string;
  place_text: string;
  building_id: string | null;
  room_id: string | null;
  asset_id: string | null;
  fault_type: FaultType | null;
  urgency: Urgency | null;
  job_flags: JobFlag[];
  evidence: Record<string, unknown> | null;
  dedupe_key: string | null;
  status: TicketStatus;
  resolution: Resolution | null;
  close_reason: string | null;
  requester_id: string | number | null;
  requester_name: string;
  department_id: string | null;
  contact_phone: string | null;
  technician_id: string | number | null;
  technician_name: string | null;
  dispatch_flag: string | null;
  dispatch_reason: string | null;
  scheduled_at: Date | null;
  planned_from: Date | null;
  planned_to: Date | null;
  visit_place: string | null;
  plan: string | null;
  pending_change: PendingChange | null;
  respond_due_at: Date | null;
  resolve_due_at: Date | null;
  triaged_at: Date | null;
  assigned_at: Date | null;
  responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  rating: number | null;
  feedback: string | null;
  rework_count: number;
  labour_minutes: number;
  parts_cost: string | number;
  created_at: Date;
  updated_at: Date;
}

/** A postponement or change of plan waiting for approval (MNT-4); the ticket keeps its schedule meanwhile. */
export interface PendingChange {
  approvalId: number;
  reason: string;
  scheduledAt: string | null;
  plan: string | null;
  requestedBy: string;
  requestedAt: string;
}

const TICKET_COLUMNS = `t.id, t.source, t.title, t.description, t.place_text, t.building_id, t.room_id, t.asset_id, t.fault_type,
  t.urgency, t.job_flags, t.evidence, t.dedupe_key, t.status, t.resolution, t.close_reason, t.requester_id, t.requester_name,
  t.department_id, t.contact_phone, t.technician_id, tech.display_name AS technician_name, t.dispatch_flag, t.dispatch_reason,
  t.scheduled_at, t.planned_from, t.planned_to, t.visit_place, t.plan, t.pending_change, t.respond_due_at, t.resolve_due_at, t.triaged_at, t.assigned_at, t.responded_at,
  t.resolved_at, t.closed_at, t.rating, t.feedback, t.rework_count, t.labour_minutes, t.parts_cost, t.created_at, t.updated_at`;
const FROM_TICKETS = 'maintenance_tickets t LEFT JOIN users tech ON tech.id = t.technician_id';

/**
 * The SLA rule of sla.ts `slaState`, in SQL: a deadline is breached when its milestone (or, while
 * it has not come, now) is later than the deadline; withdrawn tickets owe nothing.
 */
const OVERDUE_SQL = (
  now: string,
) => `(t.resolution IS DISTINCT FROM 'out_of_scope' AND t.resolution IS DISTINCT FROM 'cancelled' AND (
  COALESCE(t.responded_at, ${now}) > t.respond_due_at OR COALESCE(t.resolved_at, ${now}) > t.resolve_due_at))`;

export interface NewTicket {
  source: TicketSource;
  title: string;
  description: string;
  placeText: string;
  buildingId: string | null;
  roomId: string | null;
  assetId: string | null;
  evidence: Record<string, unknown> | null;
  dedupeKey: string | null;
  requesterId: number | null;
  requesterName: string;
  departmentId: string | null;
  contactPhone: string | null;
}

/** @returns the new ticket, or undefined when an open ticket already holds the dedupe key. */
export async function insertTicket(tx: Queryable, ticket: NewTicket): Promise<TicketRow | undefined> {
  const rows = await tx.query<{ id: string | number }>(
    `INSERT INTO maintenance_tickets (source, title, description, place_text, building_id, room_id, asset_id, evidence, dedupe_key,
       requester_id, requester_name, department_id, contact_phone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status <> 'closed' DO NOTHING
     RETURNING id`,
    [
      ticket.source,
      ticket.title,
      ticket.description,
      ticket.placeText,
      ticket.buildingId,
      ticket.roomId,
      ticket.assetId,
      ticket.evidence === null ? null : JSON.stringify(ticket.evidence),
      ticket.dedupeKey,
      ticket.requesterId,
      ticket.requesterName,
      ticket.departmentId,
      ticket.contactPhone,
    ],
  );
  const id = rows[0]?.id;
  return id === undefined ? undefined : findTicket(tx, Number(id));
}

export async function findOpenByDedupeKey(q: Queryable, dedupeKey: string): Promise<TicketRow | undefined> {
  return (
    await q.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM ${FROM_TICKETS} WHERE t.dedupe_key = $1 AND t.status <> 'closed'`, [
      dedupeKey,
    ])
  )[0];
}

/** A rule's sharper finding replaces what its open ticket says (the caller records why). */
export async function replaceFinding(
  q: Queryable,
  id: number,
  finding: { title: string; description: string; evidence: unknown },
): Promise<TicketRow | undefined> {
  await q.query('UPDATE maintenance_tickets SET title = $2, description = $3, evidence = $4, updated_at = now() WHERE id = $1', [
    id,
    finding.title,
    finding.description,
    JSON.stringify(finding.evidence),
  ]);
  return findTicket(q, id);
}

export async function findTicket(q: Queryable, id: number): Promise<TicketRow | undefined> {
  return (await q.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM ${FROM_TICKETS} WHERE t.id = $1`, [id]))[0];
}

/** Reads a ticket and holds it until the transaction ends, so two steps on one ticket queue up. */
export async function lockTicket(tx: Queryable, id: number): Promise<TicketRow | undefined> {
  return (await tx.query<TicketRow>(`SELECT ${TICKET_COLUMNS} FROM ${FROM_TICKETS} WHERE t.id = $1 FOR UPDATE OF t`, [id]))[0];
}

/** The columns a workflow step may set (values as stored; undefined leaves a column alone). */
export interface TicketChanges {
  title?: string;
  fault_type?: FaultType | null;
  urgency?: Urgency | null;
  job_flags?: JobFlag[];
  status?: TicketStatus;
  resolution?: Resolution | null;
  close_reason?: string | null;
  technician_id?: number | null;
  dispatch_flag?: string | null;
  dispatch_reason?: string | null;
  scheduled_at?: Date | null;
  planned_from?: Date | null;
  planned_to?: Date | null;
  visit_place?: string | null;
  plan?: string | null;
  pending_change?: PendingChange | null;
  respond_due_at?: Date | null;
  resolve_due_at?: Date | null;
  triaged_at?: Date | null;
  assigned_at?: Date | null;
  responded_at?: Date | null;
  resolved_at?: Date | null;
  closed_at?: Date | null;
  rating?: number | null;
  feedback?: string | null;
  rework_count?: number;
  labour_minutes?: number;
  parts_cost?: number;
}

const JSON_COLUMNS = new Set<keyof TicketChanges>(['pending_change']);

export async function updateTicket(tx: Queryable, id: number, changes: TicketChanges): Promise<TicketRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(changes) as Array<[keyof TicketChanges, unknown]>) {
    if (value === undefined) continue;
    params.push(JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value);
    sets.push(`${column} = $${params.length}`);
  }
  await tx.query(`UPDATE maintenance_tickets SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
  const row = await findTicket(tx, id);
  if (!row) throw new Error(`maintenance ticket ${id} vanished during an update`);
  return row;
}

export interface EventRow {
  id: string | number;
  at: Date;
  actor_id: string | number | null;
  actor_name: string;
  kind: string;
  note: string | null;
  data: Record<string, unknown> | null;
}

export async function insertEvent(
  tx: Queryable,
  event: { ticketId: number; actorId: number | null; actorName: string; kind: string; note?: string | null; data?: unknown },
): Promise<void> {
  await tx.query(
    'INSERT INTO maintenance_ticket_events (ticket_id, actor_id, actor_name, kind, note, data) VALUES ($1, $2, $3, $4, $5, $6)',
    [
      event.ticketId,
      event.actorId,
      event.actorName,
      event.kind,
      event.note ?? null,
      event.data === undefined ? null : JSON.stringify(event.data),
    ],
  );
}

export async function eventsOf(q: Queryable, ticketId: number): Promise<EventRow[]> {
  return q.query<EventRow>(
    'SELECT id, at, actor_id, actor_name, kind, note, data FROM maintenance_ticket_events WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
}

export interface WorkLogRow {
  id: string | number;
  technician_id: string | number | null;
  technician_name: string;
  steps: string;
  minutes: number;
  rework_round: number;
  at: Date;
}

export interface PartRow {
  id: string | number;
  work_log_id: string | number;
  name: string;
  quantity: string | number;
  cost: string | number;
}

export async function insertWorkLog(
  tx: Queryable,
  log: {
    ticketId: number;
    technicianId: number | null;
    technicianName: string;
    steps: string;
    minutes: number;
    reworkRound: number;
    parts: ReadonlyArray<{ name: string; quantity: number; cost: number }>;
  },
): Promise<WorkLogRow> {
  const rows = await tx.query<WorkLogRow>(
    `INSERT INTO maintenance_work_logs (ticket_id, technician_id, technician_name, steps, minutes, rework_round)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, technician_id, technician_name, steps, minutes, rework_round, at`,
    [log.ticketId, log.technicianId, log.technicianName, log.steps, log.minutes, log.reworkRound],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into maintenance_work_logs returned nothing');
  if (log.parts.length > 0) {
    await tx.query(
      `INSERT INTO maintenance_parts (ticket_id, work_log_id, name, quantity, cost)
       SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::numeric[])`,
      [log.ticketId, row.id, log.parts.map((p) => p.name), log.parts.map((p) => p.quantity), log.parts.map((p) => p.cost)],
    );
  }
  return row;
}

export async function workLogsOf(q: Queryable, ticketId: number): Promise<{ logs: WorkLogRow[]; parts: PartRow[] }> {
  const logs = await q.query<WorkLogRow>(
    `SELECT id, technician_id, technician_name, steps, minutes, rework_round, at FROM maintenance_work_logs
     WHERE ticket_id = $1 ORDER BY id`,
    [ticketId],
  );
  const parts = await q.query<PartRow>(
    'SELECT id, work_log_id, name, quantity, cost FROM maintenance_parts WHERE ticket_id = $1 ORDER BY id',
    [ticketId],
  );
  return { logs, parts };
}

export interface PhotoRow {
  id: string | number;
  ticket_id: string | number;
  uploaded_by: string | number | null;
  uploader_name: string;
  content_type: string;
  bytes: number;
  sha256: string;
  path: string;
  created_at: Date;
}

const PHOTO_COLUMNS = 'id, ticket_id, uploaded_by, uploader_name, content_type, bytes, sha256, path, created_at';

export async function insertPhoto(
  tx: Queryable,
  photo: {
    ticketId: number;
    uploadedBy: number | null;
    uploaderName: string;
    contentType: string;
    bytes: number;
    sha256: string;
    path: string;
  },
): Promise<PhotoRow> {
  const rows = await tx.query<PhotoRow>(
    `INSERT INTO maintenance_photos (ticket_id, uploaded_by, uploader_name, content_type, bytes, sha256, path)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${PHOTO_COLUMNS}`,
    [photo.ticketId, photo.uploadedBy, photo.uploaderName, photo.contentType, photo.bytes, photo.sha256, photo.path],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into maintenance_photos returned nothing');
  return row;
}

export async function photosOf(q: Queryable, ticketId: number): Promise<PhotoRow[]> {
  return q.query<PhotoRow>(`SELECT ${PHOTO_COLUMNS} FROM maintenance_photos WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
}

export async function countPhotos(q: Queryable, ticketId: number): Promise<number> {
  return Number(
    (await q.query<{ n: string | number }>('SELECT count(*) AS n FROM maintenance_photos WHERE ticket_id = $1', [ticketId]))[0]
      ?.n ?? 0,
  );
}

export async function findPhoto(q: Queryable, ticketId: number, photoId: number): Promise<PhotoRow | undefined> {
  return (
    await q.query<PhotoRow>(`SELECT ${PHOTO_COLUMNS} FROM maintenance_photos WHERE ticket_id = $1 AND id = $2`, [
      ticketId,
      photoId,
    ])
  )[0];
}

/** Open tickets in technicians' hands, per technician and urgency (MNT-3 workload). */
export async function openWorkByTechnician(
  q: Queryable,
  technicianIds: readonly number[],
): Promise<Array<{ technician_id: string | number; urgency: Urgency | null; n: string | number }>> {
  if (technicianIds.length === 0) return [];
  return q.query(
    `SELECT technician_id, urgency, count(*) AS n FROM maintenance_tickets
     WHERE technician_id = ANY ($1::bigint[]) AND status IN ('assigned', 'scheduled', 'in_progress', 'rework')
     GROUP BY technician_id, urgency`,
    [technicianIds],
  );
}

export interface TicketFilter {
  status?: TicketStatus | undefined;
  /** true: every status but closed. */
  open?: boolean | undefined;
  urgency?: Urgency | undefined;
  faultType?: FaultType | undefined;
  technicianId?: number | undefined;
  requesterId?: number | undefined;
  assetId?: string | undefined;
  buildingId?: string | undefined;
  source?: TicketSource | undefined;
  overdue?: boolean | undefined;
  /** In the planner's queue because nobody qualified. */
  dispatchFlag?: string | undefined;
  /** Row scope: only tickets this user requested, or (technicians) is assigned to. */
  visibleTo?: { userId: number; assigned: boolean } | undefined;
  beforeId?: number | undefined;
  limit: number;
  now: Date;
}

/** Newest first; each filter is an equality on an indexed column, so pages stay index scans. */
export async function listTickets(q: Queryable, filter: TicketFilter): Promise<TicketRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.status !== undefined) where.push(`t.status = ${param(filter.status)}`);
  if (filter.open === true) where.push(`t.status <> 'closed'`);
  if (filter.open === false) where.push(`t.status = 'closed'`);
  if (filter.urgency !== undefined) where.push(`t.urgency = ${param(filter.urgency)}`);
  if (filter.faultType !== undefined) where.push(`t.fault_type = ${param(filter.faultType)}`);
  if (filter.technicianId !== undefined) where.push(`t.technician_id = ${param(filter.technicianId)}`);
  if (filter.requesterId !== undefined) where.push(`t.requester_id = ${param(filter.requesterId)}`);
  if (filter.assetId !== undefined) where.push(`t.asset_id = ${param(filter.assetId)}`);
  if (filter.buildingId !== undefined) where.push(`t.building_id = ${param(filter.buildingId)}`);
  if (filter.source !== undefined) where.push(`t.source = ${param(filter.source)}`);
  if (filter.dispatchFlag !== undefined) where.push(`t.dispatch_flag = ${param(filter.dispatchFlag)}`);
  if (filter.overdue !== undefined) {
    const now = `${param(filter.now)}::timestamptz`;
    where.push(filter.overdue ? OVERDUE_SQL(now) : `NOT ${OVERDUE_SQL(now)}`);
  }
  if (filter.visibleTo) {
    const me = param(filter.visibleTo.userId);
    where.push(filter.visibleTo.assigned ? `(t.requester_id = ${me} OR t.technician_id = ${me})` : `t.requester_id = ${me}`);
  }
  if (filter.beforeId !== undefined) where.push(`t.id < ${param(filter.beforeId)}`);
  // Page first, then name the technicians: the join touches only the rows of the page.
  const limit = param(filter.limit);
  return q.query<TicketRow>(
    `SELECT ${TICKET_COLUMNS}
     FROM (SELECT * FROM maintenance_tickets t ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t.id DESC LIMIT ${limit}) t
     LEFT JOIN users tech ON tech.id = t.technician_id
     ORDER BY t.id DESC`,
    params,
  );
}

export interface Period {
  from?: Date | undefined;
  to?: Date | undefined;
}

function periodWhere(period: Period, params: unknown[], table = ''): string {
  const where = ['TRUE'];
  if (period.from) {
    params.push(period.from);
    where.push(`${table}created_at >= $${params.length}`);
  }
  if (period.to) {
    params.push(period.to);
    where.push(`${table}created_at < $${params.length}`);
  }
  return where.join(' AND ');
}

export interface CountRow {
  key: string | null;
  n: string | number;
}

/** Ticket counts grouped by one column (MNT-6). The column comes from our code, never from input. */
export async function countBy(
  q: Queryable,
  column: 'status' | 'fault_type' | 'urgency' | 'source' | 'resolution',
  period: Period,
): Promise<CountRow[]> {
  const params: unknown[] = [];
  return q.query<CountRow>(
    `SELECT ${column} AS key, count(*) AS n FROM maintenance_tickets WHERE ${periodWhere(period, params)}
     GROUP BY ${column} ORDER BY n DESC, key`,
    params,
  );
}

export async function countByPlace(q: Queryable, period: Period, limit: number) {
  const params: unknown[] = [];
  const where = periodWhere(period, params);
  params.push(limit);
  return q.query<{ building_id: string | null; n: string | number }>(
    `SELECT building_id, count(*) AS n FROM maintenance_tickets WHERE ${where}
     GROUP BY building_id ORDER BY n DESC, building_id NULLS LAST LIMIT $${params.length}`,
    params,
  );
}

export async function countByTechnician(q: Queryable, period: Period) {
  const params: unknown[] = [];
  return q.query<{
    technician_id: string | number;
    name: string | null;
    n: string | number;
    closed: string | number;
    minutes: string | number;
    rating: string | number | null;
  }>(
    `SELECT t.technician_id, u.display_name AS name, count(*) AS n, count(*) FILTER (WHERE t.resolution = 'accepted') AS closed,
       COALESCE(sum(t.labour_minutes), 0) AS minutes, avg(t.rating) AS rating
     FROM maintenance_tickets t JOIN users u ON u.id = t.technician_id
     WHERE ${periodWhere(period, params, 't.')}
     GROUP BY t.technician_id, u.display_name ORDER BY n DESC, t.technician_id`,
    params,
  );
}

export async function totals(q: Queryable, period: Period) {
  const params: unknown[] = [];
  const rows = await q.query<{
    n: string | number;
    respond_minutes: string | number | null;
    repair_minutes: string | number | null;
    parts_cost: string | number;
    labour_minutes: string | number;
    rating: string | number | null;
  }>(
    `SELECT count(*) AS n,
       avg(EXTRACT(EPOCH FROM responded_at - created_at) / 60) AS respond_minutes,
       avg(EXTRACT(EPOCH FROM resolved_at - created_at) / 60) FILTER (WHERE resolution = 'accepted') AS repair_minutes,
       COALESCE(sum(parts_cost), 0) AS parts_cost, COALESCE(sum(labour_minutes), 0) AS labour_minutes, avg(rating) AS rating
     FROM maintenance_tickets WHERE ${periodWhere(period, params)}`,
    params,
  );
  const row = rows[0];
  if (!row) throw new Error('aggregate returned no row');
  return row;
}

export async function byBucket(q: Queryable, period: Period, bucket: 'day' | 'week' | 'month') {
  const params: unknown[] = [bucket];
  const where = periodWhere(period, params);
  return q.query<{ bucket: Date; n: string | number; parts_cost: string | number; labour_minutes: string | number }>(
    `SELECT date_trunc($1, created_at, 'UTC') AS bucket, count(*) AS n, COALESCE(sum(parts_cost), 0) AS parts_cost,
       COALESCE(sum(labour_minutes), 0) AS labour_minutes
     FROM maintenance_tickets WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
}

/** Tickets that were real faults: not refused as out of scope, not withdrawn. */
const FAILURES = `(resolution IS NULL OR resolution = 'accepted')`;

export async function topFaultTypes(q: Queryable, period: Period, limit: number) {
  const params: unknown[] = [];
  const where = periodWhere(period, params);
  params.push(limit);
  return q.query<{ fault_type: FaultType; n: string | number }>(
    `SELECT fault_type, count(*) AS n FROM maintenance_tickets WHERE ${where} AND ${FAILURES} AND fault_type IS NOT NULL
     GROUP BY fault_type ORDER BY n DESC, fault_type LIMIT $${params.length}`,
    params,
  );
}

export async function hotSpotAssets(q: Queryable, period: Period, limit: number) {
  const params: unknown[] = [];
  const where = periodWhere(period, params);
  params.push(limit);
  return q.query<{ asset_id: string; n: string | number; fault_types: Array<FaultType | null>; last_at: Date }>(
    `SELECT asset_id, count(*) AS n, array_agg(DISTINCT fault_type) AS fault_types, max(created_at) AS last_at
     FROM maintenance_tickets WHERE ${where} AND ${FAILURES} AND asset_id IS NOT NULL
     GROUP BY asset_id ORDER BY n DESC, asset_id LIMIT $${params.length}`,
    params,
  );
}

export async function hotSpotPlaces(q: Queryable, period: Period, limit: number) {
  const params: unknown[] = [];
  const where = periodWhere(period, params);
  params.push(limit);
  // Registered places group by building and room; free-text places by their text, case-folded.
  return q.query<{ building_id: string | null; room_id: string | null; place_text: string; n: string | number; last_at: Date }>(
    `SELECT building_id, room_id, min(place_text) AS place_text, count(*) AS n, max(created_at) AS last_at
     FROM maintenance_tickets WHERE ${where} AND ${FAILURES}
     GROUP BY building_id, room_id, CASE WHEN building_id IS NULL AND room_id IS NULL THEN lower(trim(place_text)) END
     ORDER BY n DESC, min(place_text) LIMIT $${params.length}`,
    params,
  );
}

/** Assets that failed again within `days` of their previous failure (MNT-7). */
export async function repeatFailures(q: Queryable, period: Period, days: number, limit: number) {
  const params: unknown[] = [];
  const where = periodWhere(period, params);
  params.push(days);
  const daysParam = `$${params.length}`;
  params.push(limit);
  return q.query<{ asset_id: string; repeats: string | number; ticket_ids: Array<string | number>; last_at: Date }>(
    `SELECT asset_id, count(*) AS repeats, array_agg(id ORDER BY created_at, id) AS ticket_ids, max(created_at) AS last_at
     FROM (
       SELECT id, asset_id, created_at, lag(created_at) OVER (PARTITION BY asset_id ORDER BY created_at, id) AS previous_at
       FROM maintenance_tickets WHERE ${where} AND ${FAILURES} AND asset_id IS NOT NULL
     ) failures
     WHERE previous_at IS NOT NULL AND created_at - previous_at <= make_interval(days => ${daysParam}::int)
     GROUP BY asset_id ORDER BY repeats DESC, asset_id LIMIT $${params.length}`,
    params,
  );
}
