import { illegalTransition } from '../../errors.ts';

/**
 * The life of an asset (AST-3..9): the register's status is always current because every
 * workflow moves it through this one table.
 */
export const ASSET_STATUSES = [
  'pending_acceptance',
  'rejected',
  'in_use',
  'borrowed',
  'under_maintenance',
  'missing',
  'pending_disposal',
  'disposed',
] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const ASSET_STATUS_LABELS: Record<AssetStatus, { en: string; zh: string }> = {
  pending_acceptance: { en: 'Awaiting acceptance', zh: '待验收' },
  rejected: { en: 'Acceptance refused, returned to intake', zh: '验收未通过(退回)' },
  in_use: { en: 'In use', zh: '在用' },
  borrowed: { en: 'Borrowed', zh: '借用中' },
  under_maintenance: { en: 'Under maintenance', zh: '维修中' },
  missing: { en: 'Missing (stocktake loss under investigation)', zh: '盘亏待查' },
  pending_disposal: { en: 'Disposal requested', zh: '待报废' },
  disposed: { en: 'Disposed', zh: '已处置' },
};

const TRANSITIONS: Record<AssetStatus, readonly AssetStatus[]> = {
  pending_acceptance: ['in_use', 'rejected'],
  rejected: ['pending_acceptance'],
  in_use: ['borrowed', 'under_maintenance', 'missing', 'pending_disposal'],
  borrowed: ['in_use', 'under_maintenance', 'missing'],
  under_maintenance: ['in_use', 'borrowed', 'pending_disposal'],
  missing: ['in_use', 'pending_disposal'],
  // A refused disposal goes back to where it was (kept in status_before).
  pending_disposal: ['disposed', 'in_use', 'under_maintenance', 'missing'],
  disposed: [],
};

export function canMove(from: AssetStatus, to: AssetStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** @throws AppError illegal_transition naming both statuses. */
export function assertMove(assetId: string, from: AssetStatus, to: AssetStatus): void {
  if (!canMove(from, to)) throw illegalTransition(`asset ${assetId} is ${from} and cannot become ${to}`);
}

/** Statuses whose assets are on the books (depreciated, counted at stocktakes). */
export const ON_BOOKS: readonly AssetStatus[] = ['in_use', 'borrowed', 'under_maintenance', 'missing', 'pending_disposal'];

export function isAssetStatus(value: string): value is AssetStatus {
  return (ASSET_STATUSES as readonly string[]).includes(value);
}
