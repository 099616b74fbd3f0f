import type { Role } from '../roles.ts';

/**
 * Dormitories (DRM-1..7). The dormitory manager (宿舍管理员) runs the register, allocation,
 * check-in and check-out, inspections and the residents' identity data. Security officers
 * (安保人员) need residents' identities, cards, visitor passes, leave and movements to keep
 * the gates (DRM-6) and share the safety checks (DRM-7); movements and identity details are
 * restricted to these two (DAT-6). Maintenance planners and the logistics manager read the
 * buildings and rooms (no occupants' identities: the service hides them without
 * `dorms.residents.read`) and the inspections that feed tickets. Residents themselves
 * (students are `requester`s, staff living in hold their own roles) use the `/me` routes and
 * file check-out, leave and fault reports through `authenticated` routes the service scopes
 * to their own record.
 */
export const DORM_PERMISSIONS = {
  'dorms.read': ['dorm_manager', 'security_officer', 'logistics_manager', 'maintenance_planner'],
  /** Buildings, rooms, facility registers. */
  'dorms.manage': ['dorm_manager'],
  /** Identity details of residents (DAT-6 sensitive). */
  'dorms.residents.read': ['dorm_manager', 'security_officer'],
  'dorms.residents.manage': ['dorm_manager'],
  'dorms.allocate': ['dorm_manager'],
  'dorms.checkin': ['dorm_manager'],
  /** Every check-out request, and completing one with the condition report. */
  'dorms.checkout': ['dorm_manager'],
  /** Every leave request (residents see their own). */
  'dorms.leaves': ['dorm_manager', 'security_officer'],
  'dorms.visitors': ['dorm_manager', 'security_officer'],
  /** Cards, gate ↔ building mapping, a card's access at each gate. */
  'dorms.cards': ['dorm_manager', 'security_officer'],
  /** Entry and exit records of a resident (DAT-6 sensitive). */
  'dorms.movements': ['security_officer', 'dorm_manager'],
  /** Head counts per building: no identities. */
  'dorms.occupancy': ['security_officer', 'dorm_manager', 'logistics_manager'],
  'dorms.inspect': ['dorm_manager'],
  'dorms.inspections.read': ['dorm_manager', 'maintenance_planner', 'logistics_manager'],
  'dorms.safety': ['dorm_manager', 'security_officer'],
  'dorms.import': ['dorm_manager'],
} as const satisfies Record<string, readonly Role[]>;
