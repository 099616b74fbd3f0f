import type { MealPeriod, TerminalOrder } from '@campus/protocol';
import { type Rng, rngFor } from '../random.ts';
import { DAY_MS, isWeekend, localDay, MINUTE_MS } from '../time.ts';

/**
 * Canteens: menus by meal, and orders arriving in meal peaks (IOT-2). Orders of a minute are
 * a pure function of (seed, canteen, minute), so the stock model can read what was cooked and
 * the terminals can publish the same orders, without either holding the other's state.
 */

export type DishRole = 'staple' | 'main' | 'side' | 'soup' | 'breakfast' | 'snack';

export interface Dish {
  id: string;
  name: string;
  /** Yuan per portion; in half-yuan steps, so totals add up exactly. */
  price: number;
  role: DishRole;
  meals: readonly MealPeriod[];
  /** Kilograms of stocked items per portion (what the store scales see go). */
  uses: Readonly<Record<string, number>>;
}

const LUNCH_DINNER: MealPeriod[] = ['lunch', 'dinner'];

export const MENU: Dish[] = [
  // Breakfast / 早餐
  { id: 'soy-milk', name: '豆浆 soy milk', price: 1.5, role: 'breakfast', meals: ['breakfast'], uses: {} },
  {
    id: 'youtiao',
    name: '油条 fried dough stick',
    price: 1.5,
    role: 'breakfast',
    meals: ['breakfast'],
    uses: { flour: 0.05, 'cooking-oil': 0.012 },
  },
  { id: 'baozi', name: '肉包 pork bun', price: 2, role: 'breakfast', meals: ['breakfast'], uses: { flour: 0.05, pork: 0.025 } },
  {
    id: 'mantou',
    name: '馒头 steamed bun',
    price: 0.5,
    role: 'staple',
    meals: ['breakfast', 'lunch', 'dinner'],
    uses: { flour: 0.06 },
  },
  { id: 'tea-egg', name: '茶叶蛋 tea egg', price: 1.5, role: 'breakfast', meals: ['breakfast'], uses: { eggs: 0.055 } },
  { id: 'congee', name: '小米粥 millet congee', price: 1, role: 'breakfast', meals: ['breakfast'], uses: { rice: 0.03 } },
  // Lunch and dinner / 午餐、晚餐
  { id: 'rice', name: '米饭 steamed rice', price: 1, role: 'staple', meals: LUNCH_DINNER, uses: { rice: 0.12 } },
  {
    id: 'kung-pao-chicken',
    name: '宫保鸡丁 kung pao chicken',
    price: 12,
    role: 'main',
    meals: LUNCH_DINNER,
    uses: { 'cooking-oil': 0.02 },
  },
  {
    id: 'mapo-tofu',
    name: '麻婆豆腐 mapo tofu',
    price: 7,
    role: 'main',
    meals: LUNCH_DINNER,
    uses: { tofu: 0.2, pork: 0.02, 'cooking-oil': 0.015 },
  },
  {
    id: 'braised-pork',
    name: '红烧肉 braised pork',
    price: 14,
    role: 'main',
    meals: LUNCH_DINNER,
    uses: { pork: 0.15, 'cooking-oil': 0.01 },
  },
  {
    id: 'tomato-egg',
    name: '番茄炒蛋 tomato and egg',
    price: 6,
    role: 'main',
    meals: LUNCH_DINNER,
    uses: { eggs: 0.1, 'cooking-oil': 0.015 },
  },
  {
    id: 'shredded-potato',
    name: '酸辣土豆丝 hot and sour potato',
    price: 4,
    role: 'side',
    meals: LUNCH_DINNER,
    uses: { 'cooking-oil': 0.012 },
  },
  {
    id: 'stir-fried-greens',
    name: '清炒时蔬 stir-fried greens',
    price: 4,
    role: 'side',
    meals: LUNCH_DINNER,
    uses: { vegetables: 0.2, 'cooking-oil': 0.01 },
  },
  {
    id: 'hot-sour-soup',
    name: '酸辣汤 hot and sour soup',
    price: 3,
    role: 'soup',
    meals: LUNCH_DINNER,
    uses: { tofu: 0.03, eggs: 0.02 },
  },
  {
    id: 'beef-noodles',
    name: '牛肉面 beef noodle soup',
    price: 13,
    role: 'main',
    meals: ['lunch', 'dinner', 'late_night'],
    uses: { noodles: 0.15 },
  },
  {
    id: 'dumplings',
    name: '水饺 boiled dumplings',
    price: 10,
    role: 'main',
    meals: ['lunch', 'dinner', 'late_night'],
    uses: { flour: 0.08, pork: 0.05, vegetables: 0.03 },
  },
  // Late night / 夜宵
  {
    id: 'fried-rice',
    name: '蛋炒饭 egg fried rice',
    price: 9,
    role: 'snack',
    meals: ['late_night'],
    uses: { rice: 0.15, eggs: 0.05, 'cooking-oil': 0.015 },
  },
  {
    id: 'fried-noodles',
    name: '炒面 fried noodles',
    price: 9,
    role: 'snack',
    meals: ['late_night'],
    uses: { noodles: 0.12, vegetables: 0.05, 'cooking-oil': 0.015 },
  },
];

const DISHES = new Map(MENU.map((dish) => [dish.id, dish]));

export function dish(id: string): Dish {
  const found = DISHES.get(id);
  if (!found) throw new Error(`no dish ${id}`);
  return found;
}

interface MealWave {
  meal: MealPeriod;
  /** Local minutes after midnight of the peak, and its spread (minutes, one sd). */
  peak: number;
  sd: number;
  /** Share of a resident's daily meals. */
  share: number;
  weekendShare: number;
}

/** Meal peaks: breakfast before the 08:00 class, lunch at noon, dinner after classes, late-night snacks. */
export const MEAL_WAVES: MealWave[] = [
  { meal: 'breakfast', peak: 7 * 60 + 20, sd: 25, share: 0.55, weekendShare: 0.3 },
  { meal: 'lunch', peak: 12 * 60 + 5, sd: 22, share: 0.85, weekendShare: 0.75 },
  { meal: 'dinner', peak: 17 * 60 + 50, sd: 28, share: 0.75, weekendShare: 0.7 },
  { meal: 'late_night', peak: 22 * 60, sd: 35, share: 0.08, weekendShare: 0.12 },
];

/** Which meal an order at a local minute belongs to. */
export function mealPeriodAt(minuteOfDay: number): MealPeriod {
  if (minuteOfDay >= 5 * 60 && minuteOfDay < 10 * 60 + 30) return 'breakfast';
  if (minuteOfDay >= 10 * 60 + 30 && minuteOfDay < 15 * 60) return 'lunch';
  if (minuteOfDay >= 15 * 60 && minuteOfDay < 20 * 60 + 30) return 'dinner';
  return 'late_night';
}

export interface CanteenOrder {
  canteen: string;
  at: number;
  /** Order number within its minute. */
  index: number;
  minute: number;
  order: Omit<TerminalOrder, 'eventId' | 'ts'>;
}

export interface CanteenModelOptions {
  seed: number;
  utcOffsetMin: number;
  /** Residents' campus cards: who pays. */
  cards: readonly string[];
  /** Canteen ids; the first is the larger, older canteen. */
  canteens: readonly string[];
}

/** Orders per minute at each canteen, and what they take from the store. */
export class CanteenModel {
  readonly #options: CanteenModelOptions;
  readonly #weights: Map<string, number>;
  readonly #cache = new Map<string, CanteenOrder[]>();

  constructor(options: CanteenModelOptions) {
    this.#options = options;
    const raw = options.canteens.map((canteen, index) => [canteen, index === 0 ? 1.2 : 1] as const);
    const total = raw.reduce((sum, [, weight]) => sum + weight, 0);
    this.#weights = new Map(raw.map(([canteen, weight]) => [canteen, weight / total]));
  }

  get canteens(): readonly string[] {
    return this.#options.canteens;
  }

  /** Expected orders per minute at a canteen at a given instant. */
  rate(canteen: string, t: number): number {
    const { utcOffsetMin, cards } = this.#options;
    const weight = this.#weights.get(canteen) ?? 0;
    const day = localDay(t, utcOffsetMin);
    const minuteOfDay = Math.floor((t + utcOffsetMin * MINUTE_MS - day * DAY_MS) / MINUTE_MS);
    const weekend = isWeekend(day);
    let density = 0;
    for (const wave of MEAL_WAVES) {
      // Waves wrap around midnight (late-night snacks after 00:00).
      const distance = Math.min(Math.abs(minuteOfDay - wave.peak), 1440 - Math.abs(minuteOfDay - wave.peak));
      const share = weekend ? wave.weekendShare : wave.share;
      density += (share * Math.exp(-0.5 * (distance / wave.sd) ** 2)) / (wave.sd * Math.sqrt(2 * Math.PI));
    }
    return cards.length * weight * density;
  }

  /** The orders of one minute (index since the epoch) at one canteen. Cached for the latest minutes. */
  ordersInMinute(canteen: string, minute: number): CanteenOrder[] {
    const key = `${canteen}@${minute}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const start = minute * MINUTE_MS;
    const rng = rngFor(this.#options.seed, 'orders', canteen, minute);
    const count = rng.poisson(this.rate(canteen, start));
    const minuteOfDay = Math.floor(((start + this.#options.utcOffsetMin * MINUTE_MS) % DAY_MS) / MINUTE_MS);
    const meal = mealPeriodAt(minuteOfDay);
    const orders: CanteenOrder[] = [];
    for (let index = 0; index < count; index += 1) {
      const items = composeOrder(rng, meal);
      const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
      const staff = rng.chance(0.08);
      const payerCard = staff ? `T${String(rng.int(1, 350)).padStart(5, '0')}` : rng.pick(this.#options.cards);
      orders.push({
        canteen,
        at: start + rng.int(0, 59_999),
        index,
        minute,
        order: { orderId: `${canteen}-${minute.toString(36)}-${index}`, items, total, payerCard, mealPeriod: meal },
      });
    }
    orders.sort((a, b) => a.at - b.at);
    if (this.#cache.size > 4096) this.#cache.clear();
    this.#cache.set(key, orders);
    return orders;
  }

  /** Kilograms of each stocked item the orders of a minute used. */
  consumption(canteen: string, minute: number): Map<string, number> {
    const used = new Map<string, number>();
    for (const { order } of this.ordersInMinute(canteen, minute)) {
      for (const item of order.items) {
        for (const [stock, kg] of Object.entries(dish(item.dishId).uses))
          used.set(stock, (used.get(stock) ?? 0) + kg * item.quantity);
      }
    }
    return used;
  }

  /** Average daily use of each item at a canteen, over a simulated week (for bin sizes and thresholds). */
  averageDailyUse(canteen: string, fromDay: number): Map<string, number> {
    const totals = new Map<string, number>();
    const { utcOffsetMin } = this.#options;
    const firstMinute = (fromDay * DAY_MS - utcOffsetMin * MINUTE_MS) / MINUTE_MS;
    const days = 7;
    for (let minute = firstMinute; minute < firstMinute + days * 1440; minute += 1) {
      for (const [item, kg] of this.consumption(canteen, minute)) totals.set(item, (totals.get(item) ?? 0) + kg);
    }
    this.#cache.clear();
    return new Map([...totals].map(([item, kg]) => [item, kg / days]));
  }
}

function composeOrder(rng: Rng, meal: MealPeriod): Array<{ dishId: string; quantity: number; unitPrice: number }> {
  const offered = MENU.filter((candidate) => candidate.meals.includes(meal));
  const picks = new Map<string, number>();
  const add = (chosen: Dish, quantity = 1) => picks.set(chosen.id, (picks.get(chosen.id) ?? 0) + quantity);
  const ofRole = (role: DishRole) => offered.filter((candidate) => candidate.role === role);
  switch (meal) {
    case 'breakfast': {
      const breakfast = offered.filter((candidate) => candidate.role === 'breakfast' || candidate.role === 'staple');
      for (let count = rng.int(1, 3); count > 0; count -= 1) add(rng.pick(breakfast));
      break;
    }
    case 'lunch':
    case 'dinner': {
      const main = rng.pick(ofRole('main'));
      add(main);
      const noodleOrDumpling = main.id === 'beef-noodles' || main.id === 'dumplings';
      if (!noodleOrDumpling) {
        if (rng.chance(0.85)) add(dish('rice'), rng.chance(0.15) ? 2 : 1);
        else add(dish('mantou'), 2);
      }
      if (rng.chance(0.55)) add(rng.pick(ofRole('side')));
      if (rng.chance(0.2)) add(rng.pick(ofRole('soup')));
      break;
    }
    case 'late_night': {
      add(rng.pick(offered));
      if (rng.chance(0.2)) add(rng.pick(offered));
      break;
    }
  }
  return [...picks].map(([dishId, quantity]) => ({ dishId, quantity, unitPrice: dish(dishId).price }));
}
