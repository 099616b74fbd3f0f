import Type, { type Static } from 'typebox';
import { importReportProperties } from '../../http/csv-import-schema.ts';
import { Nullable } from '../../http/nullable.ts';
import {
  DIRECTIONS,
  KITCHEN_STATUSES,
  MEAL_PERIODS,
  MOVEMENT_REASONS,
  PLAN_STATUSES,
  PRE_ORDER_STATUSES,
  STOCK_CATEGORIES,
  STOCKTAKE_STATUSES,
} from './vocabulary.ts';

const Code = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', description });
const Name = Type.String({ minLength: 1, maxLength: 128 });
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (campus calendar date)' });
const TimeString = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM campus time' });
const Money = Type.Number({ minimum: 0, maximum: 100000, description: 'Yuan, up to two decimals' });
const Quantity = Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: "In the stock item's unit" });
const Timestamp = Type.String({ format: 'date-time' });
const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const MealPeriodSchema = Type.Enum(MEAL_PERIODS);
export const LabelSchema = Type.Object({ en: Type.String(), zh: Type.String() });

export const IdParams = Type.Object({ id: Code('Code') });
export const NumericIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const VocabularySchema = Type.Object({
  mealPeriods: Type.Record(Type.String(), LabelSchema),
  kitchenStatuses: Type.Record(Type.String(), LabelSchema),
  preOrderStatuses: Type.Record(Type.String(), LabelSchema),
  movementReasons: Type.Record(Type.String(), LabelSchema),
  stockCategories: Type.Record(Type.String(), LabelSchema),
  planStatuses: Type.Record(Type.String(), LabelSchema),
  ratingAspects: Type.Record(Type.String(), LabelSchema),
});

// Canteens, stalls, terminals

export const CanteenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  location: Nullable(Type.String()),
  active: Type.Boolean(),
  terminalIds: Type.Array(Type.String()),
});
export const CanteenBodySchema = Type.Object(
  {
    name: Name,
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const TerminalsBodySchema = Type.Object(
  { deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }) },
  { additionalProperties: false },
);

export const StallSchema = Type.Object({
  id: Type.String(),
  canteenId: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  active: Type.Boolean(),
});
export const StallBodySchema = Type.Object(
  {
    canteenId: Code('Canteen'),
    name: Name,
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const StallQuerySchema = Type.Object({ canteenId: Type.Optional(Code('Canteen')) });

// Dishes, recipes, set meals

export const DishSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  stallId: Nullable(Type.String()),
  canteenId: Nullable(Type.String()),
  category: Nullable(Type.String()),
  price: Type.Number(),
  active: Type.Boolean(),
});
export const RecipeLineSchema = Type.Object({
  itemId: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  quantity: Type.Number({ description: "Per portion, in the item's unit" }),
  unit: Type.String(),
});
export const RecipeSchema = Type.Object({ dishId: Type.String(), lines: Type.Array(RecipeLineSchema) });
export const DishDetailSchema = Type.Object({ dish: DishSchema, recipe: Type.Array(RecipeLineSchema) });
const RecipeInput = Type.Array(
  Type.Object(
    { itemId: Code('Stock item'), quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }) },
    { additionalProperties: false },
  ),
  { maxItems: 50 },
);
export const DishBodySchema = Type.Object(
  {
    name: Name,
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    stallId: Type.Optional(Nullable(Code('Stall serving it'))),
    category: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    price: Money,
    active: Type.Optional(Type.Boolean()),
    recipe: Type.Optional(RecipeInput),
  },
  { additionalProperties: false },
);
export const DishQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  canteenId: Type.Optional(Code('Canteen')),
  stallId: Type.Optional(Code('Stall')),
  active: Type.Optional(Type.Boolean()),
  ...Page,
});

export const SetMealSchema = Type.Object({
  id: Type.String(),
  canteenId: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  mealPeriod: MealPeriodSchema,
  price: Type.Number(),
  active: Type.Boolean(),
  dishes: Type.Array(Type.Object({ dishId: Type.String(), portions: Type.Integer() })),
});
export const SetMealBodySchema = Type.Object(
  {
    canteenId: Code('Canteen'),
    name: Name,
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    mealPeriod: MealPeriodSchema,
    price: Money,
    active: Type.Optional(Type.Boolean()),
    dishes: Type.Array(
      Type.Object(
        { dishId: Code('Dish'), portions: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export const SetMealQuerySchema = Type.Object({
  canteenId: Type.Optional(Code('Canteen')),
  mealPeriod: Type.Optional(MealPeriodSchema),
  ...Page,
});

// Meal periods and the menu calendar

export const MealPeriodSettingSchema = Type.Object({
  mealPeriod: MealPeriodSchema,
  label: LabelSchema,
  servesFrom: Type.String(),
  servesUntil: Type.String(),
  cutoffDaysBefore: Type.Integer(),
  cutoffTime: Type.String(),
});
export const MealPeriodBodySchema = Type.Object(
  {
    servesFrom: TimeString,
    servesUntil: TimeString,
    cutoffDaysBefore: Type.Integer({ minimum: 0, maximum: 7, description: '0: the same day, 1: the day before' }),
    cutoffTime: TimeString,
  },
  { additionalProperties: false },
);
export const MealPeriodParams = Type.Object({ period: MealPeriodSchema });

const MenuDish = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  price: Type.Number(),
  stallId: Nullable(Type.String()),
});
const MenuSetMeal = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  price: Type.Number(),
});
export const MenuMealSchema = Type.Object({
  canteenId: Type.String(),
  date: Type.String(),
  mealPeriod: MealPeriodSchema,
  dishes: Type.Array(MenuDish),
  setMeals: Type.Array(MenuSetMeal),
});
export const MenuSchema = Type.Object({ from: Type.String(), to: Type.String(), meals: Type.Array(MenuMealSchema) });
export const MenuQuerySchema = Type.Object({
  canteenId: Type.Optional(Code('Canteen')),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  mealPeriod: Type.Optional(MealPeriodSchema),
});
export const MenuParams = Type.Object({ id: Code('Canteen'), date: DateString, period: MealPeriodSchema });
export const MenuBodySchema = Type.Object(
  {
    dishIds: Type.Array(Code('Dish'), { maxItems: 100 }),
    setMealIds: Type.Array(Code('Set meal'), { maxItems: 30 }),
  },
  { additionalProperties: false },
);

// Pre-orders (CAT-1)

const PreOrderLineSchema = Type.Object({
  dishId: Nullable(Type.String()),
  setMealId: Nullable(Type.String()),
  name: Nullable(Type.String()),
  nameZh: Nullable(Type.String()),
  quantity: Type.Integer(),
  unitPrice: Type.Number(),
});
export const PreOrderSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  canteenId: Type.String(),
  serviceDate: Type.String(),
  mealPeriod: MealPeriodSchema,
  status: Type.Enum(PRE_ORDER_STATUSES),
  total: Type.Number(),
  cutoffAt: Type.String(),
  /** Still before the cut-off and not cancelled or collected. */
  cancellable: Type.Boolean(),
  createdAt: Type.String(),
  lines: Type.Array(PreOrderLineSchema),
});
export const PreOrderBodySchema = Type.Object(
  {
    canteenId: Code('Canteen'),
    serviceDate: DateString,
    mealPeriod: MealPeriodSchema,
    lines: Type.Array(
      Type.Object(
        {
          dishId: Type.Optional(Code('A dish on the menu')),
          setMealId: Type.Optional(Code('A set meal on the menu')),
          quantity: Type.Integer({ minimum: 1, maximum: 20 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);
export const PreOrderQuerySchema = Type.Object({
  canteenId: Type.Optional(Code('Canteen')),
  date: Type.Optional(DateString),
  mealPeriod: Type.Optional(MealPeriodSchema),
  status: Type.Optional(Type.Enum(PRE_ORDER_STATUSES)),
  ...Page,
});
export const MyPreOrderQuerySchema = Type.Object({ status: Type.Optional(Type.Enum(PRE_ORDER_STATUSES)), ...Page });
export const PrepListQuerySchema = Type.Object({ canteenId: Code('Canteen'), date: Type.Optional(DateString) });
export const PrepListSchema = Type.Object({
  canteenId: Type.String(),
  date: Type.String(),
  meals: Type.Array(
    Type.Object({
      mealPeriod: MealPeriodSchema,
      dishes: Type.Array(
        Type.Object({
          dishId: Type.String(),
          name: Nullable(Type.String()),
          nameZh: Nullable(Type.String()),
          portions: Type.Integer(),
        }),
      ),
    }),
  ),
});

// Kitchen orders (CAT-2)

export const KitchenOrderSchema = Type.Object({
  id: Type.Integer(),
  canteenId: Type.String(),
  deviceId: Type.String(),
  orderId: Type.String(),
  orderedAt: Type.String(),
  serviceDate: Type.String(),
  mealPeriod: MealPeriodSchema,
  total: Type.Number(),
  status: Type.Enum(KITCHEN_STATUSES),
  updatedAt: Type.String(),
  lines: Type.Array(
    Type.Object({
      dishId: Type.String(),
      name: Nullable(Type.String()),
      nameZh: Nullable(Type.String()),
      quantity: Type.Integer(),
      unitPrice: Type.Number(),
    }),
  ),
});
export type KitchenOrderDto = Static<typeof KitchenOrderSchema>;
export const KitchenQueueQuerySchema = Type.Object({ status: Type.Optional(Type.Enum(KITCHEN_STATUSES)), ...Page });
export const KitchenQueueSchema = Type.Object({
  canteenId: Type.String(),
  counts: Type.Object({ pending: Type.Integer(), preparing: Type.Integer(), ready: Type.Integer() }),
  items: Type.Array(KitchenOrderSchema),
  nextCursor: Nullable(Type.String()),
});
export const KitchenStatusBodySchema = Type.Object({ status: Type.Enum(KITCHEN_STATUSES) }, { additionalProperties: false });

// Stock (CAT-4..6)

export const StockItemSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  specification: Nullable(Type.String()),
  unit: Type.String(),
  category: Type.String(),
  safetyStock: Type.Number(),
  bookQuantity: Type.Number(),
  belowSafety: Type.Boolean(),
  active: Type.Boolean(),
});
export const StockItemBodySchema = Type.Object(
  {
    name: Name,
    nameZh: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
    specification: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    unit: Type.String({ minLength: 1, maxLength: 16, description: 'kg, L, piece, box...' }),
    category: Type.Optional(Type.Enum(STOCK_CATEGORIES)),
    safetyStock: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const NewStockItemSchema = Type.Object(
  { id: Code('Item code: what scales send as itemId'), ...StockItemBodySchema.properties },
  { additionalProperties: false },
);
export const StockItemQuerySchema = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 64 })),
  category: Type.Optional(Type.Enum(STOCK_CATEGORIES)),
  belowSafety: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
  ...Page,
});
export const StockLevelSchema = Type.Object({
  itemId: Type.String(),
  name: Type.String(),
  nameZh: Nullable(Type.String()),
  unit: Type.String(),
  bookQuantity: Type.Number(),
  safetyStock: Type.Number(),
  belowSafety: Type.Boolean(),
  scale: Nullable(Type.Object({ netKg: Type.Number(), at: Type.String(), deviceId: Type.String() })),
});

export const MovementSchema = Type.Object({
  id: Type.Integer(),
  itemId: Type.String(),
  itemName: Type.String(),
  itemNameZh: Nullable(Type.String()),
  specification: Nullable(Type.String()),
  unit: Type.String(),
  direction: Type.Enum(DIRECTIONS),
  quantity: Type.Number(),
  reason: Type.Enum(MOVEMENT_REASONS),
  occurredAt: Type.String(),
  supplierId: Nullable(Type.String()),
  supplierName: Nullable(Type.String()),
  batch: Nullable(Type.String()),
  note: Nullable(Type.String()),
  sourceRef: Nullable(Type.String()),
  productionId: Nullable(Type.Integer()),
  stocktakeId: Nullable(Type.Integer()),
  balanceAfter: Type.Number(),
  recordedBy: Type.String(),
});
export const MovementBodySchema = Type.Object(
  {
    itemId: Code('Stock item'),
    reason: Type.Enum(['delivery', 'consumption', 'waste'], {
      description: 'delivery is stock in; consumption and waste are stock out; stocktake adjustments come from stocktakes',
    }),
    quantity: Quantity,
    occurredAt: Type.Optional(Timestamp),
    supplierId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    supplierName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 128 }))),
    batch: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export const MovementQuerySchema = Type.Object({
  itemId: Type.Optional(Code('Stock item')),
  reason: Type.Optional(Type.Enum(MOVEMENT_REASONS)),
  direction: Type.Optional(Type.Enum(DIRECTIONS)),
  batch: Type.Optional(Type.String({ maxLength: 64 })),
  supplier: Type.Optional(Type.String({ maxLength: 128, description: 'Supplier id or name' })),
  from: Type.Optional(Timestamp),
  to: Type.Optional(Timestamp),
  ...Page,
});

export const StocktakeSchema = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(STOCKTAKE_STATUSES),
  note: Nullable(Type.String()),
  openedAt: Type.String(),
  closedAt: Nullable(Type.String()),
  counts: Type.Array(
    Type.Object({
      itemId: Type.String(),
      name: Type.String(),
      nameZh: Nullable(Type.String()),
      unit: Type.String(),
      bookQuantity: Type.Number(),
      countedQuantity: Type.Number(),
      difference: Type.Number(),
      cause: Nullable(Type.String()),
      countedAt: Type.String(),
    }),
  ),
});
export const StocktakeBodySchema = Type.Object(
  { note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);
export const StocktakeQuerySchema = Type.Object({ status: Type.Optional(Type.Enum(STOCKTAKE_STATUSES)), ...Page });
export const CountParams = Type.Object({ id: Type.Integer({ minimum: 1 }), itemId: Code('Stock item') });
export const CountBodySchema = Type.Object(
  {
    countedQuantity: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    cause: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500, description: 'Why counted differs from book' }))),
  },
  { additionalProperties: false },
);
export const StocktakeResultSchema = Type.Object({ stocktake: StocktakeSchema, adjustments: Type.Array(MovementSchema) });

// Production and traceability

export const ProductionBodySchema = Type.Object(
  {
    canteenId: Code('Canteen'),
    dishId: Code('Dish'),
    serviceDate: DateString,
    mealPeriod: MealPeriodSchema,
    portions: Type.Integer({ minimum: 1, maximum: 100000 }),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    batches: Type.Optional(
      Type.Array(
        Type.Object(
          {
            itemId: Code('Stock item of the recipe'),
            batch: Type.String({ minLength: 1, maxLength: 64 }),
            quantity: Type.Optional(Quantity),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100, description: 'Batches used, from the labels; items not listed are drawn first-in first-out' },
      ),
    ),
  },
  { additionalProperties: false },
);
export const ProductionSchema = Type.Object({
  id: Type.Integer(),
  canteenId: Type.String(),
  dishId: Type.String(),
  dishName: Type.String(),
  dishNameZh: Nullable(Type.String()),
  serviceDate: Type.String(),
  mealPeriod: MealPeriodSchema,
  portions: Type.Integer(),
  note: Nullable(Type.String()),
  createdAt: Type.String(),
  consumption: Type.Array(MovementSchema),
});
export const ProductionQuerySchema = Type.Object({
  canteenId: Type.Optional(Code('Canteen')),
  dishId: Type.Optional(Code('Dish')),
  date: Type.Optional(DateString),
  mealPeriod: Type.Optional(MealPeriodSchema),
  ...Page,
});

const MealRef = Type.Object({ canteenId: Type.String(), serviceDate: Type.String(), mealPeriod: MealPeriodSchema });
export const BatchTraceQuerySchema = Type.Object({
  itemId: Code('Stock item'),
  batch: Type.String({ minLength: 1, maxLength: 64 }),
});
export const BatchTraceSchema = Type.Object({
  itemId: Type.String(),
  batch: Type.String(),
  deliveries: Type.Array(MovementSchema),
  remaining: Type.Number(),
  uses: Type.Array(
    Type.Object({
      movementId: Type.Integer(),
      quantity: Type.Number(),
      reason: Type.Enum(MOVEMENT_REASONS),
      occurredAt: Type.String(),
      productionId: Nullable(Type.Integer()),
      dishId: Nullable(Type.String()),
      dishName: Nullable(Type.String()),
      dishNameZh: Nullable(Type.String()),
      canteenId: Nullable(Type.String()),
      serviceDate: Nullable(Type.String()),
      mealPeriod: Nullable(MealPeriodSchema),
      portions: Nullable(Type.Integer()),
    }),
  ),
  dishes: Type.Array(Type.Object({ dishId: Type.String(), name: Nullable(Type.String()), nameZh: Nullable(Type.String()) })),
  meals: Type.Array(MealRef),
});
export const DishTraceQuerySchema = Type.Object({
  dishId: Code('Dish'),
  date: DateString,
  mealPeriod: Type.Optional(MealPeriodSchema),
  canteenId: Type.Optional(Code('Canteen')),
});
export const DishTraceSchema = Type.Object({
  dishId: Type.String(),
  date: Type.String(),
  productions: Type.Array(ProductionSchema),
  batches: Type.Array(
    Type.Object({
      itemId: Type.String(),
      name: Type.String(),
      nameZh: Nullable(Type.String()),
      batch: Type.String(),
      quantityUsed: Type.Number(),
      unit: Type.String(),
      deliveries: Type.Array(MovementSchema),
    }),
  ),
  /** Consumption recorded without a batch (e.g. stocktake surplus): origin unknown. */
  untraced: Type.Array(Type.Object({ itemId: Type.String(), quantity: Type.Number(), unit: Type.String() })),
  suppliers: Type.Array(Type.Object({ supplierId: Nullable(Type.String()), supplierName: Nullable(Type.String()) })),
});

// Ratings (CAT-7, CAT-8)

const Score = Type.Integer({ minimum: 1, maximum: 5 });
export const RatingBodySchema = Type.Object(
  {
    canteenId: Code('Canteen'),
    serviceDate: DateString,
    mealPeriod: MealPeriodSchema,
    dishId: Code('The dish eaten'),
    dish: Score,
    service: Score,
    environment: Score,
    comment: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  },
  { additionalProperties: false },
);
export const RatingSchema = Type.Object({
  id: Type.Integer(),
  canteenId: Type.String(),
  serviceDate: Type.String(),
  mealPeriod: MealPeriodSchema,
  dishId: Type.String(),
  dishName: Type.String(),
  dishNameZh: Nullable(Type.String()),
  stallId: Nullable(Type.String()),
  scores: Type.Object({ dish: Type.Integer(), service: Type.Integer(), environment: Type.Integer() }),
  comment: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type RatingDto = Static<typeof RatingSchema>;
export const RatingQuerySchema = Type.Object({
  canteenId: Type.Optional(Code('Canteen')),
  dishId: Type.Optional(Code('Dish')),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  maxScore: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'Only ratings with an aspect at or below' })),
  ...Page,
});
export const MyRatingQuerySchema = Type.Object({ ...Page });

const ScoreSummary = Type.Object({
  key: Type.String(),
  name: Nullable(Type.String()),
  nameZh: Nullable(Type.String()),
  ratings: Type.Integer(),
  dish: Type.Number(),
  service: Type.Number(),
  environment: Type.Number(),
  overall: Type.Number(),
});
export const AnalysisQuerySchema = Type.Object({
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  canteenId: Type.Optional(Code('Canteen')),
  bucket: Type.Enum(['day', 'week'], { default: 'day' }),
});
export const AnalysisSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  bucket: Type.Enum(['day', 'week']),
  overall: Nullable(ScoreSummary),
  overTime: Type.Array(ScoreSummary),
  byCanteen: Type.Array(ScoreSummary),
  byDish: Type.Array(ScoreSummary),
  byStall: Type.Array(ScoreSummary),
  bySupplier: Type.Array(ScoreSummary),
  issues: Type.Array(
    Type.Object({
      subject: Type.Enum(['canteen', 'dish', 'stall', 'supplier']),
      key: Type.String(),
      name: Nullable(Type.String()),
      nameZh: Nullable(Type.String()),
      aspect: Type.Enum(['dish', 'service', 'environment']),
      aspectLabel: LabelSchema,
      average: Type.Number(),
      ratings: Type.Integer(),
    }),
  ),
  lowComments: Type.Array(RatingSchema),
});

// Forecast, purchase plans, waste (CAT-3)

export const ForecastQuerySchema = Type.Object({ date: Type.Optional(DateString) });
export const ForecastSchema = Type.Object({
  date: Type.String(),
  holiday: Type.Boolean(),
  weeksObserved: Type.Integer(),
  dishes: Type.Array(
    Type.Object({
      dishId: Type.String(),
      name: Nullable(Type.String()),
      nameZh: Nullable(Type.String()),
      preOrdered: Type.Integer(),
      expectedWalkIn: Type.Integer(),
      portions: Type.Integer(),
    }),
  ),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      name: Nullable(Type.String()),
      nameZh: Nullable(Type.String()),
      unit: Type.String(),
      need: Type.Number(),
      book: Type.Number(),
      safety: Type.Number(),
      available: Type.Number(),
      shortfall: Type.Number(),
    }),
  ),
  lines: Type.Array(
    Type.Object({ itemId: Type.String(), quantity: Type.Number(), unit: Type.String(), neededBy: Type.String() }),
  ),
  dishesWithoutRecipe: Type.Array(Type.String()),
});
export const PlanBodySchema = Type.Object(
  { date: Type.Optional(DateString) },
  { additionalProperties: false, description: 'The date the ingredients are needed (default: tomorrow)' },
);
export const PlanSchema = Type.Object({
  id: Type.Integer(),
  neededOn: Type.String(),
  status: Type.Enum(PLAN_STATUSES),
  statusLabel: LabelSchema,
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  weeksObserved: Type.Integer(),
  holiday: Type.Boolean(),
  lines: Type.Array(
    Type.Object({
      itemId: Type.String(),
      name: Type.String(),
      nameZh: Nullable(Type.String()),
      specification: Nullable(Type.String()),
      quantity: Type.Number(),
      unit: Type.String(),
      neededBy: Type.String(),
      need: Type.Number(),
      available: Type.Number(),
      requisitionId: Nullable(Type.Integer()),
    }),
  ),
});
export const PlanQuerySchema = Type.Object({ status: Type.Optional(Type.Enum(PLAN_STATUSES)), ...Page });
export const ConfirmPlanBodySchema = Type.Object(
  {
    departmentId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Requesting department; default: mine' }),
    ),
  },
  { additionalProperties: false },
);

export const WasteQuerySchema = Type.Object({
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  canteenId: Type.Optional(Code('Canteen')),
});
const WasteFigures = {
  prepared: Type.Integer(),
  sold: Type.Integer(),
  walkIn: Type.Integer(),
  preOrdered: Type.Integer(),
  waste: Type.Integer({ description: 'Prepared but not sold' }),
  wasteRate: Nullable(Type.Number({ description: 'waste / prepared' })),
};
export const WasteSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object(WasteFigures),
  rows: Type.Array(
    Type.Object({
      serviceDate: Type.String(),
      canteenId: Type.String(),
      mealPeriod: MealPeriodSchema,
      dishId: Type.String(),
      dishName: Nullable(Type.String()),
      dishNameZh: Nullable(Type.String()),
      ...WasteFigures,
    }),
  ),
});

export const ImportReportSchema = Type.Object(importReportProperties(Type.Enum(['dishes', 'stock'])));
