/**
 * Tomorrow's ingredient needs and the purchase plan they call for (CAT-3: "a purchase plan from
 * order statistics and stock: kinds, quantities, dates").
 *
 * The model, per dish d and stock item i, for the forecast date D:
 *
 *   portions(d)  = preOrdered(d, D) + walkIn(d, D)
 *   walkIn(d, D) = ⌈ mean over observed weeks w ∈ {1..4} of sold(d, D − 7w) ⌉
 *                  — terminal (walk-in) sales on the same weekday of the last four weeks; a week
 *                  in which the canteens sold nothing at all was a closed day (holiday, break)
 *                  and is not observed, so it does not drag the mean down; no observed week → 0.
 *                  0 when D is a holiday of the academic calendar; 0 for dishes not on D's menu
 *                  when a menu is published for D.
 *   need(i)      = Σ_d portions(d) × recipe(d, i)                     (quantity per portion)
 *   shortfall(i) = need(i) − (book(i) − safety(i))
 *
 * A positive shortfall becomes a plan line (rounded up to the stock precision, 0.001), needed
 * by D. Subtracting the safety stock from what is on the shelf means the plan never eats into
 * the reserve, and an item already below its safety stock is topped back up even with no demand.
 * Pre-orders are firm demand and count even on a holiday.
 *
 * The same-weekday mean is deliberately simple: school canteens follow a weekly timetable
 * (the same classes, the same rush), four weeks smooth out one-off events, and the kitchen can
 * read and check the numbers. Pure: the service gathers the inputs.
 */

export const HISTORY_WEEKS = 4;
const STOCK_PRECISION = 1000;

export interface RecipeLine {
  itemId: string;
  /** Quantity per portion, in the stock item's unit. */
  quantity: number;
}

export interface StockPosition {
  itemId: string;
  unit: string;
  book: number;
  safety: number;
}

export interface ForecastInput {
  date: string;
  /** A holiday of the academic calendar: no walk-in demand. */
  holiday: boolean;
  /** Dishes on the date's published menu; null when nothing is published for the date. */
  menuDishIds: ReadonlySet<string> | null;
  /** Pre-ordered portions per dish for the date (set meals already expanded). */
  preOrders: ReadonlyMap<string, number>;
  /** Walk-in portions per dish on the same weekday of each of the previous weeks. */
  history: ReadonlyArray<{ date: string; portions: ReadonlyMap<string, number> }>;
  recipes: ReadonlyMap<string, readonly RecipeLine[]>;
  stock: readonly StockPosition[];
}

export interface DishForecast {
  dishId: string;
  preOrdered: number;
  expectedWalkIn: number;
  portions: number;
}

export interface ItemForecast {
  itemId: string;
  unit: string;
  need: number;
  book: number;
  safety: number;
  /** book − safety: what may be used without touching the reserve (negative below safety). */
  available: number;
  shortfall: number;
}

export interface PlanLine {
  itemId: string;
  quantity: number;
  unit: string;
  neededBy: string;
}

export interface Forecast {
  date: string;
  holiday: boolean;
  weeksObserved: number;
  dishes: DishForecast[];
  items: ItemForecast[];
  lines: PlanLine[];
  /** Dishes with demand but no recipe: their ingredients cannot be planned. */
  dishesWithoutRecipe: string[];
}

const roundUp = (value: number) => Math.ceil(value * STOCK_PRECISION - 1e-6) / STOCK_PRECISION;
const round = (value: number) => Math.round(value * STOCK_PRECISION) / STOCK_PRECISION;

/** Expected walk-in portions per dish: the mean over the observed weeks, rounded up. */
export function expectedWalkIns(input: Pick<ForecastInput, 'history' | 'holiday' | 'menuDishIds'>): {
  weeksObserved: number;
  portions: Map<string, number>;
} {
  const observed = input.history
    .slice(0, HISTORY_WEEKS)
    .filter((week) => [...week.portions.values()].some((portions) => portions > 0));
  const portions = new Map<string, number>();
  if (input.holiday || observed.length === 0) return { weeksObserved: observed.length, portions };
  const totals = new Map<string, number>();
  for (const week of observed) {
    for (const [dishId, sold] of week.portions) totals.set(dishId, (totals.get(dishId) ?? 0) + sold);
  }
  for (const [dishId, total] of totals) {
    if (input.menuDishIds && !input.menuDishIds.has(dishId)) continue;
    const mean = Math.ceil(total / observed.length - 1e-9);
    if (mean > 0) portions.set(dishId, mean);
  }
  return { weeksObserved: observed.length, portions };
}

export function forecastNeeds(input: ForecastInput): Forecast {
  const walkIns = expectedWalkIns(input);
  const dishIds = [...new Set([...input.preOrders.keys(), ...walkIns.portions.keys()])].sort();
  const dishes: DishForecast[] = dishIds
    .map((dishId) => {
      const preOrdered = input.preOrders.get(dishId) ?? 0;
      const expectedWalkIn = walkIns.portions.get(dishId) ?? 0;
      return { dishId, preOrdered, expectedWalkIn, portions: preOrdered + expectedWalkIn };
    })
    .filter((dish) => dish.portions > 0);

  const need = new Map<string, number>();
  const dishesWithoutRecipe: string[] = [];
  for (const dish of dishes) {
    const recipe = input.recipes.get(dish.dishId);
    if (!recipe || recipe.length === 0) {
      dishesWithoutRecipe.push(dish.dishId);
      continue;
    }
    for (const line of recipe) need.set(line.itemId, (need.get(line.itemId) ?? 0) + dish.portions * line.quantity);
  }

  const items: ItemForecast[] = [];
  const lines: PlanLine[] = [];
  for (const position of [...input.stock].sort((a, b) => a.itemId.localeCompare(b.itemId))) {
    const itemNeed = round(need.get(position.itemId) ?? 0);
    const available = round(position.book - position.safety);
    const shortfall = roundUp(itemNeed - available);
    if (itemNeed <= 0 && shortfall <= 0) continue;
    items.push({ ...position, need: itemNeed, available, shortfall: Math.max(shortfall, 0) });
    if (shortfall > 0) lines.push({ itemId: position.itemId, quantity: shortfall, unit: position.unit, neededBy: input.date });
  }
  return {
    date: input.date,
    holiday: input.holiday,
    weeksObserved: walkIns.weeksObserved,
    dishes,
    items,
    lines,
    dishesWithoutRecipe,
  };
}
