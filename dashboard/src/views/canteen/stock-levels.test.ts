import { describe, expect, it } from 'vitest';
import type { Alert, StockLevel } from './api-types.ts';
import { lowStockAlertsByItem, stockBarPercent, stockRows, summarizeStock } from './stock-levels.ts';
import { describeDepletion } from './time.ts';

const NOW = new Date('2026-03-02T08:00:00Z');

function level(itemId: string, bookQuantity: number, safetyStock: number, overrides: Partial<StockLevel> = {}): StockLevel {
  return {
    itemId,
    name: itemId,
    nameZh: null,
    unit: 'kg',
    bookQuantity,
    safetyStock,
    belowSafety: bookQuantity < safetyStock,
    scale: null,
    ...overrides,
  };
}

function lowStockAlert(itemId: string, evidence: Record<string, unknown>, overrides: Partial<Alert> = {}): Alert {
  return {
    id: 7,
    ruleId: 'stock.low_stock',
    category: 'stock',
    subject: `item:${itemId}`,
    severity: 'warning',
    title: 'low',
    message: '',
    evidence,
    status: 'raised',
    raisedAt: '2026-03-02T06:00:00Z',
    lastSeenAt: '2026-03-02T07:00:00Z',
    ...overrides,
  };
}

describe('stockRows (CAT-4, CAT-5)', () => {
  it('joins the low-stock alert evidence and projects hours left', () => {
    const rows = stockRows(
      [level('rice', 40, 60)],
      [lowStockAlert('rice', { depletesAt: '2026-03-03T08:00:00Z', consumptionPerHour: 1.5 })],
      NOW,
    );
    expect(rows[0]).toMatchObject({
      itemId: 'rice',
      state: 'low',
      depletesAt: '2026-03-03T08:00:00Z',
      hoursLeft: 24,
      consumptionPerHour: 1.5,
      alertId: 7,
    });
    expect(rows[0]?.ratio).toBeCloseTo(40 / 60);
  });

  it('is critical when stock runs out within 12 hours, or is gone', () => {
    const rows = stockRows(
      [level('pork', 10, 25), level('eggs', 0, 20), level('beef', 8, 10)],
      [lowStockAlert('pork', { depletesAt: '2026-03-02T14:00:00Z', consumptionPerHour: 2 })],
      NOW,
    );
    expect(rows.map((row) => [row.itemId, row.state])).toEqual([
      ['eggs', 'critical'],
      ['pork', 'critical'],
      ['beef', 'low'],
    ]);
  });

  it('orders the most urgent first, then by the share of safety stock left', () => {
    const rows = stockRows([level('a', 100, 10), level('b', 5, 10), level('c', 30, 10), level('d', 8, 10)], [], NOW);
    expect(rows.map((row) => row.itemId)).toEqual(['b', 'd', 'c', 'a']);
    expect(summarizeStock(rows)).toEqual({ total: 4, low: 2, critical: 0 });
  });

  it('ignores resolved alerts, other rules and malformed evidence', () => {
    const alerts = [
      lowStockAlert('rice', { depletesAt: 'soon' }),
      lowStockAlert('flour', { depletesAt: '2026-03-02T09:00:00Z' }, { status: 'resolved' }),
      lowStockAlert('oil', { depletesAt: '2026-03-02T09:00:00Z' }, { ruleId: 'equipment.predictive' }),
    ];
    expect([...lowStockAlertsByItem(alerts).keys()]).toEqual(['rice']);
    const rows = stockRows([level('rice', 70, 60), level('flour', 50, 40)], alerts, NOW);
    expect(rows.find((row) => row.itemId === 'rice')).toMatchObject({ state: 'low', depletesAt: null, hoursLeft: null });
    expect(rows.find((row) => row.itemId === 'flour')?.state).toBe('ok');
  });

  it('takes the scale weight as the level of items kept in kg, the book quantity otherwise', () => {
    const scale = { netKg: 45, at: '2026-03-02T07:59:00Z', deviceId: 'scale-01' };
    const rows = stockRows([level('rice', 130, 60, { scale }), level('oil', 30, 20, { unit: 'L', scale })], [], NOW);
    expect(rows.find((row) => row.itemId === 'rice')).toMatchObject({
      level: 45,
      measured: true,
      state: 'low',
      bookQuantity: 130,
    });
    expect(rows.find((row) => row.itemId === 'oil')).toMatchObject({ level: 30, measured: false, state: 'ok' });
  });

  it('scales the bar so safety stock sits at the middle', () => {
    expect(stockBarPercent({ level: 30, safetyStock: 60 })).toBe(25);
    expect(stockBarPercent({ level: 500, safetyStock: 60 })).toBe(100);
    expect(stockBarPercent({ level: 5, safetyStock: 0 })).toBe(100);
  });
});

describe('describeDepletion', () => {
  it('says unknown without a rate, empty once passed, and when otherwise', () => {
    expect(describeDepletion(null, NOW)).toEqual({ kind: 'unknown' });
    expect(describeDepletion('not a date', NOW)).toEqual({ kind: 'unknown' });
    expect(describeDepletion('2026-03-02T07:59:00Z', NOW)).toEqual({ kind: 'empty' });
    expect(describeDepletion('2026-03-02T13:00:00Z', NOW)).toEqual({ kind: 'at', at: new Date('2026-03-02T13:00:00Z') });
  });
});
