import type { Queryable } from '@campus/storage';
import { invalid } from '../../errors.ts';
import type { TrainingDeps } from './service.ts';

/**
 * Active staff members with their qualifications, read inside the caller's transaction.
 * @throws AppError invalid naming `field(index)` for an id that is not an active user.
 */
export async function activeStaff(deps: TrainingDeps, q: Queryable, userIds: number[], field: (index: number) => string) {
  const found = await deps.identity.staffQualifications(q, { userIds });
  const byId = new Map(found.map((person) => [person.userId, person]));
  for (const [index, id] of userIds.entries()) {
    if (!byId.has(id)) throw invalid(field(index), `no active staff member ${id}`);
  }
  return byId;
}
