import type { Need } from './needs.ts';
import type * as repo from './repository.ts';
import {
  AREA_LABELS,
  AREAS,
  ATTENDANCE,
  ATTENDANCE_LABELS,
  CERTIFICATION_EFFECT_LABELS,
  CERTIFICATION_EFFECTS,
  EXAM_KIND_LABELS,
  EXAM_KINDS,
  FORMAT_LABELS,
  FORMATS,
  NEED_REASON_LABELS,
  NEED_REASONS,
  OUTCOME_LABELS,
  OUTCOMES,
  PLAN_STATUS_LABELS,
  PLAN_STATUSES,
  SESSION_STATUS_LABELS,
  SESSION_STATUSES,
} from './vocabulary.ts';

const iso = (at: Date | null) => at?.toISOString() ?? null;
const id = (value: string | number | null) => (value === null ? null : Number(value));

export function presentRequirement(row: repo.RequirementRow) {
  return {
    id: Number(row.id),
    scope: row.scope,
    target: row.target,
    kind: row.kind,
    name: row.name,
    minLevel: row.min_level,
    note: row.note,
  };
}

export function presentAssessment(row: repo.AssessmentRow) {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    userName: row.user_name,
    departmentId: row.department_id,
    assessorId: id(row.assessor_id),
    assessorName: row.assessor_name,
    assessedOn: row.assessed_on,
    note: row.note,
    scores: (row.scores ?? []).map((s) => ({
      skill: s.skill,
      level: s.level,
      previousLevel: s.previous_level,
      comment: s.comment,
    })),
    createdAt: row.created_at.toISOString(),
  };
}

export function presentNeed(need: Need) {
  return { ...need, reasonLabel: NEED_REASON_LABELS[need.reason] };
}

export function presentPlan(row: repo.PlanRow) {
  return {
    id: Number(row.id),
    year: row.year,
    title: row.title,
    titleZh: row.title_zh,
    goals: row.goals,
    status: row.status,
    statusLabel: PLAN_STATUS_LABELS[row.status],
    approvalId: id(row.approval_id),
    returnReason: row.return_reason,
    summary: row.summary,
    createdAt: row.created_at.toISOString(),
    approvedAt: iso(row.approved_at),
    startedAt: iso(row.started_at),
    closedAt: iso(row.closed_at),
  };
}

export function presentCourse(row: repo.CourseRow) {
  return {
    id: Number(row.id),
    position: row.position,
    title: row.title,
    titleZh: row.title_zh,
    area: row.area,
    areaLabel: AREA_LABELS[row.area],
    format: row.format,
    formatLabel: FORMAT_LABELS[row.format],
    audience: row.audience,
    skills: row.skills,
    certification: row.certification,
    months: row.months,
    hours: Number(row.hours),
  };
}

export function presentSession(row: repo.SessionRow) {
  return {
    id: Number(row.id),
    planId: Number(row.plan_id),
    courseId: Number(row.course_id),
    courseTitle: row.course_title,
    courseTitleZh: row.course_title_zh,
    format: row.format,
    formatLabel: FORMAT_LABELS[row.format],
    trainer: row.trainer_id === null ? null : { id: Number(row.trainer_id), name: row.trainer_name ?? '' },
    externalTrainer: row.external_trainer,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    location: row.location,
    onlineLink: row.online_link,
    capacity: row.capacity,
    enrolled: row.enrolled,
    status: row.status,
    statusLabel: SESSION_STATUS_LABELS[row.status],
    cancelReason: row.cancel_reason,
  };
}

export function presentEnrolment(row: repo.EnrolmentRow) {
  return {
    userId: Number(row.user_id),
    name: row.user_name,
    departmentId: row.department_id,
    reason: row.reason,
    attendance: row.attendance,
    attendanceLabel: row.attendance ? ATTENDANCE_LABELS[row.attendance] : null,
    note: row.note,
    enrolledAt: row.enrolled_at.toISOString(),
    recordedAt: iso(row.recorded_at),
  };
}

export function presentAttended(row: repo.AttendedSessionRow) {
  return {
    session: presentSession(row),
    reason: row.reason,
    attendance: row.attendance,
    attendanceLabel: row.attendance ? ATTENDANCE_LABELS[row.attendance] : null,
  };
}

export function presentExam(row: repo.ExamRow) {
  return {
    id: Number(row.id),
    planId: id(row.plan_id),
    courseId: id(row.course_id),
    title: row.title,
    titleZh: row.title_zh,
    kind: row.kind,
    kindLabel: EXAM_KIND_LABELS[row.kind],
    area: row.area,
    areaLabel: AREA_LABELS[row.area],
    skill: row.skill,
    certification: row.certification,
    validityMonths: row.validity_months,
    maxScore: Number(row.max_score),
    passMark: Number(row.pass_mark),
    excellenceMark: Number(row.excellence_mark),
    heldOn: row.held_on,
    results: row.results,
  };
}

export function presentPerformance(row: repo.PerformanceRow) {
  const open = row.settled_at === null && (row.outcome === 'reassessment' || row.outcome === 'referral');
  return {
    id: Number(row.id),
    resultId: Number(row.result_id),
    user: { id: Number(row.user_id), name: row.user_name, departmentId: row.department_id },
    exam: { id: Number(row.exam_id), title: row.exam_title, kind: row.exam_kind, area: row.area, heldOn: row.held_on },
    score: Number(row.score),
    maxScore: Number(row.max_score),
    passed: row.passed,
    note: row.note,
    topic: row.topic,
    outcome: row.outcome,
    outcomeLabel: OUTCOME_LABELS[row.outcome],
    recognition: row.outcome === 'recognition',
    retraining: row.retraining,
    reassessmentDueOn: row.reassessment_due_on,
    retrainingSessionId: id(row.retraining_session_id),
    referral: row.outcome === 'referral',
    certificationEffect: row.certification_effect,
    certificationEffectLabel: row.certification_effect ? CERTIFICATION_EFFECT_LABELS[row.certification_effect] : null,
    certificationId: id(row.certification_id),
    open,
    settledAt: iso(row.settled_at),
    settledBy: id(row.settled_by),
    createdAt: row.created_at.toISOString(),
  };
}

const entries = <K extends string>(keys: readonly K[], labels: Record<K, { en: string; zh: string }>) =>
  keys.map((key) => ({ key, label: labels[key] }));

/** Every label the dashboard shows, in English and Chinese. */
export function vocabulary() {
  return {
    formats: entries(FORMATS, FORMAT_LABELS),
    areas: entries(AREAS, AREA_LABELS),
    examKinds: entries(EXAM_KINDS, EXAM_KIND_LABELS),
    planStatuses: entries(PLAN_STATUSES, PLAN_STATUS_LABELS),
    sessionStatuses: entries(SESSION_STATUSES, SESSION_STATUS_LABELS),
    attendance: entries(ATTENDANCE, ATTENDANCE_LABELS),
    outcomes: entries(OUTCOMES, OUTCOME_LABELS),
    certificationEffects: entries(CERTIFICATION_EFFECTS, CERTIFICATION_EFFECT_LABELS),
    needReasons: entries(NEED_REASONS, NEED_REASON_LABELS),
  };
}
