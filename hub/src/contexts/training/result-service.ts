import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { addDays, isIsoDate } from './dates.ts';
import { certificationAction, decideOutcome, followUpTopic, type HeldCertification, reassessmentDue } from './outcome.ts';
import { departmentScope, maySeeRecordOf } from './policy.ts';
import * as repo from './repository.ts';
import type { TrainingDeps } from './service.ts';
import { activeStaff } from './staff.ts';
import type { Area, CertificationEffect, ExamKind } from './vocabulary.ts';
import { planAllows } from './workflow.ts';

/** Unless an exam says otherwise, distinction starts at 90% of the maximum score. */
export const DEFAULT_EXCELLENCE_SHARE = 0.9;

export interface ExamInput {
  planId?: number | undefined;
  courseId?: number | undefined;
  title: string;
  titleZh?: string | null | undefined;
  kind: ExamKind;
  area: Area;
  skill?: string | undefined;
  certification?: string | undefined;
  validityMonths?: number | undefined;
  maxScore: number;
  passMark: number;
  excellenceMark?: number | undefined;
  heldOn: string;
}

export interface ResultInput {
  userId: number;
  score: number;
  note?: string | null | undefined;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * TRN-4 and TRN-5: exams and practical checks with their marks; results that decide each
 * person's outcome (recognition, re-training and re-assessment, referral), feed their
 * performance record, and grant, renew or suspend the certifications dispatch requires.
 */
export class ResultService {
  readonly #deps: TrainingDeps;

  constructor(deps: TrainingDeps) {
    this.#deps = deps;
  }

  /**
   * An exam or practical check; linked to a plan (through its course) it belongs to that plan's
   * delivery, linked to a certification kind its results grant, renew or suspend certificates.
   * @throws AppError invalid naming the field; illegal_transition when the plan is not approved.
   */
  async createExam(actor: Actor, input: ExamInput, context: AuditContext = {}): Promise<repo.ExamRow> {
    if (!isIsoDate(input.heldOn)) throw invalid('heldOn', 'must be a date YYYY-MM-DD');
    if (input.passMark > input.maxScore) throw invalid('passMark', 'must not exceed maxScore');
    const excellenceMark = input.excellenceMark ?? Math.max(input.passMark, round2(input.maxScore * DEFAULT_EXCELLENCE_SHARE));
    if (excellenceMark < input.passMark || excellenceMark > input.maxScore) {
      throw invalid('excellenceMark', 'must lie between passMark and maxScore');
    }
    if (input.validityMonths !== undefined && input.certification === undefined) {
      throw invalid('validityMonths', 'applies only to an exam linked to a certification');
    }
    const id = await this.#deps.db.transaction(async (tx) => {
      let planId = input.planId ?? null;
      if (input.courseId !== undefined) {
        const course = await repo.findCourse(tx, input.courseId);
        if (!course) throw invalid('courseId', `no course ${input.courseId}`);
        if (planId !== null && Number(course.plan_id) !== planId)
          throw invalid('courseId', `is not a course of training plan #${planId}`);
        planId = Number(course.plan_id);
      }
      if (planId !== null) {
        const plan = await repo.findPlan(tx, planId);
        if (!plan) throw invalid('planId', `no training plan ${planId}`);
        if (!planAllows('schedule', plan.status)) {
          throw illegalTransition(`training plan #${planId} is ${plan.status}: its exams are set once it is approved`);
        }
      }
      const examId = await repo.insertExam(tx, {
        planId,
        courseId: input.courseId ?? null,
        title: input.title.trim(),
        titleZh: input.titleZh ?? null,
        kind: input.kind,
        area: input.area,
        skill: input.skill ?? null,
        certification: input.certification ?? null,
        validityMonths: input.certification ? (input.validityMonths ?? this.#deps.certificationValidityMonths) : null,
        maxScore: input.maxScore,
        passMark: input.passMark,
        excellenceMark,
        heldOn: input.heldOn,
        createdBy: actor.userId,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_exam.created',
          entityType: 'training_exam',
          entityId: examId,
          after: { ...input, planId, excellenceMark },
        },
        context,
      );
      return examId;
    });
    return this.#exam(this.#deps.db, id);
  }

  listExams(filter: repo.ExamFilter): Promise<repo.ExamRow[]> {
    return repo.listExams(this.#deps.db, filter);
  }

  /** An exam with the results the actor may see (a department head: their department's). */
  async getExam(actor: Actor, id: number) {
    const exam = await this.#exam(this.#deps.db, id);
    const scope = departmentScope(actor);
    const results = await repo.listPerformance(this.#deps.db, {
      examId: id,
      ...(scope === undefined ? {} : { departmentId: scope }),
      limit: 1000,
    });
    return { exam, results };
  }

  /**
   * Records the results of an exam, each in the same transaction as what it causes: the
   * outcome and performance entry, settled follow-ups, a re-training enrolment, and the
   * certification granted, renewed or suspended (audited by identity as well).
   * @throws AppError conflict when someone already has a result; invalid naming the field;
   * illegal_transition before the exam day or while its plan is not running.
   */
  async recordResults(
    actor: Actor,
    examId: number,
    results: ResultInput[],
    context: AuditContext = {},
  ): Promise<repo.PerformanceRow[]> {
    const seen = new Set<number>();
    for (const [index, result] of results.entries()) {
      if (seen.has(result.userId)) throw invalid(`results.${index}.userId`, `user ${result.userId} appears twice`);
      if (actor.userId === result.userId) throw invalid(`results.${index}.userId`, 'you cannot grade your own exam');
      seen.add(result.userId);
    }
    const ids = await this.#deps.db.transaction(async (tx) => {
      if (!(await repo.lockExam(tx, examId))) throw notFound(`training exam ${examId}`);
      const exam = await this.#exam(tx, examId);
      if (exam.held_on > this.#deps.today()) {
        throw illegalTransition(`exam #${examId} is held on ${exam.held_on}: results are recorded from that day`);
      }
      if (exam.plan_id !== null) {
        const plan = await repo.findPlan(tx, Number(exam.plan_id));
        if (!plan || !planAllows('deliver', plan.status)) {
          throw illegalTransition(
            `training plan #${exam.plan_id} is ${plan?.status ?? 'missing'}: start it before recording results`,
          );
        }
      }
      const maxScore = Number(exam.max_score);
      for (const [index, result] of results.entries()) {
        if (result.score > maxScore) throw invalid(`results.${index}.score`, `must not exceed the maximum score ${maxScore}`);
      }
      const graded = new Set(
        await repo.resultExists(
          tx,
          examId,
          results.map((r) => r.userId),
        ),
      );
      for (const [index, result] of results.entries()) {
        if (graded.has(result.userId))
          throw conflict(`results.${index}.userId`, `user ${result.userId} already has a result for this exam`);
      }
      const people = await activeStaff(
        this.#deps,
        tx,
        results.map((r) => r.userId),
        (index) => `results.${index}.userId`,
      );
      const recorded: number[] = [];
      // In user order, so concurrent batches lock follow-ups in the same order.
      for (const result of [...results].sort((a, b) => a.userId - b.userId)) {
        const person = people.get(result.userId);
        if (!person) throw invalid('results', `no active staff member ${result.userId}`);
        recorded.push(await this.#recordOne(tx, actor, exam, result, person, context));
      }
      return recorded;
    });
    const rows = await Promise.all(ids.map((id) => repo.findPerformance(this.#deps.db, id)));
    return rows.filter((row): row is repo.PerformanceRow => row !== undefined);
  }

  async #recordOne(
    tx: Queryable,
    actor: Actor,
    exam: repo.ExamRow,
    result: ResultInput,
    person: { userId: number; departmentId: string | null; certifications: HeldCertification[] },
    context: AuditContext,
  ): Promise<number> {
    const topic = followUpTopic({
      certification: exam.certification,
      skill: exam.skill,
      courseId: exam.course_id === null ? null : Number(exam.course_id),
      area: exam.area,
    });
    const open = await repo.openFollowUps(tx, person.userId, topic);
    const decision = decideOutcome(
      result.score,
      { passMark: Number(exam.pass_mark), excellenceMark: Number(exam.excellence_mark) },
      open.length > 0,
    );
    const resultId = await repo.insertResult(tx, {
      examId: Number(exam.id),
      userId: person.userId,
      score: result.score,
      passed: decision.passed,
      note: result.note ?? null,
      gradedBy: actor.userId,
      graderName: actor.name,
    });
    const certification = exam.certification
      ? await this.#applyCertification(tx, actor, exam, exam.certification, decision.passed, person, resultId, context)
      : { effect: null, certificationId: null };
    const retrainingSessionId = decision.retraining
      ? await this.#enrolForRetraining(tx, actor, exam, person.userId, context)
      : null;
    const performanceId = await repo.insertPerformance(tx, {
      userId: person.userId,
      departmentId: person.departmentId,
      resultId,
      topic,
      outcome: decision.outcome,
      retraining: decision.retraining,
      reassessmentDueOn: decision.passed ? null : reassessmentDue(exam.held_on, this.#deps.reassessmentDays),
      retrainingSessionId,
      certificationEffect: certification.effect,
      certificationId: certification.certificationId,
    });
    if (decision.settlesOpenFollowUps && open.length > 0) {
      await repo.settleFollowUps(tx, open, performanceId);
      for (const id of open) {
        await recordAudit(
          tx,
          actor,
          {
            action: 'training_follow_up.settled',
            entityType: 'training_performance',
            entityId: id,
            after: { settledBy: performanceId },
          },
          context,
        );
      }
    }
    await recordAudit(
      tx,
      actor,
      {
        action: 'training_result.recorded',
        entityType: 'training_result',
        entityId: resultId,
        after: {
          examId: Number(exam.id),
          userId: person.userId,
          score: result.score,
          passed: decision.passed,
          outcome: decision.outcome,
          performanceId,
          certificationEffect: certification.effect,
          certificationId: certification.certificationId,
          retrainingSessionId,
        },
      },
      context,
    );
    return performanceId;
  }

  /** Grants, renews or suspends through identity, inside this transaction (see outcome.ts). */
  async #applyCertification(
    tx: Queryable,
    actor: Actor,
    exam: repo.ExamRow,
    kind: string,
    passed: boolean,
    person: { userId: number; certifications: HeldCertification[] },
    resultId: number,
    context: AuditContext,
  ): Promise<{ effect: CertificationEffect | null; certificationId: number | null }> {
    const months = exam.validity_months ?? this.#deps.certificationValidityMonths;
    const action = certificationAction(passed, kind, person.certifications, exam.held_on, months);
    const { identity } = this.#deps;
    switch (action.action) {
      case 'grant': {
        const row = await identity.addCertification(
          actor,
          {
            userId: person.userId,
            kind,
            // Traceable to the result that earned it.
            number: `TRN-${exam.held_on.slice(0, 4)}-${String(resultId).padStart(6, '0')}`,
            issuedOn: action.issuedOn,
            expiresOn: action.expiresOn,
          },
          context,
          tx,
        );
        return { effect: 'granted', certificationId: Number(row.id) };
      }
      case 'renew':
        await identity.setCertificationStatus(actor, action.certificationId, 'valid', action.expiresOn, context, tx);
        return { effect: 'renewed', certificationId: action.certificationId };
      case 'suspend':
        for (const id of action.certificationIds)
          await identity.setCertificationStatus(actor, id, 'suspended', undefined, context, tx);
        return { effect: 'suspended', certificationId: action.certificationIds[0] ?? null };
      case 'blocked_revoked':
        return { effect: 'blocked_revoked', certificationId: action.certificationId };
      case 'none':
        return { effect: null, certificationId: null };
    }
  }

  /** Places a failed participant in the next session of the exam's course that has room, if any. */
  async #enrolForRetraining(
    tx: Queryable,
    actor: Actor,
    exam: repo.ExamRow,
    userId: number,
    context: AuditContext,
  ): Promise<number | null> {
    if (exam.course_id === null) return null;
    const after = `${addDays(exam.held_on, 1)}T00:00:00Z`;
    const next = await repo.nextSessionWithRoom(tx, Number(exam.course_id), after);
    if (!next) return null;
    await repo.lockSession(tx, Number(next.id));
    const locked = await repo.findSession(tx, Number(next.id));
    if (locked?.status !== 'scheduled' || locked.enrolled >= locked.capacity) return null;
    const added = await repo.insertEnrolments(tx, Number(next.id), [userId], 'retraining');
    if (added.length > 0) {
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_session.enrolled',
          entityType: 'training_session',
          entityId: Number(next.id),
          after: { userIds: added, reason: 'retraining', examId: Number(exam.id) },
        },
        context,
      );
    }
    return Number(next.id);
  }

  async #exam(q: Queryable, id: number): Promise<repo.ExamRow> {
    const row = await repo.findExam(q, id);
    if (!row) throw notFound(`training exam ${id}`);
    return row;
  }

  // ------------------------------------------------------------------ performance records

  /** Results with their outcomes for the performance review, in the reader's scope. */
  listPerformance(actor: Actor, filter: repo.PerformanceFilter): Promise<repo.PerformanceRow[]> {
    const scope = departmentScope(actor);
    return repo.listPerformance(this.#deps.db, { ...filter, ...(scope === undefined ? {} : { departmentId: scope }) });
  }

  /**
   * One person's training record: skills and certifications, assessments, sessions with
   * attendance, results with outcomes and follow-ups, and the counts a performance review reads.
   * @throws AppError not_found also when the actor may not see it.
   */
  async record(actor: Actor, userId: number) {
    const { db, identity } = this.#deps;
    const user = await identity.findUser(db, userId);
    if (!user || !maySeeRecordOf(actor, { userId, departmentId: user.department_id }))
      throw notFound(`training record of user ${userId}`);
    const [qualifications, assessments, sessions, results, summary] = await Promise.all([
      identity.staffQualifications(db, { userIds: [userId] }),
      repo.listAssessments(db, { userId, limit: 50 }),
      repo.sessionsOfUser(db, userId, 100),
      repo.listPerformance(db, { userId, limit: 200 }),
      repo.performanceSummary(db, userId),
    ]);
    return {
      user: { id: userId, name: user.display_name, departmentId: user.department_id, active: user.active },
      skills: qualifications[0]?.skills ?? [],
      certifications: qualifications[0]?.certifications ?? [],
      assessments,
      sessions,
      results,
      summary,
    };
  }
}
