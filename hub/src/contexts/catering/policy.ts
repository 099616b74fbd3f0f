import type { Actor } from '../../actor.ts';

/**
 * Row scope in catering (DAT-6). Route permissions say who may act at all; these say on which
 * rows: a diner acts only on their own pre-orders and ratings, and other diners' rows are
 * answered as not found, so their existence is not told.
 */
export function isDinerOf(actor: Actor, row: { user_id: string | number }): boolean {
  return actor.userId !== null && Number(row.user_id) === actor.userId;
}
