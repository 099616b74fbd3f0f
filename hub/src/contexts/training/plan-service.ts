import { isRole } from '@campus/protocol';
import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { ApprovalRequestRow } from '../approvals/service.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { readsTraining } from './policy.ts';
import * as repo from './repository.ts';
import type { TrainingDeps } from './service.ts';
import { activeStaff } from './staff.ts';
import type { Attendance, Format } from './vocabulary.ts';
import { type PlanAction, planAllows, type SessionAction, sessionAllows } from './workflow.ts';

export const PLAN_APPROVAL_KIND = 'training.plan';
const PLAN_SUBJECT = 'training_plan';

export interface PlanInput {
  year: number;
  title: string;
  titleZh?: string | null | undefined;
  goals: string[];
  courses: Array<{
    title: string;
    titleZh?: string | null | undefined;
    area: repo.CourseValues['area'];
    format: Format;
    audience?: string[] | undefined;
    skills?: string[] | undefined;
    certification?: string | null | undefined;
    months: number[];
    hours: number;
  }>;
}

export interface SessionInput {
  planId: number;
  courseId: number;
  startsAt: string;
  endsAt: string;
  format?: Format | undefined;
  trainerId?: number | undefined;
  externalTrainer?: string | undefined;
  location?: string | undefined;
  onlineLink?: string | undefined;
  capacity: number;
}

function planSnapshot(plan: repo.PlanRow, courses?: repo.CourseRow[]) {
  return {
    year: plan.year,
    title: plan.title,
    status: plan.status,
    goals: plan.goals,
    ...(courses ? { courses: courses.map((c) => ({ title: c.title, format: c.format, months: c.months })) } : {}),
  };
}

function checkPlanInput(input: PlanInput): repo.CourseValues[] {
  if (input.title.trim().length === 0) throw invalid('title', 'must not be empty');
  for (const [index, goal] of input.goals.entries()) {
    if (goal.trim().length === 0) throw invalid(`goals.${index}`, 'must not be empty');
  }
  return input.courses.map((course, index) => {
    const months = [...new Set(course.months)].sort((a, b) => a - b);
    if (months.length !== course.months.length) throw invalid(`courses.${index}.months`, 'a month appears twice');
    for (const role of course.audience ?? []) {
      if (!isRole(role)) throw invalid(`courses.${index}.audience`, `${role} is not a role`);
    }
    if (course.title.trim().length === 0) throw invalid(`courses.${index}.title`, 'must not be empty');
    return {
      title: course.title.trim(),
      titleZh: course.titleZh ?? null,
      area: course.area,
      format: course.format,
      audience: course.audience ?? [],
      skills: course.skills ?? [],
      certification: course.certification ?? null,
      months,
      hours: course.hours,
    };
  });
}

/**
 * TRN-2 and TRN-3: the annual plan (goals, courses with format and months) through approval,
 * then sessions with a trainer, place or link, capacity, enrolment and attendance.
 */
export class PlanService {
  readonly #deps: TrainingDeps;

  constructor(deps: TrainingDeps) {
    this.#deps = deps;
    deps.approvals.define(PLAN_APPROVAL_KIND, {
      defaultSteps: [{ role: 'logistics_manager', label: 'Logistics manager', labelZh: '后勤管理人员' }],
      onApproved: (tx, request, actor) => this.#decided(tx, request, actor, 'approve'),
      onRejected: (tx, request, actor, reason) => this.#decided(tx, request, actor, 'return', reason),
    });
  }

  // ------------------------------------------------------------------ plans

  /** @throws AppError conflict (year) when the year has a plan already. */
  async createPlan(actor: Actor, input: PlanInput, context: AuditContext = {}): Promise<repo.PlanRow> {
    const courses = checkPlanInput(input);
    return this.#deps.db.transaction(async (tx) => {
      const existing = await repo.findPlanByYear(tx, input.year);
      if (existing) throw conflict('year', `${input.year} has a training plan already (#${existing.id})`);
      const plan = await repo.insertPlan(tx, {
        year: input.year,
        title: input.title.trim(),
        titleZh: input.titleZh ?? null,
        goals: input.goals.map((g) => g.trim()),
        createdBy: actor.userId,
      });
      await repo.replaceCourses(tx, Number(plan.id), courses);
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_plan.created',
          entityType: PLAN_SUBJECT,
          entityId: Number(plan.id),
          after: planSnapshot(plan, await repo.coursesOf(tx, Number(plan.id))),
        },
        context,
      );
      return plan;
    });
  }

  /** Replaces a draft's year, title, goals and courses. */
  async updatePlan(actor: Actor, id: number, input: PlanInput, context: AuditContext = {}): Promise<repo.PlanRow> {
    const courses = checkPlanInput(input);
    return this.#deps.db.transaction(async (tx) => {
      const before = await this.#lockPlan(tx, id, 'edit');
      const sameYear = await repo.findPlanByYear(tx, input.year);
      if (sameYear && Number(sameYear.id) !== id)
        throw conflict('year', `${input.year} has a training plan already (#${sameYear.id})`);
      const beforeCourses = await repo.coursesOf(tx, id);
      const after = await repo.updatePlanContent(tx, id, {
        year: input.year,
        title: input.title.trim(),
        titleZh: input.titleZh ?? null,
        goals: input.goals.map((g) => g.trim()),
      });
      await repo.replaceCourses(tx, id, courses);
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_plan.updated',
          entityType: PLAN_SUBJECT,
          entityId: id,
          before: planSnapshot(before, beforeCourses),
          after: planSnapshot(after, await repo.coursesOf(tx, id)),
        },
        context,
      );
      return after;
    });
  }

  /**
   * Sends a draft to approval (kind `training.plan`, by default the logistics manager).
   * @throws AppError invalid when it has no goal or no course; illegal_transition unless a draft.
   */
  async submitPlan(actor: Actor, id: number, context: AuditContext = {}): Promise<repo.PlanRow> {
    return this.#deps.db.transaction(async (tx) => {
      const plan = await this.#lockPlan(tx, id, 'submit');
      if (plan.goals.length === 0) throw invalid('goals', 'a plan needs at least one goal before submission');
      const courses = await repo.coursesOf(tx, id);
      if (courses.length === 0) throw invalid('courses', 'a plan needs at least one course before submission');
      const request = await this.#deps.approvals.submit(
        tx,
        actor,
        {
          kind: PLAN_APPROVAL_KIND,
          subjectType: PLAN_SUBJECT,
          subjectId: id,
          title: `Training plan ${plan.year}: ${plan.title}`,
          payload: { year: plan.year, courses: courses.length, goals: plan.goals },
        },
        context,
      );
      const after = await repo.setPlanStatus(tx, id, { status: 'submitted', approvalId: Number(request.id), returnReason: null });
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_plan.submitted',
          entityType: PLAN_SUBJECT,
          entityId: id,
          before: { status: plan.status },
          after: { status: after.status, approvalId: Number(request.id) },
        },
        context,
      );
      return after;
    });
  }

  /** Delivery begins: sessions can take attendance and the plan's exams take results. */
  async startPlan(actor: Actor, id: number, context: AuditContext = {}): Promise<repo.PlanRow> {
    return this.#transition(actor, id, 'start', { status: 'in_progress' }, 'training_plan.started', context);
  }

  /** @throws AppError illegal_transition while sessions are still scheduled. */
  async closePlan(actor: Actor, id: number, summary: string, context: AuditContext = {}): Promise<repo.PlanRow> {
    if (summary.trim().length === 0) throw invalid('summary', 'must not be empty');
    return this.#transition(
      actor,
      id,
      'close',
      { status: 'closed', summary: summary.trim() },
      'training_plan.closed',
      context,
      async (tx) => {
        const counts = await repo.sessionCounts(tx, id);
        if (counts.scheduled > 0) {
          throw illegalTransition(
            `${counts.scheduled} session(s) of plan #${id} are still scheduled; record or cancel them first`,
          );
        }
      },
    );
  }

  listPlans(filter: repo.PlanFilter): Promise<repo.PlanRow[]> {
    return repo.listPlans(this.#deps.db, filter);
  }

  async getPlan(id: number) {
    const plan = await repo.findPlan(this.#deps.db, id);
    if (!plan) throw notFound(`training plan ${id}`);
    const [courses, sessions] = await Promise.all([repo.coursesOf(this.#deps.db, id), repo.sessionCounts(this.#deps.db, id)]);
    return { plan, courses, sessions };
  }

  async #lockPlan(tx: Queryable, id: number, action: PlanAction): Promise<repo.PlanRow> {
    const plan = await repo.findPlan(tx, id, true);
    if (!plan) throw notFound(`training plan ${id}`);
    if (!planAllows(action, plan.status)) throw illegalTransition(`training plan #${id} is ${plan.status}: cannot ${action}`);
    return plan;
  }

  async #transition(
    actor: Actor,
    id: number,
    action: PlanAction,
    change: repo.PlanStatusChange,
    auditAction: string,
    context: AuditContext,
    guard?: (tx: Queryable) => Promise<void>,
  ): Promise<repo.PlanRow> {
    return this.#deps.db.transaction(async (tx) => {
      const before = await this.#lockPlan(tx, id, action);
      await guard?.(tx);
      const after = await repo.setPlanStatus(tx, id, change);
      await recordAudit(
        tx,
        actor,
        {
          action: auditAction,
          entityType: PLAN_SUBJECT,
          entityId: id,
          before: { status: before.status },
          after: { status: after.status, ...(change.summary ? { summary: change.summary } : {}) },
        },
        context,
      );
      return after;
    });
  }

  /** The approval's effect, in the decision's transaction. */
  async #decided(tx: Queryable, request: ApprovalRequestRow, actor: Actor, action: 'approve' | 'return', reason?: string) {
    const id = Number(request.subject_id);
    const plan = await this.#lockPlan(tx, id, action);
    const after = await repo.setPlanStatus(
      tx,
      id,
      action === 'approve' ? { status: 'approved' } : { status: 'draft', returnReason: reason ?? null },
    );
    await recordAudit(tx, actor, {
      action: action === 'approve' ? 'training_plan.approved' : 'training_plan.returned',
      entityType: PLAN_SUBJECT,
      entityId: id,
      before: { status: plan.status },
      after: { status: after.status, ...(reason ? { reason } : {}) },
    });
  }

  // ------------------------------------------------------------------ sessions

  /**
   * Schedules a session of a course of an approved plan, with a trainer (a user holding the
   * trainer role) or an external one, a place (or a link when online) and a capacity.
   * @throws AppError illegal_transition when the plan is not approved; invalid naming the field otherwise.
   */
  async scheduleSession(actor: Actor, input: SessionInput, context: AuditContext = {}): Promise<repo.SessionRow> {
    if (new Date(input.endsAt) <= new Date(input.startsAt)) throw invalid('endsAt', 'must be after startsAt');
    if (input.trainerId === undefined && input.externalTrainer === undefined) {
      throw invalid('trainerId', 'name a trainer (trainerId) or an external trainer (externalTrainer)');
    }
    if (input.trainerId !== undefined && input.externalTrainer !== undefined) {
      throw invalid('externalTrainer', 'name either a trainer or an external trainer, not both');
    }
    const id = await this.#deps.db.transaction(async (tx) => {
      const plan = await repo.findPlan(tx, input.planId, true);
      if (!plan) throw invalid('planId', `no training plan ${input.planId}`);
      if (!planAllows('schedule', plan.status)) {
        throw illegalTransition(`training plan #${input.planId} is ${plan.status}: sessions are scheduled once it is approved`);
      }
      const course = await repo.findCourse(tx, input.courseId);
      if (!course || Number(course.plan_id) !== input.planId) {
        throw invalid('courseId', `is not a course of training plan #${input.planId}`);
      }
      if (input.trainerId !== undefined) {
        const trainer = await this.#deps.identity.findUser(tx, input.trainerId);
        if (!trainer?.active || !trainer.roles.includes('trainer')) {
          throw invalid('trainerId', `user ${input.trainerId} is not an active trainer`);
        }
      }
      const format = input.format ?? course.format;
      if (format === 'online' && !input.onlineLink) throw invalid('onlineLink', 'an online session needs a link');
      if (format !== 'online' && !input.location) throw invalid('location', `a ${format} session needs a location`);
      const sessionId = await repo.insertSession(tx, {
        planId: input.planId,
        courseId: input.courseId,
        format,
        trainerId: input.trainerId ?? null,
        externalTrainer: input.externalTrainer ?? null,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        location: input.location ?? null,
        onlineLink: input.onlineLink ?? null,
        capacity: input.capacity,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_session.scheduled',
          entityType: 'training_session',
          entityId: sessionId,
          after: { ...input, format },
        },
        context,
      );
      return sessionId;
    });
    return this.#session(id);
  }

  /** Readers see every session; other staff the sessions they are enrolled in. */
  listSessions(actor: Actor, filter: repo.SessionFilter): Promise<repo.SessionRow[]> {
    return repo.listSessions(this.#deps.db, readsTraining(actor) ? filter : { ...filter, enrolledUserId: actor.userId ?? -1 });
  }

  /** A session with its enrolment; a participant sees only their own line. */
  async getSession(actor: Actor, id: number) {
    const session = await repo.findSession(this.#deps.db, id);
    if (!session) throw notFound(`training session ${id}`);
    if (readsTraining(actor)) return { session, enrolments: await repo.enrolmentsOf(this.#deps.db, id) };
    const own = await repo.enrolmentsOf(this.#deps.db, id, actor.userId ?? -1);
    if (own.length === 0) throw notFound(`training session ${id}`);
    return { session, enrolments: own };
  }

  /**
   * Enrols staff (already enrolled ones are skipped).
   * @throws AppError conflict (userIds) when the places would not suffice.
   */
  async enrol(actor: Actor, sessionId: number, userIds: number[], context: AuditContext = {}) {
    if (new Set(userIds).size !== userIds.length) throw invalid('userIds', 'a person appears twice');
    await this.#deps.db.transaction(async (tx) => {
      const session = await this.#lockSession(tx, sessionId, 'enrol');
      await activeStaff(this.#deps, tx, userIds, (index) => `userIds.${index}`);
      const already = new Set((await repo.enrolmentsOf(tx, sessionId)).map((e) => Number(e.user_id)));
      const fresh = userIds.filter((id) => !already.has(id));
      if (session.enrolled + fresh.length > session.capacity) {
        throw conflict(
          'userIds',
          `session #${sessionId} has ${session.capacity} places, ${session.enrolled} taken: ${fresh.length} more do not fit`,
        );
      }
      const added = await repo.insertEnrolments(tx, sessionId, fresh, 'planned');
      if (added.length > 0) {
        await recordAudit(
          tx,
          actor,
          { action: 'training_session.enrolled', entityType: 'training_session', entityId: sessionId, after: { userIds: added } },
          context,
        );
      }
    });
    return repo.enrolmentsOf(this.#deps.db, sessionId);
  }

  async unenrol(actor: Actor, sessionId: number, userId: number, context: AuditContext = {}): Promise<void> {
    await this.#deps.db.transaction(async (tx) => {
      await this.#lockSession(tx, sessionId, 'unenrol');
      if (!(await repo.deleteEnrolment(tx, sessionId, userId)))
        throw notFound(`enrolment of user ${userId} in session ${sessionId}`);
      await recordAudit(
        tx,
        actor,
        { action: 'training_session.unenrolled', entityType: 'training_session', entityId: sessionId, before: { userId } },
        context,
      );
    });
  }

  /**
   * Takes (or corrects) attendance; the session counts as held.
   * @throws AppError illegal_transition before the session starts or while the plan is not
   * running; invalid (records.N.userId) for someone not enrolled.
   */
  async recordAttendance(
    actor: Actor,
    sessionId: number,
    records: Array<{ userId: number; attendance: Attendance; note?: string | null | undefined }>,
    context: AuditContext = {},
  ) {
    await this.#deps.db.transaction(async (tx) => {
      const session = await this.#lockSession(tx, sessionId, 'attendance');
      const plan = await repo.findPlan(tx, Number(session.plan_id));
      if (!plan || !planAllows('deliver', plan.status)) {
        throw illegalTransition(
          `training plan #${session.plan_id} is ${plan?.status ?? 'missing'}: start it before delivering sessions`,
        );
      }
      if (session.starts_at.getTime() > this.#deps.now().getTime()) {
        throw illegalTransition(
          `session #${sessionId} starts at ${session.starts_at.toISOString()}: attendance is taken once it has begun`,
        );
      }
      const before = await repo.enrolmentsOf(tx, sessionId);
      const enrolled = new Set(before.map((e) => Number(e.user_id)));
      const seen = new Set<number>();
      for (const [index, record] of records.entries()) {
        if (!enrolled.has(record.userId))
          throw invalid(`records.${index}.userId`, `user ${record.userId} is not enrolled in this session`);
        if (seen.has(record.userId)) throw invalid(`records.${index}.userId`, `user ${record.userId} appears twice`);
        seen.add(record.userId);
      }
      await repo.setAttendance(
        tx,
        sessionId,
        records.map((r) => ({ userId: r.userId, attendance: r.attendance, note: r.note ?? null })),
      );
      await repo.setSessionStatus(tx, sessionId, 'held');
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_session.attendance_recorded',
          entityType: 'training_session',
          entityId: sessionId,
          before: {
            status: session.status,
            attendance: before.map((e) => ({ userId: Number(e.user_id), attendance: e.attendance })),
          },
          after: { status: 'held', attendance: records.map((r) => ({ userId: r.userId, attendance: r.attendance })) },
        },
        context,
      );
    });
    return this.getSession(actor, sessionId);
  }

  async cancelSession(actor: Actor, sessionId: number, reason: string, context: AuditContext = {}): Promise<repo.SessionRow> {
    if (reason.trim().length === 0) throw invalid('reason', 'must not be empty');
    await this.#deps.db.transaction(async (tx) => {
      const session = await this.#lockSession(tx, sessionId, 'cancel');
      await repo.setSessionStatus(tx, sessionId, 'cancelled', reason.trim());
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_session.cancelled',
          entityType: 'training_session',
          entityId: sessionId,
          before: { status: session.status },
          after: { status: 'cancelled', reason: reason.trim() },
        },
        context,
      );
    });
    return this.#session(sessionId);
  }

  async #session(id: number): Promise<repo.SessionRow> {
    const row = await repo.findSession(this.#deps.db, id);
    if (!row) throw notFound(`training session ${id}`);
    return row;
  }

  async #lockSession(tx: Queryable, id: number, action: SessionAction): Promise<repo.SessionRow> {
    if (!(await repo.lockSession(tx, id))) throw notFound(`training session ${id}`);
    const session = await repo.findSession(tx, id);
    if (!session) throw notFound(`training session ${id}`);
    if (!sessionAllows(action, session.status))
      throw illegalTransition(`training session #${id} is ${session.status}: cannot ${action}`);
    return session;
  }
}
