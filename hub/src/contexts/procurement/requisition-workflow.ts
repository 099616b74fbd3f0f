import type { RequisitionStatus } from './vocabulary.ts';

/**
 * The requisition's life (PRC-1..3, PRC-6): every step, the statuses it may start from and the
 * status it leads to. A returned requisition is edited and resubmitted as a new revision (PRC-2);
 * it is planned, sourced (skipped by direct purchase), contracted and closed once its goods are
 * delivered and accepted — or closed at planning when stock on hand already covers it.
 */
export const REQUISITION_TRANSITIONS = {
  edit: { from: ['draft', 'returned'], to: null },
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'returned' },
  plan: { from: ['approved'], to: 'planned' },
  cover_from_stock: { from: ['approved'], to: 'closed' },
  source: { from: ['planned'], to: 'sourcing' },
  /** An RFQ was cancelled: the line waits for new sourcing. */
  reopen: { from: ['sourcing'], to: 'planned' },
  contract: { from: ['planned', 'sourcing'], to: 'contracted' },
  deliver: { from: ['contracted'], to: 'closed' },
  /** Once in a plan the budget is committed and suppliers may be at work: cancel before that. */
  cancel: { from: ['draft', 'returned', 'approved'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly RequisitionStatus[]; to: RequisitionStatus | null }>;

export type RequisitionAction = keyof typeof REQUISITION_TRANSITIONS;

/** A rule's draft is the same episode while any of these holds its dedupe key (IOT-7). */
export const OPEN_REQUISITION_STATUSES: readonly RequisitionStatus[] = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'planned',
  'sourcing',
  'contracted',
];

export function allows(action: RequisitionAction, status: RequisitionStatus): boolean {
  const from: readonly RequisitionStatus[] = REQUISITION_TRANSITIONS[action].from;
  return from.includes(status);
}

/** @returns the status after `action`, or undefined when `status` does not allow it. */
export function nextStatus(action: RequisitionAction, status: RequisitionStatus): RequisitionStatus | undefined {
  if (!allows(action, status)) return undefined;
  return REQUISITION_TRANSITIONS[action].to ?? status;
}
