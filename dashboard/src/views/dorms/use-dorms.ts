import { can, type Permission } from '@campus/protocol';
import { useEffect, useMemo, useState } from 'react';
import { api, type Page } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { useMe } from '../../auth/use-me.ts';
import type { Building, Checkout, Inspection, InspectionPlan, Occupancy, Resident, SafetyCheck } from './api-types.ts';
import { buildingRows, checkoutQueue, occupancyTotals, rectificationQueue } from './dorm-logic.ts';

/** Head counts follow gate swipes; re-read each minute (the live access feed is for security). */
const OCCUPANCY_POLL_MS = 60_000;
/** Queues change as residents file requests; a few minutes old is fine for planning the day. */
const QUEUE_POLL_MS = 120_000;
/** Lists are bounded: the first page of each queue, oldest first where it matters. */
const QUEUE_LIMIT = 100;

function useAllowed(): (permission: Permission) => boolean {
  const { roles } = useMe();
  return useMemo(() => (permission: Permission) => can(roles, permission), [roles]);
}

/** The current time, advancing each minute, so deadlines turn overdue on a screen left open. */
export function useMinute(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Buildings with beds (GET /dorms/buildings) and head counts by the gates (GET /dorms/occupancy). */
export function useOccupancy() {
  const allowed = useAllowed();
  const buildings = useQuery(
    allowed('dorms.read') ? 'dorms:buildings' : null,
    async () => (await api.get<{ items: Building[] }>('/dorms/buildings')).items,
  );
  const occupancy = useQuery(
    allowed('dorms.occupancy') ? 'dorms:occupancy' : null,
    () => api.get<Occupancy>('/dorms/occupancy'),
    {
      intervalMs: OCCUPANCY_POLL_MS,
    },
  );
  const rows = useMemo(
    () => (buildings.data ? buildingRows(buildings.data, occupancy.data) : undefined),
    [buildings.data, occupancy.data],
  );
  return { ...buildings, rows, totals: rows ? occupancyTotals(rows) : undefined, countedAt: occupancy.data?.at ?? null };
}

/** Residents allocated a bed but not checked in (DRM-2), earliest allocation first. */
export function useCheckInQueue() {
  const allowed = useAllowed();
  return useQuery(
    allowed('dorms.checkin') && allowed('dorms.residents.read') ? 'dorms:checkin' : null,
    async () => {
      const page = await api.get<Page<Resident>>('/dorms/residents', { status: 'allocated', limit: QUEUE_LIMIT });
      const items = [...page.items].sort((a, b) => (a.allocatedAt ?? '').localeCompare(b.allocatedAt ?? ''));
      return { items, more: page.nextCursor !== null };
    },
    { intervalMs: QUEUE_POLL_MS },
  );
}

/** Check-outs awaiting approval or the room inspection (DRM-3). */
export function useCheckoutQueue() {
  const allowed = useAllowed();
  const query = useQuery(
    allowed('dorms.checkout') ? 'dorms:checkouts' : null,
    async () => {
      const page = (status: 'approved' | 'requested') =>
        api.get<Page<Checkout>>('/dorms/checkouts', { status, limit: QUEUE_LIMIT });
      const [approved, requested] = await Promise.all([page('approved'), page('requested')]);
      return checkoutQueue([...approved.items, ...requested.items]);
    },
    { intervalMs: QUEUE_POLL_MS },
  );
  return { ...query, mayDecide: allowed('approvals.use') };
}

/** Safety checks under rectification with their deadlines (DRM-7), overdue first. */
export function useRectifications(now: Date) {
  const allowed = useAllowed();
  const query = useQuery(
    allowed('dorms.safety') ? 'dorms:rectifying' : null,
    async () => {
      const page = await api.get<Page<SafetyCheck>>('/dorms/safety-checks', { status: 'rectifying', limit: QUEUE_LIMIT });
      return { items: page.items, more: page.nextCursor !== null };
    },
    { intervalMs: QUEUE_POLL_MS },
  );
  const queue = useMemo(() => (query.data ? rectificationQueue(query.data.items, now) : undefined), [query.data, now]);
  return { ...query, queue };
}

/** Active inspection plans with their next due date, and the latest inspections (DRM-5). */
export function useInspections() {
  const allowed = useAllowed();
  return useQuery(allowed('dorms.inspections.read') ? 'dorms:inspections' : null, async () => {
    const [plans, recent] = await Promise.all([
      api.get<{ items: InspectionPlan[] }>('/dorms/inspection-plans', { active: true }),
      api.get<Page<Inspection>>('/dorms/inspections', { limit: 8 }),
    ]);
    const sortedPlans = [...plans.items].sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || a.nextDue.localeCompare(b.nextDue),
    );
    return { plans: sortedPlans, recent: recent.items };
  });
}
