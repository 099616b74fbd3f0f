import { can } from '@campus/protocol';
import type { Actor } from '../../actor.ts';

/**
 * Row-level rules of the dormitories (DAT-6). Route permissions decide who reaches a route;
 * these decide, on `authenticated` routes, whose records a caller may touch: staff with the
 * permission act on anyone, a resident only on their own record. Refusals are 404, so a
 * resident cannot probe which other residents exist.
 */

/** May see residents' identity details (name, student number, phone, class). */
export const seesIdentities = (actor: Actor) => can(actor.roles, 'dorms.residents.read');

/** May act for any resident on check-out requests. */
export const managesCheckouts = (actor: Actor) => can(actor.roles, 'dorms.checkout');

/** May act for any resident on leave requests. */
export const managesLeaves = (actor: Actor) => can(actor.roles, 'dorms.leaves');

/** May report a fault of any room's facility (dorm staff on rounds). */
export const reportsAnyFault = (actor: Actor) => can(actor.roles, 'dorms.manage') || can(actor.roles, 'dorms.inspect');

/** May run and see every safety check. */
export const handlesSafety = (actor: Actor) => can(actor.roles, 'dorms.safety');

export const isUser = (actor: Actor, userId: string | number | null) =>
  actor.userId !== null && userId !== null && Number(userId) === actor.userId;
