import type { Queryable } from '@campus/storage';
import type {
  Area,
  Attendance,
  CertificationEffect,
  EnrolmentReason,
  ExamKind,
  Format,
  Outcome,
  PlanStatus,
  RequirementKind,
  RequirementScope,
  SessionStatus,
} from './vocabulary.ts';

// Calendar dates leave the database as text (YYYY-MM-DD): never through a Date and a time zone.
const day = (column: string, alias = column.split('.').pop()) => `to_char(${column}, 'YYYY-MM-DD') AS ${alias}`;

function one<T>(rows: T[], what: string): T {
  const row = rows[0];
  if (!row) throw new Error(`${what} statement returned nothing`);
  return row;
}

// ---------------------------------------------------------------- requirements (TRN-1)

export interface RequirementRow {
  id: string | number;
  scope: RequirementScope;
  target: string;
  kind: RequirementKind;
  name: string;
  min_level: number | null;
  note: string | null;
}

const REQUIREMENT_COLUMNS = 'id, scope, target, kind, name, min_level, note';

export async function listRequirements(q: Queryable): Promise<RequirementRow[]> {
  return q.query<RequirementRow>(`SELECT ${REQUIREMENT_COLUMNS} FROM training_requirements ORDER BY scope, target, kind, name`);
}

export async function findRequirement(q: Queryable, id: number): Promise<RequirementRow | undefined> {
  return (await q.query<RequirementRow>(`SELECT ${REQUIREMENT_COLUMNS} FROM training_requirements WHERE id = $1`, [id]))[0];
}

export async function findSameRequirement(
  q: Queryable,
  r: { scope: RequirementScope; target: string; kind: RequirementKind; name: string },
): Promise<RequirementRow | undefined> {
  return (
    await q.query<RequirementRow>(
      `SELECT ${REQUIREMENT_COLUMNS} FROM training_requirements WHERE scope = $1 AND target = $2 AND kind = $3 AND name = $4`,
      [r.scope, r.target, r.kind, r.name],
    )
  )[0];
}

export async function insertRequirement(
  tx: Queryable,
  r: {
    scope: RequirementScope;
    target: string;
    kind: RequirementKind;
    name: string;
    minLevel: number | null;
    note: string | null;
  },
): Promise<RequirementRow> {
  return one(
    await tx.query<RequirementRow>(
      `INSERT INTO training_requirements (scope, target, kind, name, min_level, note) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${REQUIREMENT_COLUMNS}`,
      [r.scope, r.target, r.kind, r.name, r.minLevel, r.note],
    ),
    'requirement',
  );
}

export async function deleteRequirement(tx: Queryable, id: number): Promise<void> {
  await tx.query('DELETE FROM training_requirements WHERE id = $1', [id]);
}

// ---------------------------------------------------------------- skill assessments (TRN-1)

export interface AssessmentRow {
  id: string | number;
  user_id: string | number;
  user_name: string;
  department_id: string | null;
  assessor_id: string | number | null;
  assessor_name: string;
  assessed_on: string;
  note: string | null;
  created_at: Date;
  scores: Array<{ skill: string; level: number; previous_level: number | null; comment: string | null }> | null;
}

const ASSESSMENT_SELECT = `SELECT a.id, a.user_id, u.display_name AS user_name, a.department_id, a.assessor_id, a.assessor_name,
    ${day('a.assessed_on')}, a.note, a.created_at,
    (SELECT json_agg(json_build_object('skill', s.skill, 'level', s.level, 'previous_level', s.previous_level, 'comment', s.comment)
       ORDER BY s.skill) FROM training_assessment_scores s WHERE s.assessment_id = a.id) AS scores
  FROM training_assessments a JOIN users u ON u.id = a.user_id`;

export async function insertAssessment(
  tx: Queryable,
  a: {
    userId: number;
    departmentId: string | null;
    assessorId: number | null;
    assessorName: string;
    assessedOn: string;
    note: string | null;
    scores: Array<{ skill: string; level: number; previousLevel: number | null; comment: string | null }>;
  },
): Promise<number> {
  const row = one(
    await tx.query<{ id: string | number }>(
      `INSERT INTO training_assessments (user_id, department_id, assessor_id, assessor_name, assessed_on, note)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [a.userId, a.departmentId, a.assessorId, a.assessorName, a.assessedOn, a.note],
    ),
    'assessment',
  );
  await tx.query(
    `INSERT INTO training_assessment_scores (assessment_id, skill, level, previous_level, comment)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[], $5::text[])`,
    [
      row.id,
      a.scores.map((s) => s.skill),
      a.scores.map((s) => s.level),
      a.scores.map((s) => s.previousLevel),
      a.scores.map((s) => s.comment),
    ],
  );
  return Number(row.id);
}

export async function findAssessment(q: Queryable, id: number): Promise<AssessmentRow | undefined> {
  return (await q.query<AssessmentRow>(`${ASSESSMENT_SELECT} WHERE a.id = $1`, [id]))[0];
}

export interface AssessmentFilter {
  userId?: number | undefined;
  departmentId?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first; keyset on id. */
export async function listAssessments(q: Queryable, filter: AssessmentFilter): Promise<AssessmentRow[]> {
  return q.query<AssessmentRow>(
    `${ASSESSMENT_SELECT}
     WHERE ($1::bigint IS NULL OR a.user_id = $1) AND ($2::text IS NULL OR a.department_id = $2) AND ($3::bigint IS NULL OR a.id < $3)
     ORDER BY a.id DESC LIMIT $4`,
    [filter.userId ?? null, filter.departmentId ?? null, filter.beforeId ?? null, filter.limit],
  );
}

// ---------------------------------------------------------------- plans and courses (TRN-2)

export interface PlanRow {
  id: string | number;
  year: number;
  title: string;
  title_zh: string | null;
  goals: string[];
  status: PlanStatus;
  approval_id: string | number | null;
  return_reason: string | null;
  summary: string | null;
  created_by: string | number | null;
  created_at: Date;
  updated_at: Date;
  approved_at: Date | null;
  started_at: Date | null;
  closed_at: Date | null;
}

const PLAN_COLUMNS =
  'id, year, title, title_zh, goals, status, approval_id, return_reason, summary, created_by, created_at, updated_at, approved_at, started_at, closed_at';

export interface CourseRow {
  id: string | number;
  plan_id: string | number;
  position: number;
  title: string;
  title_zh: string | null;
  area: Area;
  format: Format;
  audience: string[];
  skills: string[];
  certification: string | null;
  months: number[];
  hours: string | number;
}

export interface CourseValues {
  title: string;
  titleZh: string | null;
  area: Area;
  format: Format;
  audience: string[];
  skills: string[];
  certification: string | null;
  months: number[];
  hours: number;
}

const COURSE_COLUMNS = 'id, plan_id, position, title, title_zh, area, format, audience, skills, certification, months, hours';

export async function insertPlan(
  tx: Queryable,
  p: { year: number; title: string; titleZh: string | null; goals: string[]; createdBy: number | null },
): Promise<PlanRow> {
  return one(
    await tx.query<PlanRow>(
      `INSERT INTO training_plans (year, title, title_zh, goals, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${PLAN_COLUMNS}`,
      [p.year, p.title, p.titleZh, p.goals, p.createdBy],
    ),
    'plan',
  );
}

export async function updatePlanContent(
  tx: Queryable,
  id: number,
  p: { year: number; title: string; titleZh: string | null; goals: string[] },
): Promise<PlanRow> {
  return one(
    await tx.query<PlanRow>(
      `UPDATE training_plans SET year = $2, title = $3, title_zh = $4, goals = $5, updated_at = now() WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
      [id, p.year, p.title, p.titleZh, p.goals],
    ),
    'plan',
  );
}

export async function findPlan(q: Queryable, id: number, lock = false): Promise<PlanRow | undefined> {
  return (
    await q.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM training_plans WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  )[0];
}

export async function findPlanByYear(q: Queryable, year: number): Promise<PlanRow | undefined> {
  return (await q.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM training_plans WHERE year = $1`, [year]))[0];
}

export interface PlanFilter {
  year?: number | undefined;
  status?: PlanStatus | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listPlans(q: Queryable, filter: PlanFilter): Promise<PlanRow[]> {
  return q.query<PlanRow>(
    `SELECT ${PLAN_COLUMNS} FROM training_plans
     WHERE ($1::int IS NULL OR year = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [filter.year ?? null, filter.status ?? null, filter.beforeId ?? null, filter.limit],
  );
}

export interface PlanStatusChange {
  status: PlanStatus;
  approvalId?: number | undefined;
  returnReason?: string | null | undefined;
  summary?: string | undefined;
}

export async function setPlanStatus(tx: Queryable, id: number, change: PlanStatusChange): Promise<PlanRow> {
  return one(
    await tx.query<PlanRow>(
      `UPDATE training_plans SET status = $2,
         approval_id = COALESCE($3, approval_id),
         return_reason = CASE WHEN $4 THEN $5 ELSE return_reason END,
         summary = COALESCE($6, summary),
         approved_at = CASE WHEN $2 = 'approved' THEN now() ELSE approved_at END,
         started_at = CASE WHEN $2 = 'in_progress' THEN now() ELSE started_at END,
         closed_at = CASE WHEN $2 = 'closed' THEN now() ELSE closed_at END,
         updated_at = now()
       WHERE id = $1 RETURNING ${PLAN_COLUMNS}`,
      [
        id,
        change.status,
        change.approvalId ?? null,
        change.returnReason !== undefined,
        change.returnReason ?? null,
        change.summary ?? null,
      ],
    ),
    'plan',
  );
}

/** A draft's courses are replaced as a whole (nothing refers to them before approval). */
export async function replaceCourses(tx: Queryable, planId: number, courses: CourseValues[]): Promise<void> {
  await tx.query('DELETE FROM training_courses WHERE plan_id = $1', [planId]);
  for (const [index, c] of courses.entries()) {
    await tx.query(
      `INSERT INTO training_courses (plan_id, position, title, title_zh, area, format, audience, skills, certification, months, hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [planId, index + 1, c.title, c.titleZh, c.area, c.format, c.audience, c.skills, c.certification, c.months, c.hours],
    );
  }
}

export async function coursesOf(q: Queryable, planId: number): Promise<CourseRow[]> {
  return q.query<CourseRow>(`SELECT ${COURSE_COLUMNS} FROM training_courses WHERE plan_id = $1 ORDER BY position`, [planId]);
}

export async function findCourse(q: Queryable, id: number): Promise<CourseRow | undefined> {
  return (await q.query<CourseRow>(`SELECT ${COURSE_COLUMNS} FROM training_courses WHERE id = $1`, [id]))[0];
}

export async function sessionCounts(q: Queryable, planId: number): Promise<Record<SessionStatus, number>> {
  const rows = await q.query<{ status: SessionStatus; n: number }>(
    'SELECT status, count(*)::int AS n FROM training_sessions WHERE plan_id = $1 GROUP BY status',
    [planId],
  );
  const counts: Record<SessionStatus, number> = { scheduled: 0, held: 0, cancelled: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

// ---------------------------------------------------------------- sessions, enrolment, attendance (TRN-3)

export interface SessionRow {
  id: string | number;
  plan_id: string | number;
  course_id: string | number;
  course_title: string;
  course_title_zh: string | null;
  format: Format;
  trainer_id: string | number | null;
  trainer_name: string | null;
  external_trainer: string | null;
  starts_at: Date;
  ends_at: Date;
  location: string | null;
  online_link: string | null;
  capacity: number;
  status: SessionStatus;
  cancel_reason: string | null;
  enrolled: number;
  created_at: Date;
  updated_at: Date;
}

const SESSION_SELECT = `SELECT s.id, s.plan_id, s.course_id, c.title AS course_title, c.title_zh AS course_title_zh, s.format,
    s.trainer_id, t.display_name AS trainer_name, s.external_trainer, s.starts_at, s.ends_at, s.location, s.online_link,
    s.capacity, s.status, s.cancel_reason,
    (SELECT count(*)::int FROM training_enrolments e WHERE e.session_id = s.id) AS enrolled, s.created_at, s.updated_at
  FROM training_sessions s JOIN training_courses c ON c.id = s.course_id LEFT JOIN users t ON t.id = s.trainer_id`;

export interface SessionValues {
  planId: number;
  courseId: number;
  format: Format;
  trainerId: number | null;
  externalTrainer: string | null;
  startsAt: string;
  endsAt: string;
  location: string | null;
  onlineLink: string | null;
  capacity: number;
}

export async function insertSession(tx: Queryable, s: SessionValues): Promise<number> {
  const row = one(
    await tx.query<{ id: string | number }>(
      `INSERT INTO training_sessions (plan_id, course_id, format, trainer_id, external_trainer, starts_at, ends_at, location, online_link, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        s.planId,
        s.courseId,
        s.format,
        s.trainerId,
        s.externalTrainer,
        s.startsAt,
        s.endsAt,
        s.location,
        s.onlineLink,
        s.capacity,
      ],
    ),
    'session',
  );
  return Number(row.id);
}

export async function findSession(q: Queryable, id: number): Promise<SessionRow | undefined> {
  return (await q.query<SessionRow>(`${SESSION_SELECT} WHERE s.id = $1`, [id]))[0];
}

/** Serialises enrolment and attendance on one session (capacity is checked under this lock). */
export async function lockSession(tx: Queryable, id: number): Promise<boolean> {
  return (await tx.query('SELECT id FROM training_sessions WHERE id = $1 FOR UPDATE', [id])).length > 0;
}

export interface SessionFilter {
  planId?: number | undefined;
  courseId?: number | undefined;
  trainerId?: number | undefined;
  status?: SessionStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Only sessions this person is enrolled in. */
  enrolledUserId?: number | undefined;
  after?: { startsAt: string; id: number } | undefined;
  limit: number;
}

/**
 * In time order; keyset on (starts_at, id). A participant's list starts from their enrolments
 * (computed once, then primary-key lookups) rather than walking every session in time order.
 */
export async function listSessions(q: Queryable, filter: SessionFilter): Promise<SessionRow[]> {
  return q.query<SessionRow>(
    `${SESSION_SELECT}
     WHERE ($1::bigint IS NULL OR s.plan_id = $1) AND ($2::bigint IS NULL OR s.course_id = $2)
       AND ($3::bigint IS NULL OR s.trainer_id = $3) AND ($4::text IS NULL OR s.status = $4)
       AND ($5::timestamptz IS NULL OR s.starts_at >= $5) AND ($6::timestamptz IS NULL OR s.starts_at < $6)
       AND ($7::bigint IS NULL OR s.id = ANY (ARRAY(SELECT e.session_id FROM training_enrolments e WHERE e.user_id = $7)))
       AND ($8::timestamptz IS NULL OR (s.starts_at, s.id) > ($8::timestamptz, $9::bigint))
     ORDER BY s.starts_at, s.id LIMIT $10`,
    [
      filter.planId ?? null,
      filter.courseId ?? null,
      filter.trainerId ?? null,
      filter.status ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.enrolledUserId ?? null,
      filter.after?.startsAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
}

export async function setSessionStatus(tx: Queryable, id: number, status: SessionStatus, cancelReason?: string): Promise<void> {
  await tx.query(
    'UPDATE training_sessions SET status = $2, cancel_reason = COALESCE($3, cancel_reason), updated_at = now() WHERE id = $1',
    [id, status, cancelReason ?? null],
  );
}

/**
 * The first scheduled session of a course starting after an instant (the end of the exam's
 * day), with a free place: where a failed participant is sent for re-training.
 */
export async function nextSessionWithRoom(q: Queryable, courseId: number, after: string): Promise<SessionRow | undefined> {
  return (
    await q.query<SessionRow>(
      `${SESSION_SELECT}
       WHERE s.course_id = $1 AND s.status = 'scheduled' AND s.starts_at >= $2::timestamptz
         AND (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id) < s.capacity
       ORDER BY s.starts_at, s.id LIMIT 1`,
      [courseId, after],
    )
  )[0];
}

export interface EnrolmentRow {
  session_id: string | number;
  user_id: string | number;
  user_name: string;
  department_id: string | null;
  reason: EnrolmentReason;
  attendance: Attendance | null;
  note: string | null;
  enrolled_at: Date;
  recorded_at: Date | null;
}

const ENROLMENT_SELECT = `SELECT e.session_id, e.user_id, u.display_name AS user_name, u.department_id, e.reason, e.attendance, e.note,
    e.enrolled_at, e.recorded_at
  FROM training_enrolments e JOIN users u ON u.id = e.user_id`;

export async function enrolmentsOf(q: Queryable, sessionId: number, userId?: number): Promise<EnrolmentRow[]> {
  return q.query<EnrolmentRow>(
    `${ENROLMENT_SELECT} WHERE e.session_id = $1 AND ($2::bigint IS NULL OR e.user_id = $2) ORDER BY e.user_id`,
    [sessionId, userId ?? null],
  );
}

/** @returns the people newly enrolled (already enrolled ones are left as they are). */
export async function insertEnrolments(
  tx: Queryable,
  sessionId: number,
  userIds: number[],
  reason: EnrolmentReason,
): Promise<number[]> {
  const rows = await tx.query<{ user_id: string | number }>(
    `INSERT INTO training_enrolments (session_id, user_id, reason) SELECT $1, unnest($2::bigint[]), $3
     ON CONFLICT (session_id, user_id) DO NOTHING RETURNING user_id`,
    [sessionId, userIds, reason],
  );
  return rows.map((r) => Number(r.user_id));
}

export async function deleteEnrolment(tx: Queryable, sessionId: number, userId: number): Promise<boolean> {
  return (
    (
      await tx.query('DELETE FROM training_enrolments WHERE session_id = $1 AND user_id = $2 RETURNING user_id', [
        sessionId,
        userId,
      ])
    ).length > 0
  );
}

export async function setAttendance(
  tx: Queryable,
  sessionId: number,
  records: Array<{ userId: number; attendance: Attendance; note: string | null }>,
): Promise<void> {
  await tx.query(
    `UPDATE training_enrolments e SET attendance = r.attendance, note = r.note, recorded_at = now()
     FROM unnest($2::bigint[], $3::text[], $4::text[]) AS r (user_id, attendance, note)
     WHERE e.session_id = $1 AND e.user_id = r.user_id`,
    [sessionId, records.map((r) => r.userId), records.map((r) => r.attendance), records.map((r) => r.note)],
  );
}

export type AttendedSessionRow = SessionRow &
  Pick<EnrolmentRow, 'reason' | 'attendance' | 'note' | 'enrolled_at' | 'recorded_at'>;

/** A person's sessions, latest first (their record). */
export async function sessionsOfUser(q: Queryable, userId: number, limit: number): Promise<AttendedSessionRow[]> {
  return q.query<AttendedSessionRow>(
    `SELECT x.*, e.reason, e.attendance, e.note, e.enrolled_at, e.recorded_at
     FROM (${SESSION_SELECT}) x JOIN training_enrolments e ON e.session_id = x.id
     WHERE e.user_id = $1 ORDER BY x.starts_at DESC, x.id DESC LIMIT $2`,
    [userId, limit],
  );
}

// ---------------------------------------------------------------- exams and results (TRN-4)

export interface ExamRow {
  id: string | number;
  plan_id: string | number | null;
  course_id: string | number | null;
  title: string;
  title_zh: string | null;
  kind: ExamKind;
  area: Area;
  skill: string | null;
  certification: string | null;
  validity_months: number | null;
  max_score: string | number;
  pass_mark: string | number;
  excellence_mark: string | number;
  held_on: string;
  results: number;
  created_at: Date;
}

const EXAM_SELECT = `SELECT x.id, x.plan_id, x.course_id, x.title, x.title_zh, x.kind, x.area, x.skill, x.certification, x.validity_months,
    x.max_score, x.pass_mark, x.excellence_mark, ${day('x.held_on')},
    (SELECT count(*)::int FROM training_results r WHERE r.exam_id = x.id) AS results, x.created_at
  FROM training_exams x`;

export interface ExamValues {
  planId: number | null;
  courseId: number | null;
  title: string;
  titleZh: string | null;
  kind: ExamKind;
  area: Area;
  skill: string | null;
  certification: string | null;
  validityMonths: number | null;
  maxScore: number;
  passMark: number;
  excellenceMark: number;
  heldOn: string;
  createdBy: number | null;
}

export async function insertExam(tx: Queryable, x: ExamValues): Promise<number> {
  const row = one(
    await tx.query<{ id: string | number }>(
      `INSERT INTO training_exams (plan_id, course_id, title, title_zh, kind, area, skill, certification, validity_months,
         max_score, pass_mark, excellence_mark, held_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        x.planId,
        x.courseId,
        x.title,
        x.titleZh,
        x.kind,
        x.area,
        x.skill,
        x.certification,
        x.validityMonths,
        x.maxScore,
        x.passMark,
        x.excellenceMark,
        x.heldOn,
        x.createdBy,
      ],
    ),
    'exam',
  );
  return Number(row.id);
}

export async function findExam(q: Queryable, id: number): Promise<ExamRow | undefined> {
  return (await q.query<ExamRow>(`${EXAM_SELECT} WHERE x.id = $1`, [id]))[0];
}

/** Results of one exam are recorded one batch at a time. */
export async function lockExam(tx: Queryable, id: number): Promise<boolean> {
  return (await tx.query('SELECT id FROM training_exams WHERE id = $1 FOR UPDATE', [id])).length > 0;
}

export interface ExamFilter {
  planId?: number | undefined;
  certification?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listExams(q: Queryable, filter: ExamFilter): Promise<ExamRow[]> {
  return q.query<ExamRow>(
    `${EXAM_SELECT}
     WHERE ($1::bigint IS NULL OR x.plan_id = $1) AND ($2::text IS NULL OR x.certification = $2) AND ($3::bigint IS NULL OR x.id < $3)
     ORDER BY x.id DESC LIMIT $4`,
    [filter.planId ?? null, filter.certification ?? null, filter.beforeId ?? null, filter.limit],
  );
}

export async function resultExists(q: Queryable, examId: number, userIds: number[]): Promise<number[]> {
  const rows = await q.query<{ user_id: string | number }>(
    'SELECT user_id FROM training_results WHERE exam_id = $1 AND user_id = ANY ($2::bigint[])',
    [examId, userIds],
  );
  return rows.map((r) => Number(r.user_id));
}

export async function insertResult(
  tx: Queryable,
  r: {
    examId: number;
    userId: number;
    score: number;
    passed: boolean;
    note: string | null;
    gradedBy: number | null;
    graderName: string;
  },
): Promise<number> {
  const row = one(
    await tx.query<{ id: string | number }>(
      `INSERT INTO training_results (exam_id, user_id, score, passed, note, graded_by, grader_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.examId, r.userId, r.score, r.passed, r.note, r.gradedBy, r.graderName],
    ),
    'result',
  );
  return Number(row.id);
}

// ---------------------------------------------------------------- performance entries (TRN-5)

export interface PerformanceRow {
  id: string | number;
  user_id: string | number;
  user_name: string;
  department_id: string | null;
  result_id: string | number;
  exam_id: string | number;
  exam_title: string;
  exam_kind: ExamKind;
  area: Area;
  held_on: string;
  score: string | number;
  max_score: string | number;
  passed: boolean;
  note: string | null;
  topic: string;
  outcome: Outcome;
  retraining: boolean;
  reassessment_due_on: string | null;
  retraining_session_id: string | number | null;
  certification_effect: CertificationEffect | null;
  certification_id: string | number | null;
  settled_at: Date | null;
  settled_by: string | number | null;
  created_at: Date;
}

const PERFORMANCE_SELECT = `SELECT p.id, p.user_id, u.display_name AS user_name, p.department_id, p.result_id, r.exam_id,
    x.title AS exam_title, x.kind AS exam_kind, x.area, ${day('x.held_on')}, r.score, x.max_score, r.passed, r.note, p.topic,
    p.outcome, p.retraining, ${day('p.reassessment_due_on')}, p.retraining_session_id, p.certification_effect, p.certification_id,
    p.settled_at, p.settled_by, p.created_at
  FROM training_performance p JOIN training_results r ON r.id = p.result_id JOIN training_exams x ON x.id = r.exam_id
    JOIN users u ON u.id = p.user_id`;

export async function insertPerformance(
  tx: Queryable,
  p: {
    userId: number;
    departmentId: string | null;
    resultId: number;
    topic: string;
    outcome: Outcome;
    retraining: boolean;
    reassessmentDueOn: string | null;
    retrainingSessionId: number | null;
    certificationEffect: CertificationEffect | null;
    certificationId: number | null;
  },
): Promise<number> {
  const row = one(
    await tx.query<{ id: string | number }>(
      `INSERT INTO training_performance (user_id, department_id, result_id, topic, outcome, retraining, reassessment_due_on,
         retraining_session_id, certification_effect, certification_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        p.userId,
        p.departmentId,
        p.resultId,
        p.topic,
        p.outcome,
        p.retraining,
        p.reassessmentDueOn,
        p.retrainingSessionId,
        p.certificationEffect,
        p.certificationId,
      ],
    ),
    'performance',
  );
  return Number(row.id);
}

/** The person's open re-assessments and referrals on a topic, locked: results on one topic settle in turn. */
export async function openFollowUps(tx: Queryable, userId: number, topic: string): Promise<number[]> {
  const rows = await tx.query<{ id: string | number }>(
    `SELECT id FROM training_performance
     WHERE user_id = $1 AND topic = $2 AND settled_at IS NULL AND outcome IN ('reassessment', 'referral') ORDER BY id FOR UPDATE`,
    [userId, topic],
  );
  return rows.map((r) => Number(r.id));
}

export async function settleFollowUps(tx: Queryable, ids: number[], by: number): Promise<void> {
  await tx.query('UPDATE training_performance SET settled_at = now(), settled_by = $2 WHERE id = ANY ($1::bigint[])', [ids, by]);
}

export async function findPerformance(q: Queryable, id: number): Promise<PerformanceRow | undefined> {
  return (await q.query<PerformanceRow>(`${PERFORMANCE_SELECT} WHERE p.id = $1`, [id]))[0];
}

export interface PerformanceFilter {
  userId?: number | undefined;
  departmentId?: string | undefined;
  examId?: number | undefined;
  outcome?: Outcome | undefined;
  /** Only open re-assessments and referrals. */
  open?: boolean | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first; keyset on id. */
export async function listPerformance(q: Queryable, filter: PerformanceFilter): Promise<PerformanceRow[]> {
  return q.query<PerformanceRow>(
    `${PERFORMANCE_SELECT}
     WHERE ($1::bigint IS NULL OR p.user_id = $1) AND ($2::text IS NULL OR p.department_id = $2)
       AND ($3::bigint IS NULL OR r.exam_id = $3) AND ($4::text IS NULL OR p.outcome = $4)
       AND ($5::boolean IS NULL OR NOT $5 OR (p.settled_at IS NULL AND p.outcome IN ('reassessment', 'referral')))
       AND ($6::bigint IS NULL OR p.id < $6)
     ORDER BY p.id DESC LIMIT $7`,
    [
      filter.userId ?? null,
      filter.departmentId ?? null,
      filter.examId ?? null,
      filter.outcome ?? null,
      filter.open ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

/** Counts for a person's performance review. */
export async function performanceSummary(
  q: Queryable,
  userId: number,
): Promise<{ results: number; passed: number; recognitions: number; open_follow_ups: number; sessions_attended: number }> {
  return one(
    await q.query<{ results: number; passed: number; recognitions: number; open_follow_ups: number; sessions_attended: number }>(
      `SELECT
         (SELECT count(*)::int FROM training_results WHERE user_id = $1) AS results,
         (SELECT count(*)::int FROM training_results WHERE user_id = $1 AND passed) AS passed,
         (SELECT count(*)::int FROM training_performance WHERE user_id = $1 AND outcome = 'recognition') AS recognitions,
         (SELECT count(*)::int FROM training_performance
            WHERE user_id = $1 AND settled_at IS NULL AND outcome IN ('reassessment', 'referral')) AS open_follow_ups,
         (SELECT count(*)::int FROM training_enrolments WHERE user_id = $1 AND attendance IN ('present', 'late')) AS sessions_attended`,
      [userId],
    ),
    'summary',
  );
}
