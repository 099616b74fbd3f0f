import type { MealPeriodSetting } from './cutoff.ts';
import type { CanteenRow, DishRow, MenuEntryRow, RecipeLineRow, SetMealRow, StallRow } from './menu-repository.ts';
import type { KitchenOrderRow, PreOrderRow } from './order-repository.ts';
import type { PlanRow } from './plan-repository.ts';
import type { RatingRow, ScoreRow } from './rating-repository.ts';
import type { KitchenOrderDto, RatingDto } from './schema.ts';
import type { CountRow, MovementRow, ProductionRow, StockItemRow, StocktakeRow } from './stock-repository.ts';
import { MEAL_PERIOD_LABELS, type MealPeriod, PLAN_STATUS_LABELS } from './vocabulary.ts';

const num = (value: string | number) => Number(value);
const optionalId = (value: string | number | null) => (value === null ? null : Number(value));

export function presentCanteen(row: CanteenRow) {
  return {
    id: row.id,
    name: row.name,
    nameZh: row.name_zh,
    location: row.location,
    active: row.active,
    terminalIds: row.terminal_ids,
  };
}

export function presentStall(row: StallRow) {
  return { id: row.id, canteenId: row.canteen_id, name: row.name, nameZh: row.name_zh, active: row.active };
}

export function presentDish(row: DishRow) {
  return {
    id: row.id,
    name: row.name,
    nameZh: row.name_zh,
    stallId: row.stall_id,
    canteenId: row.canteen_id,
    category: row.category,
    price: num(row.price),
    active: row.active,
  };
}

export function presentRecipeLine(row: RecipeLineRow) {
  return { itemId: row.item_id, name: row.item_name, nameZh: row.item_name_zh, quantity: num(row.quantity), unit: row.unit };
}

export function presentSetMeal(row: SetMealRow) {
  return {
    id: row.id,
    canteenId: row.canteen_id,
    name: row.name,
    nameZh: row.name_zh,
    mealPeriod: row.meal_period,
    price: num(row.price),
    active: row.active,
    dishes: row.dishes.map((d) => ({ dishId: d.dishId, portions: num(d.portions) })),
  };
}

export function presentMealPeriod(setting: MealPeriodSetting) {
  return { ...setting, label: MEAL_PERIOD_LABELS[setting.mealPeriod] };
}

/** Groups menu rows into one entry per canteen, date and meal period. */
export function presentMenu(from: string, to: string, rows: MenuEntryRow[]) {
  const meals = new Map<
    string,
    {
      canteenId: string;
      date: string;
      mealPeriod: MealPeriod;
      dishes: Array<{ id: string; name: string; nameZh: string | null; price: number; stallId: string | null }>;
      setMeals: Array<{ id: string; name: string; nameZh: string | null; price: number }>;
    }
  >();
  for (const row of rows) {
    const key = `${row.service_date}|${row.canteen_id}|${row.meal_period}`;
    let meal = meals.get(key);
    if (!meal) {
      meal = { canteenId: row.canteen_id, date: row.service_date, mealPeriod: row.meal_period, dishes: [], setMeals: [] };
      meals.set(key, meal);
    }
    if (row.dish_id)
      meal.dishes.push({ id: row.dish_id, name: row.name, nameZh: row.name_zh, price: num(row.price), stallId: row.stall_id });
    if (row.set_meal_id) meal.setMeals.push({ id: row.set_meal_id, name: row.name, nameZh: row.name_zh, price: num(row.price) });
  }
  return { from, to, meals: [...meals.values()] };
}

export function presentPreOrder(row: PreOrderRow, now: Date) {
  return {
    id: num(row.id),
    userId: num(row.user_id),
    canteenId: row.canteen_id,
    serviceDate: row.service_date,
    mealPeriod: row.meal_period,
    status: row.status,
    total: num(row.total),
    cutoffAt: row.cutoff_at.toISOString(),
    cancellable: row.status === 'placed' && now.getTime() < row.cutoff_at.getTime(),
    createdAt: row.created_at.toISOString(),
    lines: row.lines.map((l) => ({ ...l, quantity: num(l.quantity), unitPrice: num(l.unitPrice) })),
  };
}

export function presentKitchenOrder(row: KitchenOrderRow): KitchenOrderDto {
  return {
    id: num(row.id),
    canteenId: row.canteen_id,
    deviceId: row.device_id,
    orderId: row.order_id,
    orderedAt: row.ordered_at.toISOString(),
    serviceDate: row.service_date,
    mealPeriod: row.meal_period,
    total: num(row.total),
    status: row.status,
    updatedAt: row.updated_at.toISOString(),
    lines: row.lines.map((l) => ({ ...l, quantity: num(l.quantity), unitPrice: num(l.unitPrice) })),
  };
}

export function presentStockItem(row: StockItemRow) {
  const book = num(row.book_quantity);
  const safety = num(row.safety_stock);
  return {
    id: row.id,
    name: row.name,
    nameZh: row.name_zh,
    specification: row.specification,
    unit: row.unit,
    category: row.category,
    safetyStock: safety,
    bookQuantity: book,
    belowSafety: book < safety,
    active: row.active,
  };
}

export function presentMovement(row: MovementRow) {
  return {
    id: num(row.id),
    itemId: row.item_id,
    itemName: row.item_name,
    itemNameZh: row.item_name_zh,
    specification: row.specification,
    unit: row.unit,
    direction: row.direction,
    quantity: num(row.quantity),
    reason: row.reason,
    occurredAt: row.occurred_at.toISOString(),
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    batch: row.batch,
    note: row.note,
    sourceRef: row.source_ref,
    productionId: optionalId(row.production_id),
    stocktakeId: optionalId(row.stocktake_id),
    balanceAfter: num(row.balance_after),
    recordedBy: row.recorded_by_name,
  };
}

export function presentStocktake(row: StocktakeRow, counts: CountRow[]) {
  return {
    id: num(row.id),
    status: row.status,
    note: row.note,
    openedAt: row.opened_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    counts: counts.map((c) => ({
      itemId: c.item_id,
      name: c.item_name,
      nameZh: c.item_name_zh,
      unit: c.unit,
      bookQuantity: num(c.book_quantity),
      countedQuantity: num(c.counted_quantity),
      difference: Math.round((num(c.counted_quantity) - num(c.book_quantity)) * 1000) / 1000,
      cause: c.cause,
      countedAt: c.counted_at.toISOString(),
    })),
  };
}

export function presentProduction(row: ProductionRow, consumption: MovementRow[]) {
  return {
    id: num(row.id),
    canteenId: row.canteen_id,
    dishId: row.dish_id,
    dishName: row.dish_name,
    dishNameZh: row.dish_name_zh,
    serviceDate: row.service_date,
    mealPeriod: row.meal_period,
    portions: num(row.portions),
    note: row.note,
    createdAt: row.created_at.toISOString(),
    consumption: consumption.map(presentMovement),
  };
}

export function presentRating(row: RatingRow): RatingDto {
  return {
    id: num(row.id),
    canteenId: row.canteen_id,
    serviceDate: row.service_date,
    mealPeriod: row.meal_period,
    dishId: row.dish_id,
    dishName: row.dish_name,
    dishNameZh: row.dish_name_zh,
    stallId: row.stall_id,
    scores: { dish: num(row.dish_score), service: num(row.service_score), environment: num(row.environment_score) },
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
  };
}

const twoDecimals = (value: number) => Math.round(value * 100) / 100;

export function presentScore(row: ScoreRow) {
  const dish = num(row.dish ?? 0);
  const service = num(row.service ?? 0);
  const environment = num(row.environment ?? 0);
  return {
    key: row.key,
    name: row.name,
    nameZh: row.name_zh,
    ratings: num(row.ratings),
    dish: twoDecimals(dish),
    service: twoDecimals(service),
    environment: twoDecimals(environment),
    overall: twoDecimals((dish + service + environment) / 3),
  };
}
export type ScoreSummary = ReturnType<typeof presentScore>;

export function presentPlan(row: PlanRow) {
  return {
    id: num(row.id),
    neededOn: row.needed_on,
    status: row.status,
    statusLabel: PLAN_STATUS_LABELS[row.status],
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    weeksObserved: row.forecast.weeksObserved,
    holiday: row.forecast.holiday,
    lines: row.lines.map((l) => ({
      ...l,
      quantity: num(l.quantity),
      need: num(l.need),
      available: num(l.available),
      requisitionId: l.requisitionId === null ? null : num(l.requisitionId),
    })),
  };
}
