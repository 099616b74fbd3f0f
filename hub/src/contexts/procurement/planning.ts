import { addDays } from './dates.ts';
import type { ProcurementSettings } from './settings.ts';
import type { ProcurementMethod, RequisitionKind } from './vocabulary.ts';

/** An approved requisition as the planner sees it. */
export interface PlanRequisition {
  id: number;
  departmentId: string;
  kind: RequisitionKind;
  itemName: string;
  specification: string | null;
  itemRef: string | null;
  quantity: number;
  unit: string;
  budget: number;
  neededBy: string | null;
}

/** A department's budget of the plan's year (PRC-3: "結合學校采購預算"). */
export interface BudgetPosition {
  departmentId: string;
  amount: number;
  committed: number;
  spent: number;
}

/** An ingredient on hand (catering's stock levels); only the surplus above safety stock offsets demand. */
export interface StockLevel {
  itemId: string;
  quantity: number;
  unit: string;
  safetyStock: number;
}

export interface PlanInput {
  requisitions: readonly PlanRequisition[];
  budgets: readonly BudgetPosition[];
  /** null when no stock levels could be read (the plan then says so). */
  stock: readonly StockLevel[] | null;
  today: string;
  settings: Pick<ProcurementSettings, 'directBelow' | 'tenderFrom' | 'leadTimeDays' | 'defaultNeededInDays'>;
}

export interface Allocation {
  requisitionId: number;
  departmentId: string;
  quantity: number;
  amount: number;
}

export interface PlannedLine {
  lineNo: number;
  key: string;
  kind: RequisitionKind;
  itemName: string;
  specification: string | null;
  itemRef: string | null;
  unit: string;
  requestedQuantity: number;
  stockOffset: number;
  quantity: number;
  estimatedAmount: number;
  method: ProcurementMethod;
  neededBy: string;
  startBy: string;
  /** The method's lead time does not fit before the needed-by date: start at once. */
  urgent: boolean;
  allocations: Allocation[];
}

export type DeferReason = 'no_budget' | 'over_budget';

export interface Deferred {
  requisitionId: number;
  departmentId: string;
  reason: DeferReason;
  message: string;
}

export interface CoveredByStock {
  requisitionId: number;
  itemRef: string;
  quantity: number;
}

export interface PlanResult {
  lines: PlannedLine[];
  deferred: Deferred[];
  coveredByStock: CoveredByStock[];
  /** What each department's budget looks like after this plan. */
  budgets: Array<{ departmentId: string; amount: number; committedBefore: number; planned: number; available: number }>;
  warnings: string[];
}

export const STOCK_ITEM_PREFIX = 'stock-item:';
const cents = (yuan: number) => Math.round(yuan * 100);
const yuan = (c: number) => c / 100;
const qty = (value: number) => Math.round(value * 1000) / 1000;

/** Grouping key: the same item (by reference, else by name) in the same unit is bought once. */
export function itemKey(r: Pick<PlanRequisition, 'kind' | 'itemRef' | 'itemName' | 'unit'>): string {
  const item = r.itemRef ?? `name:${r.itemName.trim().toLowerCase().replace(/\s+/g, ' ')}`;
  return `${r.kind}|${item}|${r.unit.trim().toLowerCase()}`;
}

/**
 * The method by the line's estimated amount. Requisitions for the same item are grouped before
 * choosing, so splitting a purchase into small requisitions cannot dodge a tender.
 */
export function chooseMethod(
  amount: number,
  settings: Pick<ProcurementSettings, 'directBelow' | 'tenderFrom'>,
): ProcurementMethod {
  if (amount >= settings.tenderFrom) return 'tender';
  if (amount < settings.directBelow) return 'direct';
  return 'rfq';
}

const byNeed = (a: PlanRequisition, b: PlanRequisition) =>
  (a.neededBy ?? '9999-12-31').localeCompare(b.neededBy ?? '9999-12-31') || a.id - b.id;

/**
 * PRC-3: a procurement plan from approved requisitions, budget and stock.
 * 1. Stock: for `stock-item:` references, the surplus on hand above safety stock is set against
 *    the requisitions of that item, most urgent first; one fully covered needs no purchase.
 * 2. Budget: each requisition's estimate (its budget, pro rata to the quantity still to buy) must
 *    fit its department's available budget (amount − committed − spent − planned so far in this
 *    plan), most urgent first; what does not fit is deferred with the reason.
 * 3. Grouping and method: the rest is grouped by item and unit; each line's method follows
 *    from its total estimate (direct < directBelow ≤ rfq < tenderFrom ≤ tender).
 * 4. Timing: needed by the earliest needed-by date of the line (or today + defaultNeededInDays);
 *    start by that date less the method's lead time, at once (urgent) when that is past.
 */
export function planProcurement(input: PlanInput): PlanResult {
  const warnings: string[] = [];
  const ordered = [...input.requisitions].sort(byNeed);

  const surplus = new Map<string, { quantity: number; unit: string }>();
  if (input.stock === null) {
    if (ordered.some((r) => r.itemRef?.startsWith(STOCK_ITEM_PREFIX)))
      warnings.push('stock levels are not available: ingredient quantities are planned as requested');
  } else {
    for (const level of input.stock)
      surplus.set(level.itemId, { quantity: Math.max(0, level.quantity - level.safetyStock), unit: level.unit });
  }

  const covered: CoveredByStock[] = [];
  const toBuy: Array<{ r: PlanRequisition; quantity: number; offset: number }> = [];
  for (const r of ordered) {
    let offset = 0;
    if (r.itemRef?.startsWith(STOCK_ITEM_PREFIX)) {
      const itemId = r.itemRef.slice(STOCK_ITEM_PREFIX.length);
      const onHand = surplus.get(itemId);
      if (onHand && onHand.unit.toLowerCase() !== r.unit.toLowerCase())
        warnings.push(`stock of ${itemId} is kept in ${onHand.unit}, requisition #${r.id} asks in ${r.unit}: not offset`);
      else if (onHand && onHand.quantity > 0) {
        offset = qty(Math.min(onHand.quantity, r.quantity));
        onHand.quantity = qty(onHand.quantity - offset);
      }
    }
    if (offset >= r.quantity) covered.push({ requisitionId: r.id, itemRef: r.itemRef ?? '', quantity: offset });
    else toBuy.push({ r, quantity: qty(r.quantity - offset), offset });
  }

  const positions = new Map(input.budgets.map((b) => [b.departmentId, { ...b, planned: 0 }]));
  const deferred: Deferred[] = [];
  const accepted: Array<{ r: PlanRequisition; quantity: number; offset: number; amountCents: number }> = [];
  for (const item of toBuy) {
    const amountCents = Math.round((cents(item.r.budget) * item.quantity) / item.r.quantity);
    const position = positions.get(item.r.departmentId);
    if (!position) {
      deferred.push({
        requisitionId: item.r.id,
        departmentId: item.r.departmentId,
        reason: 'no_budget',
        message: `${item.r.departmentId} has no budget for the plan's year`,
      });
      continue;
    }
    const availableCents = cents(position.amount) - cents(position.committed) - cents(position.spent) - position.planned;
    if (amountCents > availableCents) {
      deferred.push({
        requisitionId: item.r.id,
        departmentId: item.r.departmentId,
        reason: 'over_budget',
        message: `needs ${yuan(amountCents).toFixed(2)}, ${item.r.departmentId} has ${yuan(Math.max(0, availableCents)).toFixed(2)} left`,
      });
      continue;
    }
    position.planned += amountCents;
    accepted.push({ ...item, amountCents });
  }

  const groups = new Map<string, typeof accepted>();
  for (const item of accepted) {
    const key = itemKey(item.r);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const lines: PlannedLine[] = [];
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    const amountCents = group.reduce((sum, g) => sum + g.amountCents, 0);
    const method = chooseMethod(yuan(amountCents), input.settings);
    const dates = group.map((g) => g.r.neededBy).filter((d): d is string => d !== null);
    const neededBy =
      dates.length > 0 ? dates.reduce((a, b) => (a < b ? a : b)) : addDays(input.today, input.settings.defaultNeededInDays);
    const idealStart = addDays(neededBy, -input.settings.leadTimeDays[method]);
    const names = [...new Set(group.map((g) => g.r.itemName.trim()))];
    const specs = [...new Set(group.map((g) => g.r.specification?.trim()).filter((s): s is string => !!s))];
    lines.push({
      lineNo: 0,
      key,
      kind: first.r.kind,
      itemName: names.join('; '),
      specification: specs.length > 0 ? specs.join('; ') : null,
      itemRef: first.r.itemRef,
      unit: first.r.unit,
      requestedQuantity: qty(group.reduce((sum, g) => sum + g.r.quantity, 0)),
      stockOffset: qty(group.reduce((sum, g) => sum + g.offset, 0)),
      quantity: qty(group.reduce((sum, g) => sum + g.quantity, 0)),
      estimatedAmount: yuan(amountCents),
      method,
      neededBy,
      startBy: idealStart < input.today ? input.today : idealStart,
      urgent: idealStart < input.today,
      allocations: group.map((g) => ({
        requisitionId: g.r.id,
        departmentId: g.r.departmentId,
        quantity: g.quantity,
        amount: yuan(g.amountCents),
      })),
    });
  }
  lines.sort((a, b) => a.startBy.localeCompare(b.startBy) || a.key.localeCompare(b.key));
  lines.forEach((line, index) => {
    line.lineNo = index + 1;
  });

  return {
    lines,
    deferred,
    coveredByStock: covered,
    budgets: [...positions.values()]
      .filter((p) => p.planned > 0)
      .map((p) => ({
        departmentId: p.departmentId,
        amount: p.amount,
        committedBefore: p.committed,
        planned: yuan(p.planned),
        available: yuan(cents(p.amount) - cents(p.committed) - cents(p.spent) - p.planned),
      })),
    warnings,
  };
}
