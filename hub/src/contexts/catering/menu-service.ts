import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';
import { invalid, notFound } from '../../errors.ts';
import { type AuditContext, recordAudit } from '../audit/repository.ts';
import { addDays, daysBetween, isDate, localDate } from './clock.ts';
import { type MealPeriodSetting, settingProblems } from './cutoff.ts';
import type { CanteenRow, DishRow, MenuEntryRow, RecipeLineRow, SetMealRow, StallRow } from './menu-repository.ts';
import * as repo from './menu-repository.ts';
import { type CateringClock, checkCode } from './settings.ts';
import * as stockRepo from './stock-repository.ts';
import type { MealPeriod } from './vocabulary.ts';

/** A menu query covers at most this many days (a term's week view, not a year). */
export const MENU_MAX_DAYS = 62;

export interface DishInput {
  name: string;
  nameZh?: string | null | undefined;
  stallId?: string | null | undefined;
  category?: string | null | undefined;
  price: number;
  active?: boolean | undefined;
  /** Replaces the recipe when given; omitted keeps it. */
  recipe?: ReadonlyArray<{ itemId: string; quantity: number }> | undefined;
}

export interface SetMealInput {
  canteenId: string;
  name: string;
  nameZh?: string | null | undefined;
  mealPeriod: MealPeriod;
  price: number;
  active?: boolean | undefined;
  dishes: ReadonlyArray<{ dishId: string; portions?: number | undefined }>;
}

export interface DishDetail {
  dish: DishRow;
  recipe: RecipeLineRow[];
}

/**
 * Canteens, stalls and their terminals; dishes with recipes; set meals; the menu calendar and
 * the meal periods' serving windows and pre-order cut-offs (CAT-1, CAT-2, CAT-3's recipes).
 */
export class MenuService {
  readonly #db: Db;
  readonly #clock: CateringClock;

  constructor(db: Db, clock: CateringClock) {
    this.#db = db;
    this.#clock = clock;
  }

  listCanteens(): Promise<CanteenRow[]> {
    return repo.listCanteens(this.#db);
  }

  async canteen(id: string, q: Queryable = this.#db): Promise<CanteenRow> {
    const row = await repo.findCanteen(q, id);
    if (!row) throw notFound(`canteen ${id}`);
    return row;
  }

  /** Creates or updates a canteen by its code. */
  async saveCanteen(
    actor: Actor,
    id: string,
    fields: {
      name: string;
      nameZh?: string | null | undefined;
      location?: string | null | undefined;
      active?: boolean | undefined;
    },
    context: AuditContext = {},
  ): Promise<CanteenRow> {
    checkCode('id', id);
    return this.#db.transaction(async (tx) => {
      const before = await repo.findCanteen(tx, id);
      await repo.upsertCanteen(tx, id, {
        name: fields.name,
        nameZh: fields.nameZh ?? null,
        location: fields.location ?? null,
        active: fields.active ?? true,
      });
      const after = await this.canteen(id, tx);
      await recordAudit(
        tx,
        actor,
        { action: before ? 'canteen.updated' : 'canteen.created', entityType: 'canteen', entityId: id, before, after },
        context,
      );
      return after;
    });
  }

  /**
   * Sets the ordering terminals of a canteen (CAT-2): their orders go to this canteen's kitchen.
   * A terminal belongs to one canteen; a device registered as another kind is refused. Devices
   * not yet registered are accepted (the canteen may be set up before the terminal arrives).
   */
  async setTerminals(
    actor: Actor,
    canteenId: string,
    deviceIds: readonly string[],
    kindOf: (deviceId: string) => string | undefined,
    context: AuditContext = {},
  ): Promise<CanteenRow> {
    const ids = [...new Set(deviceIds)];
    ids.forEach((id, index) => {
      const kind = kindOf(id);
      if (kind !== undefined && kind !== 'terminal')
        throw invalid(`deviceIds.${index}`, `${id} is a ${kind}, not an ordering terminal`);
    });
    return this.#db.transaction(async (tx) => {
      const before = await this.canteen(canteenId, tx);
      const taken = await repo.terminalsOwnedElsewhere(tx, canteenId, ids);
      const first = taken[0];
      if (first)
        throw invalid(`deviceIds.${ids.indexOf(first.device_id)}`, `${first.device_id} belongs to canteen ${first.canteen_id}`);
      await repo.replaceTerminals(tx, canteenId, ids);
      const after = await this.canteen(canteenId, tx);
      await recordAudit(
        tx,
        actor,
        {
          action: 'canteen.terminals_set',
          entityType: 'canteen',
          entityId: canteenId,
          before: { terminalIds: before.terminal_ids },
          after: { terminalIds: after.terminal_ids },
        },
        context,
      );
      return after;
    });
  }

  listStalls(canteenId?: string): Promise<StallRow[]> {
    return repo.listStalls(this.#db, canteenId);
  }

  async saveStall(
    actor: Actor,
    id: string,
    fields: { canteenId: string; name: string; nameZh?: string | null | undefined; active?: boolean | undefined },
    context: AuditContext = {},
  ): Promise<StallRow> {
    checkCode('id', id);
    return this.#db.transaction(async (tx) => {
      if (!(await repo.findCanteen(tx, fields.canteenId))) throw invalid('canteenId', `no canteen ${fields.canteenId}`);
      const before = await repo.findStall(tx, id);
      if (before && before.canteen_id !== fields.canteenId)
        throw invalid('canteenId', `stall ${id} belongs to canteen ${before.canteen_id}`);
      await repo.upsertStall(tx, {
        id,
        canteenId: fields.canteenId,
        name: fields.name,
        nameZh: fields.nameZh ?? null,
        active: fields.active ?? true,
      });
      const after = await repo.findStall(tx, id);
      await recordAudit(
        tx,
        actor,
        {
          action: before ? 'canteen_stall.updated' : 'canteen_stall.created',
          entityType: 'canteen_stall',
          entityId: id,
          before,
          after,
        },
        context,
      );
      if (!after) throw notFound(`stall ${id}`);
      return after;
    });
  }

  listDishes(filter: repo.DishFilter): Promise<DishRow[]> {
    return repo.listDishes(this.#db, filter);
  }

  async dish(id: string, q: Queryable = this.#db): Promise<DishDetail> {
    const dish = (await repo.findDishes(q, [id]))[0];
    if (!dish) throw notFound(`dish ${id}`);
    return { dish, recipe: await repo.listRecipes(q, [id]) };
  }

  recipes(dishIds: readonly string[] | null, q: Queryable = this.#db): Promise<RecipeLineRow[]> {
    return repo.listRecipes(q, dishIds);
  }

  /**
   * Creates or updates a dish by its code, with its recipe (ingredient quantities per portion,
   * in each stock item's unit). Runs in the caller's transaction when given (CSV import).
   */
  async saveDish(actor: Actor, id: string, input: DishInput, context: AuditContext = {}, tx?: Queryable): Promise<DishDetail> {
    checkCode('id', id);
    const work = async (q: Queryable) => {
      if (input.stallId && !(await repo.findStall(q, input.stallId))) throw invalid('stallId', `no stall ${input.stallId}`);
      if (input.recipe) await this.#checkRecipe(q, input.recipe);
      const before = (await repo.findDishes(q, [id]))[0];
      const beforeRecipe = before ? await repo.listRecipes(q, [id]) : [];
      await repo.upsertDish(q, id, {
        name: input.name,
        nameZh: input.nameZh ?? null,
        stallId: input.stallId ?? null,
        category: input.category ?? null,
        price: input.price,
        active: input.active ?? true,
      });
      if (input.recipe) await repo.replaceRecipe(q, id, input.recipe);
      const after = await this.dish(id, q);
      const recipeOf = (lines: RecipeLineRow[]) => lines.map((l) => ({ itemId: l.item_id, quantity: Number(l.quantity) }));
      await recordAudit(
        q,
        actor,
        {
          action: before ? 'dish.updated' : 'dish.created',
          entityType: 'dish',
          entityId: id,
          before: before ? { ...before, recipe: recipeOf(beforeRecipe) } : undefined,
          after: { ...after.dish, recipe: recipeOf(after.recipe) },
        },
        context,
      );
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  async #checkRecipe(q: Queryable, recipe: ReadonlyArray<{ itemId: string; quantity: number }>): Promise<void> {
    const seen = new Set<string>();
    recipe.forEach((line, index) => {
      if (seen.has(line.itemId)) throw invalid(`recipe.${index}.itemId`, `${line.itemId} is listed twice`);
      if (!(line.quantity > 0)) throw invalid(`recipe.${index}.quantity`, 'must be greater than 0');
      seen.add(line.itemId);
    });
    const known = new Set((await stockRepo.findStockItems(q, [...seen])).map((item) => item.id));
    recipe.forEach((line, index) => {
      if (!known.has(line.itemId)) throw invalid(`recipe.${index}.itemId`, `no stock item ${line.itemId}`);
    });
  }

  listSetMeals(filter: Parameters<typeof repo.listSetMeals>[1]): Promise<SetMealRow[]> {
    return repo.listSetMeals(this.#db, filter);
  }

  async setMeal(id: string, q: Queryable = this.#db): Promise<SetMealRow> {
    const row = (await repo.findSetMeals(q, [id]))[0];
    if (!row) throw notFound(`set meal ${id}`);
    return row;
  }

  async saveSetMeal(actor: Actor, id: string, input: SetMealInput, context: AuditContext = {}): Promise<SetMealRow> {
    checkCode('id', id);
    const dishIds = input.dishes.map((d) => d.dishId);
    if (new Set(dishIds).size !== dishIds.length) throw invalid('dishes', 'lists a dish twice');
    return this.#db.transaction(async (tx) => {
      if (!(await repo.findCanteen(tx, input.canteenId))) throw invalid('canteenId', `no canteen ${input.canteenId}`);
      const dishes = new Map((await repo.findDishes(tx, dishIds)).map((d) => [d.id, d]));
      input.dishes.forEach((line, index) => {
        const dish = dishes.get(line.dishId);
        if (!dish) throw invalid(`dishes.${index}.dishId`, `no dish ${line.dishId}`);
        if (dish.canteen_id && dish.canteen_id !== input.canteenId) {
          throw invalid(`dishes.${index}.dishId`, `${line.dishId} is served in canteen ${dish.canteen_id}`);
        }
      });
      const before = (await repo.findSetMeals(tx, [id]))[0];
      await repo.upsertSetMeal(tx, id, {
        canteenId: input.canteenId,
        name: input.name,
        nameZh: input.nameZh ?? null,
        mealPeriod: input.mealPeriod,
        price: input.price,
        active: input.active ?? true,
        dishes: input.dishes.map((d) => ({ dishId: d.dishId, portions: d.portions ?? 1 })),
      });
      const after = await this.setMeal(id, tx);
      await recordAudit(
        tx,
        actor,
        { action: before ? 'set_meal.updated' : 'set_meal.created', entityType: 'set_meal', entityId: id, before, after },
        context,
      );
      return after;
    });
  }

  mealPeriods(q: Queryable = this.#db): Promise<MealPeriodSetting[]> {
    return repo.listMealPeriodSettings(q);
  }

  async mealPeriod(period: MealPeriod, q: Queryable = this.#db): Promise<MealPeriodSetting> {
    const setting = (await this.mealPeriods(q)).find((s) => s.mealPeriod === period);
    if (!setting) throw notFound(`meal period ${period}`);
    return setting;
  }

  /** Changes a meal period's serving window and pre-order cut-off (CAT-1: configurable cut-off). */
  async saveMealPeriod(actor: Actor, setting: MealPeriodSetting, context: AuditContext = {}): Promise<MealPeriodSetting> {
    const problem = settingProblems(setting)[0];
    if (problem) throw invalid(problem.field, problem.reason);
    return this.#db.transaction(async (tx) => {
      const before = (await this.mealPeriods(tx)).find((s) => s.mealPeriod === setting.mealPeriod);
      await repo.saveMealPeriodSetting(tx, setting);
      await recordAudit(
        tx,
        actor,
        { action: 'meal_period.updated', entityType: 'meal_period', entityId: setting.mealPeriod, before, after: setting },
        context,
      );
      return setting;
    });
  }

  /** The menu calendar between two dates (inclusive), by default this week from today. */
  async menu(filter: {
    canteenId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    mealPeriod?: string | undefined;
  }) {
    const from = filter.from ?? this.today();
    const to = filter.to ?? addDays(from, 6);
    if (!isDate(from)) throw invalid('from', 'must be a date YYYY-MM-DD');
    if (!isDate(to)) throw invalid('to', 'must be a date YYYY-MM-DD');
    if (daysBetween(from, to) < 0) throw invalid('to', 'must not be before from');
    if (daysBetween(from, to) >= MENU_MAX_DAYS) throw invalid('to', `must be within ${MENU_MAX_DAYS} days of from`);
    if (filter.canteenId) await this.canteen(filter.canteenId);
    return { from, to, entries: await repo.listMenu(this.#db, { ...filter, from, to }) };
  }

  /**
   * Publishes what a canteen serves at one meal: dishes and set meals (replacing the previous
   * list). Dishes must be active and served in this canteen; set meals must be this canteen's
   * and meant for this meal period.
   */
  async setMenu(
    actor: Actor,
    key: { canteenId: string; date: string; mealPeriod: MealPeriod },
    items: { dishIds: readonly string[]; setMealIds: readonly string[] },
    context: AuditContext = {},
    tx?: Queryable,
  ): Promise<MenuEntryRow[]> {
    if (!isDate(key.date)) throw invalid('date', 'must be a date YYYY-MM-DD');
    const dishIds = [...new Set(items.dishIds)];
    const setMealIds = [...new Set(items.setMealIds)];
    const work = async (q: Queryable) => {
      await this.canteen(key.canteenId, q);
      const dishes = new Map((await repo.findDishes(q, dishIds)).map((d) => [d.id, d]));
      dishIds.forEach((id, index) => {
        const dish = dishes.get(id);
        if (!dish) throw invalid(`dishIds.${index}`, `no dish ${id}`);
        if (!dish.active) throw invalid(`dishIds.${index}`, `${id} is not served any more`);
        if (dish.canteen_id && dish.canteen_id !== key.canteenId)
          throw invalid(`dishIds.${index}`, `${id} is served in canteen ${dish.canteen_id}`);
      });
      const meals = new Map((await repo.findSetMeals(q, setMealIds)).map((m) => [m.id, m]));
      setMealIds.forEach((id, index) => {
        const meal = meals.get(id);
        if (!meal) throw invalid(`setMealIds.${index}`, `no set meal ${id}`);
        if (!meal.active) throw invalid(`setMealIds.${index}`, `${id} is not offered any more`);
        if (meal.canteen_id !== key.canteenId)
          throw invalid(`setMealIds.${index}`, `${id} belongs to canteen ${meal.canteen_id}`);
        if (meal.meal_period !== key.mealPeriod) throw invalid(`setMealIds.${index}`, `${id} is a ${meal.meal_period} set meal`);
      });
      const scope = { canteenId: key.canteenId, from: key.date, to: key.date, mealPeriod: key.mealPeriod };
      const before = await repo.listMenu(q, scope);
      await repo.replaceMenu(q, key, dishIds, setMealIds);
      const after = await repo.listMenu(q, scope);
      await recordAudit(
        q,
        actor,
        {
          action: 'menu.published',
          entityType: 'menu',
          entityId: `${key.canteenId}/${key.date}/${key.mealPeriod}`,
          before: { dishIds: before.flatMap((e) => e.dish_id ?? []), setMealIds: before.flatMap((e) => e.set_meal_id ?? []) },
          after: { dishIds, setMealIds },
        },
        context,
      );
      return after;
    };
    return tx ? work(tx) : this.#db.transaction(work);
  }

  today(): string {
    return localToday(this.#clock);
  }
}

export function localToday(clock: CateringClock): string {
  return localDate(clock.now(), clock.timeZone);
}
