import { can, type Role } from '@campus/protocol';
import { useEffect } from 'react';
import { api, type Page } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { subscribeLive } from '../../live/live-connection.ts';
import type { Ticket } from '../maintenance/types.ts';
import { TICKETS_POLL_MS } from '../maintenance/use-maintenance.ts';
import { type IngestStats, nextRate, type RateState } from './ingest-rate.ts';

/** Kept while the app runs, so the chart does not restart when one comes back to the page. */
const rateStore = createStore<RateState>({ last: null, points: [], latest: null });
let listening = false;

/** Events per second from the live `ingest.stats` (every 2 s). */
export function useIngestRate(): RateState {
  useEffect(() => {
    if (listening) return;
    listening = true;
    const off = subscribeLive('ingest.stats', (batch) => {
      for (const stats of batch as IngestStats[]) rateStore.set((s) => nextRate(s, stats, Date.now()));
    });
    return () => {
      listening = false;
      off();
    };
  }, []);
  return useStore(rateStore);
}

export function useOpenTickets(roles: readonly Role[]) {
  return useQuery(
    can(roles, 'maintenance.read') ? 'maintenance:tickets:overview' : null,
    () => api.get<Page<Ticket>>('/maintenance/tickets', { open: true, limit: 200 }),
    { intervalMs: TICKETS_POLL_MS },
  );
}

/** GET /api/catering/stock/levels item (hub/src/contexts/catering/schema.ts StockLevelSchema). */
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

export function useStockRisks(roles: readonly Role[]) {
  return useQuery(
    can(roles, 'catering.stock.read') ? 'catering:stock:levels' : null,
    () => api.get<{ items: StockLevel[] }>('/catering/stock/levels'),
    { intervalMs: 60_000 },
  );
}
