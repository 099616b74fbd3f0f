import type { Actor } from '../../actor.ts';
import { addDays } from './clock.ts';
import type { CateringService } from './service.ts';
import type { MealPeriod } from './vocabulary.ts';

/**
 * Demo catering data: two canteens with stalls and their ordering terminals (the gateway's demo
 * devices terminal-01/-02), the ingredient store with safety stock and delivered batches, 33
 * dishes with recipes (Chinese and English names), set meals and a week of menus from today.
 * The dish and item codes are the device simulators' (device-sims/src/campus), so simulated
 * terminal orders and scale weights land on real dishes and items. Deterministic for a given
 * `rng` and day; does nothing when the demo canteens exist.
 */

interface DemoItem {
  id: string;
  name: string;
  nameZh: string;
  specification: string;
  unit: string;
  category: 'ingredient' | 'seasoning';
  safetyStock: number;
  supplier: (typeof SUPPLIERS)[number];
}

const SUPPLIERS = [
  { id: 'SUP-F01', name: '上海鲜丰农产品有限公司' },
  { id: 'SUP-F02', name: '江苏稻香米业有限公司' },
  { id: 'SUP-F03', name: '浙江绿源蔬菜配送有限公司' },
  { id: 'SUP-F04', name: '安徽金穗面粉厂' },
  { id: 'SUP-F05', name: '山东鲁丰食用油销售有限公司' },
] as const;
const [FRESH, RICE_CO, VEG_CO, FLOUR_CO, OIL_CO] = SUPPLIERS;

const item = (
  id: string,
  name: string,
  nameZh: string,
  specification: string,
  safetyStock: number,
  supplier: DemoItem['supplier'],
  category: DemoItem['category'] = 'ingredient',
  unit = 'kg',
): DemoItem => ({ id, name, nameZh, specification, unit, category, safetyStock, supplier });

export const DEMO_ITEMS: readonly DemoItem[] = [
  item('rice', 'Rice', '大米', 'japonica, 25 kg sack', 60, RICE_CO),
  item('flour', 'Wheat flour', '面粉', 'grade 1, 25 kg sack', 40, FLOUR_CO),
  item('noodles', 'Dry noodles', '挂面', '1 kg pack', 15, FLOUR_CO),
  item('millet', 'Millet', '小米', '5 kg bag', 5, RICE_CO),
  item('cooking-oil', 'Cooking oil', '食用油', 'soybean oil, 20 L drum', 20, OIL_CO),
  item('pork', 'Pork', '猪肉', 'chilled, lean', 25, FRESH),
  item('beef', 'Beef', '牛肉', 'chilled, brisket', 10, FRESH),
  item('mutton', 'Mutton', '羊肉', 'halal, chilled', 6, FRESH),
  item('chicken', 'Chicken', '鸡肉', 'thigh, boneless', 15, FRESH),
  item('fish', 'Fish fillet', '鱼片', 'grass carp, frozen', 6, FRESH),
  item('eggs', 'Eggs', '鸡蛋', 'fresh, 15 kg crate', 20, FRESH),
  item('tofu', 'Tofu', '豆腐', 'firm', 10, VEG_CO),
  item('soybeans', 'Soybeans', '黄豆', 'non-GMO', 5, VEG_CO),
  item('red-beans', 'Red beans', '红豆', '5 kg bag', 3, VEG_CO),
  item('vegetables', 'Leafy vegetables', '青菜', 'bok choy, daily', 30, VEG_CO),
  item('cabbage', 'Chinese cabbage', '大白菜', 'whole heads', 20, VEG_CO),
  item('potato', 'Potato', '土豆', 'washed', 25, VEG_CO),
  item('tomato', 'Tomato', '番茄', 'fresh', 15, VEG_CO),
  item('eggplant', 'Eggplant', '茄子', 'long', 8, VEG_CO),
  item('green-pepper', 'Green pepper', '青椒', 'fresh', 8, VEG_CO),
  item('pumpkin', 'Pumpkin', '南瓜', 'whole', 6, VEG_CO),
  item('soy-sauce', 'Soy sauce', '酱油', 'light, 5 L bottle', 5, OIL_CO, 'seasoning', 'L'),
  item('vinegar', 'Vinegar', '醋', 'aged, 5 L bottle', 3, OIL_CO, 'seasoning', 'L'),
  item('salt', 'Salt', '食盐', 'iodised, 1 kg bag', 5, OIL_CO, 'seasoning'),
  item('sugar', 'Sugar', '白糖', 'white, 1 kg bag', 3, OIL_CO, 'seasoning'),
];

interface DemoDish {
  id: string;
  name: string;
  nameZh: string;
  price: number;
  category: 'breakfast' | 'staple' | 'main' | 'side' | 'soup' | 'snack';
  meals: readonly MealPeriod[];
  /** Null: served in both canteens (the common menu). */
  stallId: string | null;
  recipe: Readonly<Record<string, number>>;
}

const LUNCH_DINNER: MealPeriod[] = ['lunch', 'dinner'];
const dish = (
  id: string,
  name: string,
  nameZh: string,
  price: number,
  category: DemoDish['category'],
  meals: readonly MealPeriod[],
  stallId: string | null,
  recipe: Record<string, number>,
): DemoDish => ({ id, name, nameZh, price, category, meals, stallId, recipe });

/** Kilograms (or litres) per portion. The shared dishes use what the simulators' scales see, plus the rest. */
export const DEMO_DISHES: readonly DemoDish[] = [
  dish('soy-milk', 'Soy milk', '豆浆', 1.5, 'breakfast', ['breakfast'], null, { soybeans: 0.03, sugar: 0.005 }),
  dish('youtiao', 'Fried dough stick', '油条', 1.5, 'breakfast', ['breakfast'], null, {
    flour: 0.05,
    'cooking-oil': 0.012,
    salt: 0.001,
  }),
  dish('baozi', 'Pork bun', '肉包', 2, 'breakfast', ['breakfast'], null, { flour: 0.05, pork: 0.025, 'soy-sauce': 0.002 }),
  dish('mantou', 'Steamed bun', '馒头', 0.5, 'staple', ['breakfast', 'lunch', 'dinner'], null, { flour: 0.06 }),
  dish('tea-egg', 'Tea egg', '茶叶蛋', 1.5, 'breakfast', ['breakfast'], null, { eggs: 0.055, 'soy-sauce': 0.003 }),
  dish('congee', 'Millet congee', '小米粥', 1, 'breakfast', ['breakfast'], null, { rice: 0.03, millet: 0.02 }),
  dish('rice', 'Steamed rice', '米饭', 1, 'staple', LUNCH_DINNER, null, { rice: 0.12 }),
  dish('kung-pao-chicken', 'Kung pao chicken', '宫保鸡丁', 12, 'main', LUNCH_DINNER, null, {
    chicken: 0.15,
    'cooking-oil': 0.02,
    'green-pepper': 0.03,
    sugar: 0.005,
  }),
  dish('mapo-tofu', 'Mapo tofu', '麻婆豆腐', 7, 'main', LUNCH_DINNER, null, { tofu: 0.2, pork: 0.02, 'cooking-oil': 0.015 }),
  dish('braised-pork', 'Braised pork', '红烧肉', 14, 'main', LUNCH_DINNER, null, {
    pork: 0.15,
    'cooking-oil': 0.01,
    'soy-sauce': 0.01,
    sugar: 0.008,
  }),
  dish('tomato-egg', 'Tomato and egg', '番茄炒蛋', 6, 'main', LUNCH_DINNER, null, {
    eggs: 0.1,
    tomato: 0.15,
    'cooking-oil': 0.015,
  }),
  dish('shredded-potato', 'Hot and sour potato', '酸辣土豆丝', 4, 'side', LUNCH_DINNER, null, {
    potato: 0.2,
    'cooking-oil': 0.012,
    vinegar: 0.005,
  }),
  dish('stir-fried-greens', 'Stir-fried greens', '清炒时蔬', 4, 'side', LUNCH_DINNER, null, {
    vegetables: 0.2,
    'cooking-oil': 0.01,
    salt: 0.002,
  }),
  dish('hot-sour-soup', 'Hot and sour soup', '酸辣汤', 3, 'soup', LUNCH_DINNER, null, { tofu: 0.03, eggs: 0.02, vinegar: 0.005 }),
  dish('beef-noodles', 'Beef noodle soup', '牛肉面', 13, 'main', ['lunch', 'dinner', 'late_night'], null, {
    noodles: 0.15,
    beef: 0.06,
  }),
  dish('dumplings', 'Boiled dumplings', '水饺', 10, 'main', ['lunch', 'dinner', 'late_night'], null, {
    flour: 0.08,
    pork: 0.05,
    vegetables: 0.03,
  }),
  dish('fried-rice', 'Egg fried rice', '蛋炒饭', 9, 'snack', ['late_night'], null, {
    rice: 0.15,
    eggs: 0.05,
    'cooking-oil': 0.015,
  }),
  dish('fried-noodles', 'Fried noodles', '炒面', 9, 'snack', ['late_night'], null, {
    noodles: 0.12,
    vegetables: 0.05,
    'cooking-oil': 0.015,
  }),
  // Canteen 1 / 一食堂
  dish('zhajiang-noodles', 'Noodles with soybean paste', '炸酱面', 11, 'main', LUNCH_DINNER, 'c1-noodles', {
    noodles: 0.15,
    pork: 0.04,
    'soy-sauce': 0.01,
  }),
  dish('wonton', 'Wonton soup', '馄饨', 8, 'main', ['breakfast', 'late_night'], 'c1-noodles', { flour: 0.04, pork: 0.04 }),
  dish('scallion-pancake', 'Scallion pancake', '葱油饼', 3, 'breakfast', ['breakfast'], 'c1-noodles', {
    flour: 0.08,
    'cooking-oil': 0.015,
  }),
  dish('yuxiang-pork', 'Fish-flavoured shredded pork', '鱼香肉丝', 12, 'main', LUNCH_DINNER, 'c1-wok', {
    pork: 0.12,
    'green-pepper': 0.04,
    vinegar: 0.005,
    sugar: 0.006,
  }),
  dish('di-san-xian', 'Potato, eggplant and pepper', '地三鲜', 8, 'side', LUNCH_DINNER, 'c1-wok', {
    potato: 0.1,
    eggplant: 0.1,
    'green-pepper': 0.04,
    'cooking-oil': 0.03,
  }),
  dish('sweet-sour-ribs', 'Sweet and sour ribs', '糖醋排骨', 16, 'main', LUNCH_DINNER, 'c1-wok', {
    pork: 0.2,
    sugar: 0.02,
    vinegar: 0.01,
  }),
  dish('vinegar-cabbage', 'Vinegar cabbage', '醋溜白菜', 4, 'side', LUNCH_DINNER, 'c1-wok', {
    cabbage: 0.25,
    vinegar: 0.008,
    'cooking-oil': 0.01,
  }),
  // Canteen 2 / 二食堂
  dish('chicken-rice', 'Braised chicken with rice', '黄焖鸡米饭', 15, 'main', LUNCH_DINNER, 'c2-rice', {
    chicken: 0.18,
    rice: 0.15,
    potato: 0.05,
    'soy-sauce': 0.01,
  }),
  dish('curry-chicken', 'Curry chicken rice', '咖喱鸡饭', 14, 'main', LUNCH_DINNER, 'c2-rice', {
    chicken: 0.15,
    rice: 0.15,
    potato: 0.06,
  }),
  dish('fish-fillet', 'Boiled fish fillet', '水煮鱼', 18, 'main', LUNCH_DINNER, 'c2-rice', {
    fish: 0.2,
    vegetables: 0.05,
    'cooking-oil': 0.03,
  }),
  dish('steamed-egg', 'Steamed egg custard', '鸡蛋羹', 3, 'side', LUNCH_DINNER, 'c2-rice', { eggs: 0.08 }),
  dish('beef-stew', 'Clear-stewed beef', '清炖牛肉', 18, 'main', LUNCH_DINNER, 'c2-halal', {
    beef: 0.18,
    potato: 0.05,
    salt: 0.002,
  }),
  dish('lamb-noodles', 'Lamb noodle soup', '羊肉烩面', 15, 'main', ['lunch', 'dinner', 'late_night'], 'c2-halal', {
    mutton: 0.1,
    flour: 0.15,
  }),
  dish('pumpkin-congee', 'Pumpkin congee', '南瓜粥', 2, 'breakfast', ['breakfast', 'dinner'], 'c2-porridge', {
    rice: 0.03,
    pumpkin: 0.08,
  }),
  dish('red-bean-soup', 'Red bean soup', '红豆汤', 3, 'soup', ['breakfast', 'dinner'], 'c2-porridge', {
    'red-beans': 0.04,
    sugar: 0.01,
  }),
];

const CANTEENS = [
  {
    id: 'canteen-1',
    name: 'North Canteen',
    nameZh: '一食堂',
    location: 'North campus, building 5 / 北校区5号楼',
    terminal: 'terminal-01',
  },
  {
    id: 'canteen-2',
    name: 'South Canteen',
    nameZh: '二食堂',
    location: 'South campus, building 12 / 南校区12号楼',
    terminal: 'terminal-02',
  },
] as const;

const STALLS = [
  { id: 'c1-noodles', canteenId: 'canteen-1', name: 'Noodles and pastry', nameZh: '面点档口' },
  { id: 'c1-wok', canteenId: 'canteen-1', name: 'Wok dishes', nameZh: '炒菜档口' },
  { id: 'c2-rice', canteenId: 'canteen-2', name: 'Rice bowls', nameZh: '盖饭快餐' },
  { id: 'c2-halal', canteenId: 'canteen-2', name: 'Halal', nameZh: '清真窗口' },
  { id: 'c2-porridge', canteenId: 'canteen-2', name: 'Porridge and soup', nameZh: '粥汤档口' },
] as const;

const SET_MEALS = [
  {
    id: 'c1-breakfast-set',
    canteenId: 'canteen-1',
    name: 'Breakfast set',
    nameZh: '早餐套餐',
    mealPeriod: 'breakfast',
    price: 4.5,
    dishes: ['baozi', 'soy-milk', 'tea-egg'],
  },
  {
    id: 'c1-lunch-set',
    canteenId: 'canteen-1',
    name: 'Lunch set: braised pork',
    nameZh: '红烧肉午餐套餐',
    mealPeriod: 'lunch',
    price: 19,
    dishes: ['rice', 'braised-pork', 'stir-fried-greens', 'hot-sour-soup'],
  },
  {
    id: 'c1-dinner-set',
    canteenId: 'canteen-1',
    name: 'Dinner set: home style',
    nameZh: '家常晚餐套餐',
    mealPeriod: 'dinner',
    price: 10,
    dishes: ['rice', 'tomato-egg', 'shredded-potato'],
  },
  {
    id: 'c2-breakfast-set',
    canteenId: 'canteen-2',
    name: 'Breakfast set',
    nameZh: '早餐套餐',
    mealPeriod: 'breakfast',
    price: 3.5,
    dishes: ['youtiao', 'soy-milk', 'congee'],
  },
  {
    id: 'c2-lunch-set',
    canteenId: 'canteen-2',
    name: 'Lunch set: braised chicken',
    nameZh: '黄焖鸡午餐套餐',
    mealPeriod: 'lunch',
    price: 17,
    dishes: ['chicken-rice', 'hot-sour-soup'],
  },
  {
    id: 'c2-dinner-set',
    canteenId: 'canteen-2',
    name: 'Dinner set: mapo tofu',
    nameZh: '麻婆豆腐晚餐套餐',
    mealPeriod: 'dinner',
    price: 11,
    dishes: ['rice', 'mapo-tofu', 'stir-fried-greens'],
  },
] as const;

const MENU_PERIODS: readonly MealPeriod[] = ['breakfast', 'lunch', 'dinner', 'late_night'];
const MENU_DAYS = 7;

export interface CateringDemoSummary {
  created: boolean;
  canteens: number;
  dishes: number;
  items: number;
  setMeals: number;
  menuMeals: number;
}

/**
 * Seeds the demo through the services (validation and audit as for any user).
 * @param rng uniform in [0, 1): picks each day's dishes and the opening stock levels.
 */
export async function seedCateringDemo(
  services: { catering: CateringService },
  actor: Actor,
  rng: () => number,
): Promise<CateringDemoSummary> {
  const { catering } = services;
  const existing = new Set((await catering.menu.listCanteens()).map((c) => c.id));
  if (CANTEENS.some((c) => existing.has(c.id)))
    return { created: false, canteens: 0, dishes: 0, items: 0, setMeals: 0, menuMeals: 0 };

  for (const canteen of CANTEENS) {
    await catering.menu.saveCanteen(actor, canteen.id, {
      name: canteen.name,
      nameZh: canteen.nameZh,
      location: canteen.location,
    });
    // Not checked against the registry here: the demo devices may be seeded after this.
    await catering.menu.setTerminals(actor, canteen.id, [canteen.terminal], () => undefined);
  }
  for (const stall of STALLS) await catering.menu.saveStall(actor, stall.id, stall);

  const today = catering.menu.today();
  for (const [index, stock] of DEMO_ITEMS.entries()) {
    const { supplier, ...fields } = stock;
    await catering.stock.createItem(actor, stock.id, fields);
    // Most items well stocked, a few near or under their safety stock (for the low-stock rule).
    const level = rng() < 0.15 ? 0.6 + rng() * 0.5 : 1.5 + rng() * 2.5;
    await catering.stock.recordMovement(actor, {
      itemId: stock.id,
      reason: 'delivery',
      quantity: Math.round(stock.safetyStock * level * 10) / 10,
      supplierId: supplier.id,
      supplierName: supplier.name,
      batch: `${today.replaceAll('-', '')}-${String(index + 1).padStart(3, '0')}`,
      note: 'opening delivery (demo)',
    });
  }

  for (const d of DEMO_DISHES) {
    await catering.menu.saveDish(actor, d.id, {
      name: d.name,
      nameZh: d.nameZh,
      stallId: d.stallId,
      category: d.category,
      price: d.price,
      recipe: Object.entries(d.recipe).map(([itemId, quantity]) => ({ itemId, quantity })),
    });
  }
  for (const meal of SET_MEALS) {
    await catering.menu.saveSetMeal(actor, meal.id, { ...meal, dishes: meal.dishes.map((dishId) => ({ dishId })) });
  }

  const stallCanteen = new Map<string, string>(STALLS.map((s) => [s.id, s.canteenId]));
  let menuMeals = 0;
  for (let day = 0; day < MENU_DAYS; day += 1) {
    const date = addDays(today, day);
    for (const canteen of CANTEENS) {
      for (const period of MENU_PERIODS) {
        const eligible = DEMO_DISHES.filter(
          (d) => d.meals.includes(period) && (d.stallId === null || stallCanteen.get(d.stallId) === canteen.id),
        );
        // Staples every time; the rest rotate through the week.
        const dishIds = eligible.filter((d) => d.category === 'staple' || rng() < 0.75).map((d) => d.id);
        const setMealIds = SET_MEALS.filter((m) => m.canteenId === canteen.id && m.mealPeriod === period).map((m) => m.id);
        if (dishIds.length === 0 && setMealIds.length === 0) continue;
        await catering.menu.setMenu(actor, { canteenId: canteen.id, date, mealPeriod: period }, { dishIds, setMealIds });
        menuMeals += 1;
      }
    }
  }
  return {
    created: true,
    canteens: CANTEENS.length,
    dishes: DEMO_DISHES.length,
    items: DEMO_ITEMS.length,
    setMeals: SET_MEALS.length,
    menuMeals,
  };
}
