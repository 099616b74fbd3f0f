/**
 * The parts of the hub's catering, alert and procurement DTOs this view reads. The dashboard may
 * import `protocol/` only (docs/architecture.md), and these DTOs live in the hub
 * (hub/src/contexts/{catering,alerts,procurement}/schema.ts), so the fields used here are
 * restated; the OpenAPI document at /docs/json is the reference they follow.
 */

export type KitchenStatus = 'pending' | 'preparing' | 'ready' | 'served';
export type MealPeriod = 'breakfast' | 'lunch' | 'dinner' | 'late_night';

export interface Canteen {
  id: string;
  name: string;
  nameZh: string | null;
  location: string | null;
  active: boolean;
  terminalIds: string[];
}

export interface KitchenOrderLine {
  dishId: string;
  name: string | null;
  nameZh: string | null;
  quantity: number;
  unitPrice: number;
}

export interface KitchenOrder {
  id: number;
  canteenId: string;
  deviceId: string;
  orderId: string;
  orderedAt: string;
  serviceDate: string;
  mealPeriod: MealPeriod;
  total: number;
  status: KitchenStatus;
  updatedAt: string;
  lines: KitchenOrderLine[];
}

export interface KitchenQueue {
  canteenId: string;
  counts: { pending: number; preparing: number; ready: number };
  items: KitchenOrder[];
  nextCursor: string | null;
}

export interface StockLevel {
  itemId: string;
  name: string;
  nameZh: string | null;
  unit: string;
  bookQuantity: number;
  safetyStock: number;
  belowSafety: boolean;
  scale: { netKg: number; at: string; deviceId: string } | null;
}

export interface Alert {
  id: number;
  ruleId: string;
  category: string;
  subject: string;
  severity: 'info' | 'warning' | 'critical' | 'emergency';
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  status: 'raised' | 'acknowledged' | 'resolved';
  raisedAt: string;
  lastSeenAt: string;
}

export interface Requisition {
  id: number;
  source: 'person' | 'rule';
  departmentId: string;
  departmentName: string | null;
  requesterName: string;
  itemName: string;
  specification: string | null;
  quantity: number;
  unit: string;
  budget: number | null;
  reason: string;
  itemRef: string | null;
  neededBy: string | null;
  status: string;
  statusLabel: { en: string; zh: string };
  createdAt: string;
  submittedAt: string | null;
}

export interface ScoreSummary {
  key: string;
  name: string | null;
  nameZh: string | null;
  ratings: number;
  dish: number;
  service: number;
  environment: number;
  overall: number;
}

export interface RatingAnalysis {
  from: string;
  to: string;
  bucket: 'day' | 'week';
  overall: ScoreSummary | null;
  overTime: ScoreSummary[];
  byCanteen: ScoreSummary[];
  issues: Array<{
    subject: 'canteen' | 'dish' | 'stall' | 'supplier';
    key: string;
    name: string | null;
    nameZh: string | null;
    aspect: 'dish' | 'service' | 'environment';
    aspectLabel: { en: string; zh: string };
    average: number;
    ratings: number;
  }>;
}
