import type { Role } from '../roles.ts';

/** The rules that watch the device streams (IOT-10): who may read and who may tune them. */
export const RULE_PERMISSIONS = {
  'rules.read': [
    'logistics_manager',
    'security_officer',
    'dorm_manager',
    'maintenance_planner',
    'canteen_manager',
    'procurement_officer',
  ],
  'rules.configure': ['logistics_manager'],
} as const satisfies Record<string, readonly Role[]>;
