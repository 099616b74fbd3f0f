import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { auditStatus, isRealDate, lockAsset, today, visibleAsset } from './asset-helpers.ts';
import * as repo from './repository.ts';
import { assertMove } from './status.ts';
import * as flows from './workflow-repository.ts';

/** Borrowing (AST-4): a loan is asked for, approved (by default by the asset office), lent and taken back. */
export class BorrowService {
  readonly #db: Db;
  readonly #approvals: ApprovalService;

  constructor(db: Db, approvals: ApprovalService) {
    this.#db = db;
    this.#approvals = approvals;
    this.#approvals.define('asset.borrow', {
      defaultSteps: [{ role: 'asset_clerk', label: 'Asset office', labelZh: '资产管理部门审批' }],
      onApproved: (tx, request, actor) => this.#lent(tx, request, actor),
      onRejected: (tx, request, actor, reason) => this.#borrowRefused(tx, request, actor, reason),
    });
  }

  async request(actor: Actor, id: string, input: { purpose: string; dueOn: string }, context: AuditContext = {}) {
    if (!isRealDate(input.dueOn)) throw invalid('dueOn', 'must be a real date YYYY-MM-DD');
    if (input.dueOn < today()) throw invalid('dueOn', 'must not be in the past');
    return this.#db.transaction(async (tx) => {
      const asset = await lockAsset(tx, id);
      if (asset.status !== 'in_use') throw illegalTransition(`asset ${id} is ${asset.status}; only an asset in use can be lent`);
      const open = (await flows.borrowingsOf(tx, id, 1))[0];
      if (open && (open.status === 'pending' || open.status === 'borrowed'))
        throw illegalTransition(`asset ${id} already has an open borrowing (#${open.id}, ${open.status})`);
      const borrowing = await flows.insertBorrowing(tx, {
        assetId: id,
        borrowerId: actor.userId,
        borrowerName: actor.name,
        departmentId: actor.departmentId,
        purpose: input.purpose,
        dueOn: input.dueOn,
      });
      const request = await this.#approvals.submit(
        tx,
        actor,
        {
          kind: 'asset.borrow',
          subjectType: 'asset_borrowing',
          subjectId: Number(borrowing.id),
          title: `Borrow ${asset.id} ${asset.name} until ${input.dueOn} / 资产领用`,
          payload: { departmentId: actor.departmentId, assetId: id, purpose: input.purpose, dueOn: input.dueOn },
        },
        context,
      );
      const row = await flows.updateBorrowing(tx, Number(borrowing.id), {
        status: 'pending',
        approvalRequestId: Number(request.id),
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'asset.borrow_requested',
          entityType: 'asset_borrowing',
          entityId: Number(row.id),
          after: { assetId: id, ...input },
        },
        context,
      );
      return row;
    });
  }

  async #lent(tx: Queryable, request: ApprovalRequestRow, actor: Actor): Promise<void> {
    const borrowing = await flows.findBorrowing(tx, Number(request.subject_id), true);
    if (borrowing?.status !== 'pending') return;
    const asset = await lockAsset(tx, borrowing.asset_id);
    assertMove(asset.id, asset.status, 'borrowed');
    await flows.updateBorrowing(tx, Number(borrowing.id), { status: 'borrowed', lent: true });
    const after = await repo.setAssetStatus(tx, asset.id, 'borrowed');
    await auditStatus(
      tx,
      actor,
      asset,
      after,
      'asset.lent',
      {},
      { borrowingId: Number(borrowing.id), borrower: borrowing.borrower_name },
    );
  }

  async #borrowRefused(tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string): Promise<void> {
    const borrowing = await flows.findBorrowing(tx, Number(request.subject_id), true);
    if (borrowing?.status !== 'pending') return;
    const status = request.status === 'cancelled' ? 'cancelled' : 'rejected';
    await flows.updateBorrowing(tx, Number(borrowing.id), { status, note: reason });
    await recordAudit(tx, actor, {
      action: `asset.borrow_${status}`,
      entityType: 'asset_borrowing',
      entityId: Number(borrowing.id),
      before: { status: 'pending' },
      after: { status, reason },
    });
  }

  /** The asset office takes a borrowed asset back; its status returns to in use. */
  async takeBack(actor: Actor, borrowingId: number, condition: string, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const borrowing = await flows.findBorrowing(tx, borrowingId, true);
      if (!borrowing) throw notFound(`borrowing ${borrowingId}`);
      if (borrowing.status !== 'borrowed')
        throw illegalTransition(`borrowing ${borrowingId} is ${borrowing.status}, not out on loan`);
      const asset = await lockAsset(tx, borrowing.asset_id);
      const row = await flows.updateBorrowing(tx, borrowingId, {
        status: 'returned',
        returned: true,
        condition,
        returnedTo: actor.userId,
      });
      // Broken while on loan: maintenance owns it now and hands it back to in use when done.
      if (asset.status === 'borrowed') {
        const after = await repo.setAssetStatus(tx, asset.id, 'in_use');
        await auditStatus(tx, actor, asset, after, 'asset.returned', context, { borrowingId, condition });
      } else {
        await recordAudit(
          tx,
          actor,
          {
            action: 'asset.returned',
            entityType: 'asset',
            entityId: asset.id,
            after: { status: asset.status, borrowingId, condition },
          },
          context,
        );
      }
      return row;
    });
  }

  async history(actor: Actor, id: string, limit: number, beforeId?: number) {
    await visibleAsset(this.#db, actor, id);
    return flows.borrowingsOf(this.#db, id, limit, beforeId);
  }
}
