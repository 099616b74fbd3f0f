import { can } from '@campus/protocol';
import type { Actor } from '../../actor.ts';

/**
 * Who sees which training records (DAT-6). Trainers and the logistics manager read everything;
 * department heads read their own department; everyone else reads their own record only.
 */
export const managesTraining = (actor: Actor) => can(actor.roles, 'training.manage');
export const readsTraining = (actor: Actor) => can(actor.roles, 'training.read');
export const readsAllTraining = (actor: Actor) => can(actor.roles, 'training.read_all');

/** A department no user belongs to: a scoped reader without a department sees nothing. */
const NO_DEPARTMENT = '\u0000no-department';

/** The department a reader is limited to, or undefined for readers of everything. */
export function departmentScope(actor: Actor): string | undefined {
  return readsAllTraining(actor) ? undefined : (actor.departmentId ?? NO_DEPARTMENT);
}

/** Whether the actor may see the training record of this person. */
export function maySeeRecordOf(actor: Actor, person: { userId: number; departmentId: string | null }): boolean {
  if (actor.userId !== null && actor.userId === person.userId) return true;
  if (readsAllTraining(actor)) return true;
  return readsTraining(actor) && actor.departmentId !== null && actor.departmentId === person.departmentId;
}
