import type { Alert, StockLevel } from './api-types.ts';

/** The low-stock rule's id and alert subject (hub/src/rules/rules/stock.ts): `item:<itemId>`. */
export const LOW_STOCK_RULE = 'stock.low_stock';
const SUBJECT_PREFIX = 'item:';

/** Below this many hours of stock left an item is critical, the rule's own threshold for a critical alert. */
export const CRITICAL_HOURS = 12;

export type StockState = 'ok' | 'low' | 'critical';

export interface StockRow {
  itemId: string;
  name: string;
  nameZh: string | null;
  unit: string;
  bookQuantity: number;
  safetyStock: number;
  /**
   * What is on the shelf: the scale's latest net weight for items kept in kg (what the low-stock
   * rule watches), otherwise the book quantity.
   */
  level: number;
  measured: boolean;
  /** level / safetyStock; null when no safety stock is set. */
  ratio: number | null;
  scaleKg: number | null;
  scaleAt: string | null;
  state: StockState;
  /** Projected depletion from the open low-stock alert's evidence (CAT-5), if any. */
  depletesAt: string | null;
  hoursLeft: number | null;
  consumptionPerHour: number | null;
  alertId: number | null;
}

interface LowStockEvidence {
  depletesAt: string | null;
  consumptionPerHour: number | null;
}

function evidenceOf(alert: Alert): LowStockEvidence {
  const { depletesAt, consumptionPerHour } = alert.evidence;
  return {
    depletesAt: typeof depletesAt === 'string' && !Number.isNaN(Date.parse(depletesAt)) ? depletesAt : null,
    consumptionPerHour: typeof consumptionPerHour === 'number' && Number.isFinite(consumptionPerHour) ? consumptionPerHour : null,
  };
}

/** The open low-stock alerts by stock item id; the most recently seen wins when there are several. */
export function lowStockAlertsByItem(alerts: readonly Alert[]): Map<string, Alert> {
  const byItem = new Map<string, Alert>();
  for (const alert of alerts) {
    if (alert.ruleId !== LOW_STOCK_RULE || alert.status === 'resolved' || !alert.subject.startsWith(SUBJECT_PREFIX)) continue;
    const itemId = alert.subject.slice(SUBJECT_PREFIX.length);
    const known = byItem.get(itemId);
    if (!known || known.lastSeenAt < alert.lastSeenAt) byItem.set(itemId, alert);
  }
  return byItem;
}

const STATE_ORDER: Record<StockState, number> = { critical: 0, low: 1, ok: 2 };

/**
 * Stock against safety stock with projected depletion (CAT-4, CAT-5): the stock levels joined
 * with the open low-stock alerts, the most urgent first (critical, then low, then by how much
 * of the safety stock is left).
 */
export function stockRows(levels: readonly StockLevel[], alerts: readonly Alert[], now: Date): StockRow[] {
  const alertByItem = lowStockAlertsByItem(alerts);
  const rows = levels.map((level): StockRow => {
    const alert = alertByItem.get(level.itemId);
    const evidence = alert ? evidenceOf(alert) : { depletesAt: null, consumptionPerHour: null };
    const hoursLeft =
      evidence.depletesAt === null ? null : Math.max(0, (Date.parse(evidence.depletesAt) - now.getTime()) / 3_600_000);
    const measured = level.scale !== null && level.unit === 'kg';
    const onShelf = measured && level.scale ? level.scale.netKg : level.bookQuantity;
    const low = level.belowSafety || onShelf < level.safetyStock || alert !== undefined;
    const critical =
      low && (onShelf <= 0 || (hoursLeft !== null && hoursLeft < CRITICAL_HOURS) || alert?.severity === 'critical');
    return {
      itemId: level.itemId,
      name: level.name,
      nameZh: level.nameZh,
      unit: level.unit,
      bookQuantity: level.bookQuantity,
      safetyStock: level.safetyStock,
      level: onShelf,
      measured,
      ratio: level.safetyStock > 0 ? onShelf / level.safetyStock : null,
      scaleKg: level.scale?.netKg ?? null,
      scaleAt: level.scale?.at ?? null,
      state: critical ? 'critical' : low ? 'low' : 'ok',
      depletesAt: evidence.depletesAt,
      hoursLeft,
      consumptionPerHour: evidence.consumptionPerHour,
      alertId: alert?.id ?? null,
    };
  });
  return rows.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (a.ratio ?? Number.POSITIVE_INFINITY) - (b.ratio ?? Number.POSITIVE_INFINITY) ||
      a.itemId.localeCompare(b.itemId),
  );
}

export interface StockSummary {
  total: number;
  low: number;
  critical: number;
}

export function summarizeStock(rows: readonly StockRow[]): StockSummary {
  return {
    total: rows.length,
    low: rows.filter((row) => row.state === 'low').length,
    critical: rows.filter((row) => row.state === 'critical').length,
  };
}

/** Width of the stock bar, in percent of a scale that shows twice the safety stock as full. */
export function stockBarPercent(row: Pick<StockRow, 'level' | 'safetyStock'>): number {
  if (row.safetyStock <= 0) return row.level > 0 ? 100 : 0;
  return Math.max(0, Math.min(100, (row.level / (row.safetyStock * 2)) * 100));
}
