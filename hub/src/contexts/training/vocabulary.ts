/** Display text in both languages of the campus. */
export interface Label {
  en: string;
  zh: string;
}

/** TRN-3 / regulation §9(二)1: 集中授课、在线学习、现场实操培训、案例分析. */
export const FORMATS = ['class', 'online', 'hands_on', 'case_study'] as const;
export type Format = (typeof FORMATS)[number];
export const FORMAT_LABELS: Record<Format, Label> = {
  class: { en: 'Classroom', zh: '集中授课' },
  online: { en: 'Online learning', zh: '在线学习' },
  hands_on: { en: 'Hands-on practice', zh: '现场实操培训' },
  case_study: { en: 'Case study', zh: '案例分析' },
};

/**
 * What training and assessment cover (regulation §9(一)2 and §9(三)1): system operation,
 * process use, data accuracy, data security awareness; plus the work safety behind the
 * certifications maintenance dispatch requires.
 */
export const AREAS = ['system_skills', 'process_use', 'data_accuracy', 'data_security', 'safety'] as const;
export type Area = (typeof AREAS)[number];
export const AREA_LABELS: Record<Area, Label> = {
  system_skills: { en: 'System operation skills', zh: '系统操作熟练程度' },
  process_use: { en: 'Business process use', zh: '业务流程应用能力' },
  data_accuracy: { en: 'Data accuracy', zh: '数据准确性' },
  data_security: { en: 'Data security awareness', zh: '数据安全意识' },
  safety: { en: 'Work safety and certification', zh: '作业安全与持证上岗' },
};

/** TRN-4: 在线考试 / 实际操作考核. */
export const EXAM_KINDS = ['theory', 'practical'] as const;
export type ExamKind = (typeof EXAM_KINDS)[number];
export const EXAM_KIND_LABELS: Record<ExamKind, Label> = {
  theory: { en: 'Theory exam', zh: '理论考试' },
  practical: { en: 'Practical check', zh: '实际操作考核' },
};

export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'in_progress', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, Label> = {
  draft: { en: 'Draft', zh: '草稿' },
  submitted: { en: 'Awaiting approval', zh: '待审批' },
  approved: { en: 'Approved', zh: '已批准' },
  in_progress: { en: 'In progress', zh: '实施中' },
  closed: { en: 'Closed', zh: '已结束' },
};

export const SESSION_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const SESSION_STATUS_LABELS: Record<SessionStatus, Label> = {
  scheduled: { en: 'Scheduled', zh: '已安排' },
  held: { en: 'Held', zh: '已实施' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
};

export const ATTENDANCE = ['present', 'late', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<Attendance, Label> = {
  present: { en: 'Present', zh: '出勤' },
  late: { en: 'Late', zh: '迟到' },
  absent: { en: 'Absent', zh: '缺勤' },
  excused: { en: 'Excused', zh: '请假' },
};

export const ENROLMENT_REASONS = ['planned', 'retraining'] as const;
export type EnrolmentReason = (typeof ENROLMENT_REASONS)[number];

/**
 * TRN-5 / regulation §9(三)2: excellent results are recognised (表彰和奖励); a failure leads to a
 * re-assessment with targeted re-training (补考或针对性的再培训); failing again is referred to the
 * school's procedures (仍不合格的人员按照学校相关规定进行处理).
 */
export const OUTCOMES = ['recognition', 'pass', 'reassessment', 'referral'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, Label> = {
  recognition: { en: 'Passed with distinction: recognition', zh: '成绩优秀，予以表彰' },
  pass: { en: 'Passed', zh: '考核合格' },
  reassessment: { en: 'Failed: re-training and re-assessment', zh: '未达要求，再培训并补考' },
  referral: { en: 'Failed again: referred under school rules', zh: '仍不合格，按学校规定处理' },
};

export const CERTIFICATION_EFFECTS = ['granted', 'renewed', 'suspended', 'blocked_revoked'] as const;
export type CertificationEffect = (typeof CERTIFICATION_EFFECTS)[number];
export const CERTIFICATION_EFFECT_LABELS: Record<CertificationEffect, Label> = {
  granted: { en: 'Certification granted', zh: '颁发证书' },
  renewed: { en: 'Certification renewed', zh: '证书续期' },
  suspended: { en: 'Certification suspended', zh: '证书暂停' },
  blocked_revoked: { en: 'Not renewed: the certification was revoked', zh: '证书已吊销，不予续期' },
};

export const REQUIREMENT_SCOPES = ['role', 'job'] as const;
export type RequirementScope = (typeof REQUIREMENT_SCOPES)[number];
export const REQUIREMENT_KINDS = ['skill', 'certification'] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export const NEED_REASONS = ['missing_skill', 'below_level', 'missing', 'expired', 'suspended', 'revoked', 'expiring'] as const;
export type NeedReason = (typeof NEED_REASONS)[number];
export const NEED_REASON_LABELS: Record<NeedReason, Label> = {
  missing_skill: { en: 'Skill not assessed yet', zh: '尚未掌握该技能' },
  below_level: { en: 'Below the required level', zh: '低于岗位要求等级' },
  missing: { en: 'Certification missing', zh: '缺少上岗证书' },
  expired: { en: 'Certification expired', zh: '证书已过期' },
  suspended: { en: 'Certification suspended', zh: '证书已暂停' },
  revoked: { en: 'Certification revoked', zh: '证书已吊销' },
  expiring: { en: 'Certification expiring soon', zh: '证书即将到期' },
};

/** Skill and certification names: lower-case codes like identity's (`elevator`, `high_voltage`). */
export const CODE_PATTERN = '^[a-z][a-z0-9_]{0,47}$';
