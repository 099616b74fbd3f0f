import { useEffect, useMemo } from 'react';
import { api, type Page } from '../api/client.ts';
import { useMutation, useQuery } from '../api/use-query.ts';
import { subscribeLive } from '../live/live-connection.ts';
import { applyAlertMessages, OPEN_ALERTS_CAP, sortAlerts } from './alerts-reducer.ts';
import type { Alert, AlertMessage } from './types.ts';

/**
 * The open alerts of my categories: GET /api/alerts?status=open, then kept current by the live
 * `alert` events (re-read after a gap). `enabled` false when the role reads no alerts.
 */
export function useOpenAlerts(enabled: boolean) {
  const query = useQuery<Alert[]>(enabled ? 'alerts:open' : null, async () => {
    const page = await api.get<Page<Alert>>('/alerts', { status: 'open', limit: 200 });
    return sortAlerts(page.items).slice(0, OPEN_ALERTS_CAP);
  });
  const { setData } = query;
  useEffect(() => {
    if (!enabled) return;
    return subscribeLive('alert', (batch) => setData((open) => applyAlertMessages(open ?? [], batch as AlertMessage[])));
  }, [enabled, setData]);

  const acknowledge = useMutation(async (id: number) => {
    const alert = await api.post<Alert>(`/alerts/${id}/acknowledge`);
    setData((open) => applyAlertMessages(open ?? [], [{ change: 'acknowledged', alert }]));
    return alert;
  });
  const resolve = useMutation(async (id: number, note: string) => {
    const alert = await api.post<Alert>(`/alerts/${id}/resolve`, { note });
    setData((open) => applyAlertMessages(open ?? [], [{ change: 'resolved', alert }]));
    return alert;
  });
  return useMemo(() => ({ ...query, alerts: query.data ?? [], acknowledge, resolve }), [query, acknowledge, resolve]);
}
