import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { auditStatus, isRealDate, lockAsset, lockVisible, today, visibleAsset } from './asset-helpers.ts';
import * as repo from './repository.ts';
import { assertMove } from './status.ts';
import * as flows from './workflow-repository.ts';

export interface DisposalExecutionInput {
  method: flows.DisposalMethod;
  executedOn: string;
  proceeds?: number | undefined;
  buyer?: string | undefined;
  recipient?: string | undefined;
  destructionMethod?: string | undefined;
  witness?: string | undefined;
  notes?: string | undefined;
}

/** Disposal (AST-8, AST-9): requested with reason and condition, approved by the asset office and finance (configurable), then carried out and recorded. */
export class DisposalService {
  readonly #db: Db;
  readonly #approvals: ApprovalService;

  constructor(db: Db, approvals: ApprovalService) {
    this.#db = db;
    this.#approvals = approvals;
    this.#approvals.define('asset.disposal', {
      defaultSteps: [
        { role: 'asset_clerk', label: 'Asset office', labelZh: '资产管理部门审批' },
        { role: 'finance', label: 'Finance', labelZh: '财务部门审批' },
      ],
      onApproved: (tx, request, actor) => this.#disposalApproved(tx, request, actor),
      onRejected: (tx, request, actor, reason) => this.#disposalRefused(tx, request, actor, reason),
    });
  }

  async request(actor: Actor, id: string, input: { reason: string; condition: string }, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      await lockVisible(tx, actor, id);
      return this.requestIn(tx, actor, id, { ...input, stocktakeId: null }, context);
    });
  }

  /** Opens a disposal inside the caller's transaction (a stocktake writing off a loss uses it too). */
  async requestIn(
    tx: Queryable,
    actor: Actor,
    id: string,
    input: { reason: string; condition: string; stocktakeId: number | null },
    context: AuditContext = {},
  ): Promise<flows.DisposalRow> {
    const asset = await lockAsset(tx, id);
    assertMove(id, asset.status, 'pending_disposal');
    const disposal = await flows.insertDisposal(tx, {
      assetId: id,
      reason: input.reason,
      condition: input.condition,
      stocktakeId: input.stocktakeId,
      by: actor.userId,
    });
    const after = await repo.setAssetStatus(tx, id, 'pending_disposal', { remember: asset.status });
    const request = await this.#approvals.submit(
      tx,
      actor,
      {
        kind: 'asset.disposal',
        subjectType: 'asset_disposal',
        subjectId: Number(disposal.id),
        title: `Dispose of ${asset.id} ${asset.name} / 资产报废`,
        payload: {
          departmentId: asset.department_id,
          assetId: id,
          reason: input.reason,
          condition: input.condition,
          amount: Number(asset.amount),
        },
      },
      context,
    );
    const row = await flows.decideDisposal(tx, Number(disposal.id), { status: 'pending', approvalRequestId: Number(request.id) });
    await auditStatus(tx, actor, asset, after, 'asset.disposal_requested', context, {
      disposalId: Number(row.id),
      reason: input.reason,
      condition: input.condition,
    });
    return row;
  }

  async #disposalApproved(tx: Queryable, request: ApprovalRequestRow, actor: Actor): Promise<void> {
    const disposal = await flows.findDisposal(tx, Number(request.subject_id), true);
    if (disposal?.status !== 'pending') return;
    await flows.decideDisposal(tx, Number(disposal.id), { status: 'approved' });
    await recordAudit(tx, actor, {
      action: 'asset.disposal_approved',
      entityType: 'asset_disposal',
      entityId: Number(disposal.id),
      before: { status: 'pending' },
      after: { status: 'approved' },
    });
  }

  async #disposalRefused(tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string): Promise<void> {
    const disposal = await flows.findDisposal(tx, Number(request.subject_id), true);
    if (disposal?.status !== 'pending') return;
    const status = request.status === 'cancelled' ? 'cancelled' : 'rejected';
    await flows.decideDisposal(tx, Number(disposal.id), { status, note: reason });
    const asset = await lockAsset(tx, disposal.asset_id);
    const back = asset.status_before ?? 'in_use';
    const after = asset.status === 'pending_disposal' ? await repo.setAssetStatus(tx, asset.id, back) : asset;
    await auditStatus(tx, actor, asset, after, `asset.disposal_${status}`, {}, { disposalId: Number(disposal.id), reason });
  }

  /**
   * Records how an approved disposal was carried out (AST-9); the asset leaves the books.
   * @throws AppError illegal_transition before the approval chain is complete.
   */
  async execute(actor: Actor, disposalId: number, input: DisposalExecutionInput, context: AuditContext = {}) {
    if (!isRealDate(input.executedOn) || input.executedOn > today())
      throw invalid('executedOn', 'must be a real date, not in the future');
    const need = (field: 'proceeds' | 'buyer' | 'recipient' | 'destructionMethod' | 'witness', why: string) => {
      if (input[field] === undefined) throw invalid(field, why);
    };
    switch (input.method) {
      case 'sale':
        need('proceeds', 'a sale records what it fetched');
        need('buyer', 'a sale records the buyer');
        break;
      case 'donation':
        need('recipient', 'a donation records the recipient');
        break;
      case 'destruction':
        need('destructionMethod', 'a destruction records how');
        need('witness', 'a destruction is witnessed');
        break;
      case 'write_off':
        break;
    }
    return this.#db.transaction(async (tx) => {
      const disposal = await flows.findDisposal(tx, disposalId, true);
      if (!disposal) throw notFound(`disposal ${disposalId}`);
      if (disposal.status === 'pending') throw illegalTransition(`disposal ${disposalId} is still awaiting approval`);
      if (disposal.status !== 'approved') throw illegalTransition(`disposal ${disposalId} is ${disposal.status}`);
      if (input.method === 'write_off' && disposal.stocktake_id === null)
        throw invalid('method', 'write_off is for stocktake losses; a physical asset is sold, donated or destroyed');
      const asset = await lockAsset(tx, disposal.asset_id);
      assertMove(asset.id, asset.status, 'disposed');
      const row = await flows.executeDisposal(tx, disposalId, {
        method: input.method,
        proceeds: input.proceeds ?? null,
        buyer: input.buyer ?? null,
        recipient: input.recipient ?? null,
        destructionMethod: input.destructionMethod ?? null,
        witness: input.witness ?? null,
        executedOn: input.executedOn,
        notes: input.notes ?? null,
        by: actor.userId,
      });
      const after = await repo.setAssetStatus(tx, asset.id, 'disposed', { disposed: true });
      await auditStatus(tx, actor, asset, after, 'asset.disposed', context, { disposalId, ...input });
      return row;
    });
  }

  async history(actor: Actor, id: string) {
    await visibleAsset(this.#db, actor, id);
    return flows.disposalsOf(this.#db, id);
  }

  list(status: flows.DisposalStatus | undefined, limit: number, beforeId?: number) {
    return flows.listDisposals(this.#db, status, limit, beforeId);
  }
}
