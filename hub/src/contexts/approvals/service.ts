import { can, isRole, type Role } from '@campus/protocol';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import type { ApprovalRequestRow, ApprovalStep } from './repository.ts';
import * as repo from './repository.ts';

export type { ApprovalRequestRow, ApprovalStep };

/** What a context supplies for each kind of request it submits. */
export interface ApprovalKind {
  /** The chain used until an administrator configures another (approval_chains). */
  defaultSteps: ApprovalStep[];
  /** Runs in the decision's transaction once the last step approves. */
  onApproved(tx: Queryable, request: ApprovalRequestRow, actor: Actor): Promise<void>;
  /** Runs in the decision's transaction when any step rejects (or the requester cancels). */
  onRejected(tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string): Promise<void>;
}

export type Decision = 'approve' | 'reject' | 'comment';

export function validateSteps(steps: unknown, field = 'steps'): ApprovalStep[] {
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > 10) throw invalid(field, 'must be 1-10 steps');
  return steps.map((step, index) => {
    const s = step as Partial<ApprovalStep>;
    if (typeof s.role !== 'string' || !isRole(s.role)) throw invalid(`${field}.${index}.role`, 'is not a role');
    if (typeof s.label !== 'string' || s.label.length === 0) throw invalid(`${field}.${index}.label`, 'must not be empty');
    const scope = s.scope ?? 'any';
    if (!['any', 'requester_department', 'payload_department'].includes(scope))
      throw invalid(`${field}.${index}.scope`, 'is unknown');
    return { role: s.role, label: s.label, ...(s.labelZh ? { labelZh: s.labelZh } : {}), scope };
  });
}

/**
 * The shared approvals mechanism: configurable multi-step chains per request kind, each step
 * taken by a role (optionally only within the requester's department), approve / reject /
 * comment, an inbox per user and the full history. Borrowing, transfers, disposals,
 * postponements, requisitions and check-outs all go through it.
 */
export class ApprovalService {
  readonly #db: Db;
  readonly #kinds = new Map<string, ApprovalKind>();
  readonly #listeners: Array<(request: ApprovalRequestRow) => void> = [];

  constructor(db: Db) {
    this.#db = db;
  }

  define(kind: string, definition: ApprovalKind): void {
    if (this.#kinds.has(kind)) throw new Error(`approval kind ${kind} defined twice`);
    validateSteps(definition.defaultSteps);
    this.#kinds.set(kind, definition);
  }

  kinds(): string[] {
    return [...this.#kinds.keys()].sort();
  }

  onDecided(listener: (request: ApprovalRequestRow) => void): void {
    this.#listeners.push(listener);
  }

  async chainOf(q: Queryable, kind: string): Promise<ApprovalStep[]> {
    const definition = this.#kinds.get(kind);
    if (!definition) throw invalid('kind', `no approval kind ${kind}`);
    return (await repo.findChain(q, kind)) ?? definition.defaultSteps;
  }

  async chains(): Promise<Array<{ kind: string; steps: ApprovalStep[]; configured: boolean }>> {
    const out = [];
    for (const kind of this.kinds()) {
      const configured = await repo.findChain(this.#db, kind);
      out.push({ kind, steps: configured ?? this.#kinds.get(kind)?.defaultSteps ?? [], configured: configured !== undefined });
    }
    return out;
  }

  async configureChain(actor: Actor, kind: string, steps: unknown, context: AuditContext = {}): Promise<ApprovalStep[]> {
    if (!this.#kinds.has(kind)) throw invalid('kind', `no approval kind ${kind}`);
    const valid = validateSteps(steps);
    await this.#db.transaction(async (tx) => {
      const before = await this.chainOf(tx, kind);
      await repo.saveChain(tx, kind, valid);
      await recordAudit(
        tx,
        actor,
        { action: 'approval_chain.configured', entityType: 'approval_chain', entityId: kind, before, after: valid },
        context,
      );
    });
    return valid;
  }

  /**
   * Opens a request inside the caller's transaction, so the subject's new state ("awaiting
   * approval") and the request exist together or not at all.
   * @throws AppError conflict when the subject already has a pending request of this kind.
   */
  async submit(
    tx: Queryable,
    actor: Actor,
    input: { kind: string; subjectType: string; subjectId: string | number; title: string; payload?: Record<string, unknown> },
    context: AuditContext = {},
  ): Promise<ApprovalRequestRow> {
    const steps = await this.chainOf(tx, input.kind);
    const pending = await repo.findPending(tx, input.kind, input.subjectType, String(input.subjectId));
    if (pending)
      throw illegalTransition(
        `${input.subjectType} ${input.subjectId} already has a pending ${input.kind} request (#${pending.id})`,
      );
    const request = await repo.insertRequest(tx, {
      kind: input.kind,
      subjectType: input.subjectType,
      subjectId: String(input.subjectId),
      title: input.title,
      requestedBy: actor.userId,
      requesterName: actor.name,
      requesterDepartment: actor.departmentId,
      steps,
      payload: input.payload ?? {},
    });
    await repo.insertAction(tx, { requestId: Number(request.id), step: 0, actor, decision: 'submit', comment: null });
    await recordAudit(
      tx,
      actor,
      {
        action: 'approval.submitted',
        entityType: 'approval_request',
        entityId: Number(request.id),
        after: { kind: input.kind, subject: `${input.subjectType}:${input.subjectId}` },
      },
      context,
    );
    return request;
  }

  /** Whether `actor` may decide the request's current step. */
  mayDecide(actor: Actor, request: ApprovalRequestRow): boolean {
    if (request.status !== 'pending') return false;
    if (request.requested_by !== null && Number(request.requested_by) === actor.userId) return false;
    if (actor.roles.includes('admin')) return true;
    const step = request.steps[request.current_step];
    if (!step || !actor.roles.includes(step.role)) return false;
    if (step.scope === 'requester_department')
      return actor.departmentId !== null && actor.departmentId === request.requester_department;
    if (step.scope === 'payload_department')
      return actor.departmentId !== null && actor.departmentId === request.payload.departmentId;
    return true;
  }

  /**
   * Approves, rejects or comments the current step. A rejection needs a reason; the last
   * approval completes the request and runs the kind's effect in the same transaction.
   */
  async decide(
    actor: Actor,
    requestId: number,
    decision: Decision,
    comment: string | undefined,
    context: AuditContext = {},
  ): Promise<ApprovalRequestRow> {
    if (decision !== 'approve' && !comment?.trim())
      throw invalid('comment', decision === 'reject' ? 'a rejection needs a reason' : 'must not be empty');
    const result = await this.#db.transaction(async (tx) => {
      const request = await repo.lockRequest(tx, requestId);
      if (!request) throw notFound(`approval request ${requestId}`);
      if (request.status !== 'pending') throw illegalTransition(`request #${requestId} is ${request.status}`);
      if (decision !== 'comment' && !this.mayDecide(actor, request)) {
        if (request.requested_by !== null && Number(request.requested_by) === actor.userId)
          throw forbidden('you cannot decide your own request');
        const step = request.steps[request.current_step];
        throw forbidden(
          `step ${request.current_step + 1} (${step?.label ?? '?'}) is for ${step?.role ?? '?'}${step?.scope === 'any' ? '' : ` of the ${step?.scope === 'requester_department' ? "requester's" : "request's"} department`}`,
        );
      }
      await repo.insertAction(tx, { requestId, step: request.current_step, actor, decision, comment: comment ?? null });
      if (decision === 'comment') return { request, decided: false };
      const definition = this.#kinds.get(request.kind);
      if (!definition) throw new Error(`approval kind ${request.kind} is not defined`);
      let next: ApprovalRequestRow;
      if (decision === 'reject') {
        next = await repo.finish(tx, requestId, 'rejected');
        await definition.onRejected(tx, next, actor, comment ?? '');
      } else if (request.current_step + 1 < request.steps.length) {
        next = await repo.advance(tx, requestId);
      } else {
        next = await repo.finish(tx, requestId, 'approved');
        await definition.onApproved(tx, next, actor);
      }
      await recordAudit(
        tx,
        actor,
        {
          action: `approval.${decision === 'approve' ? 'approved' : 'rejected'}`,
          entityType: 'approval_request',
          entityId: requestId,
          before: { status: request.status, step: request.current_step },
          after: { status: next.status, step: next.current_step, comment },
        },
        context,
      );
      return { request: next, decided: next.status !== 'pending' };
    });
    if (result.decided) for (const listener of this.#listeners) listener(result.request);
    return result.request;
  }

  /** The requester withdraws a pending request; the kind's rejection effect restores the subject. */
  async cancel(actor: Actor, requestId: number, context: AuditContext = {}): Promise<ApprovalRequestRow> {
    const request = await this.#db.transaction(async (tx) => {
      const current = await repo.lockRequest(tx, requestId);
      if (!current) throw notFound(`approval request ${requestId}`);
      if (current.status !== 'pending') throw illegalTransition(`request #${requestId} is ${current.status}`);
      if (Number(current.requested_by) !== actor.userId && !actor.roles.includes('admin'))
        throw forbidden('only the requester can cancel');
      await repo.insertAction(tx, { requestId, step: current.current_step, actor, decision: 'cancel', comment: null });
      const next = await repo.finish(tx, requestId, 'cancelled');
      await this.#kinds.get(current.kind)?.onRejected(tx, next, actor, 'cancelled by the requester');
      await recordAudit(
        tx,
        actor,
        { action: 'approval.cancelled', entityType: 'approval_request', entityId: requestId },
        context,
      );
      return next;
    });
    for (const listener of this.#listeners) listener(request);
    return request;
  }

  inbox(actor: Actor, limit: number, afterId?: number): Promise<ApprovalRequestRow[]> {
    return repo.inbox(this.#db, actor, limit, afterId);
  }

  mine(actor: Actor, limit: number, beforeId?: number): Promise<ApprovalRequestRow[]> {
    return repo.byRequester(this.#db, actor.userId ?? -1, limit, beforeId);
  }

  async detail(actor: Actor, requestId: number) {
    const request = await repo.findRequest(this.#db, requestId);
    if (!request) throw notFound(`approval request ${requestId}`);
    const actions = await repo.actionsOf(this.#db, requestId);
    const involved =
      Number(request.requested_by) === actor.userId ||
      actions.some((a) => a.actor_id !== null && Number(a.actor_id) === actor.userId) ||
      request.steps.some((step) => actor.roles.includes(step.role)) ||
      can(actor.roles, 'approvals.configure');
    if (!involved) throw notFound(`approval request ${requestId}`);
    return { request, actions, mayDecide: this.mayDecide(actor, request) };
  }
}

export type { Role };
