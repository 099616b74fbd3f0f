import type { Role } from '../roles.ts';

/**
 * The academic calendar: one shared entity (terms, vacations, exam weeks, public holidays) that
 * canteen forecasts, dorm curfews and maintenance planning read, so every role reads it. The
 * logistics manager keeps it; dorm managers set curfews and visiting hours (宿舍作息).
 */
export const CALENDAR_PERMISSIONS = {
  'calendar.read': [
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
  'calendar.manage': ['logistics_manager'],
  'calendar.dorm_hours': ['logistics_manager', 'dorm_manager'],
} as const satisfies Record<string, readonly Role[]>;
