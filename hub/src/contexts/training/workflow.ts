import type { PlanStatus, SessionStatus } from './vocabulary.ts';

/**
 * The life of an annual plan (TRN-2): drafted and edited by a trainer → submitted for approval
 * (approvals kind `training.plan`) → approved (or returned to draft with the reason) → in
 * progress once delivery starts → closed with a summary. Sessions are scheduled only under an
 * approved plan, and delivery (attendance, results of the plan's exams) happens while it runs.
 */
export const PLAN_TRANSITIONS = {
  edit: ['draft'],
  submit: ['draft'],
  approve: ['submitted'],
  return: ['submitted'],
  start: ['approved'],
  close: ['in_progress'],
  schedule: ['approved', 'in_progress'],
  deliver: ['in_progress'],
} as const satisfies Record<string, readonly PlanStatus[]>;
export type PlanAction = keyof typeof PLAN_TRANSITIONS;

export function planAllows(action: PlanAction, status: PlanStatus): boolean {
  const from: readonly PlanStatus[] = PLAN_TRANSITIONS[action];
  return from.includes(status);
}

/** A session is scheduled, then held (attendance taken, and correctable) or cancelled. */
export const SESSION_TRANSITIONS = {
  enrol: ['scheduled'],
  unenrol: ['scheduled'],
  attendance: ['scheduled', 'held'],
  cancel: ['scheduled'],
} as const satisfies Record<string, readonly SessionStatus[]>;
export type SessionAction = keyof typeof SESSION_TRANSITIONS;

export function sessionAllows(action: SessionAction, status: SessionStatus): boolean {
  const from: readonly SessionStatus[] = SESSION_TRANSITIONS[action];
  return from.includes(status);
}
