import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { insertEvent } from './repository.ts';

export type ProcurementEntity =
  | 'procurement_requisition'
  | 'procurement_plan'
  | 'procurement_budget'
  | 'procurement_supplier'
  | 'procurement_rfq'
  | 'procurement_contract';

export interface Change {
  entityType: ProcurementEntity;
  entityId: string | number;
  /** Past tense; the audit action is `<entityType>.<kind>`, the history entry's kind is `kind`. */
  kind: string;
  note?: string | null | undefined;
  before?: unknown;
  after?: unknown;
  /** What the history shows besides the note (defaults to `after`). */
  data?: Record<string, unknown> | undefined;
}

/**
 * Every state change leaves two traces in its own transaction: the record's history, which the
 * people involved read (PRC-4 "record the whole process"), and the audit entry with before and
 * after (DAT-6).
 */
export async function recordChange(tx: Queryable, actor: Actor, change: Change, context: AuditContext): Promise<void> {
  await insertEvent(tx, {
    entityType: change.entityType,
    entityId: change.entityId,
    actor,
    kind: change.kind,
    note: change.note ?? null,
    data: change.data ?? change.after,
  });
  await recordAudit(
    tx,
    actor,
    {
      action: `${change.entityType}.${change.kind}`,
      entityType: change.entityType,
      entityId: change.entityId,
      before: change.before,
      after: change.after ?? change.data,
    },
    context,
  );
}
