import { describe, expect, it } from 'vitest';
import type { Building, Checkout, SafetyCheck } from './api-types.ts';
import { buildingRows, checkoutQueue, deadlineState, occupancyTotals, rectificationQueue } from './dorm-logic.ts';

const NOW = new Date('2026-03-02T08:00:00Z');

const building = (id: string, beds: number, occupied: number): Building => ({
  id,
  name: `${id}栋`,
  nameEn: `Building ${id}`,
  gender: 'male',
  floors: 6,
  rooms: beds / 4,
  beds,
  occupied,
  checkedIn: occupied - 1,
  gates: [],
});

function check(id: number, status: SafetyCheck['status'], deadline: string | null, overdue = false): SafetyCheck {
  return {
    id,
    roomId: `B1-${id}`,
    buildingId: 'B1',
    roomNumber: String(id),
    status,
    statusLabel: { en: status, zh: status },
    deadline,
    overdue,
    notes: null,
    checkedBy: 'dorm',
    checkedAt: '2026-02-28T08:00:00Z',
    reinspections: 0,
    findings: [],
  };
}

describe('occupancy per building (DRM-1..3)', () => {
  it('joins beds with head counts, in building order', () => {
    const rows = buildingRows([building('B10', 8, 8), building('B2', 40, 30)], {
      at: NOW.toISOString(),
      buildings: [{ buildingId: 'B2', buildingName: 'B2', residents: 29, inside: 20, outside: 7, unknown: 2, onLeave: 1 }],
    });
    expect(rows.map((row) => row.id)).toEqual(['B2', 'B10']);
    expect(rows[0]).toMatchObject({ free: 10, rate: 0.75, inside: 20, outside: 7, onLeave: 1 });
    expect(rows[1]).toMatchObject({ free: 0, rate: 1, inside: null });
    expect(occupancyTotals(rows)).toEqual({ beds: 48, occupied: 38, rate: 38 / 48 });
  });

  it('has no rate for a building without beds', () => {
    expect(buildingRows([building('B3', 0, 0)], undefined)[0]?.rate).toBeNull();
    expect(occupancyTotals([]).rate).toBeNull();
  });
});

describe('rectification deadlines (DRM-7)', () => {
  it('flags overdue by the hub or by the clock, and due within 48 hours', () => {
    expect(deadlineState(check(1, 'rectifying', '2026-03-01T08:00:00Z'), NOW)).toBe('overdue');
    expect(deadlineState(check(2, 'rectifying', '2026-03-05T08:00:00Z', true), NOW)).toBe('overdue');
    expect(deadlineState(check(3, 'rectifying', '2026-03-03T08:00:00Z'), NOW)).toBe('due_soon');
    expect(deadlineState(check(4, 'rectifying', '2026-03-09T08:00:00Z'), NOW)).toBe('on_time');
    expect(deadlineState(check(5, 'closed', '2026-03-01T08:00:00Z'), NOW)).toBe('none');
    expect(deadlineState(check(6, 'rectifying', null), NOW)).toBe('none');
  });

  it('lists open rectifications, overdue first, then by deadline', () => {
    const queue = rectificationQueue(
      [
        check(1, 'rectifying', '2026-03-09T08:00:00Z'),
        check(2, 'passed', null),
        check(3, 'rectifying', '2026-03-01T08:00:00Z'),
        check(4, 'rectifying', '2026-03-02T20:00:00Z'),
      ],
      NOW,
    );
    expect(queue.map((c) => [c.id, c.state])).toEqual([
      [3, 'overdue'],
      [4, 'due_soon'],
      [1, 'on_time'],
    ]);
  });
});

describe('check-out queue (DRM-3)', () => {
  const checkout = (id: number, status: Checkout['status'], plannedOn: string | null): Checkout => ({
    id,
    residentId: id,
    residentName: `R${id}`,
    personNo: `S${id}`,
    status,
    statusLabel: { en: status, zh: status },
    reason: 'graduation',
    plannedOn,
    approvalId: null,
    requestedBy: 'R',
    createdAt: `2026-02-0${id}T00:00:00Z`,
    decidedAt: null,
  });

  it('splits approved (awaiting inspection) from requested, earliest planned first', () => {
    const queue = checkoutQueue([
      checkout(1, 'requested', null),
      checkout(2, 'approved', '2026-06-30'),
      checkout(3, 'approved', '2026-06-20'),
      checkout(4, 'completed', '2026-06-01'),
      checkout(5, 'requested', '2026-06-25'),
    ]);
    expect(queue.approved.map((c) => c.id)).toEqual([3, 2]);
    expect(queue.requested.map((c) => c.id)).toEqual([5, 1]);
  });
});
