import type { Db } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { illegalTransition, invalid } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { toCsv } from './csv.ts';
import { chargeForMonth, type DepreciationBasis, fromCents, monthIndex, monthlySchedule, toCents } from './depreciation.ts';
import * as dep from './depreciation-repository.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Assets read and written per statement: bounded memory and bind parameters whatever the register's size. */
const SLICE = 5_000;

/**
 * Monthly depreciation (AST-7). A run books one row per asset and period (primary key), so a
 * period runs once: a second call, concurrent or later, finds the run and changes nothing.
 */
export class DepreciationService {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Runs depreciation for `period` (YYYY-MM), idempotently.
   * @returns the run and whether this call made it.
   * @throws AppError invalid for a malformed or future period; illegal_transition for a period
   * before the latest run (periods go forward, a skipped month is caught up by the next run).
   */
  async run(actor: Actor, period: string, context: AuditContext = {}): Promise<{ run: dep.RunRow; created: boolean }> {
    if (!PERIOD.test(period)) throw invalid('period', 'must be YYYY-MM');
    if (period > new Date().toISOString().slice(0, 7)) throw invalid('period', 'must not be in the future');
    return this.#db.transaction(async (tx) => {
      const existing = await dep.findRun(tx, period);
      if (existing) return { run: existing, created: false };
      const latest = await dep.latestRun(tx);
      if (latest && latest.period > period) throw illegalTransition(`periods run in order; ${latest.period} has run already`);
      if (!(await dep.claimRun(tx, period, actor.userId, actor.name))) {
        const run = await dep.findRun(tx, period);
        if (!run) throw new Error(`depreciation run ${period} vanished`);
        return { run, created: false };
      }
      const schedules = new Map<string, number[]>();
      let count = 0;
      let totalCents = 0;
      let after: string | null = null;
      for (;;) {
        const slice = await dep.depreciable(tx, period, after, SLICE);
        if (slice.length === 0) break;
        after = slice.at(-1)?.id ?? null;
        const charges: dep.ChargeRow[] = [];
        for (const asset of slice) {
          const basis: DepreciationBasis = {
            cost: Number(asset.amount),
            residualRate: Number(asset.residual_rate),
            lifeMonths: asset.useful_life_months,
            method: asset.depreciation_method,
          };
          const key = `${basis.cost}|${basis.residualRate}|${basis.lifeMonths}|${basis.method}`;
          let schedule = schedules.get(key);
          if (!schedule) {
            schedule = monthlySchedule(basis);
            schedules.set(key, schedule);
          }
          const index = monthIndex(asset.purchase_date, period);
          const charge = chargeForMonth(schedule, basis, index, toCents(Number(asset.booked)));
          if (charge.amountCents === 0) continue;
          charges.push({
            assetId: asset.id,
            amount: fromCents(charge.amountCents),
            accumulated: fromCents(charge.accumulatedCents),
            bookValue: fromCents(charge.bookValueCents),
            method: basis.method,
            monthIndex: index,
            categoryCode: asset.category_code,
            departmentId: asset.department_id,
          });
          count += 1;
          totalCents += charge.amountCents;
        }
        await dep.insertCharges(tx, period, charges);
      }
      const run = await dep.finishRun(tx, period, count, fromCents(totalCents));
      if (!run) throw new Error(`depreciation run ${period} vanished`);
      // One entry per run: its rows are the per-asset record, immutable and keyed by asset and period.
      await recordAudit(
        tx,
        actor,
        {
          action: 'depreciation.run',
          entityType: 'depreciation_run',
          entityId: period,
          after: { assets: count, total: fromCents(totalCents) },
        },
        context,
      );
      return { run, created: true };
    });
  }

  runs(limit: number) {
    return dep.listRuns(this.#db, limit);
  }

  async report(period: string) {
    const [run, byCategory, byDepartment] = await Promise.all([
      dep.findRun(this.#db, period),
      dep.totalsBy(this.#db, period, 'category'),
      dep.totalsBy(this.#db, period, 'department'),
    ]);
    return { period, run, byCategory, byDepartment };
  }

  lines(period: string, afterId: string | null, limit: number) {
    return dep.reportRows(this.#db, period, afterId, limit);
  }

  /** The report as CSV: one row per asset, or totals per category or department. */
  async csv(period: string, view: 'assets' | 'categories' | 'departments'): Promise<string> {
    if (view !== 'assets') {
      const totals = await dep.totalsBy(this.#db, period, view === 'categories' ? 'category' : 'department');
      return toCsv(
        [
          view === 'categories' ? 'category_code' : 'department_id',
          'name',
          'assets',
          'depreciation',
          'accumulated',
          'book_value',
        ],
        totals.map((t) => [t.key, t.name, Number(t.assets), Number(t.amount), Number(t.accumulated), Number(t.book_value)]),
      );
    }
    const rows: Array<Array<string | number | null>> = [];
    let after: string | null = null;
    for (;;) {
      const slice = await dep.reportRows(this.#db, period, after, SLICE);
      if (slice.length === 0) break;
      after = slice.at(-1)?.asset_id ?? null;
      for (const r of slice)
        rows.push([
          r.asset_id,
          r.name,
          r.category_code,
          r.department_id,
          r.method,
          r.month_index,
          Number(r.cost),
          Number(r.amount),
          Number(r.accumulated),
          Number(r.book_value),
        ]);
    }
    return toCsv(
      [
        'asset_id',
        'name',
        'category_code',
        'department_id',
        'method',
        'month_of_life',
        'cost',
        'depreciation',
        'accumulated',
        'book_value',
      ],
      rows,
    );
  }
}
