import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { forbidden, illegalTransition, invalid } from '../../errors.ts';
import type { ApprovalRequestRow, ApprovalService } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { lockAsset, visibleAsset } from './asset-helpers.ts';
import { mayRequestTransfer } from './policy.ts';
import * as repo from './repository.ts';
import * as flows from './workflow-repository.ts';

/** Transfers between departments (AST-5): asked for by one department head, agreed by the other, approved by the asset office. */
export class TransferService {
  readonly #db: Db;
  readonly #approvals: ApprovalService;

  constructor(db: Db, approvals: ApprovalService) {
    this.#db = db;
    this.#approvals = approvals;
    this.#approvals.define('asset.transfer', {
      defaultSteps: [
        { role: 'department_head', label: 'Other department agrees', labelZh: '调出/调入部门确认', scope: 'payload_department' },
        { role: 'asset_clerk', label: 'Asset office', labelZh: '资产管理部门审批' },
      ],
      onApproved: (tx, request, actor) => this.#transferred(tx, request, actor),
      onRejected: (tx, request, actor, reason) => this.#transferRefused(tx, request, actor, reason),
    });
  }

  /**
   * A head of the giving or the receiving department asks; the head of the other department
   * agrees (approval step scoped to `payload.departmentId`), then the asset office approves.
   */
  async request(
    actor: Actor,
    id: string,
    input: { toDepartmentId: string; toLocation?: string | null | undefined; reason: string },
    context: AuditContext = {},
  ) {
    return this.#db.transaction(async (tx) => {
      const asset = await lockAsset(tx, id);
      if (!(await repo.departmentExists(tx, input.toDepartmentId)))
        throw invalid('toDepartmentId', `no department ${input.toDepartmentId}`);
      if (input.toDepartmentId === asset.department_id)
        throw invalid('toDepartmentId', 'is the department the asset is in already');
      if (!mayRequestTransfer(actor, asset.department_id, input.toDepartmentId))
        throw forbidden('a transfer is requested by the head of the giving or the receiving department');
      if (asset.status !== 'in_use')
        throw illegalTransition(`asset ${id} is ${asset.status}; only an asset in use can be transferred`);
      const open = (await flows.transfersOf(tx, id)).find((t) => t.status === 'pending');
      if (open) throw illegalTransition(`asset ${id} already has a pending transfer (#${open.id})`);
      const transfer = await flows.insertTransfer(tx, {
        assetId: id,
        from: asset.department_id,
        to: input.toDepartmentId,
        toLocation: input.toLocation ?? null,
        reason: input.reason,
        by: actor.userId,
      });
      const counterpart = actor.departmentId === input.toDepartmentId ? asset.department_id : input.toDepartmentId;
      const request = await this.#approvals.submit(
        tx,
        actor,
        {
          kind: 'asset.transfer',
          subjectType: 'asset_transfer',
          subjectId: Number(transfer.id),
          title: `Transfer ${asset.id} ${asset.name}: ${asset.department_id} → ${input.toDepartmentId} / 资产调配`,
          payload: {
            departmentId: counterpart,
            assetId: id,
            fromDepartmentId: asset.department_id,
            toDepartmentId: input.toDepartmentId,
            reason: input.reason,
          },
        },
        context,
      );
      const row = await flows.updateTransfer(tx, Number(transfer.id), {
        status: 'pending',
        approvalRequestId: Number(request.id),
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'asset.transfer_requested',
          entityType: 'asset_transfer',
          entityId: Number(row.id),
          after: { assetId: id, from: asset.department_id, to: input.toDepartmentId, reason: input.reason },
        },
        context,
      );
      return row;
    });
  }

  async #transferred(tx: Queryable, request: ApprovalRequestRow, actor: Actor): Promise<void> {
    const transfer = await flows.findTransfer(tx, Number(request.subject_id));
    if (transfer?.status !== 'pending') return;
    const asset = await lockAsset(tx, transfer.asset_id);
    if (asset.status !== 'in_use')
      throw illegalTransition(`asset ${asset.id} is ${asset.status} now; it cannot move departments`);
    await flows.updateTransfer(tx, Number(transfer.id), { status: 'approved' });
    const after = await repo.updateAsset(tx, asset.id, {
      departmentId: transfer.to_department_id,
      ...(transfer.to_location !== null ? { location: transfer.to_location } : {}),
    });
    await recordAudit(tx, actor, {
      action: 'asset.transferred',
      entityType: 'asset',
      entityId: asset.id,
      before: { departmentId: asset.department_id, location: asset.location },
      after: { departmentId: after.department_id, location: after.location, transferId: Number(transfer.id) },
    });
  }

  async #transferRefused(tx: Queryable, request: ApprovalRequestRow, actor: Actor, reason: string): Promise<void> {
    const transfer = await flows.findTransfer(tx, Number(request.subject_id));
    if (transfer?.status !== 'pending') return;
    const status = request.status === 'cancelled' ? 'cancelled' : 'rejected';
    await flows.updateTransfer(tx, Number(transfer.id), { status, note: reason });
    await recordAudit(tx, actor, {
      action: `asset.transfer_${status}`,
      entityType: 'asset_transfer',
      entityId: Number(transfer.id),
      before: { status: 'pending' },
      after: { status, reason },
    });
  }

  async history(actor: Actor, id: string) {
    await visibleAsset(this.#db, actor, id);
    return flows.transfersOf(this.#db, id);
  }
}
