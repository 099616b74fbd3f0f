import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import type { AuditContext } from '../audit/repository.ts';
import type {
  ContractFilter,
  ContractRow,
  DeliveryRow,
  DepartmentShare,
  InstalmentFilter,
  LineRow,
} from './contract-repository.ts';
import * as repo from './contract-repository.ts';
import {
  apportion,
  contractComplete,
  departmentOfUnit,
  instalmentState,
  type PaymentTerm,
  remainingQuantity,
  scheduleInstalments,
  termsProblem,
} from './contract-tracking.ts';
import { daysBetween, isCalendarDate, toDateString } from './dates.ts';
import { recordChange } from './history.ts';
import { ingredientStockOf, type ProcurementPeers } from './peers.ts';
import * as planRepo from './plan-repository.ts';
import { adjustBudget, departmentExists, eventsOf } from './repository.ts';
import * as requisitionRepo from './requisition-repository.ts';
import type { RequisitionService } from './requisition-service.ts';
import type { SourcingService } from './sourcing-service.ts';
import type { SupplierService } from './supplier-service.ts';
import { type IssueKind, type LineTarget, QUALITY_ISSUE_KINDS } from './vocabulary.ts';

export const CONTRACT = 'procurement_contract';

export interface ContractLineInput {
  itemName: string;
  specification?: string | null | undefined;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** Where accepted goods go: an asset category code, a catering stock item id, or nowhere (a service). */
  target: { kind: LineTarget; ref?: string | null | undefined };
  dueOn?: string | null | undefined;
}

export interface ContractInput {
  number: string;
  title?: string | undefined;
  signedOn: string;
  supplierId: string;
  rfqId?: number | undefined;
  planLineId?: number | undefined;
  departmentId?: string | undefined;
  paymentTerms: string;
  instalments: PaymentTerm[];
  lines: ContractLineInput[];
}

export interface AcceptanceInput {
  result: 'passed' | 'failed';
  /** Passed: how much is accepted (default all delivered); the rest is refused as a quantity issue. */
  acceptedQuantity?: number | undefined;
  /** What was found; required when failed (it becomes the issue's description). */
  note?: string | undefined;
}

export interface DeliveryInput {
  lineId: number;
  quantity: number;
  deliveredOn: string;
  batch?: string | undefined;
  note?: string | undefined;
  /** Inspect at once (goods checked at the door): the delivery is accepted or refused in the same step. */
  acceptance?: AcceptanceInput | undefined;
}

const cents = (yuan: number) => Math.round(yuan * 100);
const isWhole = (n: number) => Number.isInteger(n);

const contractSnapshot = (row: ContractRow) => ({ status: row.status, amount: Number(row.amount) });
const lineSnapshot = (row: LineRow) => ({
  lineNo: row.line_no,
  deliveredQuantity: Number(row.delivered_quantity),
  acceptedQuantity: Number(row.accepted_quantity),
  status: row.status,
});

/**
 * The contract register (PRC-5) and contract tracking (PRC-6): contracts from an award (or a
 * direct purchase, or entered as signed), deliveries per line, acceptance, receiving into the
 * asset register or the ingredient stock, payment instalments, issues and their handling. It
 * closes the loop: the last accepted delivery closes the plan line and its requisitions.
 */
export class ContractService {
  readonly #db: Db;
  readonly #suppliers: SupplierService;
  readonly #sourcing: SourcingService;
  readonly #requisitions: RequisitionService;
  readonly #peers: () => ProcurementPeers;
  readonly #now: () => Date;

  constructor(
    db: Db,
    deps: {
      suppliers: SupplierService;
      sourcing: SourcingService;
      requisitions: RequisitionService;
      peers: () => ProcurementPeers;
      now: () => Date;
    },
  ) {
    this.#db = db;
    this.#suppliers = deps.suppliers;
    this.#sourcing = deps.sourcing;
    this.#requisitions = deps.requisitions;
    this.#peers = deps.peers;
    this.#now = deps.now;
  }

  #today(): string {
    return toDateString(this.#now());
  }

  #checkLines(lines: readonly ContractLineInput[]): void {
    if (lines.length === 0) throw invalid('lines', 'a contract has at least one line');
    lines.forEach((line, i) => {
      if (!line.itemName.trim()) throw invalid(`lines.${i}.itemName`, 'must not be empty');
      if (!(Number.isFinite(line.quantity) && line.quantity > 0)) throw invalid(`lines.${i}.quantity`, 'must be above 0');
      if (!(Number.isFinite(line.unitPrice) && line.unitPrice >= 0)) throw invalid(`lines.${i}.unitPrice`, 'must be 0 or more');
      const ref = line.target.ref?.trim() || null;
      if (line.target.kind === 'service' && ref !== null)
        throw invalid(`lines.${i}.target.ref`, 'a service line goes to no register');
      if (line.target.kind !== 'service' && ref === null)
        throw invalid(
          `lines.${i}.target.ref`,
          `name the ${line.target.kind === 'asset_category' ? 'asset category' : 'stock item'}`,
        );
      if (line.target.kind === 'asset_category' && !isWhole(line.quantity))
        throw invalid(`lines.${i}.quantity`, 'assets are counted in whole units');
      if (line.dueOn != null && !isCalendarDate(line.dueOn)) throw invalid(`lines.${i}.dueOn`, 'must be a date YYYY-MM-DD');
    });
  }

  /**
   * PRC-5: registers a signed contract with its lines and payment schedule. From a plan line
   * bought by quotes or tender it needs that line's awarded RFQ, and goes to the awarded
   * supplier; a direct-purchase line needs none. Budget: the plan's estimates are released and
   * the contract amount committed instead, shared among the departments the line serves.
   */
  async create(actor: Actor, input: ContractInput, context: AuditContext = {}): Promise<ContractRow> {
    if (!input.number.trim()) throw invalid('number', 'must not be empty');
    if (!isCalendarDate(input.signedOn)) throw invalid('signedOn', 'must be a date YYYY-MM-DD');
    if (!input.paymentTerms.trim()) throw invalid('paymentTerms', 'describe the payment terms');
    this.#checkLines(input.lines);
    const termProblem = termsProblem(input.instalments);
    if (termProblem)
      throw invalid(termProblem.index === null ? 'instalments' : `instalments.${termProblem.index}`, termProblem.message);
    input.instalments.forEach((term, i) => {
      if (term.dueOn !== undefined && !isCalendarDate(term.dueOn))
        throw invalid(`instalments.${i}.dueOn`, 'must be a date YYYY-MM-DD');
    });
    const amountCents = input.lines.reduce((sum, l) => sum + Math.round(l.quantity * cents(l.unitPrice)), 0);
    const amount = amountCents / 100;

    return this.#db.transaction(async (tx) => {
      const number = input.number.trim();
      if (await repo.numberTaken(tx, number)) throw conflict('number', `contract ${number} is registered already`);
      const supplier = await this.#suppliers.find(tx, input.supplierId);
      if (!supplier) throw invalid('supplierId', `no supplier ${input.supplierId}`);
      if (supplier.status !== 'active') throw conflict('supplierId', `supplier ${supplier.id} is ${supplier.status}`);

      let planLineId = input.planLineId ?? null;
      if (input.rfqId !== undefined) {
        const rfq = await this.#sourcing.find(tx, input.rfqId);
        if (!rfq) throw invalid('rfqId', `no request for quotes ${input.rfqId}`);
        if (rfq.status !== 'awarded') throw illegalTransition(`${rfq.number} is ${rfq.status}, not awarded`);
        const winner = (await this.#sourcing.bidsOf(tx, input.rfqId)).find((b) => Number(b.id) === Number(rfq.awarded_bid_id));
        if (winner?.supplier_id !== input.supplierId)
          throw invalid('supplierId', `${rfq.number} was awarded to ${winner?.supplier_id ?? 'nobody'}`);
        if (planLineId !== null && planLineId !== Number(rfq.plan_line_id))
          throw invalid('planLineId', `${rfq.number} sources plan line ${rfq.plan_line_id}`);
        planLineId = Number(rfq.plan_line_id);
      }
      const line = planLineId === null ? undefined : await planRepo.lockPlanLine(tx, planLineId);
      if (planLineId !== null && !line) throw invalid('planLineId', `no plan line ${planLineId}`);
      if (line) {
        if (line.method !== 'direct' && input.rfqId === undefined)
          throw invalid('rfqId', `plan line ${line.id} is bought by ${line.method}: give its awarded request for quotes`);
        if (line.status !== (line.method === 'direct' ? 'planned' : 'sourcing'))
          throw illegalTransition(`plan line ${line.id} is ${line.status}`);
      }
      const departmentId = input.departmentId ?? this.#mainDepartment(line);
      if (!departmentId) throw invalid('departmentId', 'name the department whose budget pays');
      if (!(await departmentExists(tx, departmentId))) throw invalid('departmentId', `no department ${departmentId}`);
      const shares: DepartmentShare[] = line ? this.#shares(line) : [{ departmentId, weight: 1 }];
      const budgetYear = line ? line.plan_year : Number(input.signedOn.slice(0, 4));

      const id = await repo.insertContract(tx, {
        number,
        title: input.title?.trim() || (line ? line.item_name : (input.lines[0]?.itemName.trim() ?? number)),
        signedOn: input.signedOn,
        supplierId: supplier.id,
        rfqId: input.rfqId ?? null,
        planLineId,
        departmentId,
        amount,
        paymentTerms: input.paymentTerms.trim(),
        budgetYear,
        shares,
        createdBy: actor.userId,
        createdByName: actor.name,
      });
      for (const [i, l] of input.lines.entries()) {
        await repo.insertLine(tx, id, {
          lineNo: i + 1,
          itemName: l.itemName.trim(),
          specification: l.specification?.trim() || null,
          quantity: l.quantity,
          unit: l.unit.trim(),
          unitPrice: l.unitPrice,
          amount: Math.round(l.quantity * cents(l.unitPrice)) / 100,
          targetKind: l.target.kind,
          targetRef: l.target.ref?.trim() || null,
          dueOn: l.dueOn ?? null,
        });
      }
      const schedule = scheduleInstalments(amount, input.instalments, input.signedOn);
      for (const instalment of schedule) await repo.insertInstalment(tx, id, instalment);

      // The plan's estimates give way to the contract amount, shared by the departments served.
      if (line) {
        await planRepo.setPlanLineStatus(tx, Number(line.id), 'contracted');
        for (const row of await requisitionRepo.lockOfPlanLine(tx, Number(line.id))) {
          const estimate = Number(row.committed_amount);
          if (estimate !== 0)
            await adjustBudget(tx, row.department_id, row.budget_year ?? budgetYear, { committed: -estimate, spent: 0 });
          await this.#requisitions.transition(
            tx,
            actor,
            row,
            'contract',
            { committed_amount: 0 },
            { kind: 'contracted', data: { contractId: id, number, supplierId: supplier.id } },
            context,
          );
        }
      }
      const parts = apportion(
        amount,
        shares.map((s) => s.weight),
      );
      for (const [i, share] of shares.entries())
        await adjustBudget(tx, share.departmentId, budgetYear, { committed: parts[i] ?? 0, spent: 0 });

      const contract = await repo.findContract(tx, id, this.#today());
      if (!contract) throw new Error('contract vanished after insert');
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: id,
          kind: 'registered',
          after: {
            number,
            signedOn: input.signedOn,
            supplierId: supplier.id,
            amount,
            paymentTerms: contract.payment_terms,
            rfqId: input.rfqId ?? null,
            planLineId,
            departmentId,
            budgetYear,
            lines: input.lines.length,
            instalments: schedule,
          },
        },
        context,
      );
      return contract;
    });
  }

  /** The department with the largest share of a plan line (its budget holder by default). */
  #mainDepartment(line: planRepo.PlanLineRow | undefined): string | undefined {
    return line ? [...line.allocations].sort((a, b) => b.amount - a.amount)[0]?.departmentId : undefined;
  }

  #shares(line: planRepo.PlanLineRow): DepartmentShare[] {
    const byDepartment = new Map<string, number>();
    for (const a of line.allocations) byDepartment.set(a.departmentId, (byDepartment.get(a.departmentId) ?? 0) + a.amount);
    return [...byDepartment].map(([departmentId, weight]) => ({ departmentId, weight }));
  }

  async #active(tx: Queryable, id: number): Promise<ContractRow> {
    const contract = await repo.lockContract(tx, id, this.#today());
    if (!contract) throw notFound(`contract ${id}`);
    if (contract.status !== 'active') throw illegalTransition(`contract ${contract.number} is ${contract.status}`);
    return contract;
  }

  /**
   * PRC-6: a delivery of (part of) a line. Lateness against the line's due date teaches the
   * supplier's reputation and logs a late-delivery issue. With `acceptance`, the goods are
   * inspected and received in the same transaction.
   */
  async recordDelivery(actor: Actor, contractId: number, input: DeliveryInput, context: AuditContext = {}) {
    if (!isCalendarDate(input.deliveredOn)) throw invalid('deliveredOn', 'must be a date YYYY-MM-DD');
    if (input.deliveredOn > this.#today()) throw invalid('deliveredOn', 'must not be in the future');
    if (!(Number.isFinite(input.quantity) && input.quantity > 0)) throw invalid('quantity', 'must be above 0');
    return this.#db.transaction(async (tx) => {
      const contract = await this.#active(tx, contractId);
      const line = await repo.lockLine(tx, contractId, input.lineId);
      if (!line) throw invalid('lineId', `contract ${contract.number} has no line ${input.lineId}`);
      if (line.status === 'closed') throw illegalTransition(`line ${line.line_no} of ${contract.number} is fully delivered`);
      if (line.target_kind === 'asset_category' && !isWhole(input.quantity))
        throw invalid('quantity', 'assets are counted in whole units');
      const left = remainingQuantity(
        { quantity: Number(line.quantity), acceptedQuantity: Number(line.accepted_quantity) },
        await repo.pendingQuantity(tx, Number(line.id)),
      );
      if (input.quantity > left)
        throw invalid('quantity', `only ${left} ${line.unit} of line ${line.line_no} are still to deliver`);
      const daysLate = line.due_on === null ? 0 : Math.max(0, daysBetween(line.due_on, input.deliveredOn));
      const delivery = await repo.insertDelivery(tx, {
        contractId,
        lineId: Number(line.id),
        quantity: input.quantity,
        deliveredOn: input.deliveredOn,
        batch: input.batch?.trim() || `${contract.number}/${line.line_no}/${input.deliveredOn}`,
        note: input.note?.trim() || null,
        daysLate,
        receivedBy: actor.userId,
        receivedByName: actor.name,
      });
      await repo.updateLineQuantities(tx, Number(line.id), { delivered: input.quantity });
      const ref = `contract:${contract.number}/line:${line.line_no}/delivery:${delivery.id}`;
      await this.#suppliers.observe(tx, actor, contract.supplier_id, { kind: 'delivery', daysLate }, ref, context);
      const lateIssue =
        daysLate > 0
          ? await repo.insertIssue(tx, {
              contractId,
              deliveryId: Number(delivery.id),
              kind: 'late_delivery',
              description: `line ${line.line_no} delivered ${daysLate} day(s) after ${line.due_on}`,
              raisedByName: actor.name,
            })
          : undefined;
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: contractId,
          kind: 'delivered',
          note: delivery.note,
          after: {
            deliveryId: Number(delivery.id),
            lineNo: line.line_no,
            quantity: input.quantity,
            deliveredOn: input.deliveredOn,
            daysLate,
            issueId: lateIssue ? Number(lateIssue.id) : null,
          },
        },
        context,
      );
      if (!input.acceptance) return delivery;
      return this.#accept(tx, actor, contract, delivery, input.acceptance, context);
    });
  }

  /** PRC-6: acceptance of a delivery waiting for it. */
  accept(actor: Actor, contractId: number, deliveryId: number, input: AcceptanceInput, context: AuditContext = {}) {
    return this.#db.transaction(async (tx) => {
      const contract = await this.#active(tx, contractId);
      const delivery = await repo.lockDelivery(tx, contractId, deliveryId);
      if (!delivery) throw notFound(`delivery ${deliveryId} of contract ${contract.number}`);
      return this.#accept(tx, actor, contract, delivery, input, context);
    });
  }

  async #accept(
    tx: Queryable,
    actor: Actor,
    contract: ContractRow,
    delivery: DeliveryRow,
    input: AcceptanceInput,
    context: AuditContext,
  ): Promise<DeliveryRow> {
    if (delivery.acceptance !== 'pending') throw illegalTransition(`delivery ${delivery.id} was ${delivery.acceptance} already`);
    const contractId = Number(contract.id);
    const line = await repo.lockLine(tx, contractId, Number(delivery.line_id));
    if (!line) throw new Error(`line of delivery ${delivery.id} vanished`);
    const delivered = Number(delivery.quantity);
    const note = input.note?.trim() || null;
    const ref = `contract:${contract.number}/line:${line.line_no}/delivery:${delivery.id}`;
    if (input.result === 'failed') {
      if (!note) throw invalid('note', 'say what is wrong with the goods');
      const settled = await repo.settleDelivery(tx, Number(delivery.id), {
        acceptance: 'failed',
        acceptedQuantity: 0,
        note,
        by: actor.name,
        receipt: null,
      });
      const issue = await repo.insertIssue(tx, {
        contractId,
        deliveryId: Number(delivery.id),
        kind: 'quality',
        description: note,
        raisedByName: actor.name,
      });
      await this.#suppliers.observe(tx, actor, contract.supplier_id, { kind: 'acceptance', passed: false }, ref, context);
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: contractId,
          kind: 'acceptance_failed',
          note,
          after: { deliveryId: Number(delivery.id), lineNo: line.line_no, issueId: Number(issue.id) },
        },
        context,
      );
      return settled;
    }
    const accepted = input.acceptedQuantity ?? delivered;
    if (!(accepted > 0 && accepted <= delivered))
      throw invalid('acceptedQuantity', `must be above 0 and at most the ${delivered} delivered`);
    if (line.target_kind === 'asset_category' && !isWhole(accepted))
      throw invalid('acceptedQuantity', 'assets are counted in whole units');
    const receipt = await this.#receive(tx, actor, contract, line, delivery, accepted, ref, context);
    const settled = await repo.settleDelivery(tx, Number(delivery.id), {
      acceptance: 'passed',
      acceptedQuantity: accepted,
      note,
      by: actor.name,
      receipt,
    });
    const shortfall =
      accepted < delivered
        ? await repo.insertIssue(tx, {
            contractId,
            deliveryId: Number(delivery.id),
            kind: 'quantity',
            description: `${delivered - accepted} ${line.unit} of ${delivered} refused at acceptance${note ? `: ${note}` : ''}`,
            raisedByName: actor.name,
          })
        : undefined;
    const closes = Number(line.accepted_quantity) + accepted >= Number(line.quantity);
    await repo.updateLineQuantities(tx, Number(line.id), { accepted, close: closes });
    await this.#suppliers.observe(tx, actor, contract.supplier_id, { kind: 'acceptance', passed: true }, ref, context);
    await recordChange(
      tx,
      actor,
      {
        entityType: CONTRACT,
        entityId: contractId,
        kind: 'accepted',
        note,
        before: lineSnapshot(line),
        after: {
          ...lineSnapshot({
            ...line,
            accepted_quantity: Number(line.accepted_quantity) + accepted,
            status: closes ? 'closed' : 'open',
          }),
          deliveryId: Number(delivery.id),
          receipt,
          issueId: shortfall ? Number(shortfall.id) : null,
        },
      },
      context,
    );
    if (closes) await this.#afterLineClosed(tx, actor, contract, context);
    return settled;
  }

  /**
   * Receiving: accepted goods enter the asset register (one asset per unit, each in the
   * department its requisition came from) or the ingredient stock, in the acceptance's
   * transaction; a service line enters nothing. A missing register refuses the acceptance.
   */
  async #receive(
    tx: Queryable,
    actor: Actor,
    contract: ContractRow,
    line: LineRow,
    delivery: DeliveryRow,
    quantity: number,
    ref: string,
    context: AuditContext,
  ): Promise<Record<string, unknown> | null> {
    const peers = this.#peers();
    if (line.target_kind === 'service') return null;
    if (line.target_kind === 'stock_item') {
      const stock = ingredientStockOf(peers);
      if (!stock)
        throw conflict(
          'lineId',
          'the ingredient stock (catering) is not available in this hub: stock-item lines cannot be received',
        );
      await stock.receiveIngredient(
        tx,
        actor,
        {
          itemId: line.target_ref ?? '',
          quantity,
          unit: line.unit,
          supplierId: contract.supplier_id,
          batch: delivery.batch,
          sourceRef: ref,
        },
        context,
      );
      return { stockItem: line.target_ref, quantity, unit: line.unit, batch: delivery.batch };
    }
    const assets = peers.assets;
    if (!assets) throw conflict('lineId', 'the asset register is not available in this hub: asset lines cannot be received');
    const allocations =
      contract.plan_line_id === null ? [] : ((await planRepo.findPlanLine(tx, Number(contract.plan_line_id)))?.allocations ?? []);
    const assetIds: string[] = [];
    const first = Number(line.accepted_quantity);
    for (let unit = 0; unit < quantity; unit++) {
      const { assetId } = await assets.registerReceivedAsset(
        tx,
        actor,
        {
          name: line.item_name,
          categoryCode: line.target_ref ?? '',
          specification: line.specification,
          departmentId: departmentOfUnit(allocations, first + unit) ?? contract.department_id,
          supplierName: contract.supplier_name,
          purchaseDate: delivery.delivered_on,
          amount: Number(line.unit_price),
          sourceRef: `contract:${contract.number}/line:${line.line_no}`,
        },
        context,
      );
      assetIds.push(assetId);
    }
    return { assetIds };
  }

  /** The last line delivered closes the plan line and its requisitions (requisition → shelf); paid too, the contract completes. */
  async #afterLineClosed(tx: Queryable, actor: Actor, contract: ContractRow, context: AuditContext): Promise<void> {
    const contractId = Number(contract.id);
    const lines = await repo.linesOf(tx, contractId);
    if (!lines.every((l) => l.status === 'closed')) return;
    if (contract.plan_line_id !== null) {
      const planLineId = Number(contract.plan_line_id);
      await planRepo.setPlanLineStatus(tx, planLineId, 'closed');
      for (const row of await requisitionRepo.lockOfPlanLine(tx, planLineId)) {
        if (row.status !== 'contracted') continue;
        await this.#requisitions.transition(
          tx,
          actor,
          row,
          'deliver',
          { close_reason: `delivered under contract ${contract.number}`, closed_at: new Date() },
          { kind: 'delivered', data: { contractId, number: contract.number } },
          context,
        );
      }
    }
    await recordChange(tx, actor, { entityType: CONTRACT, entityId: contractId, kind: 'fully_delivered' }, context);
    await this.#completeIfDone(tx, actor, contract, context);
  }

  async #completeIfDone(tx: Queryable, actor: Actor, contract: ContractRow, context: AuditContext): Promise<void> {
    const contractId = Number(contract.id);
    const [lines, instalments] = await Promise.all([repo.linesOf(tx, contractId), repo.instalmentsOf(tx, contractId)]);
    const done = contractComplete(
      lines,
      instalments.map((i) => ({ amount: Number(i.amount), paidAmount: Number(i.paid_amount) })),
    );
    if (!done) return;
    await repo.setContractStatus(tx, contractId, 'completed');
    await recordChange(
      tx,
      actor,
      {
        entityType: CONTRACT,
        entityId: contractId,
        kind: 'completed',
        before: contractSnapshot(contract),
        after: { ...contractSnapshot(contract), status: 'completed' },
      },
      context,
    );
  }

  /**
   * PRC-6 payment progress: finance pays (part of) an instalment. The amount is charged to the
   * departments' budgets by the contract's shares: committed becomes spent.
   */
  async recordPayment(
    actor: Actor,
    contractId: number,
    instalmentId: number,
    input: { amount: number; paidOn: string; reference?: string | undefined },
    context: AuditContext = {},
  ) {
    if (!isCalendarDate(input.paidOn)) throw invalid('paidOn', 'must be a date YYYY-MM-DD');
    if (input.paidOn > this.#today()) throw invalid('paidOn', 'must not be in the future');
    if (!(Number.isFinite(input.amount) && input.amount > 0)) throw invalid('amount', 'must be above 0');
    return this.#db.transaction(async (tx) => {
      const contract = await this.#active(tx, contractId);
      const instalment = await repo.lockInstalment(tx, contractId, instalmentId);
      if (!instalment) throw notFound(`instalment ${instalmentId} of contract ${contract.number}`);
      const state = instalmentState(
        { amount: Number(instalment.amount), paidAmount: Number(instalment.paid_amount), dueOn: instalment.due_on },
        this.#today(),
      );
      if (state.paid) throw illegalTransition(`instalment ${instalment.seq} of ${contract.number} is paid`);
      if (cents(input.amount) > cents(state.outstanding))
        throw invalid('amount', `only ${state.outstanding.toFixed(2)} is outstanding`);
      const settled = cents(input.amount) === cents(state.outstanding);
      await repo.addPayment(tx, {
        instalmentId,
        contractId,
        amount: input.amount,
        paidOn: input.paidOn,
        settled,
        reference: input.reference?.trim() || null,
        recordedBy: actor.userId,
        recordedByName: actor.name,
      });
      const parts = apportion(
        input.amount,
        contract.department_shares.map((s) => s.weight),
      );
      for (const [i, share] of contract.department_shares.entries())
        await adjustBudget(tx, share.departmentId, contract.budget_year, { committed: -(parts[i] ?? 0), spent: parts[i] ?? 0 });
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: contractId,
          kind: 'payment_recorded',
          before: { instalment: instalment.seq, paidAmount: Number(instalment.paid_amount) },
          after: {
            instalment: instalment.seq,
            paidAmount: (cents(Number(instalment.paid_amount)) + cents(input.amount)) / 100,
            paidOn: input.paidOn,
            settled,
            wasOverdue: state.overdue,
          },
        },
        context,
      );
      await this.#completeIfDone(tx, actor, contract, context);
      return (await repo.instalmentsOf(tx, contractId)).find((i) => Number(i.id) === instalmentId);
    });
  }

  /** PRC-6: a problem in performing the contract; quality problems and complaints teach the reputation. */
  async raiseIssue(
    actor: Actor,
    contractId: number,
    input: { kind: IssueKind; description: string; deliveryId?: number | undefined; severity?: 'minor' | 'major' | undefined },
    context: AuditContext = {},
  ) {
    if (!input.description.trim()) throw invalid('description', 'must not be empty');
    return this.#db.transaction(async (tx) => {
      const contract = await repo.lockContract(tx, contractId, this.#today());
      if (!contract) throw notFound(`contract ${contractId}`);
      if (input.deliveryId !== undefined && !(await repo.lockDelivery(tx, contractId, input.deliveryId)))
        throw invalid('deliveryId', `contract ${contract.number} has no delivery ${input.deliveryId}`);
      const issue = await repo.insertIssue(tx, {
        contractId,
        deliveryId: input.deliveryId ?? null,
        kind: input.kind,
        description: input.description.trim(),
        raisedByName: actor.name,
      });
      if (QUALITY_ISSUE_KINDS.includes(input.kind))
        await this.#suppliers.observe(
          tx,
          actor,
          contract.supplier_id,
          { kind: 'complaint', severity: input.severity ?? 'minor' },
          `contract:${contract.number}/issue:${issue.id}`,
          context,
        );
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: contractId,
          kind: 'issue_raised',
          note: issue.description,
          after: { issueId: Number(issue.id), kind: issue.kind },
        },
        context,
      );
      return issue;
    });
  }

  /** PRC-6: how an issue was handled with the supplier ("記錄處理情況"). */
  async resolveIssue(actor: Actor, contractId: number, issueId: number, handling: string, context: AuditContext = {}) {
    if (!handling.trim()) throw invalid('handling', 'say how it was handled');
    return this.#db.transaction(async (tx) => {
      const issue = await repo.lockIssue(tx, contractId, issueId);
      if (!issue) throw notFound(`issue ${issueId} of contract ${contractId}`);
      if (issue.status === 'resolved') throw illegalTransition(`issue ${issueId} is resolved already`);
      const after = await repo.resolveIssue(tx, issueId, handling.trim(), actor.name);
      await recordChange(
        tx,
        actor,
        {
          entityType: CONTRACT,
          entityId: contractId,
          kind: 'issue_resolved',
          note: after.handling,
          before: { issueId, status: issue.status },
          after: { issueId, status: after.status, handling: after.handling },
        },
        context,
      );
      return after;
    });
  }

  list(filter: Omit<ContractFilter, 'today'>) {
    return repo.listContracts(this.#db, { ...filter, today: this.#today() });
  }

  unpaidInstalments(filter: Omit<InstalmentFilter, 'today'>) {
    return repo.listUnpaidInstalments(this.#db, { ...filter, today: this.#today() });
  }

  today(): string {
    return this.#today();
  }

  async detail(id: number) {
    const contract = await repo.findContract(this.#db, id, this.#today());
    if (!contract) throw notFound(`contract ${id}`);
    const [lines, instalments, payments, deliveries, issues, history] = await Promise.all([
      repo.linesOf(this.#db, id),
      repo.instalmentsOf(this.#db, id),
      repo.paymentsOf(this.#db, id),
      repo.deliveriesOf(this.#db, id),
      repo.issuesOf(this.#db, id),
      eventsOf(this.#db, CONTRACT, id),
    ]);
    return { contract, lines, instalments, payments, deliveries, issues, history };
  }
}
