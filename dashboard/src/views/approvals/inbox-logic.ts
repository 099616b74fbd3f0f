import type { ApprovalRequest, Decision } from './api-types.ts';

/**
 * The request kinds the hub defines (services.approvals.define in each context). Known kinds get
 * a translated name; an unknown one (a context added later) still shows, under its own key.
 */
export const KNOWN_KINDS = [
  'asset.acceptance',
  'asset.borrow',
  'asset.transfer',
  'asset.disposal',
  'procurement.requisition',
  'procurement.requisition.large',
  'dorm.checkout',
  'dorm.leave',
  'maintenance.postponement',
  'training.plan',
] as const;
export type KnownKind = (typeof KNOWN_KINDS)[number];

export function isKnownKind(kind: string): kind is KnownKind {
  return (KNOWN_KINDS as readonly string[]).includes(kind);
}

export interface InboxGroup {
  kind: string;
  requests: ApprovalRequest[];
  /** The oldest request's creation time: groups that waited longest come first. */
  oldest: string;
}

/** Requests waiting on me grouped by kind, the longest-waiting group first, oldest first inside. */
export function groupInbox(requests: readonly ApprovalRequest[]): InboxGroup[] {
  const groups = new Map<string, ApprovalRequest[]>();
  for (const request of requests) groups.set(request.kind, [...(groups.get(request.kind) ?? []), request]);
  return [...groups.entries()]
    .map(([kind, list]) => {
      const sorted = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      return { kind, requests: sorted, oldest: sorted[0]?.createdAt ?? '' };
    })
    .sort((a, b) => a.oldest.localeCompare(b.oldest) || a.kind.localeCompare(b.kind));
}

/** Whole days a request has waited. */
export function daysWaiting(request: Pick<ApprovalRequest, 'createdAt'>, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(request.createdAt)) / 86_400_000));
}

/** Requests waiting this many days or more are flagged. */
export const STALE_DAYS = 3;

export type DecisionProblem = 'reason_required' | 'comment_required' | 'too_long';

/** The hub's limit on a decision's comment (approvals routes: maxLength 2000). */
export const MAX_COMMENT = 2000;

/** Checks a decision before it is sent: a rejection needs a reason, a comment needs text (hub approvals service). */
export function decisionProblem(decision: Decision, comment: string): DecisionProblem | null {
  if (comment.length > MAX_COMMENT) return 'too_long';
  if (decision === 'reject' && !comment.trim()) return 'reason_required';
  if (decision === 'comment' && !comment.trim()) return 'comment_required';
  return null;
}

/** The decision body: an approval without a note sends no comment. */
export function decisionBody(decision: Decision, comment: string): { decision: Decision; comment?: string } {
  const text = comment.trim();
  return text ? { decision, comment: text } : { decision };
}

export type StepState = 'done' | 'current' | 'waiting';

/** Each step of the chain with where it stands, for the request's progress line. */
export function stepStates(request: Pick<ApprovalRequest, 'steps' | 'currentStep' | 'status'>): StepState[] {
  return request.steps.map((_, index) => {
    if (request.status === 'approved' || index < request.currentStep) return 'done';
    if (index === request.currentStep && request.status === 'pending') return 'current';
    return 'waiting';
  });
}

/** Bookkeeping fields of payloads that mean nothing to the one deciding. */
const INTERNAL_FIELDS = new Set(['revision']);

/**
 * The payload's simple fields worth showing (numbers, short strings, booleans), at most
 * `limit` of them: payloads differ per kind and may carry nested data the history already tells.
 */
export function payloadFacts(payload: Record<string, unknown>, limit = 12): Array<[string, string | number | boolean]> {
  const facts: Array<[string, string | number | boolean]> = [];
  for (const [key, value] of Object.entries(payload)) {
    if (facts.length >= limit) break;
    if (INTERNAL_FIELDS.has(key)) continue;
    if (typeof value === 'number' || typeof value === 'boolean') facts.push([key, value]);
    else if (typeof value === 'string' && value.length > 0 && value.length <= 300) facts.push([key, value]);
  }
  return facts;
}

/** `requisitionId` → `requisition id`: payload keys read as words when no translation exists. */
export function humanizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .toLowerCase();
}
