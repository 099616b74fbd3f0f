import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { AuditContext } from '../audit/repository.ts';
import { toDateString } from './dates.ts';
import { evaluateBids, weightsProblem } from './evaluation.ts';
import { recordChange } from './history.ts';
import * as planRepo from './plan-repository.ts';
import { qualificationGaps } from './qualifications.ts';
import { eventsOf } from './repository.ts';
import * as requisitionRepo from './requisition-repository.ts';
import type { RequisitionService } from './requisition-service.ts';
import type { EvaluationWeights, ProcurementSettings } from './settings.ts';
import type { RfqRow } from './sourcing-repository.ts';
import * as repo from './sourcing-repository.ts';
import type { SupplierService } from './supplier-service.ts';
import type { RfqStatus } from './vocabulary.ts';

export const RFQ = 'procurement_rfq';

export interface RfqInput {
  planLineId: number;
  title?: string | undefined;
  supplierIds: string[];
  deadline: string;
  weights?: EvaluationWeights | undefined;
  requiredQualifications?: string[] | undefined;
}

export interface BidInput {
  supplierId: string;
  price: number;
  deliveryDays: number;
  notes?: string | null | undefined;
}

const rfqSnapshot = (row: RfqRow) => ({
  status: row.status,
  awardedBidId: row.awarded_bid_id === null ? null : Number(row.awarded_bid_id),
});

/**
 * Sourcing (PRC-4): a request for quotes (or a tender) for a plan line, sent to chosen qualified
 * suppliers; their bids; a weighted evaluation of qualification, price and reputation; the award,
 * with a justification when it does not go to the top score. Every step is in the RFQ's history.
 */
export class SourcingService {
  readonly #db: Db;
  readonly #suppliers: SupplierService;
  readonly #requisitions: RequisitionService;
  readonly #settings: ProcurementSettings;
  readonly #now: () => Date;

  constructor(
    db: Db,
    deps: { suppliers: SupplierService; requisitions: RequisitionService; settings: ProcurementSettings; now: () => Date },
  ) {
    this.#db = db;
    this.#suppliers = deps.suppliers;
    this.#requisitions = deps.requisitions;
    this.#settings = deps.settings;
    this.#now = deps.now;
  }

  /** Throws unless every supplier is registered, active and holds the required qualifications today. */
  async #assertQualified(
    q: Queryable,
    supplierIds: readonly string[],
    required: readonly string[],
    field: string,
  ): Promise<void> {
    const today = toDateString(this.#now());
    const held = await this.#suppliers.qualificationsOf(q, supplierIds);
    for (const id of supplierIds) {
      const supplier = await this.#suppliers.find(q, id);
      if (!supplier) throw invalid(field, `no supplier ${id}`);
      if (supplier.status !== 'active') throw conflict(field, `supplier ${id} is ${supplier.status}`);
      const gaps = qualificationGaps(
        held.filter((x) => x.supplier_id === id).map((x) => ({ kind: x.kind, number: x.number, expiresOn: x.expires_on })),
        required,
        today,
      );
      if (gaps.length > 0) throw conflict(field, `supplier ${id} is not qualified: ${gaps.join(', ')}`);
    }
  }

  /** PRC-4: publishes the request to the chosen suppliers; the plan line and its requisitions are now being sourced. */
  async create(actor: Actor, input: RfqInput, context: AuditContext = {}): Promise<RfqRow> {
    const weights = input.weights ?? this.#settings.evaluationWeights;
    const problem = weightsProblem(weights);
    if (problem) throw invalid('weights', problem);
    const deadline = new Date(input.deadline);
    if (Number.isNaN(deadline.getTime()) || deadline.getTime() <= this.#now().getTime())
      throw invalid('deadline', 'must be in the future');
    const supplierIds = [...new Set(input.supplierIds)];
    const minimum = this.#settings.minInvitedSuppliers;
    if (supplierIds.length < minimum) throw invalid('supplierIds', `invite at least ${minimum} qualified suppliers`);
    const required = [...new Set(input.requiredQualifications ?? [])];
    return this.#db.transaction(async (tx) => {
      const line = await planRepo.lockPlanLine(tx, input.planLineId);
      if (!line) throw invalid('planLineId', `no plan line ${input.planLineId}`);
      if (line.method === 'direct')
        throw illegalTransition(`plan line ${line.id} is a direct purchase: register its contract directly`);
      if (line.status !== 'planned') throw illegalTransition(`plan line ${line.id} is ${line.status}`);
      await this.#assertQualified(tx, supplierIds, required, 'supplierIds');
      const id = await repo.insertRfq(tx, {
        year: this.#now().getUTCFullYear(),
        planLineId: Number(line.id),
        title: input.title?.trim() || `${line.item_name} × ${Number(line.quantity)} ${line.unit}`,
        method: line.method,
        weights,
        requiredQualifications: required,
        deadline,
        createdBy: actor.userId,
        createdByName: actor.name,
      });
      for (const supplierId of supplierIds) await repo.insertInvitation(tx, id, supplierId);
      await planRepo.setPlanLineStatus(tx, Number(line.id), 'sourcing');
      for (const row of await requisitionRepo.lockOfPlanLine(tx, Number(line.id)))
        await this.#requisitions.transition(tx, actor, row, 'source', {}, { kind: 'sourcing', data: { rfqId: id } }, context);
      const rfq = await repo.findRfq(tx, id);
      if (!rfq) throw new Error('RFQ vanished after insert');
      await recordChange(
        tx,
        actor,
        {
          entityType: RFQ,
          entityId: id,
          kind: 'published',
          after: {
            number: rfq.number,
            planLineId: Number(line.id),
            method: rfq.method,
            suppliers: supplierIds,
            deadline: deadline.toISOString(),
            weights,
            requiredQualifications: required,
          },
        },
        context,
      );
      return rfq;
    });
  }

  async #step(id: number, allowed: readonly RfqStatus[], work: (tx: Queryable, rfq: RfqRow) => Promise<RfqRow>): Promise<RfqRow> {
    return this.#db.transaction(async (tx) => {
      const rfq = await repo.lockRfq(tx, id);
      if (!rfq) throw notFound(`request for quotes ${id}`);
      if (!allowed.includes(rfq.status)) throw illegalTransition(`${rfq.number} is ${rfq.status}`);
      return work(tx, rfq);
    });
  }

  /** A quote received from an invited supplier before the deadline; one per supplier. */
  recordBid(actor: Actor, id: number, input: BidInput, context: AuditContext = {}): Promise<RfqRow> {
    if (!(Number.isFinite(input.price) && input.price > 0)) throw invalid('price', 'must be above 0');
    return this.#step(id, ['open'], async (tx, rfq) => {
      if (this.#now().getTime() > rfq.deadline.getTime())
        throw illegalTransition(`${rfq.number} closed for quotes at ${rfq.deadline.toISOString()}`);
      const invited = await repo.invitationsOf(tx, id);
      if (!invited.some((i) => i.supplier_id === input.supplierId))
        throw invalid('supplierId', `supplier ${input.supplierId} was not invited to ${rfq.number}`);
      const bidId = await repo.insertBid(tx, {
        rfqId: id,
        supplierId: input.supplierId,
        price: input.price,
        deliveryDays: input.deliveryDays,
        notes: input.notes?.trim() || null,
        recordedByName: actor.name,
      });
      if (bidId === undefined) throw conflict('supplierId', `supplier ${input.supplierId} has already quoted`);
      await recordChange(
        tx,
        actor,
        {
          entityType: RFQ,
          entityId: id,
          kind: 'bid_recorded',
          after: { bidId, supplierId: input.supplierId, price: input.price, deliveryDays: input.deliveryDays },
        },
        context,
      );
      return rfq;
    });
  }

  /** PRC-4: closes bidding and scores every bid (evaluation.ts); the ranking is kept on the bids and in the history. */
  evaluate(actor: Actor, id: number, context: AuditContext = {}): Promise<RfqRow> {
    return this.#step(id, ['open'], async (tx, rfq) => {
      const bids = await repo.bidsOf(tx, id);
      if (bids.length === 0) throw illegalTransition(`${rfq.number} has no quotes to evaluate`);
      const supplierIds = bids.map((b) => b.supplier_id);
      const held = await this.#suppliers.qualificationsOf(tx, supplierIds);
      const reputations = new Map<string, number>();
      for (const supplierId of supplierIds)
        reputations.set(supplierId, Number((await this.#suppliers.find(tx, supplierId))?.reputation ?? 0));
      const scores = evaluateBids(
        bids.map((b) => ({
          bidId: Number(b.id),
          supplierId: b.supplier_id,
          price: Number(b.price),
          deliveryDays: b.delivery_days,
          submittedAt: b.submitted_at.toISOString(),
          qualifications: held
            .filter((h) => h.supplier_id === b.supplier_id)
            .map((h) => ({ kind: h.kind, expiresOn: h.expires_on })),
          reputation: reputations.get(b.supplier_id) ?? 0,
        })),
        rfq.weights,
        rfq.required_qualifications,
        toDateString(this.#now()),
      );
      for (const score of scores) await repo.saveScore(tx, score);
      const after = await repo.updateRfq(tx, id, { status: 'evaluated', evaluated_at: new Date() });
      await recordChange(
        tx,
        actor,
        {
          entityType: RFQ,
          entityId: id,
          kind: 'evaluated',
          before: rfqSnapshot(rfq),
          after: rfqSnapshot(after),
          data: { weights: rfq.weights, scores },
        },
        context,
      );
      return after;
    });
  }

  /** PRC-4: the award. A bid below the top score needs a justification; the supplier must still be qualified. */
  award(actor: Actor, id: number, input: { bidId: number; justification?: string | undefined }, context: AuditContext = {}) {
    return this.#step(id, ['evaluated'], async (tx, rfq) => {
      const bid = (await repo.bidsOf(tx, id)).find((b) => Number(b.id) === input.bidId);
      if (!bid) throw invalid('bidId', `no bid ${input.bidId} on ${rfq.number}`);
      const justification = input.justification?.trim() || null;
      if (bid.rank !== 1 && !justification)
        throw invalid('justification', `bid ${input.bidId} ranks ${bid.rank}: say why it is chosen over the top score`);
      await this.#assertQualified(tx, [bid.supplier_id], rfq.required_qualifications, 'bidId');
      const after = await repo.updateRfq(tx, id, {
        status: 'awarded',
        awarded_bid_id: input.bidId,
        award_justification: justification,
        awarded_at: new Date(),
      });
      await recordChange(
        tx,
        actor,
        {
          entityType: RFQ,
          entityId: id,
          kind: 'awarded',
          note: justification,
          before: rfqSnapshot(rfq),
          after: rfqSnapshot(after),
          data: {
            bidId: input.bidId,
            supplierId: bid.supplier_id,
            price: Number(bid.price),
            rank: bid.rank,
            totalScore: Number(bid.total_score),
          },
        },
        context,
      );
      return after;
    });
  }

  /** Withdraws the request before a contract: the plan line and its requisitions wait for new sourcing. */
  cancel(actor: Actor, id: number, reason: string, context: AuditContext = {}): Promise<RfqRow> {
    if (!reason.trim()) throw invalid('reason', 'must not be empty');
    return this.#step(id, ['open', 'evaluated', 'awarded'], async (tx, rfq) => {
      const line = await planRepo.lockPlanLine(tx, Number(rfq.plan_line_id));
      if (line?.status !== 'sourcing') throw illegalTransition(`${rfq.number} already has a contract`);
      const after = await repo.updateRfq(tx, id, { status: 'cancelled', cancel_reason: reason.trim() });
      await planRepo.setPlanLineStatus(tx, Number(line.id), 'planned');
      for (const row of await requisitionRepo.lockOfPlanLine(tx, Number(line.id)))
        await this.#requisitions.transition(
          tx,
          actor,
          row,
          'reopen',
          {},
          { kind: 'sourcing_cancelled', note: reason.trim() },
          context,
        );
      await recordChange(
        tx,
        actor,
        {
          entityType: RFQ,
          entityId: id,
          kind: 'cancelled',
          note: reason.trim(),
          before: rfqSnapshot(rfq),
          after: rfqSnapshot(after),
        },
        context,
      );
      return after;
    });
  }

  list(filter: {
    status?: RfqStatus | undefined;
    planLineId?: number | undefined;
    beforeId?: number | undefined;
    limit: number;
  }) {
    return repo.listRfqs(this.#db, filter);
  }

  async detail(id: number) {
    const rfq = await repo.findRfq(this.#db, id);
    if (!rfq) throw notFound(`request for quotes ${id}`);
    const [invitations, bids, history] = await Promise.all([
      repo.invitationsOf(this.#db, id),
      repo.bidsOf(this.#db, id),
      eventsOf(this.#db, RFQ, id),
    ]);
    return { rfq, invitations, bids, history };
  }

  find(q: Queryable, id: number) {
    return repo.findRfq(q, id);
  }

  bidsOf(q: Queryable, id: number) {
    return repo.bidsOf(q, id);
  }
}
