import { can } from '@campus/protocol';
import type { Actor } from '../../actor.ts';
import type { RequisitionRow } from './requisition-repository.ts';

/** Row scope (DAT-6): without `read_all` a reader sees their own department's requisitions only. */
export const seesAllRequisitions = (actor: Actor) => can(actor.roles, 'procurement.requisitions.read_all');

/** The procurement office raises and edits requisitions on any department's behalf. */
export const actsForAnyDepartment = (actor: Actor) => can(actor.roles, 'procurement.plans.manage');

export const isOfDepartment = (actor: Actor, departmentId: string) =>
  actor.departmentId !== null && actor.departmentId === departmentId;

export function maySeeRequisition(actor: Actor, row: Pick<RequisitionRow, 'department_id'>): boolean {
  return seesAllRequisitions(actor) || isOfDepartment(actor, row.department_id);
}

/** Members of the requisition's department edit, submit and cancel it (PRC-1), or the procurement office. */
export function mayChangeRequisition(actor: Actor, row: Pick<RequisitionRow, 'department_id'>): boolean {
  return actsForAnyDepartment(actor) || isOfDepartment(actor, row.department_id);
}

/** The department a scoped reader is limited to, or undefined for readers of every department. */
export function departmentScope(actor: Actor): string | undefined {
  return seesAllRequisitions(actor) ? undefined : (actor.departmentId ?? '\u0000no-department');
}
