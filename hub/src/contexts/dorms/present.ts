import type * as access from './access-repository.ts';
import type * as insp from './inspection-repository.ts';
import type * as reg from './register-repository.ts';
import type * as res from './resident-repository.ts';
import {
  ACCESS_REASON_LABELS,
  type AccessReason,
  CHECKOUT_STATUS_LABELS,
  facilityInfo,
  LEAVE_STATUS_LABELS,
  RESIDENT_STATUS_LABELS,
  SAFETY_FINDING_INFO,
  SAFETY_STATUS_LABELS,
  type SafetyFindingKind,
} from './vocabulary.ts';

/** Row → DTO whitelists (STYLE 2). Nothing here reveals the ID digits of a resident. */

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const num = (value: string | number | null) => (value === null ? null : Number(value));
const money = (value: string | number) => Math.round(Number(value) * 100) / 100;
const label = (l: { en: string; zh: string }) => ({ en: l.en, zh: l.zh });

export function presentBuilding(row: reg.BuildingRow) {
  return {
    id: row.id,
    name: row.name,
    nameEn: row.name_en,
    gender: row.gender,
    floors: row.floors,
    floorGenders: row.floor_genders ?? [],
    rooms: row.rooms,
    beds: row.beds,
    occupied: row.occupied,
    checkedIn: row.checked_in,
    gates: row.gates ?? [],
  };
}

export function presentRoom(row: reg.RoomRow) {
  return {
    id: row.id,
    buildingId: row.building_id,
    buildingName: row.building_name,
    floor: row.floor,
    number: row.number,
    status: row.status,
    gender: row.gender,
    beds: row.beds,
    occupied: row.occupied,
    free: row.beds - row.occupied,
  };
}

export function presentItem(row: reg.FacilityItemRow) {
  return {
    id: Number(row.id),
    roomId: row.room_id,
    kind: row.kind,
    kindLabel: label(facilityInfo(row.kind)),
    label: row.label,
    assetId: row.asset_id,
    condition: row.condition,
    note: row.note,
  };
}

export function presentFault(row: reg.FaultRow) {
  return {
    id: Number(row.id),
    itemId: Number(row.item_id),
    description: row.description,
    reporterName: row.reporter_name,
    ticketId: Number(row.ticket_id),
    ticketCreated: row.ticket_created,
    reportedAt: row.reported_at.toISOString(),
  };
}

export function presentBed(row: reg.BedRow & { occupied: boolean }) {
  return {
    id: row.id,
    label: row.label,
    occupied: row.occupied,
    resident:
      row.resident_id === null
        ? null
        : { id: Number(row.resident_id), name: row.resident_name ?? '', status: row.resident_status ?? '' },
  };
}

export function presentPlace(row: res.ResidentRow) {
  if (row.building_id === null || row.room_id === null || row.bed_id === null) return null;
  return {
    buildingId: row.building_id,
    buildingName: row.building_name ?? row.building_id,
    floor: row.floor ?? 0,
    roomId: row.room_id,
    roomNumber: row.room_number ?? row.room_id,
    bedId: row.bed_id,
    bedLabel: row.bed_label ?? row.bed_id,
  };
}

export function presentResident(row: res.ResidentRow) {
  return {
    id: Number(row.id),
    personNo: row.person_no,
    kind: row.kind,
    name: row.name,
    gender: row.gender,
    cohort: row.cohort,
    phone: row.phone,
    hasIdDocument: row.id_last4 !== null,
    userId: num(row.user_id),
    status: row.status,
    statusLabel: label(RESIDENT_STATUS_LABELS[row.status]),
    place: presentPlace(row),
    allocatedAt: iso(row.allocated_at),
    checkedInAt: iso(row.checked_in_at),
    checkedOutAt: iso(row.checked_out_at),
  };
}

export function presentMyAllocation(row: res.ResidentRow) {
  return {
    residentId: Number(row.id),
    status: row.status,
    statusLabel: label(RESIDENT_STATUS_LABELS[row.status]),
    place: presentPlace(row),
    allocatedAt: iso(row.allocated_at),
    checkedInAt: iso(row.checked_in_at),
  };
}

export function presentNotification(row: res.NotificationRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    title: { en: row.title_en, zh: row.title_zh },
    body: { en: row.body_en, zh: row.body_zh },
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: iso(row.read_at),
  };
}

export function presentRun(row: res.AllocationRunRow) {
  return { id: Number(row.id), runBy: row.run_by_name, at: row.at.toISOString(), options: row.options, summary: row.summary };
}

export function presentReport(row: res.ConditionReportRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    residentId: Number(row.resident_id),
    roomId: row.room_id,
    bedId: row.bed_id,
    checkoutId: num(row.checkout_id),
    items: row.items.map((i) => ({
      itemId: i.itemId,
      kind: i.kind,
      label: i.label,
      assetId: i.assetId,
      condition: i.condition,
      note: i.note,
      ...(i.charged === undefined ? {} : { charged: i.charged }),
      ...(i.ticketId === undefined ? {} : { ticketId: i.ticketId }),
    })),
    charged: money(row.charged),
    recordedBy: row.recorded_by_name,
    recordedAt: row.recorded_at.toISOString(),
  };
}

export function presentCheckout(row: res.CheckoutRow) {
  return {
    id: Number(row.id),
    residentId: Number(row.resident_id),
    residentName: row.resident_name,
    personNo: row.person_no,
    status: row.status,
    statusLabel: label(CHECKOUT_STATUS_LABELS[row.status]),
    reason: row.reason,
    plannedOn: row.planned_on,
    approvalId: num(row.approval_id),
    requestedBy: row.requested_by_name,
    decisionNote: row.decision_note,
    reportId: num(row.report_id),
    charged: row.charged === null ? null : money(row.charged),
    createdAt: row.created_at.toISOString(),
    decidedAt: iso(row.decided_at),
    completedAt: iso(row.completed_at),
  };
}

export function presentLeave(row: res.LeaveRow) {
  return {
    id: Number(row.id),
    residentId: Number(row.resident_id),
    residentName: row.resident_name,
    personNo: row.person_no,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    reason: row.reason,
    destination: row.destination,
    status: row.status,
    statusLabel: label(LEAVE_STATUS_LABELS[row.status]),
    approvalId: num(row.approval_id),
    requestedBy: row.requested_by_name,
    decisionNote: row.decision_note,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentPass(row: res.VisitorPassRow) {
  return {
    id: Number(row.id),
    hostResidentId: Number(row.host_resident_id),
    hostName: row.host_name,
    buildingId: row.building_id,
    visitorName: row.visitor_name,
    visitorPhone: row.visitor_phone,
    cardId: row.card_id,
    validFrom: row.valid_from.toISOString(),
    validTo: row.valid_to.toISOString(),
    status: row.status,
    issuedBy: row.issued_by_name,
    createdAt: row.created_at.toISOString(),
  };
}

export function presentCard(row: access.CardRow) {
  return {
    cardId: row.card_id,
    residentId: Number(row.resident_id),
    residentName: row.resident_name,
    personNo: row.person_no,
    status: row.status,
    validFrom: row.valid_from.toISOString(),
    validTo: iso(row.valid_to),
    revokedReason: row.revoked_reason,
    revokedAt: iso(row.revoked_at),
  };
}

const isAccessReason = (value: string): value is AccessReason => value in ACCESS_REASON_LABELS;

export function presentAccess(row: access.AccessRow) {
  return {
    cardId: row.card_id,
    gateDeviceId: row.gate_device_id,
    allowed: row.allowed,
    reason: row.reason,
    reasonLabel: isAccessReason(row.reason) ? label(ACCESS_REASON_LABELS[row.reason]) : { en: row.reason, zh: row.reason },
  };
}

export function presentGate(row: access.GateRow) {
  return { deviceId: row.device_id, buildingId: row.building_id, buildingName: row.building_name };
}

export function presentMovement(row: access.MovementRow) {
  return {
    ts: row.ts.toISOString(),
    deviceId: row.device_id,
    buildingId: row.building_id,
    cardId: row.card_id,
    direction: row.direction,
    granted: row.granted,
    reason: row.reason,
  };
}

export function presentOccupancy(at: Date, rows: readonly access.OccupancyRow[]) {
  return {
    at: at.toISOString(),
    buildings: rows.map((r) => ({
      buildingId: r.building_id,
      buildingName: r.building_name,
      residents: r.residents,
      inside: r.inside,
      outside: r.outside,
      unknown: r.residents - r.inside - r.outside,
      onLeave: r.on_leave,
    })),
  };
}

export function presentPlan(entry: { row: insp.PlanRow; nextDue: string; overdue: boolean }) {
  const { row } = entry;
  return {
    id: Number(row.id),
    name: row.name,
    buildingId: row.building_id,
    everyDays: row.every_days,
    checklist: row.checklist,
    startsOn: row.starts_on,
    active: row.active,
    lastDoneOn: row.last_done_on,
    inspections: row.inspections,
    nextDue: entry.nextDue,
    overdue: entry.overdue,
  };
}

export function presentInspection(row: insp.InspectionRow) {
  return {
    id: Number(row.id),
    planId: num(row.plan_id),
    planName: row.plan_name,
    buildingId: row.building_id,
    inspector: row.inspector_name,
    checklist: row.checklist,
    notes: row.notes,
    performedAt: row.performed_at.toISOString(),
    findings: row.findings,
  };
}

export function presentFinding(row: insp.FindingRow) {
  return {
    id: Number(row.id),
    roomId: row.room_id,
    itemId: num(row.facility_item_id),
    description: row.description,
    faultType: row.fault_type,
    urgency: row.urgency,
    ticketId: num(row.ticket_id),
    ticketCreated: row.ticket_created,
  };
}

const isSafetyKind = (value: string): value is SafetyFindingKind => value in SAFETY_FINDING_INFO;

export function presentSafetyCheck(row: insp.SafetyCheckRow) {
  return {
    id: Number(row.id),
    roomId: row.room_id,
    buildingId: row.building_id,
    roomNumber: row.room_number,
    status: row.status,
    statusLabel: label(SAFETY_STATUS_LABELS[row.status]),
    deadline: iso(row.deadline),
    overdue: row.overdue,
    notes: row.notes,
    checkedBy: row.checked_by_name,
    checkedAt: row.checked_at.toISOString(),
    reinspections: row.reinspections,
    closedAt: iso(row.closed_at),
    findings: (row.findings ?? []).map((f) => ({
      id: Number(f.id),
      kind: f.kind,
      kindLabel: isSafetyKind(f.kind) ? label(SAFETY_FINDING_INFO[f.kind]) : { en: f.kind, zh: f.kind },
      description: f.description,
      ticketId: num(f.ticket_id),
    })),
  };
}

export function presentSafetyPhoto(row: insp.SafetyPhotoRow) {
  return {
    id: Number(row.id),
    phase: row.phase,
    url: `/api/dorms/safety-checks/${row.check_id}/photos/${row.id}`,
    contentType: row.content_type,
    bytes: row.bytes,
    uploadedBy: row.uploader_name,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}

export function presentReinspection(row: insp.ReinspectionRow) {
  return {
    passed: row.passed,
    note: row.note,
    newDeadline: iso(row.new_deadline),
    inspector: row.inspector_name,
    at: row.at.toISOString(),
  };
}
