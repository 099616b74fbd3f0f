import type { Role } from '../roles.ts';

/** Everyone who works in a department: each may raise a requisition for it (regulation §7(一)1). */
const DEPARTMENT_STAFF: Role[] = [
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
  // Teachers hold only this role; a student's requisition stops at the department head's review.
  'requester',
];

/**
 * Procurement (PRC-1..6). Departments raise requisitions and see their own department's; the
 * procurement office (procurement_officer) plans, sources, registers contracts and suppliers;
 * finance keeps the budgets, reads contracts and records payments; goods are received by the
 * offices that keep them (asset office, canteen); the logistics manager reads everything.
 */
export const PROCUREMENT_PERMISSIONS = {
  'procurement.requisitions.submit': DEPARTMENT_STAFF,
  'procurement.requisitions.read': DEPARTMENT_STAFF,
  /** Row scope, not a route: without it a reader sees only their own department's requisitions. */
  'procurement.requisitions.read_all': ['procurement_officer', 'logistics_manager', 'finance'],
  'procurement.budgets.read': ['procurement_officer', 'logistics_manager', 'finance', 'department_head'],
  'procurement.budgets.manage': ['finance'],
  'procurement.plans.read': ['procurement_officer', 'logistics_manager', 'finance'],
  'procurement.plans.manage': ['procurement_officer'],
  'procurement.suppliers.read': ['procurement_officer', 'logistics_manager', 'finance'],
  'procurement.suppliers.manage': ['procurement_officer'],
  'procurement.suppliers.import': ['procurement_officer', 'logistics_manager'],
  'procurement.sourcing.read': ['procurement_officer', 'logistics_manager'],
  'procurement.sourcing.manage': ['procurement_officer'],
  'procurement.contracts.read': ['procurement_officer', 'logistics_manager', 'finance', 'asset_clerk', 'canteen_manager'],
  'procurement.contracts.manage': ['procurement_officer'],
  /** Delivery and acceptance at receiving: the purchasing side and the offices whose shelves the goods go to. */
  'procurement.receive': ['procurement_officer', 'asset_clerk', 'canteen_manager'],
  'procurement.payments.record': ['finance'],
} as const satisfies Record<string, readonly Role[]>;
