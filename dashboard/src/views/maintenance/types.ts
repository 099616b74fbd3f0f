/**
 * Maintenance DTOs as the hub presents them (hub/src/contexts/maintenance/schema.ts): the
 * dashboard imports only protocol/, so these mirror the TypeBox schemas field for field.
 */
export type Label = { en: string; zh: string };
export type TicketStatus =
  | 'submitted'
  | 'awaiting_assignment'
  | 'assigned'
  | 'scheduled'
  | 'in_progress'
  | 'awaiting_acceptance'
  | 'rework'
  | 'closed';
export type Urgency = 'low' | 'normal' | 'high' | 'critical';
export type TicketSource = 'request' | 'rule' | 'inspection' | 'facility' | 'safety_check' | 'checkout' | 'preventive';

export interface Person {
  id: number;
  name: string;
}

export interface Ticket {
  id: number;
  source: TicketSource;
  title: string;
  description: string;
  place: { buildingId: string | null; roomId: string | null; text: string };
  assetId: string | null;
  faultType: string | null;
  urgency: Urgency | null;
  jobFlags: string[];
  evidence: Record<string, unknown> | null;
  dedupeKey: string | null;
  status: TicketStatus;
  statusLabel: Label;
  resolution: string | null;
  closeReason: string | null;
  requester: Person | null;
  requesterName: string;
  departmentId: string | null;
  contactPhone: string | null;
  technician: Person | null;
  dispatchFlag: string | null;
  dispatchReason: string | null;
  scheduledAt: string | null;
  /** The planner's booked work window (POST …/schedule); the technician confirms the visit within it. */
  plannedWindow: { from: string; to: string } | null;
  visitPlace: string | null;
  plan: string | null;
  pendingChange: {
    approvalId: number;
    reason: string;
    scheduledAt: string | null;
    plan: string | null;
    requestedBy: string;
    requestedAt: string;
  } | null;
  sla: {
    respondBy: string | null;
    resolveBy: string | null;
    respondedAt: string | null;
    resolvedAt: string | null;
    respondOverdue: boolean;
    resolveOverdue: boolean;
    overdue: boolean;
  };
  rating: number | null;
  feedback: string | null;
  reworkCount: number;
  labourMinutes: number;
  partsCost: number;
  triagedAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TicketDetail {
  ticket: Ticket;
  history: Array<{ at: string; actorName: string; kind: string; note: string | null; data: Record<string, unknown> | null }>;
  workLogs: Array<{
    id: number;
    technicianName: string;
    steps: string;
    minutes: number;
    reworkRound: number;
    at: string;
    parts: Array<{ name: string; quantity: number; cost: number }>;
  }>;
  photos: Array<{ id: number; url: string; contentType: string; bytes: number; uploaderName: string; createdAt: string }>;
}

export interface Technician {
  id: number;
  name: string;
  skills: Array<{ skill: string; level: number }>;
  certifications: Array<{ kind: string; status: string; expiresOn: string; valid: boolean }>;
  onShift: boolean;
  workload: { weighted: number; open: number };
}

export interface Vocabulary {
  faultTypes: Array<{ key: string; label: Label }>;
  urgencies: Array<{ key: Urgency; label: Label; respondWithinMinutes: number; resolveWithinMinutes: number }>;
  statuses: Array<{ key: TicketStatus; label: Label }>;
  resolutions: Array<{ key: string; label: Label }>;
  sources: Array<{ key: TicketSource; label: Label }>;
  jobFlags: Array<{ key: string; label: Label }>;
  photos: { maxBytes: number; perTicket: number; types: string[] };
}

type Count = { key: string | null; label: Label | null; count: number };
export interface Stats {
  from: string | null;
  to: string | null;
  total: number;
  byStatus: Count[];
  byResolution: Count[];
  byFaultType: Count[];
  byUrgency: Count[];
  bySource: Count[];
  byBuilding: Array<{ buildingId: string | null; count: number }>;
  byTechnician: Array<{
    technicianId: number;
    name: string | null;
    count: number;
    accepted: number;
    labourMinutes: number;
    meanRating: number | null;
  }>;
  meanMinutesToRespond: number | null;
  meanMinutesToRepair: number | null;
  meanRating: number | null;
  costs: { parts: number; labourMinutes: number; labourRatePerHour: number; labour: number; total: number };
  byPeriod: Array<{ period: string; count: number; partsCost: number; labourMinutes: number; cost: number }>;
}

export interface Analysis {
  from: string | null;
  to: string | null;
  repeatWithinDays: number;
  topFaultTypes: Array<{ faultType: string; label: Label; count: number }>;
  hotSpotAssets: Array<{ assetId: string; count: number; faultTypes: string[]; lastAt: string }>;
  hotSpotPlaces: Array<{ buildingId: string | null; roomId: string | null; placeText: string; count: number; lastAt: string }>;
  repeatFailures: Array<{ assetId: string; repeats: number; ticketIds: number[]; lastAt: string }>;
}

/** hub/src/contexts/approvals/routes.ts RequestSchema. */
export interface ApprovalRequest {
  id: number;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
  requestedBy: number | null;
  requesterName: string;
  requesterDepartment: string | null;
  steps: Array<{ role: string; label: string; labelZh?: string; scope?: string }>;
  currentStep: number;
  status: string;
  payload: Record<string, unknown>;
  createdAt: string;
  decidedAt: string | null;
}

export const POSTPONEMENT_KIND = 'maintenance.postponement';
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'submitted',
  'awaiting_assignment',
  'assigned',
  'scheduled',
  'in_progress',
  'awaiting_acceptance',
  'rework',
];
export const URGENCY_WEIGHT: Record<Urgency, number> = { low: 1, normal: 2, high: 4, critical: 8 };
