import type { Role } from '../roles.ts';

/**
 * Assets (AST-1..9): who may read the register, take it in, move it and write it off (DAT-6).
 * The asset office (asset_clerk) keeps the register; departments request; finance depreciates
 * and co-approves disposals. Department heads, dorm and canteen managers read only their own
 * department's assets (no `assets.read_all`). Requesters never read the register: the QR label
 * opens the repair page, which needs just the minimal card (`assets.card`: name, number, place),
 * so every signed-in role may read that and nothing financial.
 */
export const ASSET_PERMISSIONS = {
  'assets.card': [
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
  'assets.read': [
    'logistics_manager',
    'asset_clerk',
    'finance',
    'maintenance_planner',
    'technician',
    'procurement_officer',
    'data_reviewer',
    'department_head',
    'dorm_manager',
    'canteen_manager',
  ],
  /** Row scope, not a route: without it a reader sees only their own department's assets. */
  'assets.read_all': [
    'logistics_manager',
    'asset_clerk',
    'finance',
    'maintenance_planner',
    'technician',
    'procurement_officer',
    'data_reviewer',
  ],
  /** Purchase intake (regulation §3(一)2: the purchasing side enters delivered assets) and re-submission. */
  'assets.intake': ['asset_clerk', 'procurement_officer'],
  /** Purchase vouchers are financial documents: the intake side, finance and auditors. */
  'assets.vouchers': ['asset_clerk', 'procurement_officer', 'finance', 'data_reviewer', 'logistics_manager'],
  /** Categories, corrections, sensors, hand-back of borrowed assets: the asset office. */
  'assets.manage': ['asset_clerk'],
  'assets.borrow': [
    'logistics_manager',
    'asset_clerk',
    'maintenance_planner',
    'technician',
    'canteen_manager',
    'dorm_manager',
    'trainer',
    'department_head',
  ],
  /** Only a head of the giving or receiving department may request a transfer (checked per asset). */
  'assets.transfer': ['department_head'],
  'assets.dispose.request': ['department_head', 'asset_clerk'],
  'assets.dispose.execute': ['asset_clerk'],
  'assets.stocktake': ['asset_clerk'],
  /** Counting on site: the asset office, and department heads within their department's stocktakes. */
  'assets.count': ['asset_clerk', 'department_head'],
  'assets.depreciation': ['finance', 'asset_clerk'],
} as const satisfies Record<string, readonly Role[]>;
