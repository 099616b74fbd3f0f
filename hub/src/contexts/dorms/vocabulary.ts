import type { Urgency } from '../../contracts.ts';

/** Display text in both languages of the campus (vocabulary of REQUIREMENTS.md and regulation §6). */
export interface Label {
  en: string;
  zh: string;
}

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, Label> = { male: { en: 'Male', zh: '男' }, female: { en: 'Female', zh: '女' } };

/** A building is for one gender, or `mixed` when its floors say which (gender-separated floors). */
export const BUILDING_GENDERS = ['male', 'female', 'mixed'] as const;
export type BuildingGender = (typeof BUILDING_GENDERS)[number];

export const RESIDENT_KINDS = ['student', 'staff'] as const;
export type ResidentKind = (typeof RESIDENT_KINDS)[number];
export const RESIDENT_KIND_LABELS: Record<ResidentKind, Label> = {
  student: { en: 'Student', zh: '学生' },
  staff: { en: 'Staff living in', zh: '住校教职工' },
};

export const RESIDENT_STATUSES = ['pending', 'allocated', 'checked_in', 'checked_out'] as const;
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number];
export const RESIDENT_STATUS_LABELS: Record<ResidentStatus, Label> = {
  pending: { en: 'Awaiting allocation', zh: '待分配' },
  allocated: { en: 'Allocated, not yet checked in', zh: '已分配待入住' },
  checked_in: { en: 'Checked in', zh: '已入住' },
  checked_out: { en: 'Checked out', zh: '已退宿' },
};

export const FACILITY_KINDS = [
  'bed',
  'desk',
  'chair',
  'wardrobe',
  'door',
  'window',
  'water',
  'power',
  'light',
  'air_conditioner',
  'network',
  'bathroom',
  'fire_equipment',
  'other',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

/** Labels, and the maintenance fault type a fault of that facility is triaged as. */
export const FACILITY_KIND_INFO: Record<FacilityKind, Label & { faultType: string }> = {
  bed: { en: 'Bed', zh: '床铺', faultType: 'carpentry' },
  desk: { en: 'Desk', zh: '书桌', faultType: 'carpentry' },
  chair: { en: 'Chair', zh: '椅子', faultType: 'carpentry' },
  wardrobe: { en: 'Wardrobe', zh: '衣柜', faultType: 'carpentry' },
  door: { en: 'Door', zh: '门', faultType: 'carpentry' },
  window: { en: 'Window', zh: '窗', faultType: 'carpentry' },
  water: { en: 'Water supply', zh: '供水', faultType: 'plumbing' },
  power: { en: 'Power sockets', zh: '电源插座', faultType: 'electrical' },
  light: { en: 'Lighting', zh: '照明', faultType: 'electrical' },
  air_conditioner: { en: 'Air conditioner', zh: '空调', faultType: 'hvac' },
  network: { en: 'Network', zh: '网络', faultType: 'network' },
  bathroom: { en: 'Bathroom', zh: '卫生间', faultType: 'plumbing' },
  fire_equipment: { en: 'Fire equipment', zh: '消防设施', faultType: 'structure' },
  other: { en: 'Other', zh: '其他', faultType: 'other' },
};

export const isFacilityKind = (value: string): value is FacilityKind => (FACILITY_KINDS as readonly string[]).includes(value);
export const facilityInfo = (kind: string) => (isFacilityKind(kind) ? FACILITY_KIND_INFO[kind] : FACILITY_KIND_INFO.other);

export const CONDITIONS = ['ok', 'damaged', 'missing'] as const;
export type Condition = (typeof CONDITIONS)[number];
export const CONDITION_LABELS: Record<Condition, Label> = {
  ok: { en: 'In good order', zh: '完好' },
  damaged: { en: 'Damaged', zh: '损坏' },
  missing: { en: 'Missing', zh: '缺失' },
};

export const CHECKOUT_STATUSES = ['requested', 'approved', 'rejected', 'cancelled', 'completed'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];
export const CHECKOUT_STATUS_LABELS: Record<CheckoutStatus, Label> = {
  requested: { en: 'Awaiting approval', zh: '待审核' },
  approved: { en: 'Approved, awaiting room inspection', zh: '已批准待验房' },
  rejected: { en: 'Rejected', zh: '已驳回' },
  cancelled: { en: 'Withdrawn', zh: '已撤回' },
  completed: { en: 'Checked out', zh: '已退宿' },
};

export const LEAVE_STATUSES = ['requested', 'approved', 'rejected', 'cancelled'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export const LEAVE_STATUS_LABELS: Record<LeaveStatus, Label> = {
  requested: { en: 'Awaiting approval', zh: '待审批' },
  approved: { en: 'Approved', zh: '已批准' },
  rejected: { en: 'Rejected', zh: '已驳回' },
  cancelled: { en: 'Withdrawn', zh: '已撤回' },
};

export const CARD_STATUSES = ['active', 'revoked', 'lost'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** The `reason` column of the gate_card_access view; the first two allow entry. */
export const ACCESS_REASONS = [
  'resident',
  'visitor_pass',
  'revoked',
  'lost',
  'not_yet_valid',
  'expired',
  'checked_out',
  'not_checked_in',
  'other_building',
  'no_valid_pass',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];
export const ACCESS_REASON_LABELS: Record<AccessReason, Label> = {
  resident: { en: 'Lives in this building', zh: '本楼住宿' },
  visitor_pass: { en: 'Visitor pass for this building', zh: '持本楼访客证' },
  revoked: { en: 'Card revoked', zh: '卡已注销' },
  lost: { en: 'Card reported lost', zh: '卡已挂失' },
  not_yet_valid: { en: 'Card not yet valid', zh: '卡尚未生效' },
  expired: { en: 'Card expired', zh: '卡已过期' },
  checked_out: { en: 'Resident checked out', zh: '已退宿' },
  not_checked_in: { en: 'Resident not checked in', zh: '未办理入住' },
  other_building: { en: 'Lives in another building', zh: '非本楼住宿' },
  no_valid_pass: { en: 'No valid visitor pass', zh: '无有效访客证' },
};

export const SAFETY_FINDING_KINDS = [
  'forbidden_appliance',
  'fire_equipment_missing',
  'fire_equipment_expired',
  'blocked_exit',
  'unsafe_wiring',
  'other',
] as const;
export type SafetyFindingKind = (typeof SAFETY_FINDING_KINDS)[number];

/**
 * Who puts a safety finding right: residents remove what they brought in (a rectification
 * notice); fire equipment and wiring are the school's to fix, so those also open a repair ticket.
 */
export const SAFETY_FINDING_INFO: Record<SafetyFindingKind, Label & { ticketFaultType: string | null }> = {
  forbidden_appliance: { en: 'Forbidden appliance', zh: '违规电器', ticketFaultType: null },
  fire_equipment_missing: { en: 'Fire equipment missing', zh: '消防器材缺失', ticketFaultType: 'structure' },
  fire_equipment_expired: { en: 'Fire equipment expired', zh: '消防器材过期', ticketFaultType: 'structure' },
  blocked_exit: { en: 'Escape route blocked', zh: '疏散通道堵塞', ticketFaultType: null },
  unsafe_wiring: { en: 'Unsafe wiring', zh: '私拉乱接电线', ticketFaultType: 'electrical' },
  other: { en: 'Other hazard', zh: '其他隐患', ticketFaultType: null },
};

export const SAFETY_STATUSES = ['passed', 'rectifying', 'closed'] as const;
export type SafetyStatus = (typeof SAFETY_STATUSES)[number];
export const SAFETY_STATUS_LABELS: Record<SafetyStatus, Label> = {
  passed: { en: 'Passed', zh: '合格' },
  rectifying: { en: 'Under rectification', zh: '整改中' },
  closed: { en: 'Rectified and closed', zh: '整改完成' },
};

export const PHOTO_PHASES = ['before', 'after'] as const;
export type PhotoPhase = (typeof PHOTO_PHASES)[number];

export const NOTIFICATION_KINDS = ['allocation', 'checkout', 'leave', 'rectification', 'check_in'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The urgencies of the maintenance contract (contracts.ts), offered when reporting a fault. */
export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const satisfies readonly Urgency[];
