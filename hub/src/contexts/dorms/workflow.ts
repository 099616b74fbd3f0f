import type { CheckoutStatus, Condition, LeaveStatus, ResidentStatus, SafetyStatus } from './vocabulary.ts';

/**
 * The state machines of the dormitory workflows, as data: which action is allowed from which
 * state. Services check here before changing anything and answer 409 illegal_transition otherwise.
 */

export type ResidentAction = 'allocate' | 'check_in' | 'request_checkout' | 'check_out';
const RESIDENT_FROM: Record<ResidentAction, readonly ResidentStatus[]> = {
  // A returning resident (checked out earlier) can be allocated again.
  allocate: ['pending', 'checked_out'],
  check_in: ['allocated'],
  request_checkout: ['checked_in'],
  check_out: ['checked_in'],
};

export function residentAllows(action: ResidentAction, status: ResidentStatus): boolean {
  return RESIDENT_FROM[action].includes(status);
}

export type CheckoutAction = 'approve' | 'reject' | 'cancel' | 'complete';
const CHECKOUT_FROM: Record<CheckoutAction, readonly CheckoutStatus[]> = {
  approve: ['requested'],
  reject: ['requested'],
  cancel: ['requested'],
  complete: ['approved'],
};

export function checkoutAllows(action: CheckoutAction, status: CheckoutStatus): boolean {
  return CHECKOUT_FROM[action].includes(status);
}

export type LeaveAction = 'approve' | 'reject' | 'cancel';
export function leaveAllows(_action: LeaveAction, status: LeaveStatus): boolean {
  return status === 'requested';
}

export type SafetyAction = 'add_before_photo' | 'add_after_photo' | 'reinspect';
const SAFETY_FROM: Record<SafetyAction, readonly SafetyStatus[]> = {
  add_before_photo: ['rectifying'],
  add_after_photo: ['rectifying'],
  reinspect: ['rectifying'],
};

export function safetyAllows(action: SafetyAction, status: SafetyStatus): boolean {
  return SAFETY_FROM[action].includes(status);
}

/** A rectification not closed by its deadline is overdue (DRM-7: tracked to closure). */
export function safetyOverdue(check: { status: SafetyStatus; deadline: Date | null }, now: Date): boolean {
  return check.status === 'rectifying' && check.deadline !== null && check.deadline.getTime() < now.getTime();
}

const DAY_MS = 86_400_000;

/**
 * When an inspection plan is next due (DRM-5): `everyDays` after the last inspection under it,
 * or its start date when none has been done yet. Dates are calendar days (YYYY-MM-DD, UTC).
 */
export function planNextDue(plan: { startsOn: string; everyDays: number }, lastDoneOn: string | null): string {
  if (lastDoneOn === null) return plan.startsOn;
  const next = new Date(Date.parse(`${lastDoneOn}T00:00:00Z`) + plan.everyDays * DAY_MS).toISOString().slice(0, 10);
  return next < plan.startsOn ? plan.startsOn : next;
}

export interface RegisterItem {
  id: number;
  label: string;
}

export interface ReportedItem {
  itemId: number;
  condition: Condition;
  note?: string | null | undefined;
  damageCost?: number | null | undefined;
}

/**
 * A room condition report (DRM-2 check-in, DRM-3 check-out) must cover the room's facility
 * register exactly: every item once, nothing else. Returns the problems as field → reason.
 */
export function conditionReportProblems(
  register: readonly RegisterItem[],
  reported: readonly ReportedItem[],
): Array<{ field: string; reason: string }> {
  const problems: Array<{ field: string; reason: string }> = [];
  const known = new Set(register.map((item) => item.id));
  const seen = new Set<number>();
  reported.forEach((item, index) => {
    if (!known.has(item.itemId))
      problems.push({ field: `items.${index}.itemId`, reason: `item ${item.itemId} is not in this room's register` });
    else if (seen.has(item.itemId))
      problems.push({ field: `items.${index}.itemId`, reason: `item ${item.itemId} is reported twice` });
    seen.add(item.itemId);
    if (item.condition === 'ok' && item.damageCost)
      problems.push({ field: `items.${index}.damageCost`, reason: 'an item in good order costs nothing' });
  });
  const missing = register.filter((item) => !seen.has(item.id));
  if (missing.length > 0)
    problems.push({
      field: 'items',
      reason: `the report must cover every item of the room; missing: ${missing.map((m) => `${m.id} (${m.label})`).join(', ')}`,
    });
  return problems;
}

/**
 * What a check-out charges (DRM-3): damage is charged only for an item that was in good order
 * at check-in (or had no check-in report) and is damaged or missing now, at the cost the
 * manager states. Pre-existing damage is the school's, never the leaving resident's.
 * @returns per chargeable item the cost, and the problems (a cost claimed for pre-existing damage).
 */
export function checkoutCharges(
  reported: readonly ReportedItem[],
  atCheckIn: ReadonlyMap<number, Condition>,
): { charges: Array<{ itemId: number; cost: number }>; problems: Array<{ field: string; reason: string }> } {
  const charges: Array<{ itemId: number; cost: number }> = [];
  const problems: Array<{ field: string; reason: string }> = [];
  reported.forEach((item, index) => {
    const cost = item.damageCost ?? 0;
    if (item.condition === 'ok' || cost <= 0) return;
    const before = atCheckIn.get(item.itemId);
    if (before !== undefined && before !== 'ok') {
      problems.push({ field: `items.${index}.damageCost`, reason: `was already ${before} at check-in; nothing to charge` });
      return;
    }
    charges.push({ itemId: item.itemId, cost: Math.round(cost * 100) / 100 });
  });
  return { charges, problems };
}
