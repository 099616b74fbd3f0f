import type { Role } from '@campus/protocol';

/** Who is acting: a signed-in user, or the system itself (rules, imports, schedules). */
export interface Actor {
  userId: number | null;
  name: string;
  roles: Role[];
  departmentId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, name: 'system', roles: ['admin'], departmentId: null };

export function systemActor(component: string): Actor {
  return { ...SYSTEM_ACTOR, name: `system:${component}` };
}
