import type { Role } from '../roles.ts';

/** Alerts raised by the rules: each category is seen and handled by the roles that act on it. */
export const ALERT_CATEGORIES = ['access', 'stock', 'equipment', 'ingest'] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

export const ALERT_CATEGORY_ROLES: Record<AlertCategory, readonly Role[]> = {
  access: ['security_officer', 'dorm_manager', 'logistics_manager'],
  stock: ['canteen_manager', 'procurement_officer', 'logistics_manager'],
  equipment: ['maintenance_planner', 'technician', 'logistics_manager'],
  ingest: ['logistics_manager', 'security_officer', 'maintenance_planner'],
};

export const ALERT_SEVERITIES = ['info', 'warning', 'critical', 'emergency'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_PERMISSIONS = {
  'alerts.read': [
    'security_officer',
    'dorm_manager',
    'logistics_manager',
    'canteen_manager',
    'procurement_officer',
    'maintenance_planner',
    'technician',
  ],
  'alerts.handle': [
    'security_officer',
    'dorm_manager',
    'logistics_manager',
    'canteen_manager',
    'procurement_officer',
    'maintenance_planner',
  ],
  'alerts.configure': ['logistics_manager'],
} as const satisfies Record<string, readonly Role[]>;

export function alertCategoriesOf(roles: readonly Role[]): AlertCategory[] {
  if (roles.includes('admin')) return [...ALERT_CATEGORIES];
  return ALERT_CATEGORIES.filter((category) => ALERT_CATEGORY_ROLES[category].some((role) => roles.includes(role)));
}
