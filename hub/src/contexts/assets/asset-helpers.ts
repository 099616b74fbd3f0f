import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { maySeeAsset } from './policy.ts';
import * as repo from './repository.ts';

/** Small pieces the asset services share: dates, locks with the reader's scope, status audit entries. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const today = (): string => new Date().toISOString().slice(0, 10);

/** What the audit log keeps of an asset. */
export function audited(row: repo.AssetRow) {
  return {
    name: row.name,
    categoryCode: row.category_code,
    model: row.model,
    specification: row.specification,
    departmentId: row.department_id,
    location: row.location,
    status: row.status,
    supplierName: row.supplier_name,
    purchaseDate: row.purchase_date,
    amount: Number(row.amount),
  };
}

/** @throws AppError not_found for an unknown asset and for one outside the reader's scope (no existence leak). */
export async function visibleAsset(q: Queryable, actor: Actor, id: string): Promise<repo.AssetRow> {
  const row = await repo.findAsset(q, id);
  if (!row || !maySeeAsset(actor, row)) throw notFound(`asset ${id}`);
  return row;
}

/** Row-locks an asset: workflows on one asset serialise on it. */
export async function lockAsset(tx: Queryable, id: string): Promise<repo.AssetRow> {
  const row = await repo.lockAsset(tx, id);
  if (!row) throw notFound(`asset ${id}`);
  return row;
}

/** Row-locks an asset the actor may see (404 otherwise, as for reading). */
export async function lockVisible(tx: Queryable, actor: Actor, id: string): Promise<repo.AssetRow> {
  const row = await repo.lockAsset(tx, id);
  if (!row || !maySeeAsset(actor, row)) throw notFound(`asset ${id}`);
  return row;
}

/** The audit entry of a status change: before and after status plus what caused it. */
export async function auditStatus(
  tx: Queryable,
  actor: Actor,
  before: repo.AssetRow,
  after: repo.AssetRow,
  action: string,
  context: AuditContext = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  await recordAudit(
    tx,
    actor,
    {
      action,
      entityType: 'asset',
      entityId: after.id,
      before: { status: before.status },
      after: { status: after.status, ...extra },
    },
    context,
  );
}
