import { can } from '@campus/protocol';
import type { Actor } from '../../actor.ts';
import type { TicketRow } from './repository.ts';

/**
 * Who may see and act on a ticket (DAT-6). Planners and managers see every ticket; everyone
 * else sees the tickets they reported and, for technicians, the ones assigned to them.
 */
export const seesAllTickets = (actor: Actor) => can(actor.roles, 'maintenance.read');
export const plansMaintenance = (actor: Actor) => can(actor.roles, 'maintenance.assign');
/** Booking the work window is the planner's call (MNT-3); technicians move it only through approval (MNT-4). */
export const maySchedule = plansMaintenance;
export const isRequesterOf = (actor: Actor, ticket: TicketRow) =>
  actor.userId !== null && ticket.requester_id !== null && Number(ticket.requester_id) === actor.userId;
export const isTechnicianOf = (actor: Actor, ticket: TicketRow) =>
  actor.userId !== null && ticket.technician_id !== null && Number(ticket.technician_id) === actor.userId;

export function maySee(actor: Actor, ticket: TicketRow): boolean {
  return seesAllTickets(actor) || isRequesterOf(actor, ticket) || isTechnicianOf(actor, ticket);
}

/** Photos come from the reporter, the technician on the job and planners. */
export function mayAddPhotos(actor: Actor, ticket: TicketRow): boolean {
  return isRequesterOf(actor, ticket) || isTechnicianOf(actor, ticket) || plansMaintenance(actor);
}
