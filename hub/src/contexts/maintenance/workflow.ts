import type { TicketStatus } from './vocabulary.ts';

/** Every step that moves a ticket, and the statuses it may start from. */
export const TRANSITIONS = {
  /** MNT-2: a planner decides scope, fault type and urgency; may redo it until a technician has it. */
  triage: ['submitted', 'awaiting_assignment'],
  /** MNT-3: automatic dispatch, again, e.g. after shifts or certifications changed. */
  dispatch: ['awaiting_assignment'],
  /** MNT-3: the planner assigns or reassigns by hand. */
  assign: ['awaiting_assignment', 'assigned', 'scheduled', 'in_progress', 'rework'],
  /** MNT-3: the planner books a window for the work once the job is known (triaged), until it is done. */
  schedule: ['awaiting_assignment', 'assigned', 'scheduled', 'in_progress', 'rework'],
  /** MNT-3: the technician has contacted the requester and confirms time and place. */
  confirm: ['assigned', 'rework'],
  /** MNT-4: work needs a confirmed visit first. */
  log_work: ['scheduled', 'in_progress', 'rework'],
  /** MNT-4: postponement or change of plan, decided through approvals. */
  request_change: ['scheduled', 'in_progress', 'rework'],
  mark_done: ['in_progress'],
  /** MNT-5 */
  accept: ['awaiting_acceptance'],
  reject: ['awaiting_acceptance'],
  /** Before work starts the requester (or a planner) may withdraw the request. */
  cancel: ['submitted', 'awaiting_assignment', 'assigned', 'scheduled'],
} as const satisfies Record<string, readonly TicketStatus[]>;

export type TicketAction = keyof typeof TRANSITIONS;

/** Statuses in which a ticket is still open (dedupe keys, lists of open work). */
export const OPEN_STATUSES: readonly TicketStatus[] = [
  'submitted',
  'awaiting_assignment',
  'assigned',
  'scheduled',
  'in_progress',
  'awaiting_acceptance',
  'rework',
];

/** Statuses in which a ticket counts against its technician's workload (MNT-3). */
export const WORKLOAD_STATUSES: readonly TicketStatus[] = ['assigned', 'scheduled', 'in_progress', 'rework'];

export function allows(action: TicketAction, status: TicketStatus): boolean {
  const from: readonly TicketStatus[] = TRANSITIONS[action];
  return from.includes(status);
}
