import type { Urgency } from '../../contracts.ts';

/** How long, from the report, a technician has to respond (confirm a visit) and to resolve (mark done). */
export interface SlaTarget {
  respondWithinMinutes: number;
  resolveWithinMinutes: number;
}
export type SlaPolicy = Record<Urgency, SlaTarget>;

/** Defaults for a campus; replace them per site through MaintenanceOptions.sla. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  critical: { respondWithinMinutes: 30, resolveWithinMinutes: 4 * 60 },
  high: { respondWithinMinutes: 2 * 60, resolveWithinMinutes: 24 * 60 },
  normal: { respondWithinMinutes: 8 * 60, resolveWithinMinutes: 3 * 24 * 60 },
  low: { respondWithinMinutes: 24 * 60, resolveWithinMinutes: 7 * 24 * 60 },
};

const MINUTE_MS = 60_000;

export function deadlines(reportedAt: Date, urgency: Urgency, policy: SlaPolicy): { respondBy: Date; resolveBy: Date } {
  const target = policy[urgency];
  return {
    respondBy: new Date(reportedAt.getTime() + target.respondWithinMinutes * MINUTE_MS),
    resolveBy: new Date(reportedAt.getTime() + target.resolveWithinMinutes * MINUTE_MS),
  };
}

export interface SlaTimestamps {
  respondBy: Date | null;
  resolveBy: Date | null;
  respondedAt: Date | null;
  resolvedAt: Date | null;
  /** Out-of-scope and cancelled tickets carry no obligation any more. */
  withdrawn: boolean;
}

export interface SlaState {
  respondOverdue: boolean;
  resolveOverdue: boolean;
  overdue: boolean;
}

/**
 * A deadline is breached when its milestone came after it, or has not come and the deadline
 * has passed. The SQL filter `overdue` in repository.ts states the same rule; the API tests
 * check that both agree.
 */
export function slaState(t: SlaTimestamps, now: Date): SlaState {
  const breached = (due: Date | null, done: Date | null) =>
    !t.withdrawn && due !== null && (done === null ? now.getTime() > due.getTime() : done.getTime() > due.getTime());
  const respondOverdue = breached(t.respondBy, t.respondedAt);
  const resolveOverdue = breached(t.resolveBy, t.resolvedAt);
  return { respondOverdue, resolveOverdue, overdue: respondOverdue || resolveOverdue };
}

/**
 * An approved postponement (MNT-4) moves the resolve-by deadline by the approved delay, so only
 * lateness nobody approved counts as a breach. Without an earlier visit time the delay runs
 * from the moment of approval. The deadline never moves earlier.
 */
export function postponedResolveBy(
  resolveBy: Date | null,
  previousVisit: Date | null,
  newVisit: Date,
  approvedAt: Date,
): Date | null {
  if (resolveBy === null) return null;
  const delay = newVisit.getTime() - (previousVisit ?? approvedAt).getTime();
  return delay > 0 ? new Date(resolveBy.getTime() + delay) : resolveBy;
}
