/**
 * The parts of the hub's dormitory DTOs this view reads (hub/src/contexts/dorms/schema.ts; the
 * dashboard imports `protocol/` only, so they are restated here, following /docs/json).
 */

type Label = { en: string; zh: string };

export interface Building {
  id: string;
  name: string;
  nameEn: string | null;
  gender: string;
  floors: number;
  rooms: number;
  beds: number;
  /** Beds allocated or lived in. */
  occupied: number;
  checkedIn: number;
  gates: string[];
}

export interface BuildingOccupancy {
  buildingId: string;
  buildingName: string;
  residents: number;
  inside: number;
  outside: number;
  unknown: number;
  onLeave: number;
}

export interface Occupancy {
  at: string;
  buildings: BuildingOccupancy[];
}

export type CheckoutStatus = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'completed';

export interface Checkout {
  id: number;
  residentId: number;
  residentName: string;
  personNo: string;
  status: CheckoutStatus;
  statusLabel: Label;
  reason: string;
  plannedOn: string | null;
  approvalId: number | null;
  requestedBy: string;
  createdAt: string;
  decidedAt: string | null;
}

export interface Place {
  buildingId: string;
  buildingName: string;
  roomId: string;
  roomNumber: string;
  bedId: string;
  bedLabel: string;
}

export interface Resident {
  id: number;
  personNo: string;
  kind: string;
  name: string;
  gender: string;
  cohort: string | null;
  status: 'pending' | 'allocated' | 'checked_in' | 'checked_out';
  statusLabel: Label;
  place: Place | null;
  allocatedAt: string | null;
}

export interface SafetyFinding {
  id: number;
  kind: string;
  kindLabel: Label;
  description: string;
  ticketId: number | null;
}

export interface SafetyCheck {
  id: number;
  roomId: string;
  buildingId: string;
  roomNumber: string;
  status: 'passed' | 'rectifying' | 'closed';
  statusLabel: Label;
  deadline: string | null;
  overdue: boolean;
  notes: string | null;
  checkedBy: string;
  checkedAt: string;
  reinspections: number;
  findings: SafetyFinding[];
}

export interface Inspection {
  id: number;
  planId: number | null;
  planName: string | null;
  buildingId: string;
  inspector: string;
  performedAt: string;
  findings: number;
}

export interface InspectionPlan {
  id: number;
  name: string;
  buildingId: string | null;
  everyDays: number;
  active: boolean;
  lastDoneOn: string | null;
  nextDue: string;
  overdue: boolean;
}

/** A room's facility register entry (GET /dorms/rooms/:id `facilities`). */
export interface FacilityItem {
  id: number;
  roomId: string;
  kind: string;
  kindLabel: Label;
  label: string;
  assetId: string | null;
  condition: Condition;
  note: string | null;
}

export type Condition = 'ok' | 'damaged' | 'missing';
