import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import type { DraftRequisitionInput } from '../../contracts.ts';
import { forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import type { AuditContext } from '../audit/repository.ts';
import { isCalendarDate } from './dates.ts';
import { type Change, recordChange } from './history.ts';
import { actsForAnyDepartment, departmentScope, isOfDepartment, mayChangeRequisition, maySeeRequisition } from './policy.ts';
import { departmentExists, eventsOf } from './repository.ts';
import type { RequisitionChanges, RequisitionFilter, RequisitionRow } from './requisition-repository.ts';
import * as repo from './requisition-repository.ts';
import { allows, nextStatus, type RequisitionAction } from './requisition-workflow.ts';
import type { ProcurementSettings } from './settings.ts';
import { ITEM_REF, REQUISITION_KINDS, type RequisitionKind } from './vocabulary.ts';

export const REQUISITION_APPROVAL = 'procurement.requisition';
/** Chosen instead when the budget reaches `largeRequisitionBudget`: finance reviews as well (PRC-2). */
export const LARGE_REQUISITION_APPROVAL = 'procurement.requisition.large';
export const REQUISITION = 'procurement_requisition';

export interface RequisitionInput {
  departmentId?: string | undefined;
  kind: RequisitionKind;
  itemName: string;
  specification?: string | null | undefined;
  quantity: number;
  unit: string;
  budget?: number | null | undefined;
  reason: string;
  itemRef?: string | null | undefined;
  neededBy?: string | null | undefined;
}

export type RequisitionEdit = Partial<Omit<RequisitionInput, 'departmentId'>>;

/** What the audit log keeps of a requisition before and after a step. */
export function snapshot(row: RequisitionRow) {
  return {
    status: row.status,
    departmentId: row.department_id,
    kind: row.kind,
    itemName: row.item_name,
    specification: row.specification,
    quantity: Number(row.quantity),
    unit: row.unit,
    budget: row.budget === null ? null : Number(row.budget),
    itemRef: row.item_ref,
    neededBy: row.needed_by,
    revision: row.revision,
    approvalId: row.approval_id === null ? null : Number(row.approval_id),
    returnReason: row.return_reason,
    planLineId: row.plan_line_id === null ? null : Number(row.plan_line_id),
  };
}

const trimmed = (value: string | null | undefined) => {
  const t = value?.trim();
  return t ? t : null;
};

function checkFields(input: RequisitionEdit): void {
  if (input.kind !== undefined && !(REQUISITION_KINDS as readonly string[]).includes(input.kind))
    throw invalid('kind', 'must be goods or service');
  if (input.itemName !== undefined && !input.itemName.trim()) throw invalid('itemName', 'must not be empty');
  if (input.unit !== undefined && !input.unit.trim()) throw invalid('unit', 'must not be empty');
  if (input.reason !== undefined && !input.reason.trim()) throw invalid('reason', 'say why it is needed');
  if (input.quantity !== undefined && !(Number.isFinite(input.quantity) && input.quantity > 0))
    throw invalid('quantity', 'must be above 0');
  if (input.budget != null && !(Number.isFinite(input.budget) && input.budget >= 0)) throw invalid('budget', 'must be 0 or more');
  if (input.itemRef != null && !ITEM_REF.test(input.itemRef))
    throw invalid('itemRef', 'must look like stock-item:<id> or asset-category:<code>');
  if (input.neededBy != null && !isCalendarDate(input.neededBy)) throw invalid('neededBy', 'must be a date YYYY-MM-DD');
}

/**
 * Requisitions (PRC-1, PRC-2): raised by a department's staff or drafted by rules, reviewed
 * through the shared approvals (department head, then the procurement office, and finance for
 * large budgets), returned with a reason for revision and resubmitted as a new revision.
 */
export class RequisitionService {
  readonly #db: Db;
  readonly #approvals: ApprovalService;
  readonly #settings: ProcurementSettings;

  constructor(db: Db, approvals: ApprovalService, settings: ProcurementSettings) {
    this.#db = db;
    this.#approvals = approvals;
    this.#settings = settings;
    const effects = {
      onApproved: (tx: Queryable, request: ApprovalRequestRow, actor: Actor) => this.#decided(tx, request, actor, 'approve'),
      onRejected: (tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string) =>
        this.#decided(tx, request, actor, 'return', reason),
    };
    approvals.define(REQUISITION_APPROVAL, {
      defaultSteps: [
        {
          role: 'department_head',
          label: 'Head of the requesting department',
          labelZh: '申请部门负责人',
          scope: 'payload_department',
        },
        { role: 'procurement_officer', label: 'Procurement office', labelZh: '采购管理部门' },
      ],
      ...effects,
    });
    approvals.define(LARGE_REQUISITION_APPROVAL, {
      defaultSteps: [
        {
          role: 'department_head',
          label: 'Head of the requesting department',
          labelZh: '申请部门负责人',
          scope: 'payload_department',
        },
        { role: 'procurement_officer', label: 'Procurement office', labelZh: '采购管理部门' },
        { role: 'finance', label: 'Finance (budget above the threshold)', labelZh: '财务（超限额预算）' },
      ],
      ...effects,
    });
  }

  /**
   * RequisitionDrafter (IOT-7, CAT-5): a draft raised by a rule inside the caller's transaction.
   * While an open requisition holds the dedupe key it is returned instead (created: false).
   * @throws AppError invalid naming the field of bad input.
   */
  async draft(tx: Queryable, actor: Actor, input: DraftRequisitionInput, context: AuditContext = {}) {
    const { row, created } = await this.#insert(
      tx,
      actor,
      {
        departmentId: input.departmentId,
        kind: 'goods',
        itemName: input.itemName,
        specification: input.specification ?? null,
        quantity: input.quantity,
        unit: input.unit,
        budget: input.budget ?? null,
        reason: input.reason,
        itemRef: input.itemRef ?? null,
        neededBy: null,
      },
      input.dedupeKey ?? null,
      actor.userId === null ? 'rule' : 'person',
      context,
    );
    return { id: Number(row.id), created };
  }

  /** PRC-1: a department's requisition, saved as a draft and, with `submit`, sent for review at once. */
  async create(actor: Actor, input: RequisitionInput & { submit?: boolean | undefined }, context: AuditContext = {}) {
    const departmentId = input.departmentId ?? actor.departmentId;
    if (!departmentId) throw invalid('departmentId', 'you belong to no department: name the department');
    if (!isOfDepartment(actor, departmentId) && !actsForAnyDepartment(actor))
      throw forbidden('you may raise requisitions only for your own department');
    return this.#db.transaction(async (tx) => {
      const { row } = await this.#insert(tx, actor, { ...input, departmentId }, null, 'person', context);
      return input.submit ? this.#submit(tx, actor, row, context) : row;
    });
  }

  async #insert(
    tx: Queryable,
    actor: Actor,
    input: RequisitionInput & { departmentId: string },
    dedupeKey: string | null,
    source: 'person' | 'rule',
    context: AuditContext,
  ): Promise<{ row: RequisitionRow; created: boolean }> {
    checkFields(input);
    if (!(await departmentExists(tx, input.departmentId))) throw invalid('departmentId', `no department ${input.departmentId}`);
    const fresh: repo.NewRequisition = {
      source,
      departmentId: input.departmentId,
      requesterId: source === 'person' ? actor.userId : null,
      requesterName: actor.name,
      kind: input.kind,
      itemName: input.itemName.trim(),
      specification: trimmed(input.specification),
      quantity: input.quantity,
      unit: input.unit.trim(),
      budget: input.budget ?? null,
      reason: input.reason.trim(),
      itemRef: input.itemRef ?? null,
      neededBy: input.neededBy ?? null,
      dedupeKey,
    };
    let row = await repo.insertRequisition(tx, fresh);
    if (!row && dedupeKey !== null) {
      const open = await repo.findOpenByDedupeKey(tx, dedupeKey);
      if (open) return { row: open, created: false };
      // The holder closed between our insert and our read: the key is free now.
      row = await repo.insertRequisition(tx, fresh);
    }
    if (!row) throw new Error('requisition insert returned nothing');
    await recordChange(
      tx,
      actor,
      {
        entityType: REQUISITION,
        entityId: Number(row.id),
        kind: 'drafted',
        note: row.reason,
        after: { ...snapshot(row), source, dedupeKey },
      },
      context,
    );
    return { row, created: true };
  }

  /** One step: lock, hide from who may not see it, authorise, check the transition. */
  async #step(
    actor: Actor,
    id: number,
    action: RequisitionAction,
    work: (tx: Queryable, row: RequisitionRow) => Promise<RequisitionRow>,
  ): Promise<RequisitionRow> {
    return this.#db.transaction(async (tx) => {
      const row = await repo.lockRequisition(tx, id);
      if (!row || !maySeeRequisition(actor, row)) throw notFound(`requisition ${id}`);
      if (!mayChangeRequisition(actor, row))
        throw forbidden(`only staff of ${row.department_id} or the procurement office change it`);
      if (!allows(action, row.status)) throw illegalTransition(`requisition #${id} is ${row.status}: cannot ${action}`);
      return work(tx, row);
    });
  }

  /**
   * Applies an action's status change (the state machine decides it) plus other changes, and
   * records history and audit. Other procurement services move requisitions through here too.
   * @throws AppError illegal_transition when the requisition's status does not allow the action.
   */
  async transition(
    tx: Queryable,
    actor: Actor,
    row: RequisitionRow,
    action: RequisitionAction,
    changes: RequisitionChanges,
    step: Omit<Change, 'entityType' | 'entityId' | 'before' | 'after'>,
    context: AuditContext,
  ): Promise<RequisitionRow> {
    const status = nextStatus(action, row.status);
    if (status === undefined) throw illegalTransition(`requisition #${row.id} is ${row.status}: cannot ${action}`);
    const after = await repo.updateRequisition(tx, Number(row.id), { ...changes, status });
    await recordChange(
      tx,
      actor,
      { ...step, entityType: REQUISITION, entityId: Number(row.id), before: snapshot(row), after: snapshot(after) },
      context,
    );
    return after;
  }

  /** PRC-2: the requester revises a draft or a returned requisition. */
  async update(actor: Actor, id: number, edit: RequisitionEdit, context: AuditContext = {}): Promise<RequisitionRow> {
    checkFields(edit);
    return this.#step(actor, id, 'edit', (tx, row) =>
      this.transition(
        tx,
        actor,
        row,
        'edit',
        {
          kind: edit.kind,
          item_name: edit.itemName?.trim(),
          specification: edit.specification === undefined ? undefined : trimmed(edit.specification),
          quantity: edit.quantity,
          unit: edit.unit?.trim(),
          budget: edit.budget,
          reason: edit.reason?.trim(),
          item_ref: edit.itemRef,
          needed_by: edit.neededBy,
        },
        { kind: 'revised' },
        context,
      ),
    );
  }

  /** PRC-2: send for review; after a return this is a resubmission (a new revision, a new approval request). */
  submit(actor: Actor, id: number, context: AuditContext = {}): Promise<RequisitionRow> {
    return this.#step(actor, id, 'submit', (tx, row) => this.#submit(tx, actor, row, context));
  }

  async #submit(tx: Queryable, actor: Actor, row: RequisitionRow, context: AuditContext): Promise<RequisitionRow> {
    if (row.budget === null) throw invalid('budget', 'give the budget before submitting (PRC-1)');
    const budget = Number(row.budget);
    const kind = budget >= this.#settings.largeRequisitionBudget ? LARGE_REQUISITION_APPROVAL : REQUISITION_APPROVAL;
    const resubmission = row.status === 'returned';
    const revision = resubmission ? row.revision + 1 : row.revision;
    const request = await this.#approvals.submit(
      tx,
      actor,
      {
        kind,
        subjectType: REQUISITION,
        subjectId: Number(row.id),
        title: `Requisition #${row.id}${revision > 0 ? ` (revision ${revision})` : ''}: ${row.item_name} × ${Number(row.quantity)} ${row.unit}, ${row.department_id}`,
        payload: {
          departmentId: row.department_id,
          requisitionId: Number(row.id),
          revision,
          kind: row.kind,
          itemName: row.item_name,
          specification: row.specification,
          quantity: Number(row.quantity),
          unit: row.unit,
          budget,
          reason: row.reason,
        },
      },
      context,
    );
    return this.transition(
      tx,
      actor,
      row,
      'submit',
      {
        approval_id: Number(request.id),
        revision,
        return_reason: null,
        submitted_at: new Date(),
        // A rule's draft belongs to whoever takes it up and submits it.
        ...(row.requester_id === null && actor.userId !== null ? { requester_id: actor.userId, requester_name: actor.name } : {}),
      },
      {
        kind: resubmission ? 'resubmitted' : 'submitted',
        data: { approvalId: Number(request.id), approvalKind: kind, revision },
      },
      context,
    );
  }

  /** The approval's effect, in the decision's transaction: approved, or returned with the reason. */
  async #decided(tx: Queryable, request: ApprovalRequestRow, actor: Actor, action: 'approve' | 'return', reason?: string) {
    const row = await repo.lockRequisition(tx, Number(request.subject_id));
    // A stale request (the requisition moved on since) changes nothing.
    if (row?.status !== 'submitted' || Number(row.approval_id) !== Number(request.id)) return;
    await this.transition(
      tx,
      actor,
      row,
      action,
      action === 'approve' ? { approved_at: new Date() } : { return_reason: reason ?? null },
      {
        kind: action === 'approve' ? 'approved' : 'returned',
        note: reason ?? null,
        data: { approvalId: Number(request.id) },
      },
      {},
    );
  }

  /** Withdrawn before it is planned (afterwards budget is committed and suppliers may be at work). */
  async cancel(actor: Actor, id: number, reason: string, context: AuditContext = {}): Promise<RequisitionRow> {
    if (!reason.trim()) throw invalid('reason', 'must not be empty');
    return this.#step(actor, id, 'cancel', (tx, row) =>
      this.transition(
        tx,
        actor,
        row,
        'cancel',
        { close_reason: reason.trim(), closed_at: new Date() },
        { kind: 'cancelled', note: reason.trim() },
        context,
      ),
    );
  }

  async detail(actor: Actor, id: number) {
    const row = await repo.findRequisition(this.#db, id);
    if (!row || !maySeeRequisition(actor, row)) throw notFound(`requisition ${id}`);
    return { requisition: row, history: await eventsOf(this.#db, REQUISITION, id) };
  }

  /** Scoped: the actor's department unless they read every department's. */
  list(actor: Actor, filter: RequisitionFilter): Promise<RequisitionRow[]> {
    const scope = departmentScope(actor);
    if (scope !== undefined && filter.departmentId !== undefined && filter.departmentId !== scope) return Promise.resolve([]);
    return repo.listRequisitions(this.#db, { ...filter, departmentId: scope ?? filter.departmentId });
  }
}
