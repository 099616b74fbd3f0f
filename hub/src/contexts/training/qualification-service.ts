import { isRole, type Role } from '@campus/protocol';
import type { Actor } from '../../actor.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { isIsoDate } from './dates.ts';
import { analyseNeeds, type Need, type Requirement, type TopicNeed } from './needs.ts';
import { departmentScope, maySeeRecordOf, readsTraining } from './policy.ts';
import * as repo from './repository.ts';
import type { TrainingDeps } from './service.ts';
import { activeStaff } from './staff.ts';
import type { RequirementKind, RequirementScope } from './vocabulary.ts';

export const DEFAULT_NEEDS_HORIZON_DAYS = 60;

export interface RequirementInput {
  scope: RequirementScope;
  target: string;
  kind: RequirementKind;
  name: string;
  minLevel?: number | undefined;
  note?: string | null | undefined;
}

export interface AssessmentInput {
  userId: number;
  assessedOn: string;
  scores: Array<{ skill: string; level: number; comment?: string | null | undefined }>;
  note?: string | null | undefined;
}

export function toRequirement(row: repo.RequirementRow): Requirement {
  return { id: Number(row.id), scope: row.scope, target: row.target, kind: row.kind, name: row.name, minLevel: row.min_level };
}

/**
 * TRN-1: what each role and job requires, skill assessments that set the staff's skill levels,
 * and the training-needs analysis that compares the two.
 */
export class QualificationService {
  readonly #deps: TrainingDeps;

  constructor(deps: TrainingDeps) {
    this.#deps = deps;
  }

  async listRequirements(): Promise<repo.RequirementRow[]> {
    return repo.listRequirements(this.#deps.db);
  }

  /**
   * @throws AppError invalid for a role that does not exist or a level on the wrong kind;
   * conflict (name) when the same requirement exists.
   */
  async addRequirement(actor: Actor, input: RequirementInput, context: AuditContext = {}): Promise<repo.RequirementRow> {
    if (input.scope === 'role' && !isRole(input.target)) throw invalid('target', `${input.target} is not a role`);
    if (input.kind === 'skill' && input.minLevel === undefined) {
      throw invalid('minLevel', 'a skill requirement needs a minimum level 1-5');
    }
    if (input.kind === 'certification' && input.minLevel !== undefined) {
      throw invalid('minLevel', 'a certification requirement has no level');
    }
    return this.#deps.db.transaction(async (tx) => {
      if (await repo.findSameRequirement(tx, input)) {
        throw conflict('name', `${input.scope} ${input.target} already requires ${input.kind} ${input.name}`);
      }
      const row = await repo.insertRequirement(tx, {
        scope: input.scope,
        target: input.target,
        kind: input.kind,
        name: input.name,
        minLevel: input.minLevel ?? null,
        note: input.note ?? null,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_requirement.added',
          entityType: 'training_requirement',
          entityId: Number(row.id),
          after: toRequirement(row),
        },
        context,
      );
      return row;
    });
  }

  async removeRequirement(actor: Actor, id: number, context: AuditContext = {}): Promise<void> {
    await this.#deps.db.transaction(async (tx) => {
      const row = await repo.findRequirement(tx, id);
      if (!row) throw notFound(`training requirement ${id}`);
      await repo.deleteRequirement(tx, id);
      await recordAudit(
        tx,
        actor,
        { action: 'training_requirement.removed', entityType: 'training_requirement', entityId: id, before: toRequirement(row) },
        context,
      );
    });
  }

  /**
   * Records a skill assessment and sets the assessed skills' levels on the person (other skills
   * keep theirs), in one transaction; identity audits the new skill set too.
   * @throws AppError invalid naming the field (unknown person, future date, a skill twice, self-assessment).
   */
  async recordAssessment(actor: Actor, input: AssessmentInput, context: AuditContext = {}): Promise<repo.AssessmentRow> {
    if (actor.userId === input.userId) throw invalid('userId', 'you cannot assess yourself');
    if (!isIsoDate(input.assessedOn)) throw invalid('assessedOn', 'must be a date YYYY-MM-DD');
    if (input.assessedOn > this.#deps.today()) throw invalid('assessedOn', 'must not be in the future');
    const seen = new Set<string>();
    for (const [index, score] of input.scores.entries()) {
      if (seen.has(score.skill)) throw invalid(`scores.${index}.skill`, `${score.skill} appears twice`);
      seen.add(score.skill);
    }
    const id = await this.#deps.db.transaction(async (tx) => {
      const person = (await activeStaff(this.#deps, tx, [input.userId], () => 'userId')).get(input.userId);
      if (!person) throw invalid('userId', `no active staff member ${input.userId}`);
      const previous = new Map(person.skills.map((s) => [s.skill, s.level]));
      const merged = new Map(previous);
      for (const score of input.scores) merged.set(score.skill, score.level);
      await this.#deps.identity.setSkills(
        actor,
        input.userId,
        [...merged.entries()].map(([skill, level]) => ({ skill, level })),
        context,
        tx,
      );
      const scores = input.scores.map((s) => ({
        skill: s.skill,
        level: s.level,
        previousLevel: previous.get(s.skill) ?? null,
        comment: s.comment ?? null,
      }));
      const assessmentId = await repo.insertAssessment(tx, {
        userId: input.userId,
        departmentId: person.departmentId,
        assessorId: actor.userId,
        assessorName: actor.name,
        assessedOn: input.assessedOn,
        note: input.note ?? null,
        scores,
      });
      await recordAudit(
        tx,
        actor,
        {
          action: 'training_assessment.recorded',
          entityType: 'training_assessment',
          entityId: assessmentId,
          after: { userId: input.userId, assessedOn: input.assessedOn, scores },
        },
        context,
      );
      return assessmentId;
    });
    const row = await repo.findAssessment(this.#deps.db, id);
    if (!row) throw notFound(`training assessment ${id}`);
    return row;
  }

  /** Readers see every assessment (department heads their department's); others their own. */
  async listAssessments(actor: Actor, filter: repo.AssessmentFilter): Promise<repo.AssessmentRow[]> {
    if (!readsTraining(actor)) return repo.listAssessments(this.#deps.db, { ...filter, userId: actor.userId ?? -1 });
    const scope = departmentScope(actor);
    return repo.listAssessments(this.#deps.db, { ...filter, ...(scope === undefined ? {} : { departmentId: scope }) });
  }

  /** @throws AppError not_found also when the actor may not see it (no probing). */
  async getAssessment(actor: Actor, id: number): Promise<repo.AssessmentRow> {
    const row = await repo.findAssessment(this.#deps.db, id);
    if (!row || !maySeeRecordOf(actor, { userId: Number(row.user_id), departmentId: row.department_id })) {
      throw notFound(`training assessment ${id}`);
    }
    return row;
  }

  /**
   * The training-needs analysis (see needs.ts): ranked gaps per person and per topic, for the
   * actor's scope (a department head's department), optionally one department or role.
   */
  async needs(
    actor: Actor,
    filter: {
      departmentId?: string | undefined;
      role?: Role | undefined;
      horizonDays?: number | undefined;
      asOf?: string | undefined;
    },
  ): Promise<{ asOf: string; horizonDays: number; items: Need[]; topics: TopicNeed[] }> {
    const scope = departmentScope(actor);
    const departmentId = scope ?? filter.departmentId;
    const asOf = filter.asOf ?? this.#deps.today();
    if (!isIsoDate(asOf)) throw invalid('asOf', 'must be a date YYYY-MM-DD');
    const horizonDays = filter.horizonDays ?? DEFAULT_NEEDS_HORIZON_DAYS;
    const [requirements, staff] = await Promise.all([
      repo.listRequirements(this.#deps.db),
      this.#deps.identity.staffQualifications(this.#deps.db, { departmentId, role: filter.role }),
    ]);
    const result = analyseNeeds(requirements.map(toRequirement), staff, { asOf, horizonDays });
    return { asOf, horizonDays, ...result };
  }
}
