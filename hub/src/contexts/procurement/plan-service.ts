import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { AuditContext } from '../audit/repository.ts';
import { toDateString } from './dates.ts';
import { recordChange } from './history.ts';
import type { ProcurementPeers } from './peers.ts';
import { readStockLevels } from './peers.ts';
import * as planRepo from './plan-repository.ts';
import { type PlanRequisition, type PlanResult, planProcurement } from './planning.ts';
import { adjustBudget, departmentExists, findBudget, listBudgets, lockBudgets, saveBudgetAmount } from './repository.ts';
import * as requisitionRepo from './requisition-repository.ts';
import type { RequisitionService } from './requisition-service.ts';
import type { ProcurementSettings } from './settings.ts';

export const PLAN = 'procurement_plan';
export const BUDGET = 'procurement_budget';

export interface PlanRequest {
  title?: string | undefined;
  year: number;
  /** The approved requisitions to plan; all approved ones when omitted. */
  requisitionIds?: number[] | undefined;
}

function toPlanRequisition(row: requisitionRepo.RequisitionRow): PlanRequisition {
  return {
    id: Number(row.id),
    departmentId: row.department_id,
    kind: row.kind,
    itemName: row.item_name,
    specification: row.specification,
    itemRef: row.item_ref,
    quantity: Number(row.quantity),
    unit: row.unit,
    budget: Number(row.budget ?? 0),
    neededBy: row.needed_by,
  };
}

/**
 * Procurement plans (PRC-3) from approved requisitions, the departments' budgets and stock on
 * hand (planning.ts decides; this orchestrates), and the budgets themselves.
 */
export class PlanService {
  readonly #db: Db;
  readonly #requisitions: RequisitionService;
  readonly #settings: ProcurementSettings;
  readonly #peers: () => ProcurementPeers;
  readonly #now: () => Date;

  constructor(
    db: Db,
    deps: { requisitions: RequisitionService; settings: ProcurementSettings; peers: () => ProcurementPeers; now: () => Date },
  ) {
    this.#db = db;
    this.#requisitions = deps.requisitions;
    this.#settings = deps.settings;
    this.#peers = deps.peers;
    this.#now = deps.now;
  }

  async #compute(tx: Queryable, request: PlanRequest): Promise<{ rows: requisitionRepo.RequisitionRow[]; result: PlanResult }> {
    const ids = request.requisitionIds === undefined ? undefined : [...new Set(request.requisitionIds)];
    const rows = await requisitionRepo.lockApproved(tx, ids);
    if (ids !== undefined) {
      const found = new Map(rows.map((r) => [Number(r.id), r]));
      for (const id of ids) {
        const row = found.get(id);
        if (!row) throw invalid('requisitionIds', `no requisition ${id}`);
        if (row.status !== 'approved') throw invalid('requisitionIds', `requisition #${id} is ${row.status}, not approved`);
      }
    }
    if (rows.length === 0) throw new AppError('nothing_to_plan', 409, 'there is no approved requisition to plan');
    const departments = [...new Set(rows.map((r) => r.department_id))];
    const budgets = await lockBudgets(tx, request.year, departments);
    const stock = await readStockLevels(this.#peers(), tx);
    const result = planProcurement({
      requisitions: rows.map(toPlanRequisition),
      budgets: budgets.map((b) => ({
        departmentId: b.department_id,
        amount: Number(b.amount),
        committed: Number(b.committed),
        spent: Number(b.spent),
      })),
      stock: stock.levels,
      today: toDateString(this.#now()),
      settings: this.#settings,
    });
    if (stock.problem) result.warnings.unshift(stock.problem);
    return { rows, result };
  }

  /** What a plan would be now, without storing or committing anything. */
  preview(request: PlanRequest): Promise<PlanResult> {
    return this.#db.transaction(async (tx) => (await this.#compute(tx, request)).result);
  }

  /**
   * PRC-3: stores the plan, commits each planned requisition's estimate to its department's
   * budget, moves planned requisitions on and closes those stock already covers. Deferred
   * requisitions stay approved, with the reason in their history.
   * @throws AppError nothing_to_plan (409) when no requisition could be planned.
   */
  async create(actor: Actor, request: PlanRequest, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const { rows, result } = await this.#compute(tx, request);
      if (result.lines.length === 0 && result.coveredByStock.length === 0)
        throw new AppError(
          'nothing_to_plan',
          409,
          `no requisition could be planned: ${result.deferred.map((d) => `#${d.requisitionId} ${d.message}`).join('; ')}`,
        );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const plan = await planRepo.insertPlan(tx, {
        title: request.title?.trim() || `Procurement plan ${request.year}`,
        year: request.year,
        createdBy: actor.userId,
        createdByName: actor.name,
        settings: {
          directBelow: this.#settings.directBelow,
          tenderFrom: this.#settings.tenderFrom,
          leadTimeDays: this.#settings.leadTimeDays,
        },
        result,
      });
      const planId = Number(plan.id);
      for (const line of result.lines) {
        const lineId = await planRepo.insertPlanLine(tx, planId, line);
        for (const allocation of line.allocations) {
          const row = byId.get(allocation.requisitionId);
          if (!row) continue;
          await adjustBudget(tx, allocation.departmentId, request.year, { committed: allocation.amount, spent: 0 });
          await this.#requisitions.transition(
            tx,
            actor,
            row,
            'plan',
            { plan_line_id: lineId, budget_year: request.year, committed_amount: allocation.amount },
            {
              kind: 'planned',
              data: {
                planId,
                planLineId: lineId,
                lineNo: line.lineNo,
                method: line.method,
                startBy: line.startBy,
                neededBy: line.neededBy,
              },
            },
            context,
          );
        }
      }
      for (const covered of result.coveredByStock) {
        const row = byId.get(covered.requisitionId);
        if (!row) continue;
        await this.#requisitions.transition(
          tx,
          actor,
          row,
          'cover_from_stock',
          { close_reason: 'covered by stock on hand', closed_at: new Date() },
          { kind: 'covered_by_stock', note: `${covered.quantity} ${row.unit} on hand above safety stock`, data: { planId } },
          context,
        );
      }
      for (const deferred of result.deferred) {
        const row = byId.get(deferred.requisitionId);
        if (!row) continue;
        await recordChange(
          tx,
          actor,
          {
            entityType: 'procurement_requisition',
            entityId: deferred.requisitionId,
            kind: 'deferred',
            note: deferred.message,
            data: { planId, reason: deferred.reason },
          },
          context,
        );
      }
      await recordChange(
        tx,
        actor,
        {
          entityType: PLAN,
          entityId: planId,
          kind: 'created',
          after: {
            year: request.year,
            lines: result.lines.map((l) => ({
              lineNo: l.lineNo,
              item: l.itemName,
              quantity: l.quantity,
              amount: l.estimatedAmount,
              method: l.method,
            })),
            deferred: result.deferred.map((d) => d.requisitionId),
            covered: result.coveredByStock.map((c) => c.requisitionId),
          },
        },
        context,
      );
      return { plan, lines: await planRepo.linesOfPlan(tx, planId) };
    });
  }

  list(filter: { year?: number | undefined; beforeId?: number | undefined; limit: number }) {
    return planRepo.listPlans(this.#db, filter);
  }

  async detail(id: number) {
    const plan = await planRepo.findPlan(this.#db, id);
    if (!plan) throw notFound(`plan ${id}`);
    return { plan, lines: await planRepo.linesOfPlan(this.#db, id) };
  }

  budgets(filter: { year?: number | undefined; departmentId?: string | undefined }) {
    return listBudgets(this.#db, filter);
  }

  /** Finance sets a department's budget for a year; committed and spent figures are kept. */
  async setBudget(actor: Actor, departmentId: string, year: number, amount: number, context: AuditContext = {}) {
    if (!(Number.isFinite(amount) && amount >= 0)) throw invalid('amount', 'must be 0 or more');
    return this.#db.transaction(async (tx) => {
      if (!(await departmentExists(tx, departmentId))) throw notFound(`department ${departmentId}`);
      const before = await findBudget(tx, departmentId, year);
      await saveBudgetAmount(tx, departmentId, year, amount);
      const after = await findBudget(tx, departmentId, year);
      if (!after) throw new Error('budget vanished after saving');
      await recordChange(
        tx,
        actor,
        {
          entityType: BUDGET,
          entityId: `${departmentId}/${year}`,
          kind: before ? 'updated' : 'set',
          before: before ? { amount: Number(before.amount) } : undefined,
          after: { amount, committed: Number(after.committed), spent: Number(after.spent) },
        },
        context,
      );
      return after;
    });
  }
}
