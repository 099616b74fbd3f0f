import { can, type Permission } from '@campus/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useOpenAlerts } from '../../alerts/use-alerts.ts';
import { api, type Page } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import { useMe } from '../../auth/use-me.ts';
import type { Canteen, KitchenOrder, KitchenQueue, KitchenStatus, RatingAnalysis, Requisition, StockLevel } from './api-types.ts';
import { applyKitchenChange, type KitchenChange, type Queues } from './kitchen.ts';
import { RecentKitchenChanges, useKitchenLive } from './kitchen-live.ts';
import { ordersPerMinute, RATE_WINDOW_MINUTES, rememberOrders, type SeenOrder } from './order-rate.ts';
import { analysisRange, ratingSeries } from './ratings.ts';
import { restockRequisitions } from './requisitions.ts';
import { stockRows, summarizeStock } from './stock-levels.ts';

/** Stock levels change with every scale reading and movement; the live channel does not carry them. */
const STOCK_POLL_MS = 30_000;
/**
 * The kitchen queue follows the live channel's kitchen room and is re-read after a reconnect gap;
 * this slow re-read only puts right what a lost change could leave (the counts past the first page).
 */
const QUEUE_FALLBACK_POLL_MS = 60_000;
/** Enough for a busy lunch per canteen; the counts still tell the whole queue. */
const QUEUE_PAGE = 200;
export const RATING_DAYS = 14;

/** What the signed-in user may do here: each section follows its own permission. */
export function useAllowed(): (permission: Permission) => boolean {
  const { roles } = useMe();
  return useMemo(() => (permission: Permission) => can(roles, permission), [roles]);
}

/** The current time, advancing every `intervalMs`, so relative times and waiting minutes move on their own. */
export function useNow(intervalMs = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * Stock against safety stock with projected depletion (CAT-4, CAT-5): GET /catering/stock/levels,
 * joined with the open `stock.low_stock` alerts (live through the alerts channel) for `depletesAt`.
 */
export function useStock(now: Date) {
  const allowed = useAllowed();
  const levels = useQuery(
    allowed('catering.stock.read') ? 'canteen:stock-levels' : null,
    () => api.get<{ items: StockLevel[] }>('/catering/stock/levels'),
    { intervalMs: STOCK_POLL_MS },
  );
  const alerts = useOpenAlerts(allowed('alerts.read'));
  const rows = useMemo(
    () => (levels.data ? stockRows(levels.data.items, alerts.alerts, now) : undefined),
    [levels.data, alerts.alerts, now],
  );
  return { ...levels, rows, summary: rows ? summarizeStock(rows) : undefined };
}

/**
 * Requisitions drafted for the ingredient store (by the low-stock rule, or a confirmed purchase
 * plan) and still to be confirmed, plus those under review; confirming submits the draft.
 */
export function useRestockRequisitions() {
  const allowed = useAllowed();
  const query = useQuery(allowed('procurement.requisitions.read') ? 'canteen:restock' : null, async () => {
    const page = (status: 'draft' | 'submitted') =>
      api.get<Page<Requisition>>('/procurement/requisitions', { status, kind: 'goods', limit: 100 });
    const [drafts, submitted] = await Promise.all([page('draft'), page('submitted')]);
    return restockRequisitions([drafts.items, submitted.items]);
  });
  const { setData } = query;
  const confirm = useMutation(async (id: number) => {
    const submitted = await api.post<Requisition>(`/procurement/requisitions/${id}/submit`);
    setData((list) => restockRequisitions([(list ?? []).map((r) => (r.id === id ? submitted : r))]));
    return submitted;
  });
  return { ...query, confirm, mayConfirm: allowed('procurement.requisitions.submit') };
}

/**
 * The kitchen queue of every active canteen (CAT-2), following orders as they arrive and move
 * (live, or the hub's answer to a move made here), and the orders per minute counted from what
 * passes through it.
 */
export function useKitchen(now: Date) {
  const allowed = useAllowed();
  const enabled = allowed('catering.kitchen');
  const canteens = useQuery(enabled ? 'canteen:canteens' : null, async () =>
    (await api.get<{ items: Canteen[] }>('/catering/canteens')).items.filter((c) => c.active),
  );
  const ids = canteens.data?.map((c) => c.id) ?? [];
  const key = enabled && canteens.data ? `canteen:queues:${ids.join(',')}` : null;
  const recent = useRef(new RecentKitchenChanges());
  const queues = useQuery<Queues>(
    key,
    async () => {
      const list = await Promise.all(
        ids.map((id) =>
          api.get<KitchenQueue>(`/catering/canteens/${encodeURIComponent(id)}/kitchen-queue`, { limit: QUEUE_PAGE }),
        ),
      );
      return recent.current.replay(Object.fromEntries(list.map((queue) => [queue.canteenId, queue])));
    },
    { intervalMs: QUEUE_FALLBACK_POLL_MS },
  );
  const { setData } = queues;
  const apply = useCallback(
    (changes: KitchenChange[]) => {
      recent.current.add(changes);
      setData((current) => current && changes.reduce(applyKitchenChange, current));
    },
    [setData],
  );
  useKitchenLive(apply, enabled);

  const [seen, setSeen] = useState<ReadonlyMap<number, SeenOrder>>(() => new Map());
  useEffect(() => {
    if (!queues.data) return;
    const orders = Object.values(queues.data).flatMap((queue) => queue.items);
    setSeen((current) => rememberOrders(current, orders, new Date()));
  }, [queues.data]);
  const idsKey = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: idsKey stands for ids (a new array each render).
  const rate = useMemo(() => ordersPerMinute(seen, ids, now, RATE_WINDOW_MINUTES), [seen, idsKey, now]);

  const advance = useMutation(async (order: KitchenOrder, status: KitchenStatus) => {
    const changed = await api.post<KitchenOrder>(`/catering/kitchen-orders/${order.id}/status`, { status });
    apply([{ from: order.status, order: changed }]);
    return changed;
  });
  return { enabled, canteens, queues, rate, advance };
}

/** Satisfaction over the last two weeks, per day (CAT-8), with the aspects rated low. */
export function useRatings(now: Date) {
  const allowed = useAllowed();
  const range = analysisRange(now, RATING_DAYS);
  const query = useQuery(allowed('catering.ratings.read') ? `canteen:ratings:${range.from}:${range.to}` : null, () =>
    api.get<RatingAnalysis>('/catering/ratings/analysis', { ...range, bucket: 'day' }),
  );
  const series = useMemo(() => (query.data ? ratingSeries(query.data) : undefined), [query.data]);
  return { ...query, series };
}
