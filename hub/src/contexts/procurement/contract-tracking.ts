import { addDays, daysBetween } from './dates.ts';

/** One term of payment: a share of the contract amount, due on a date or some days after signing. */
export interface PaymentTerm {
  label: string;
  percent: number;
  dueOn?: string | undefined;
  dueAfterDays?: number | undefined;
}

export interface ScheduledInstalment {
  seq: number;
  label: string;
  percent: number;
  amount: number;
  dueOn: string;
}

const cents = (yuan: number) => Math.round(yuan * 100);

/** @returns why the terms cannot make a schedule, or undefined. */
export function termsProblem(terms: readonly PaymentTerm[]): { index: number | null; message: string } | undefined {
  if (terms.length === 0) return { index: null, message: 'give at least one instalment' };
  for (const [index, term] of terms.entries()) {
    if (!(term.percent > 0 && term.percent <= 100)) return { index, message: 'percent must be above 0 and at most 100' };
    if ((term.dueOn === undefined) === (term.dueAfterDays === undefined))
      return { index, message: 'give either dueOn or dueAfterDays' };
  }
  const total = terms.reduce((sum, t) => sum + Math.round(t.percent * 100), 0);
  if (total !== 100 * 100) return { index: null, message: `percentages sum to ${total / 100}, not 100` };
  return undefined;
}

/**
 * Payment terms → instalments (PRC-5). Amounts are exact in cents: each term takes its share
 * rounded down, and the last instalment takes what is left so the schedule sums to the contract.
 */
export function scheduleInstalments(amount: number, terms: readonly PaymentTerm[], signedOn: string): ScheduledInstalment[] {
  const total = cents(amount);
  let left = total;
  return terms.map((term, index) => {
    const share = index === terms.length - 1 ? left : Math.floor((total * Math.round(term.percent * 100)) / 10_000);
    left -= share;
    return {
      seq: index + 1,
      label: term.label,
      percent: term.percent,
      amount: share / 100,
      dueOn: term.dueOn ?? addDays(signedOn, term.dueAfterDays ?? 0),
    };
  });
}

/** PRC-6 payment progress of an instalment on `today`: overdue when not fully paid after its due date. */
export function instalmentState(
  instalment: { amount: number; paidAmount: number; dueOn: string },
  today: string,
): { outstanding: number; paid: boolean; overdue: boolean; daysOverdue: number } {
  const outstanding = Math.max(0, cents(instalment.amount) - cents(instalment.paidAmount)) / 100;
  const paid = outstanding === 0;
  const late = daysBetween(instalment.dueOn, today);
  return { outstanding, paid, overdue: !paid && late > 0, daysOverdue: !paid && late > 0 ? late : 0 };
}

/**
 * Splits an amount over weights in exact cents (largest remainder): the parts sum to the amount.
 * Used to charge payments and commitments to the departments whose requisitions a contract serves.
 */
export function apportion(amount: number, weights: readonly number[]): number[] {
  const total = cents(amount);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (!(sum > 0)) return weights.map((_, i) => (i === 0 ? total / 100 : 0));
  const exact = weights.map((w) => (total * w) / sum);
  const floors = exact.map(Math.floor);
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    rest -= 1;
  }
  return floors.map((c) => c / 100);
}

/**
 * The department an asset unit goes to when a line serves several departments' requisitions:
 * units are handed out in the plan's allocation order (unit 0 .. n−1), the last department
 * takes any surplus.
 */
export function departmentOfUnit(
  allocations: ReadonlyArray<{ departmentId: string; quantity: number }>,
  unit: number,
): string | undefined {
  let upTo = 0;
  for (const allocation of allocations) {
    upTo += allocation.quantity;
    if (unit < upTo) return allocation.departmentId;
  }
  return allocations.at(-1)?.departmentId;
}

/** Quantity of a line still to be delivered: ordered − accepted − awaiting acceptance. */
export function remainingQuantity(line: { quantity: number; acceptedQuantity: number }, pending: number): number {
  return Math.max(0, Math.round((line.quantity - line.acceptedQuantity - pending) * 1000) / 1000);
}

/** PRC-6: a contract is complete when every line is delivered and accepted and every instalment is paid. */
export function contractComplete(
  lines: ReadonlyArray<{ status: 'open' | 'closed' }>,
  instalments: ReadonlyArray<{ amount: number; paidAmount: number }>,
): boolean {
  return lines.every((l) => l.status === 'closed') && instalments.every((i) => cents(i.paidAmount) >= cents(i.amount));
}
