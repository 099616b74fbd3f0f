/**
 * Roles of the logistics staff and users (DAT-6). A user holds one or more; permissions are
 * the union of theirs. `admin` administers the system and may do everything.
 */
export const ROLES = [
  'admin',
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
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { en: string; zh: string }> = {
  admin: { en: 'System administrator', zh: '系统管理员' },
  logistics_manager: { en: 'Logistics manager', zh: '后勤管理人员' },
  asset_clerk: { en: 'Asset office clerk', zh: '资产管理员' },
  finance: { en: 'Finance', zh: '财务人员' },
  maintenance_planner: { en: 'Maintenance planner', zh: '维修调度员' },
  technician: { en: 'Technician', zh: '维修人员' },
  security_officer: { en: 'Security officer', zh: '安保人员' },
  canteen_manager: { en: 'Canteen manager', zh: '食堂管理员' },
  dorm_manager: { en: 'Dormitory manager', zh: '宿舍管理员' },
  procurement_officer: { en: 'Procurement officer', zh: '采购人员' },
  trainer: { en: 'Trainer', zh: '培训师' },
  data_reviewer: { en: 'Data reviewer', zh: '数据审核员' },
  department_head: { en: 'Department head', zh: '部门负责人' },
  requester: { en: 'Student or staff member', zh: '师生用户' },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
