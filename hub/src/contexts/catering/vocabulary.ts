import { MEAL_PERIODS, type MealPeriod } from '@campus/protocol';

/** Display text in both languages of the campus (user-facing labels in en and zh). */
export interface Label {
  en: string;
  zh: string;
}

export { MEAL_PERIODS, type MealPeriod };

export const MEAL_PERIOD_LABELS: Record<MealPeriod, Label> = {
  breakfast: { en: 'Breakfast', zh: '早餐' },
  lunch: { en: 'Lunch', zh: '午餐' },
  dinner: { en: 'Dinner', zh: '晚餐' },
  late_night: { en: 'Late-night meal', zh: '夜宵' },
};

export const KITCHEN_STATUSES = ['pending', 'preparing', 'ready', 'served'] as const;
export type KitchenStatus = (typeof KITCHEN_STATUSES)[number];

export const KITCHEN_STATUS_LABELS: Record<KitchenStatus, Label> = {
  pending: { en: 'Waiting', zh: '待制作' },
  preparing: { en: 'Preparing', zh: '制作中' },
  ready: { en: 'Ready to collect', zh: '待取餐' },
  served: { en: 'Served', zh: '已出餐' },
};

export const PRE_ORDER_STATUSES = ['placed', 'cancelled', 'collected'] as const;
export type PreOrderStatus = (typeof PRE_ORDER_STATUSES)[number];

export const PRE_ORDER_STATUS_LABELS: Record<PreOrderStatus, Label> = {
  placed: { en: 'Ordered', zh: '已预订' },
  cancelled: { en: 'Cancelled', zh: '已取消' },
  collected: { en: 'Collected', zh: '已取餐' },
};

export const MOVEMENT_REASONS = ['delivery', 'consumption', 'waste', 'stocktake_adjustment'] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

export const MOVEMENT_REASON_LABELS: Record<MovementReason, Label> = {
  delivery: { en: 'Delivery (stock in)', zh: '采购入库' },
  consumption: { en: 'Kitchen consumption (stock out)', zh: '领用出库' },
  waste: { en: 'Waste or spoilage', zh: '损耗报废' },
  stocktake_adjustment: { en: 'Stocktake adjustment', zh: '盘点调整' },
};

export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const STOCKTAKE_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];

export const PLAN_STATUSES = ['proposed', 'confirmed', 'discarded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_LABELS: Record<PlanStatus, Label> = {
  proposed: { en: 'Proposed', zh: '待确认' },
  confirmed: { en: 'Confirmed (requisitions drafted)', zh: '已确认（已生成请购单）' },
  discarded: { en: 'Discarded', zh: '已作废' },
};

export const RATING_ASPECTS = ['dish', 'service', 'environment'] as const;
export type RatingAspect = (typeof RATING_ASPECTS)[number];

export const RATING_ASPECT_LABELS: Record<RatingAspect, Label> = {
  dish: { en: 'Dish quality', zh: '菜品质量' },
  service: { en: 'Service', zh: '服务态度' },
  environment: { en: 'Dining environment', zh: '就餐环境' },
};

export const STOCK_CATEGORIES = ['ingredient', 'seasoning', 'packaging'] as const;
export type StockCategory = (typeof STOCK_CATEGORIES)[number];

export const STOCK_CATEGORY_LABELS: Record<StockCategory, Label> = {
  ingredient: { en: 'Ingredient', zh: '食材' },
  seasoning: { en: 'Seasoning', zh: '调料' },
  packaging: { en: 'Packaging', zh: '包装耗材' },
};

export function isMealPeriod(value: string): value is MealPeriod {
  return (MEAL_PERIODS as readonly string[]).includes(value);
}

export function isKitchenStatus(value: string): value is KitchenStatus {
  return (KITCHEN_STATUSES as readonly string[]).includes(value);
}
