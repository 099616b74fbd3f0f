import type { Building, Checkout, Occupancy, SafetyCheck } from './api-types.ts';

export interface BuildingRow {
  id: string;
  name: string;
  nameEn: string | null;
  beds: number;
  occupied: number;
  free: number;
  /** occupied / beds, null for a building without beds yet. */
  rate: number | null;
  checkedIn: number;
  inside: number | null;
  outside: number | null;
  onLeave: number | null;
}

/** Occupancy per building (DRM-1..3, DRM-6): beds from the register joined with head counts from the gates. */
export function buildingRows(buildings: readonly Building[], occupancy: Occupancy | undefined): BuildingRow[] {
  const counts = new Map((occupancy?.buildings ?? []).map((b) => [b.buildingId, b]));
  return buildings
    .map((building) => {
      const heads = counts.get(building.id);
      return {
        id: building.id,
        name: building.name,
        nameEn: building.nameEn,
        beds: building.beds,
        occupied: building.occupied,
        free: Math.max(0, building.beds - building.occupied),
        rate: building.beds > 0 ? building.occupied / building.beds : null,
        checkedIn: building.checkedIn,
        inside: heads?.inside ?? null,
        outside: heads?.outside ?? null,
        onLeave: heads?.onLeave ?? null,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
}

export function occupancyTotals(rows: readonly BuildingRow[]): { beds: number; occupied: number; rate: number | null } {
  const beds = rows.reduce((sum, row) => sum + row.beds, 0);
  const occupied = rows.reduce((sum, row) => sum + row.occupied, 0);
  return { beds, occupied, rate: beds > 0 ? occupied / beds : null };
}

/** A rectification is due soon within this many hours of its deadline. */
export const DUE_SOON_HOURS = 48;

export type DeadlineState = 'none' | 'overdue' | 'due_soon' | 'on_time';

/**
 * Where an open rectification stands against its deadline (DRM-7). The hub's `overdue` flag is
 * trusted, and the clock also decides, so a screen left open flags a deadline as it passes.
 */
export function deadlineState(check: Pick<SafetyCheck, 'status' | 'deadline' | 'overdue'>, now: Date): DeadlineState {
  if (check.status !== 'rectifying' || check.deadline === null) return 'none';
  const left = Date.parse(check.deadline) - now.getTime();
  if (check.overdue || left < 0) return 'overdue';
  return left < DUE_SOON_HOURS * 3_600_000 ? 'due_soon' : 'on_time';
}

const DEADLINE_ORDER: Record<DeadlineState, number> = { overdue: 0, due_soon: 1, on_time: 2, none: 3 };

/** Open rectifications, overdue first, then by deadline. */
export function rectificationQueue(checks: readonly SafetyCheck[], now: Date): Array<SafetyCheck & { state: DeadlineState }> {
  return checks
    .filter((check) => check.status === 'rectifying')
    .map((check) => ({ ...check, state: deadlineState(check, now) }))
    .sort(
      (a, b) =>
        DEADLINE_ORDER[a.state] - DEADLINE_ORDER[b.state] ||
        (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') ||
        a.id - b.id,
    );
}

/**
 * The check-out queue (DRM-3): approved ones wait on the dormitory office (room inspection,
 * then the bed is released), requested ones wait on approval; each by planned date, earliest first.
 */
export function checkoutQueue(checkouts: readonly Checkout[]): { approved: Checkout[]; requested: Checkout[] } {
  const byPlan = (a: Checkout, b: Checkout) =>
    (a.plannedOn ?? '9999').localeCompare(b.plannedOn ?? '9999') || a.createdAt.localeCompare(b.createdAt);
  return {
    approved: checkouts.filter((c) => c.status === 'approved').sort(byPlan),
    requested: checkouts.filter((c) => c.status === 'requested').sort(byPlan),
  };
}
