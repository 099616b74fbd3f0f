/**
 * Depreciation arithmetic (AST-7), pure: schedules in integer cents so figures add up exactly.
 * Conventions of PRC practice (《企业会计准则第4号》 and the school's rules):
 * - depreciation starts the month after the asset arrives (当月增加当月不提) and stops at the
 *   end of its useful life or when the book value reaches the residual value;
 * - rounding remainders go to the last month of a year and the last year of the life (尾差);
 * - double-declining balance switches to straight line over the last two years (最后两年平均摊销);
 * - the declining methods are defined on whole years, so they need a life in whole years.
 */

export const DEPRECIATION_METHODS = ['straight_line', 'double_declining', 'sum_of_years'] as const;
export type DepreciationMethod = (typeof DEPRECIATION_METHODS)[number];

export const DEPRECIATION_METHOD_LABELS: Record<DepreciationMethod, { en: string; zh: string }> = {
  straight_line: { en: 'Straight line', zh: '年限平均法' },
  double_declining: { en: 'Double-declining balance', zh: '双倍余额递减法' },
  sum_of_years: { en: "Sum of the years' digits", zh: '年数总和法' },
};

export interface DepreciationBasis {
  /** Original value in yuan. */
  cost: number;
  /** Share of the cost kept at the end of life, 0 ≤ rate < 1. */
  residualRate: number;
  lifeMonths: number;
  method: DepreciationMethod;
}

export const toCents = (yuan: number): number => Math.round(yuan * 100);
export const fromCents = (cents: number): number => cents / 100;

/** Why a life does not fit a method, or undefined when it does. */
export function lifeProblem(method: DepreciationMethod, lifeMonths: number): string | undefined {
  if (!Number.isInteger(lifeMonths) || lifeMonths < 1) return 'must be a whole number of months, at least 1';
  if (method !== 'straight_line' && lifeMonths % 12 !== 0) return `must be whole years (a multiple of 12) for ${method}`;
  return undefined;
}

export function residualCents(basis: DepreciationBasis): number {
  return Math.round(toCents(basis.cost) * basis.residualRate);
}

/** Splits an amount over `parts` periods: equal floors, the remainder on the last one. */
function spread(totalCents: number, parts: number): number[] {
  const each = Math.floor(totalCents / parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? totalCents - each * (parts - 1) : each));
}

function yearlyAmounts(basis: DepreciationBasis, costCents: number, residual: number): number[] {
  const years = basis.lifeMonths / 12;
  const depreciable = costCents - residual;
  if (basis.method === 'sum_of_years') {
    const digits = (years * (years + 1)) / 2;
    const amounts = Array.from({ length: years }, (_, i) => Math.floor((depreciable * (years - i)) / digits));
    amounts[years - 1] = depreciable - amounts.slice(0, -1).reduce((sum, a) => sum + a, 0);
    return amounts;
  }
  // double_declining: 2/years of the opening book value, the last two years straight line.
  const amounts: number[] = [];
  let book = costCents;
  const declining = Math.max(0, years - 2);
  for (let year = 0; year < declining; year += 1) {
    const amount = Math.min(Math.round((book * 2) / years), book - residual);
    amounts.push(amount);
    book -= amount;
  }
  amounts.push(...spread(book - residual, years - declining));
  return amounts;
}

/**
 * The depreciation of every month of the life, in cents; the sum is exactly cost − residual.
 * @throws Error when the life does not fit the method (see lifeProblem).
 */
export function monthlySchedule(basis: DepreciationBasis): number[] {
  const problem = lifeProblem(basis.method, basis.lifeMonths);
  if (problem) throw new Error(`usefulLifeMonths ${problem}`);
  const costCents = toCents(basis.cost);
  const residual = residualCents(basis);
  if (basis.method === 'straight_line') return spread(costCents - residual, basis.lifeMonths);
  return yearlyAmounts(basis, costCents, residual).flatMap((year) => spread(year, 12));
}

/** Which month of the life `period` (YYYY-MM) is for an asset bought on `purchaseDate` (YYYY-MM-DD): 1 = the month after. */
export function monthIndex(purchaseDate: string, period: string): number {
  const [py, pm] = purchaseDate.split('-').map(Number);
  const [y, m] = period.split('-').map(Number);
  return (y ?? 0) * 12 + (m ?? 0) - ((py ?? 0) * 12 + (pm ?? 0));
}

export interface MonthResult {
  /** This month's depreciation, in cents (0 before the start, after the end, or at residual). */
  amountCents: number;
  accumulatedCents: number;
  bookValueCents: number;
  /** The life is over: nothing more will be charged. */
  ended: boolean;
}

/**
 * The charge for month `index` of the life given what is already booked. It brings the
 * accumulated depreciation to the schedule's cumulative figure, so a skipped month is caught
 * up and a changed basis never pushes the book value below the residual value.
 */
export function chargeForMonth(
  schedule: readonly number[],
  basis: DepreciationBasis,
  index: number,
  bookedCents: number,
): MonthResult {
  const costCents = toCents(basis.cost);
  const ceiling = costCents - residualCents(basis);
  const months = Math.min(Math.max(index, 0), schedule.length);
  let target = 0;
  for (let i = 0; i < months; i += 1) target += schedule[i] ?? 0;
  const amountCents = Math.max(0, Math.min(target, ceiling) - bookedCents);
  const accumulatedCents = bookedCents + amountCents;
  return {
    amountCents,
    accumulatedCents,
    bookValueCents: costCents - accumulatedCents,
    ended: index >= schedule.length || accumulatedCents >= ceiling,
  };
}

/** Depreciation booked before the register existed (import), as the schedule has it up to `period`. */
export function openingDepreciation(basis: DepreciationBasis, purchaseDate: string, period: string): number {
  const schedule = monthlySchedule(basis);
  return chargeForMonth(schedule, basis, monthIndex(purchaseDate, period), 0).accumulatedCents;
}
