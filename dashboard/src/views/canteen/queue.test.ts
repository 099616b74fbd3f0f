import { describe, expect, it } from 'vitest';
import type { KitchenOrder, Requisition } from './api-types.ts';
import { applyOrderChange, queueColumns } from './kitchen.ts';
import { lastFullMinute, ordersPerMinute, rememberOrders } from './order-rate.ts';
import { analysisRange, ratingSeries } from './ratings.ts';
import { restockRequisitions, stockItemOf } from './requisitions.ts';

function order(id: number, status: KitchenOrder['status'], orderedAt: string, canteenId = 'north'): KitchenOrder {
  return {
    id,
    canteenId,
    deviceId: 'terminal-01',
    orderId: `o-${id}`,
    orderedAt,
    serviceDate: '2026-03-02',
    mealPeriod: 'lunch',
    total: 12,
    status,
    updatedAt: orderedAt,
    lines: [],
  };
}

describe('kitchen queue (CAT-2)', () => {
  it('puts open orders in columns, oldest first, bounded', () => {
    const columns = queueColumns(
      [
        order(3, 'pending', '2026-03-02T11:03:00Z'),
        order(1, 'pending', '2026-03-02T11:01:00Z'),
        order(2, 'ready', '2026-03-02T11:02:00Z'),
        order(4, 'served', '2026-03-02T11:00:00Z'),
        order(5, 'pending', '2026-03-02T11:04:00Z'),
      ],
      2,
    );
    expect(columns.pending.map((o) => o.id)).toEqual([1, 3]);
    expect(columns.preparing).toEqual([]);
    expect(columns.ready.map((o) => o.id)).toEqual([2]);
  });

  it('replaces a changed order and drops it once served', () => {
    const queue = [order(1, 'pending', '2026-03-02T11:01:00Z'), order(2, 'ready', '2026-03-02T11:02:00Z')];
    expect(applyOrderChange(queue, order(1, 'preparing', '2026-03-02T11:01:00Z')).map((o) => [o.id, o.status])).toEqual([
      [2, 'ready'],
      [1, 'preparing'],
    ]);
    expect(applyOrderChange(queue, order(2, 'served', '2026-03-02T11:02:00Z')).map((o) => o.id)).toEqual([1]);
  });
});

describe('orders per minute', () => {
  const now = new Date('2026-03-02T11:10:30Z');

  it('counts each order once per canteen and minute, forgetting what left the window', () => {
    let seen = rememberOrders(new Map(), [order(1, 'pending', '2026-03-02T11:09:10Z')], now, 5);
    seen = rememberOrders(
      seen,
      [
        order(1, 'preparing', '2026-03-02T11:09:10Z'),
        order(2, 'pending', '2026-03-02T11:09:50Z', 'south'),
        order(3, 'pending', '2026-03-02T11:10:05Z'),
        order(4, 'pending', '2026-03-02T10:00:00Z'),
      ],
      now,
      5,
    );
    expect([...seen.keys()].sort()).toEqual([1, 2, 3]);
    const points = ordersPerMinute(seen, ['north', 'south'], now, 5);
    expect(points).toHaveLength(5);
    expect(points.map((p) => p.total)).toEqual([0, 0, 0, 2, 1]);
    expect(lastFullMinute(points)).toMatchObject({ minute: Date.parse('2026-03-02T11:09:00Z'), counts: { north: 1, south: 1 } });
  });

  it('ignores orders of canteens not shown', () => {
    const seen = rememberOrders(new Map(), [order(1, 'pending', '2026-03-02T11:10:00Z', 'west')], now, 5);
    expect(ordersPerMinute(seen, ['north'], now, 5).at(-1)?.total).toBe(0);
  });
});

describe('ratings over time (CAT-8)', () => {
  it('sorts buckets and rounds averages', () => {
    const bucket = (key: string, overall: number) => ({
      key,
      name: null,
      nameZh: null,
      ratings: 3,
      dish: 4.333333,
      service: 4,
      environment: 3.5,
      overall,
    });
    expect(ratingSeries({ overTime: [bucket('2026-03-02', 4.1), bucket('2026-03-01', 3.96666)] })).toEqual([
      { key: '2026-03-01', dish: 4.33, service: 4, environment: 3.5, overall: 3.97, ratings: 3 },
      { key: '2026-03-02', dish: 4.33, service: 4, environment: 3.5, overall: 4.1, ratings: 3 },
    ]);
  });

  it('takes campus calendar dates', () => {
    expect(analysisRange(new Date('2026-03-01T17:00:00Z'), 14)).toEqual({ from: '2026-02-17', to: '2026-03-02' });
  });
});

describe('restocking requisitions (IOT-7)', () => {
  const requisition = (id: number, status: string, itemRef: string | null, createdAt: string): Requisition => ({
    id,
    source: 'rule',
    departmentId: 'canteen',
    departmentName: null,
    requesterName: 'rule',
    itemName: 'rice',
    specification: null,
    quantity: 120,
    unit: 'kg',
    budget: null,
    reason: 'below safety stock',
    itemRef,
    neededBy: null,
    status,
    statusLabel: { en: status, zh: status },
    createdAt,
    submittedAt: null,
  });

  it('keeps stock items in draft or review, drafts first, deduplicated across pages', () => {
    const drafts = [requisition(1, 'draft', 'stock-item:rice', '2026-03-01T00:00:00Z')];
    const mixed = [
      requisition(2, 'submitted', 'stock-item:flour', '2026-03-02T00:00:00Z'),
      requisition(3, 'draft', 'asset-category:PC', '2026-03-02T00:00:00Z'),
      requisition(4, 'approved', 'stock-item:oil', '2026-03-02T00:00:00Z'),
      requisition(1, 'draft', 'stock-item:rice', '2026-03-01T00:00:00Z'),
    ];
    expect(restockRequisitions([drafts, mixed]).map((r) => r.id)).toEqual([1, 2]);
    expect(stockItemOf({ itemRef: 'stock-item:rice' })).toBe('rice');
    expect(stockItemOf({ itemRef: null })).toBeNull();
  });
});
