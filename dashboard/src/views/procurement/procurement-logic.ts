import type { Bid, ContractDetail, ContractLine, Instalment } from './api-types.ts';

/**
 * Bids in the order the evaluation ranked them (PRC-4): scored bids by rank (ties by total,
 * then price), then bids not yet scored by price, cheapest first. Never reorders the hub's
 * ranking: the table shows what the evaluation decided.
 */
export function rankedBids(bids: readonly Bid[]): Bid[] {
  return [...bids].sort((a, b) => {
    if (a.score && b.score)
      return a.score.rank - b.score.rank || b.score.total - a.score.total || a.price - b.price || a.id - b.id;
    if (a.score) return -1;
    if (b.score) return 1;
    return a.price - b.price || a.id - b.id;
  });
}

export interface BestScores {
  qualification: number | undefined;
  price: number | undefined;
  reputation: number | undefined;
  total: number | undefined;
}

/**
 * The best value of each score column (0-100 points, hub evaluation.ts), to highlight it; a
 * criterion on which every scored bid ties has no best (undefined). Null when no bid is scored.
 */
export function bestScores(bids: readonly Bid[]): BestScores | null {
  const scored = bids.flatMap((bid) => (bid.score ? [bid.score] : []));
  if (scored.length === 0) return null;
  const best = (values: number[]) => {
    const top = Math.max(...values);
    return values.length > 1 && values.every((value) => value === top) ? undefined : top;
  };
  return {
    qualification: best(scored.map((s) => s.qualification)),
    price: best(scored.map((s) => s.price)),
    reputation: best(scored.map((s) => s.reputation)),
    total: best(scored.map((s) => s.total)),
  };
}

export type InstalmentState = 'paid' | 'overdue' | 'due_soon' | 'due';

/** Payment instalments due within this many days are flagged (PRC-6). */
export const DUE_SOON_DAYS = 7;

/** Where an instalment stands: the hub's overdue flag is trusted, the due date decides "soon". */
export function instalmentState(instalment: Pick<Instalment, 'status' | 'overdue' | 'dueOn'>, today: string): InstalmentState {
  if (instalment.status === 'paid') return 'paid';
  if (instalment.overdue || instalment.dueOn < today) return 'overdue';
  const days = (Date.parse(`${instalment.dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return days <= DUE_SOON_DAYS ? 'due_soon' : 'due';
}

export interface LineProgress {
  delivered: number;
  accepted: number;
  /** 0..1 of the ordered quantity. */
  deliveredShare: number;
  acceptedShare: number;
}

export function lineProgress(line: Pick<ContractLine, 'quantity' | 'deliveredQuantity' | 'acceptedQuantity'>): LineProgress {
  const share = (value: number) => (line.quantity > 0 ? Math.min(1, value / line.quantity) : 0);
  return {
    delivered: line.deliveredQuantity,
    accepted: line.acceptedQuantity,
    deliveredShare: share(line.deliveredQuantity),
    acceptedShare: share(line.acceptedQuantity),
  };
}

export interface ContractTracking {
  /** Accepted value of the lines over the contract amount. */
  acceptedShare: number;
  paid: number;
  outstanding: number;
  paidShare: number;
  overdueAmount: number;
  lateDeliveries: number;
  pendingAcceptance: number;
  openIssues: number;
}

/** Delivery, acceptance and payment progress of a contract in a few figures (PRC-6). */
export function contractTracking(
  detail: Pick<ContractDetail, 'contract' | 'lines' | 'instalments' | 'deliveries' | 'issues'>,
  today: string,
): ContractTracking {
  const amount = detail.contract.amount;
  const acceptedValue = detail.lines.reduce(
    (sum, line) => sum + Math.min(line.acceptedQuantity, line.quantity) * line.unitPrice,
    0,
  );
  const paid = detail.instalments.reduce((sum, i) => sum + i.paidAmount, 0);
  const outstanding = detail.instalments.reduce((sum, i) => sum + i.outstanding, 0);
  return {
    acceptedShare: amount > 0 ? Math.min(1, acceptedValue / amount) : 0,
    paid,
    outstanding,
    paidShare: amount > 0 ? Math.min(1, paid / amount) : 0,
    overdueAmount: detail.instalments
      .filter((i) => instalmentState(i, today) === 'overdue')
      .reduce((sum, i) => sum + i.outstanding, 0),
    lateDeliveries: detail.deliveries.filter((d) => d.daysLate > 0).length,
    pendingAcceptance: detail.deliveries.filter((d) => d.acceptance === 'pending').length,
    openIssues: detail.issues.filter((issue) => issue.status === 'open').length,
  };
}

/** Today's date on the campus calendar (due dates are calendar dates). */
export function campusToday(now: Date, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
