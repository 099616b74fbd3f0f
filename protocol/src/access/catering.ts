import type { Role } from '../roles.ts';

/**
 * Catering (CAT-1..8, regulation §5). The canteen manager (食堂管理员) runs the canteens: menus,
 * recipes, the kitchen queue, stock and stocktakes, purchase plans. Diners (teachers and
 * students, `requester`) read menus, pre-order and rate their meals. Procurement reads stock
 * and plans to buy; finance reads stock, plans and waste figures; the logistics manager reads
 * everything to steer. Ratings are read as analysis, never with the diner's name.
 */
export const CATERING_PERMISSIONS = {
  /** Canteens, stalls, dishes, set meals and the menu calendar: what every diner needs to order. */
  'catering.menu.read': [
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
  /** Canteens, stalls, terminals, dishes with recipes, set meals, menus, cut-offs, CSV import. */
  'catering.manage': ['canteen_manager'],
  /** Recipes (ingredient quantities per portion) are kitchen data, not for diners. */
  'catering.recipes.read': ['canteen_manager', 'procurement_officer', 'logistics_manager'],
  /** Kitchen queue, production records, pre-order hand-out: canteen staff. */
  'catering.kitchen': ['canteen_manager'],
  /** Every diner's pre-orders (the kitchen's preparation list). */
  'catering.orders.read': ['canteen_manager', 'logistics_manager'],
  /** My own pre-orders: place, list, cancel before the cut-off (CAT-1). */
  'catering.preorder': ['requester'],
  /** Rate a meal I ate (CAT-7). */
  'catering.rate': ['requester'],
  /** Rating lists and analysis (CAT-8). */
  'catering.ratings.read': ['canteen_manager', 'logistics_manager'],
  'catering.stock.read': ['canteen_manager', 'procurement_officer', 'logistics_manager', 'finance'],
  /** Stock items, movements in/out, stocktakes (CAT-4, CAT-6). */
  'catering.stock.manage': ['canteen_manager'],
  /** Forecast and purchase plans (CAT-3). */
  'catering.plans.read': ['canteen_manager', 'procurement_officer', 'logistics_manager', 'finance'],
  'catering.plans.manage': ['canteen_manager'],
  /** Food-safety traceability: batch ↔ dishes and meals, suppliers. */
  'catering.trace': ['canteen_manager', 'procurement_officer', 'logistics_manager'],
  /** Waste figures (prepared vs sold). */
  'catering.reports': ['canteen_manager', 'logistics_manager', 'finance'],
} as const satisfies Record<string, readonly Role[]>;
