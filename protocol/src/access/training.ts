import type { Role } from '../roles.ts';

/**
 * Staff training and assessment (TRN-1..5, regulation §9). Trainers (培训师) run training:
 * requirements, skill assessments, annual plans, sessions, exams and results. The logistics
 * manager approves plans (through approvals) and reads everything to steer the performance
 * review; department heads read their own department's needs and records. Every logistics
 * staff member sees their own record, sessions and results (the service scopes the rows);
 * students and teachers (requester) are not trained here.
 */
export const TRAINING_PERMISSIONS = {
  'training.mine': [
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
  ],
  'training.read': ['trainer', 'logistics_manager', 'department_head'],
  /** Not a route permission: readers without it see their own department only. */
  'training.read_all': ['trainer', 'logistics_manager'],
  'training.manage': ['trainer'],
} as const satisfies Record<string, readonly Role[]>;
