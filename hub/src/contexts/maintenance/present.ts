import type { EventRow, PartRow, PhotoRow, TicketRow, WorkLogRow } from './repository.ts';
import { slaState } from './sla.ts';
import { STATUS_LABELS } from './vocabulary.ts';

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const money = (value: string | number) => Math.round(Number(value) * 100) / 100;

export function presentTicket(row: TicketRow, now: Date = new Date()) {
  return {
    id: Number(row.id),
    source: row.source,
    title: row.title,
    description: row.description,
    place: { buildingId: row.building_id, roomId: row.room_id, text: row.place_text },
    assetId: row.asset_id,
    faultType: row.fault_type,
    urgency: row.urgency,
    jobFlags: row.job_flags,
    evidence: row.evidence,
    dedupeKey: row.dedupe_key,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    resolution: row.resolution,
    closeReason: row.close_reason,
    requester: row.requester_id === null ? null : { id: Number(row.requester_id), name: row.requester_name },
    requesterName: row.requester_name,
    departmentId: row.department_id,
    contactPhone: row.contact_phone,
    technician:
      row.technician_id === null
        ? null
        : { id: Number(row.technician_id), name: row.technician_name ?? `user ${row.technician_id}` },
    dispatchFlag: row.dispatch_flag,
    dispatchReason: row.dispatch_reason,
    scheduledAt: iso(row.scheduled_at),
    plannedWindow:
      row.planned_from === null || row.planned_to === null
        ? null
        : { from: row.planned_from.toISOString(), to: row.planned_to.toISOString() },
    visitPlace: row.visit_place,
    plan: row.plan,
    pendingChange: row.pending_change,
    sla: {
      respondBy: iso(row.respond_due_at),
      resolveBy: iso(row.resolve_due_at),
      respondedAt: iso(row.responded_at),
      resolvedAt: iso(row.resolved_at),
      ...slaState(
        {
          respondBy: row.respond_due_at,
          resolveBy: row.resolve_due_at,
          respondedAt: row.responded_at,
          resolvedAt: row.resolved_at,
          withdrawn: row.resolution === 'out_of_scope' || row.resolution === 'cancelled',
        },
        now,
      ),
    },
    rating: row.rating,
    feedback: row.feedback,
    reworkCount: row.rework_count,
    labourMinutes: row.labour_minutes,
    partsCost: money(row.parts_cost),
    triagedAt: iso(row.triaged_at),
    assignedAt: iso(row.assigned_at),
    closedAt: iso(row.closed_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentEvent(row: EventRow) {
  return { at: row.at.toISOString(), actorName: row.actor_name, kind: row.kind, note: row.note, data: row.data };
}

export function presentWorkLogs(logs: WorkLogRow[], parts: PartRow[]) {
  return logs.map((log) => ({
    id: Number(log.id),
    technicianName: log.technician_name,
    steps: log.steps,
    minutes: log.minutes,
    reworkRound: log.rework_round,
    at: log.at.toISOString(),
    parts: parts
      .filter((part) => Number(part.work_log_id) === Number(log.id))
      .map((part) => ({ name: part.name, quantity: Number(part.quantity), cost: money(part.cost) })),
  }));
}

export function presentPhoto(row: PhotoRow) {
  return {
    id: Number(row.id),
    url: `/api/maintenance/tickets/${row.ticket_id}/photos/${row.id}`,
    contentType: row.content_type,
    bytes: row.bytes,
    uploaderName: row.uploader_name,
    createdAt: row.created_at.toISOString(),
  };
}
