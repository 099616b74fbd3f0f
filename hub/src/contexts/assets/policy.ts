import { can } from '@campus/protocol';
import type { Actor } from '../../actor.ts';
import type { AssetRow } from './repository.ts';

/** Row scope of the register (DAT-6): without `assets.read_all`, a reader sees their department's assets only. */
export function seesAllAssets(actor: Actor): boolean {
  return can(actor.roles, 'assets.read_all');
}

export function maySeeAsset(actor: Actor, asset: Pick<AssetRow, 'department_id'>): boolean {
  return seesAllAssets(actor) || (actor.departmentId !== null && actor.departmentId === asset.department_id);
}

/** The department a scoped reader is limited to, or undefined for readers of the whole register. */
export function departmentScope(actor: Actor): string | undefined {
  return seesAllAssets(actor) ? undefined : (actor.departmentId ?? '\u0000no-department');
}

/** A transfer is asked for by a head of one of the two departments (the other one then agrees). */
export function mayRequestTransfer(actor: Actor, from: string, to: string): boolean {
  if (actor.roles.includes('admin')) return true;
  return actor.roles.includes('department_head') && actor.departmentId !== null && [from, to].includes(actor.departmentId);
}

/** After acceptance the register belongs to the asset office: only it edits accepted assets. */
export function mayEditAccepted(actor: Actor): boolean {
  return can(actor.roles, 'assets.manage');
}
