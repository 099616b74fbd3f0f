import type { TicketSource, Urgency } from '../../contracts.ts';

/** Display text in both languages of the campus (REQUIREMENTS: user-facing text in en and zh). */
export interface Label {
  en: string;
  zh: string;
}

export const FAULT_TYPES = [
  'electrical',
  'plumbing',
  'hvac',
  'elevator',
  'carpentry',
  'network',
  'appliance',
  'structure',
  'other',
] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

export const FAULT_TYPE_LABELS: Record<FaultType, Label> = {
  electrical: { en: 'Electrical', zh: '电气' },
  plumbing: { en: 'Plumbing', zh: '给排水' },
  hvac: { en: 'Heating, ventilation and air conditioning', zh: '暖通空调' },
  elevator: { en: 'Elevator', zh: '电梯' },
  carpentry: { en: 'Carpentry (doors, windows, furniture)', zh: '木工（门窗家具）' },
  network: { en: 'Network and telephone', zh: '网络与电话' },
  appliance: { en: 'Appliance', zh: '电器设备' },
  structure: { en: 'Building structure', zh: '房屋结构' },
  other: { en: 'Other', zh: '其他' },
};

export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const satisfies readonly Urgency[];

export const URGENCY_LABELS: Record<Urgency, Label> = {
  low: { en: 'Low', zh: '低' },
  normal: { en: 'Normal', zh: '一般' },
  high: { en: 'High', zh: '紧急' },
  critical: { en: 'Critical', zh: '特急' },
};

export const TICKET_SOURCES = [
  'request',
  'rule',
  'inspection',
  'facility',
  'safety_check',
  'checkout',
  'preventive',
] as const satisfies readonly TicketSource[];

export const SOURCE_LABELS: Record<TicketSource, Label> = {
  request: { en: 'Repair request', zh: '在线报修' },
  rule: { en: 'Predictive maintenance rule', zh: '预测性维护规则' },
  inspection: { en: 'Dormitory inspection', zh: '宿舍检查' },
  facility: { en: 'Room facility fault', zh: '宿舍设施故障' },
  safety_check: { en: 'Safety check', zh: '安全检查' },
  checkout: { en: 'Check-out condition report', zh: '退宿验房' },
  preventive: { en: 'Preventive maintenance', zh: '预防性维修' },
};

/**
 * The life of a ticket (regulation §4): submitted → triaged and dispatched (assigned, or waiting
 * in the planner's queue) → the technician confirms time and place (scheduled) → works
 * (in_progress) → marks it done (awaiting_acceptance) → the requester accepts (closed) or
 * rejects (rework, same technician) until accepted.
 */
export const TICKET_STATUSES = [
  'submitted',
  'awaiting_assignment',
  'assigned',
  'scheduled',
  'in_progress',
  'awaiting_acceptance',
  'rework',
  'closed',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const STATUS_LABELS: Record<TicketStatus, Label> = {
  submitted: { en: 'Submitted, awaiting triage', zh: '已报修，待审核' },
  awaiting_assignment: { en: 'Awaiting assignment', zh: '待派单' },
  assigned: { en: 'Assigned', zh: '已派单' },
  scheduled: { en: 'Time and place confirmed', zh: '已确认维修时间地点' },
  in_progress: { en: 'In progress', zh: '维修中' },
  awaiting_acceptance: { en: 'Awaiting acceptance', zh: '待验收' },
  rework: { en: 'Rework', zh: '返修' },
  closed: { en: 'Closed', zh: '已关闭' },
};

/** How a closed ticket ended. */
export const RESOLUTIONS = ['accepted', 'out_of_scope', 'cancelled'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export const RESOLUTION_LABELS: Record<Resolution, Label> = {
  accepted: { en: 'Repaired and accepted', zh: '验收合格' },
  out_of_scope: { en: 'Not within logistics maintenance', zh: '不属于后勤维修范围' },
  cancelled: { en: 'Cancelled', zh: '已撤销' },
};

/** Hazards of a job that call for a certified technician (see dispatch.ts CertificationRule). */
export const JOB_FLAGS = ['high_voltage', 'gas', 'working_at_height'] as const;
export type JobFlag = (typeof JOB_FLAGS)[number];

export const JOB_FLAG_LABELS: Record<JobFlag, Label> = {
  high_voltage: { en: 'High voltage', zh: '高压电' },
  gas: { en: 'Gas appliance or boiler', zh: '燃气设备或锅炉' },
  working_at_height: { en: 'Working at height', zh: '高处作业' },
};

/** Why a triaged ticket waits in the planner's queue instead of being with a technician. */
export const DISPATCH_FLAG_NO_TECHNICIAN = 'unassigned_no_qualified_technician';

export function isFaultType(value: string): value is FaultType {
  return (FAULT_TYPES as readonly string[]).includes(value);
}
