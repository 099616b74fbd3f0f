import type { Role } from '../roles.ts';

/**
 * Maintenance (MNT-1..7). Everyone may report a fault (regulation §4(一)1: teachers and students,
 * any time); the service then shows each reporter only their own tickets and each technician
 * the tickets assigned to them. Planners (维修调度员) triage, dispatch and read everything;
 * the logistics manager reads tickets and statistics to steer; the asset office reads tickets
 * for an asset's maintenance history. Only technicians log work.
 */
export const MAINTENANCE_PERMISSIONS = {
  'maintenance.request': [
    'logistics_manager',
    'asset_clerk',
    'finance',
    'maintenance_planner',
    'technician',
    'security_officer',
    'canteen_manager',
    'dorm_manager',
    'procurement_officer',
    'trainer',
    'data_reviewer',
    'department_head',
    'requester',
  ],
  'maintenance.read': ['maintenance_planner', 'logistics_manager', 'asset_clerk'],
  'maintenance.triage': ['maintenance_planner'],
  'maintenance.assign': ['maintenance_planner'],
  'maintenance.work': ['technician'],
  'maintenance.stats': ['maintenance_planner', 'logistics_manager'],
} as const satisfies Record<string, readonly Role[]>;
