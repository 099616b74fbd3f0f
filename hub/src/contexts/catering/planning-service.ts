import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { AppError, conflict, illegalTransition, invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { addDays, daysBetween, isDate } from './clock.ts';
import { type Forecast, forecastNeeds, HISTORY_WEEKS, type RecipeLine } from './forecast.ts';
import * as menuRepo from './menu-repository.ts';
import type { MenuService } from './menu-service.ts';
import * as orderRepo from './order-repository.ts';
import type { CateringPeers } from './peers.ts';
import type { PlanRow } from './plan-repository.ts';
import * as repo from './plan-repository.ts';
import type { CateringClock } from './settings.ts';
import * as stockRepo from './stock-repository.ts';
import type { PlanStatus } from './vocabulary.ts';

/** Forecasts look at most this far ahead: pre-orders and menus are published two weeks out. */
export const FORECAST_MAX_DAYS_AHEAD = 14;
/** A waste report covers at most this many days. */
export const WASTE_MAX_DAYS = 93;

const sumInto = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);

export interface NamedForecast extends Forecast {
  names: Map<string, { name: string; nameZh: string | null }>;
}

/**
 * Ingredient planning (CAT-3): tomorrow's needs from pre-orders, order history and recipes
 * against stock, turned into a purchase plan whose confirmation drafts procurement
 * requisitions (PRC-1); and the waste figures that show how good the plans were.
 */
export class PlanningService {
  readonly #db: Db;
  readonly #clock: CateringClock;
  readonly #menu: MenuService;
  readonly #peers: () => CateringPeers;

  constructor(db: Db, options: { clock: CateringClock; menu: MenuService; peers: () => CateringPeers }) {
    this.#db = db;
    this.#clock = options.clock;
    this.#menu = options.menu;
    this.#peers = options.peers;
  }

  #checkDate(date: string | undefined): string {
    const today = this.#menu.today();
    const day = date ?? addDays(today, 1);
    if (!isDate(day)) throw invalid('date', 'must be a date YYYY-MM-DD');
    const ahead = daysBetween(today, day);
    if (ahead < 1) throw invalid('date', 'must be after today: a plan is for days to come');
    if (ahead > FORECAST_MAX_DAYS_AHEAD) throw invalid('date', `must be within ${FORECAST_MAX_DAYS_AHEAD} days`);
    return day;
  }

  /**
   * Gathers the forecast's inputs for a day (default tomorrow) and runs the model (forecast.ts).
   * History: walk-in (terminal) sales on the same weekday of the last four weeks.
   */
  async forecast(date?: string): Promise<NamedForecast> {
    const day = this.#checkDate(date);
    return this.#forecastOn(this.#db, day, await this.#peers().isHoliday(day));
  }

  // The calendar is asked before any transaction opens: on the embedded database a read outside
  // the open transaction would wait for it forever (one connection).
  async #forecastOn(q: Queryable, day: string, holiday: boolean | undefined): Promise<NamedForecast> {
    const historyDates = Array.from({ length: HISTORY_WEEKS }, (_, i) => addDays(day, -7 * (i + 1)));
    // One after another: `q` may be a transaction's single connection.
    const preRows = await orderRepo.preOrderedPortions(q, { from: day, to: day });
    const soldRows = await orderRepo.soldAtTerminals(q, { dates: historyDates });
    const recipeRows = await menuRepo.listRecipes(q, null);
    const items = await stockRepo.activeStockItems(q);
    const menuDishIds = await menuRepo.menuDishesOn(q, day);
    const preOrders = new Map<string, number>();
    for (const row of preRows) sumInto(preOrders, row.dish_id, Number(row.portions));
    const history = historyDates.map((d) => {
      const portions = new Map<string, number>();
      for (const row of soldRows) if (row.service_date === d) sumInto(portions, row.dish_id, Number(row.portions));
      return { date: d, portions };
    });
    const recipes = new Map<string, RecipeLine[]>();
    for (const row of recipeRows) {
      const lines = recipes.get(row.dish_id) ?? [];
      lines.push({ itemId: row.item_id, quantity: Number(row.quantity) });
      recipes.set(row.dish_id, lines);
    }
    const forecast = forecastNeeds({
      date: day,
      holiday: holiday ?? false,
      menuDishIds,
      preOrders,
      history,
      recipes,
      stock: items.map((i) => ({ itemId: i.id, unit: i.unit, book: Number(i.book_quantity), safety: Number(i.safety_stock) })),
    });
    const dishes = await menuRepo.findDishes(
      q,
      forecast.dishes.map((d) => d.dishId),
    );
    const names = new Map<string, { name: string; nameZh: string | null }>();
    for (const d of dishes) names.set(`dish:${d.id}`, { name: d.name, nameZh: d.name_zh });
    for (const i of items) names.set(`item:${i.id}`, { name: i.name, nameZh: i.name_zh });
    return { ...forecast, names };
  }

  /**
   * Proposes a purchase plan from the forecast of a day (default tomorrow).
   * @throws AppError conflict when a proposed plan for the day exists, or when stock covers the needs.
   */
  async createPlan(actor: Actor, date: string | undefined, context: AuditContext = {}): Promise<PlanRow> {
    const day = this.#checkDate(date);
    const holiday = await this.#peers().isHoliday(day);
    return this.#db.transaction(async (tx) => {
      const named = await this.#forecastOn(tx, day, holiday);
      const { names: _names, ...forecast } = named;
      const existing = await repo.findProposedPlan(tx, forecast.date);
      if (existing)
        throw conflict('date', `plan ${existing.id} for ${forecast.date} is still proposed; confirm or discard it first`);
      if (forecast.lines.length === 0)
        throw conflict('date', `stock covers the forecast needs of ${forecast.date}: nothing to buy`);
      const id = await repo.insertPlan(tx, forecast, actor.userId);
      await recordAudit(
        tx,
        actor,
        {
          action: 'purchase_plan.proposed',
          entityType: 'purchase_plan',
          entityId: id,
          after: { neededOn: forecast.date, lines: forecast.lines },
        },
        context,
      );
      const row = await repo.findPlan(tx, id);
      if (!row) throw notFound(`purchase plan ${id}`);
      return row;
    });
  }

  async plan(id: number): Promise<PlanRow> {
    const row = await repo.findPlan(this.#db, id);
    if (!row) throw notFound(`purchase plan ${id}`);
    return row;
  }

  listPlans(filter: { status?: PlanStatus | undefined; beforeId?: number | undefined; limit: number }): Promise<PlanRow[]> {
    return repo.listPlans(this.#db, filter);
  }

  /**
   * Confirms a proposed plan: one requisition is drafted per line through procurement
   * (PRC-1), in this transaction, each with a dedupe key so a retry never doubles one.
   * @throws AppError procurement_unavailable (409) when the hub runs without procurement.
   */
  async confirmPlan(actor: Actor, id: number, departmentId: string | undefined, context: AuditContext = {}): Promise<PlanRow> {
    const drafter = this.#peers().requisitions();
    if (!drafter)
      throw new AppError('procurement_unavailable', 409, 'procurement is not available: requisitions cannot be drafted');
    const department = departmentId ?? actor.departmentId;
    if (!department) throw invalid('departmentId', 'name the requesting department (your account has none)');
    return this.#db.transaction(async (tx) => {
      const before = await repo.findPlan(tx, id, true);
      if (!before) throw notFound(`purchase plan ${id}`);
      if (before.status !== 'proposed') throw illegalTransition(`purchase plan ${id} is ${before.status}`);
      const drafted: Array<{ itemId: string; requisitionId: number }> = [];
      for (const line of before.lines) {
        const { id: requisitionId } = await drafter.draftRequisition(
          tx,
          actor,
          {
            departmentId: department,
            itemName: line.nameZh ? `${line.name} / ${line.nameZh}` : line.name,
            specification: line.specification,
            quantity: Number(line.quantity),
            unit: line.unit,
            budget: null,
            reason: `Canteen ingredient purchase plan #${id}, needed by ${line.neededBy} (CAT-3)`,
            itemRef: `stock-item:${line.itemId}`,
            dedupeKey: `catering-plan:${id}:${line.itemId}`,
          },
          context,
        );
        await repo.setLineRequisition(tx, id, line.itemId, requisitionId);
        drafted.push({ itemId: line.itemId, requisitionId });
      }
      await repo.setPlanStatus(tx, id, 'confirmed');
      await recordAudit(
        tx,
        actor,
        {
          action: 'purchase_plan.confirmed',
          entityType: 'purchase_plan',
          entityId: id,
          before: { status: before.status },
          after: { status: 'confirmed', departmentId: department, requisitions: drafted },
        },
        context,
      );
      const after = await repo.findPlan(tx, id);
      if (!after) throw notFound(`purchase plan ${id}`);
      return after;
    });
  }

  async discardPlan(actor: Actor, id: number, context: AuditContext = {}): Promise<PlanRow> {
    return this.#db.transaction(async (tx) => {
      const before = await repo.findPlan(tx, id, true);
      if (!before) throw notFound(`purchase plan ${id}`);
      if (before.status !== 'proposed') throw illegalTransition(`purchase plan ${id} is ${before.status}`);
      await repo.setPlanStatus(tx, id, 'discarded');
      await recordAudit(
        tx,
        actor,
        {
          action: 'purchase_plan.discarded',
          entityType: 'purchase_plan',
          entityId: id,
          before: { status: before.status },
          after: { status: 'discarded' },
        },
        context,
      );
      const after = await repo.findPlan(tx, id);
      if (!after) throw notFound(`purchase plan ${id}`);
      return after;
    });
  }

  /** Prepared portions against sold ones per day, canteen, meal and dish (default: the last 7 days). */
  async waste(filter: { from?: string | undefined; to?: string | undefined; canteenId?: string | undefined }) {
    const to = filter.to ?? this.#menu.today();
    const from = filter.from ?? addDays(to, -6);
    if (!isDate(from)) throw invalid('from', 'must be a date YYYY-MM-DD');
    if (!isDate(to)) throw invalid('to', 'must be a date YYYY-MM-DD');
    if (daysBetween(from, to) < 0) throw invalid('to', 'must not be before from');
    if (daysBetween(from, to) >= WASTE_MAX_DAYS) throw invalid('from', `must be within ${WASTE_MAX_DAYS} days of to`);
    if (filter.canteenId) await this.#menu.canteen(filter.canteenId);
    const rows = (await repo.wasteFigures(this.#db, { from, to, canteenId: filter.canteenId })).map((row) => {
      const figures = wasteOf(Number(row.prepared), Number(row.walk_in), Number(row.pre_ordered));
      return {
        serviceDate: row.service_date,
        canteenId: row.canteen_id,
        mealPeriod: row.meal_period,
        dishId: row.dish_id,
        dishName: row.dish_name,
        dishNameZh: row.dish_name_zh,
        ...figures,
      };
    });
    const sum = (key: 'prepared' | 'walkIn' | 'preOrdered' | 'waste') => rows.reduce((total, row) => total + row[key], 0);
    // Totals add up the rows: one dish's surplus never hides another's waste.
    const prepared = sum('prepared');
    const waste = sum('waste');
    const totals = {
      prepared,
      sold: sum('walkIn') + sum('preOrdered'),
      walkIn: sum('walkIn'),
      preOrdered: sum('preOrdered'),
      waste,
      wasteRate: prepared > 0 ? Math.round((waste / prepared) * 1000) / 1000 : null,
    };
    return { from, to, totals, rows };
  }
}

/**
 * Waste = prepared − sold, never negative: selling more than recorded as prepared means a
 * production record is missing, not that food appeared. The rate is against what was prepared.
 */
export function wasteOf(prepared: number, walkIn: number, preOrdered: number) {
  const sold = walkIn + preOrdered;
  const waste = Math.max(prepared - sold, 0);
  return {
    prepared,
    sold,
    walkIn,
    preOrdered,
    waste,
    wasteRate: prepared > 0 ? Math.round((waste / prepared) * 1000) / 1000 : null,
  };
}
