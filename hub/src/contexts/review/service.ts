import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { forbidden, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import * as repo from './repository.ts';
import { sampled } from './sampling.ts';

/** What a context supplies for each kind of record its clerks enter and a reviewer may check. */
export interface ReviewSubject {
  label: { en: string; zh: string };
  /** Share of new records drawn for review until a policy is configured. */
  defaultRate: number;
  /** The record as it stands now, for the reviewer to check; undefined when it is gone. */
  snapshot(q: Queryable, entityId: string): Promise<Record<string, unknown> | undefined>;
  /**
   * Applies a correction through the owning service (validation, update, its own audit entry)
   * and returns the changed fields before and after.
   * @throws AppError invalid naming `changes.<field>` for a field that cannot be corrected.
   */
  correct(
    tx: Queryable,
    actor: Actor,
    entityId: string,
    changes: Record<string, unknown>,
    context: AuditContext,
  ): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> }>;
}

/**
 * Data-entry review (DAT-2): records of the kinds a context registers are drawn for a
 * reviewer's spot check as they are entered (deterministic sampling at the configured rate);
 * the reviewer passes them or corrects fields, and every correction keeps its before/after.
 */
export class ReviewService {
  readonly #db: Db;
  readonly #subjects = new Map<string, ReviewSubject>();

  constructor(db: Db) {
    this.#db = db;
  }

  registerSubject(entityType: string, subject: ReviewSubject): void {
    if (this.#subjects.has(entityType)) throw new Error(`review subject ${entityType} registered twice`);
    this.#subjects.set(entityType, subject);
  }

  #subject(entityType: string, field = 'entityType'): ReviewSubject {
    const subject = this.#subjects.get(entityType);
    if (!subject) throw invalid(field, `no reviewable kind ${entityType} (known: ${[...this.#subjects.keys()].join(', ')})`);
    return subject;
  }

  async #rate(q: Queryable, entityType: string): Promise<number> {
    return (await repo.findPolicy(q, entityType)) ?? this.#subject(entityType).defaultRate;
  }

  /**
   * Draws a newly entered record for review, inside the caller's transaction.
   * @returns whether the record joined the queue.
   */
  async enrol(tx: Queryable, actor: Actor, entityType: string, entityId: string, context: AuditContext = {}): Promise<boolean> {
    if (!sampled(entityType, entityId, await this.#rate(tx, entityType))) return false;
    const item = await repo.enrol(tx, entityType, entityId, actor);
    if (!item) return false;
    await recordAudit(
      tx,
      actor,
      { action: 'review.enrolled', entityType: 'review_item', entityId: Number(item.id), after: { entityType, entityId } },
      context,
    );
    return true;
  }

  async policies(): Promise<
    Array<{ entityType: string; label: { en: string; zh: string }; sampleRate: number; configured: boolean }>
  > {
    const configured = new Map((await repo.listPolicies(this.#db)).map((p) => [p.entity_type, Number(p.sample_rate)]));
    return [...this.#subjects.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([entityType, subject]) => ({
        entityType,
        label: subject.label,
        sampleRate: configured.get(entityType) ?? subject.defaultRate,
        configured: configured.has(entityType),
      }));
  }

  async setPolicy(actor: Actor, entityType: string, rate: number, context: AuditContext = {}): Promise<number> {
    this.#subject(entityType);
    if (!(rate >= 0 && rate <= 1)) throw invalid('sampleRate', 'must be between 0 and 1');
    await this.#db.transaction(async (tx) => {
      const before = await this.#rate(tx, entityType);
      await repo.savePolicy(tx, entityType, rate, actor.userId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'review.policy_set',
          entityType: 'review_policy',
          entityId: entityType,
          before: { sampleRate: before },
          after: { sampleRate: rate },
        },
        context,
      );
    });
    return rate;
  }

  list(filter: {
    status?: repo.ReviewStatus | undefined;
    entityType?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  }) {
    return repo.listItems(this.#db, filter);
  }

  async detail(id: number) {
    const item = await repo.findItem(this.#db, id);
    if (!item) throw notFound(`review item ${id}`);
    const [record, corrections] = await Promise.all([
      this.#subject(item.entity_type).snapshot(this.#db, item.entity_id),
      repo.correctionsOf(this.#db, id),
    ]);
    return { item, record: record ?? null, corrections };
  }

  /** The queue item of a record, if it was drawn. */
  itemOf(entityType: string, entityId: string) {
    return repo.itemOf(this.#db, entityType, entityId);
  }

  async #claim(tx: Queryable, actor: Actor, id: number): Promise<repo.ItemRow> {
    const item = await repo.findItem(tx, id, true);
    if (!item) throw notFound(`review item ${id}`);
    // Review means a second pair of eyes: nobody checks their own entries.
    if (item.entered_by !== null && Number(item.entered_by) === actor.userId)
      throw forbidden('you cannot review a record you entered');
    return item;
  }

  async pass(actor: Actor, id: number, notes: string | undefined, context: AuditContext = {}): Promise<repo.ItemRow> {
    return this.#db.transaction(async (tx) => {
      const item = await this.#claim(tx, actor, id);
      if (item.status !== 'pending') throw illegalTransition(`review item ${id} is ${item.status}`);
      const after = await repo.markReviewed(tx, id, 'passed', actor, notes ?? null);
      await recordAudit(
        tx,
        actor,
        {
          action: 'review.passed',
          entityType: 'review_item',
          entityId: id,
          before: { status: item.status },
          after: { status: 'passed', notes },
        },
        context,
      );
      return after;
    });
  }

  /**
   * Corrects fields of a drawn record through its owning service. A pending or already
   * corrected item may be corrected (again); each correction is kept with before and after.
   */
  async correct(
    actor: Actor,
    id: number,
    changes: Record<string, unknown>,
    notes: string,
    context: AuditContext = {},
  ): Promise<{ item: repo.ItemRow; correction: repo.CorrectionRow }> {
    if (Object.keys(changes).length === 0) throw invalid('changes', 'must change at least one field');
    if (!notes.trim()) throw invalid('notes', 'say what was wrong');
    return this.#db.transaction(async (tx) => {
      const item = await this.#claim(tx, actor, id);
      if (item.status === 'passed') throw illegalTransition(`review item ${id} was passed; it cannot be corrected`);
      const subject = this.#subject(item.entity_type);
      const diff = await subject.correct(tx, actor, item.entity_id, changes, context);
      const correction = await repo.insertCorrection(tx, { itemId: id, before: diff.before, after: diff.after, notes, actor });
      const next = await repo.markReviewed(tx, id, 'corrected', actor, notes);
      await recordAudit(
        tx,
        actor,
        { action: 'review.corrected', entityType: 'review_item', entityId: id, before: diff.before, after: diff.after },
        context,
      );
      return { item: next, correction };
    });
  }
}
