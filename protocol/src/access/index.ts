import type { Role } from '../roles.ts';
import { ALERT_PERMISSIONS } from './alerts.ts';
import { ASSET_PERMISSIONS } from './assets.ts';
import { CALENDAR_PERMISSIONS } from './calendar.ts';
import { CATERING_PERMISSIONS } from './catering.ts';
import { CORE_PERMISSIONS } from './core.ts';
import { DORM_PERMISSIONS } from './dorms.ts';
import { MAINTENANCE_PERMISSIONS } from './maintenance.ts';
import { PROCUREMENT_PERMISSIONS } from './procurement.ts';
import { RULE_PERMISSIONS } from './rules.ts';
import { TRAINING_PERMISSIONS } from './training.ts';

/**
 * The permission matrix: action → roles allowed (admin holds every action). One file per
 * bounded context, merged here; the hub enforces it on every route and the dashboard shapes
 * its navigation with it.
 */
export const PERMISSIONS = {
  ...CORE_PERMISSIONS,
  ...ALERT_PERMISSIONS,
  ...RULE_PERMISSIONS,
  ...ASSET_PERMISSIONS,
  ...CATERING_PERMISSIONS,
  ...DORM_PERMISSIONS,
  ...MAINTENANCE_PERMISSIONS,
  ...PROCUREMENT_PERMISSIONS,
  ...CALENDAR_PERMISSIONS,
  ...TRAINING_PERMISSIONS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export * from './alerts.ts';

export function rolesFor(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission];
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  if (roles.includes('admin')) return true;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export function permissionsOf(roles: readonly Role[]): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(roles, permission));
}
