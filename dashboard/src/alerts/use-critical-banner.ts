import { useCallback, useEffect } from 'react';
import { api } from '../api/client.ts';
import { useMutation } from '../api/use-query.ts';
import { beep } from '../app/sound.ts';
import { createStore, useStore } from '../lib/store.ts';
import { subscribeLive } from '../live/live-connection.ts';
import { isUrgent } from './alerts-reducer.ts';
import type { Alert, AlertMessage } from './types.ts';

/** Critical alerts that arrived live and nobody here has acknowledged or dismissed yet, newest first. */
const bannerStore = createStore<Alert[]>([]);
const BANNER_CAP = 50;

export function bannerReducer(current: readonly Alert[], messages: readonly AlertMessage[]): { next: Alert[]; fresh: boolean } {
  let next = [...current];
  let fresh = false;
  for (const { change, alert } of messages) {
    next = next.filter((a) => a.id !== alert.id);
    const wantsAttention = (change === 'raised' || change === 'escalated' || change === 'recurred') && alert.status === 'raised';
    if (wantsAttention && isUrgent(alert.severity)) {
      next.unshift(alert);
      if (change !== 'recurred') fresh = true;
    }
  }
  return { next: next.slice(0, BANNER_CAP), fresh };
}

/** Listens for new critical alerts on any page (the shell mounts it): flash, banner and the optional beep. */
export function useCriticalBanner(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    return subscribeLive('alert', (batch) => {
      const { next, fresh } = bannerReducer(bannerStore.get(), batch as AlertMessage[]);
      bannerStore.set(next);
      if (fresh) beep();
    });
  }, [enabled]);
  const alerts = useStore(bannerStore);
  const dismiss = useCallback((id: number) => bannerStore.set((list) => list.filter((a) => a.id !== id)), []);
  return { alerts, dismiss };
}

/** Acknowledge straight from the banner. */
export function useBannerAcknowledge() {
  return useMutation(async (id: number) => {
    const alert = await api.post<Alert>(`/alerts/${id}/acknowledge`);
    bannerStore.set((list) => list.filter((a) => a.id !== id));
    return alert;
  });
}
