import { can, type Role } from '@campus/protocol';
import { useEffect, useMemo, useReducer } from 'react';
import type { Alert } from '../../alerts/types.ts';
import { api } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { createStore, useStore } from '../../lib/store.ts';
import { subscribeLive } from '../../live/live-connection.ts';
import { emptyFeed, FEED_CAPACITY, feedReducer, type Swipe } from './feed-reducer.ts';

/** GET /api/ingest/events/gate item (hub/src/contexts/ingest/schema.ts StoredEventSchema). */
interface StoredGateEvent {
  ts: string;
  site: string;
  deviceId: string;
  data: { cardId?: string; direction?: 'in' | 'out'; granted?: boolean; reason?: string | null };
}

const toSwipe = (e: StoredGateEvent): Swipe => ({
  deviceId: e.deviceId,
  site: e.site,
  cardId: e.data.cardId ?? '?',
  direction: e.data.direction ?? 'in',
  granted: e.data.granted ?? true,
  reason: e.data.reason ?? null,
  ts: e.ts,
});

/**
 * The access feed: the last FEED_CAPACITY swipes over REST, then the live `swipes` batches
 * (one reducer step per animation frame); re-read after a gap.
 */
export function useAccessFeed(roles: readonly Role[]) {
  const [feed, dispatch] = useReducer(feedReducer, undefined, () => emptyFeed());
  const mayRead = can(roles, 'ingest.read');
  const initial = useQuery(mayRead ? 'ingest:gate' : null, () =>
    api.get<{ items: StoredGateEvent[] }>('/ingest/events/gate', { limit: FEED_CAPACITY }),
  );
  useEffect(() => {
    if (initial.data) dispatch({ type: 'reset', swipes: initial.data.items.map(toSwipe) });
  }, [initial.data]);
  useEffect(
    () =>
      subscribeLive('swipes', (batch) => {
        const swipes = (batch as Swipe[][]).flat();
        if (swipes.length > 0) dispatch({ type: 'live', swipes });
      }),
    [],
  );
  return { feed, error: initial.error, loading: initial.loading };
}

/** GET /api/ingest/devices item. */
interface Device {
  id: string;
  kind: string;
  site: string;
  label: string | null;
  enabled: boolean;
  lastSeen: string | null;
  /** What the gate last said of its connection (status or last will); null if it never said. */
  connection: 'online' | 'offline' | null;
}

/** GET /api/dorms/gates item: which building a gate guards. */
interface GateBuilding {
  deviceId: string;
  buildingId: string;
  buildingName: string;
}

export interface GateStatus {
  id: string;
  label: string | null;
  buildingId: string | null;
  buildingName: string | null;
  lastSeen: string | null;
  online: boolean;
}

/**
 * For a gate that never says whether it is connected (no status, no last will): silent this long
 * counts as offline. A gate that does say is as online as its word, however quiet the night.
 */
export const GATE_OFFLINE_MS = 10 * 60_000;

export function gateStatuses(
  devices: readonly Device[],
  buildings: readonly GateBuilding[],
  newestSwipe: ReadonlyMap<string, string>,
  offlineAlerts: ReadonlySet<string>,
  now: number,
): GateStatus[] {
  const byGate = new Map(buildings.map((b) => [b.deviceId, b]));
  return devices
    .filter((d) => d.kind === 'gate')
    .map((d) => {
      const live = newestSwipe.get(d.id) ?? null;
      const lastSeen =
        [d.lastSeen, live]
          .filter((v): v is string => v !== null)
          .sort()
          .at(-1) ?? null;
      const recent = lastSeen !== null && now - Date.parse(lastSeen) < GATE_OFFLINE_MS;
      const building = byGate.get(d.id);
      return {
        id: d.id,
        label: d.label,
        buildingId: building?.buildingId ?? null,
        buildingName: building?.buildingName ?? null,
        lastSeen,
        online: (d.connection === null ? recent : d.connection === 'online') && !offlineAlerts.has(d.id),
      };
    })
    .sort((a, b) => Number(a.online) - Number(b.online) || a.id.localeCompare(b.id));
}

/** Gates with their building and state: registry + gate map over REST, last event from the live feed and offline alerts. */
export function useGates(roles: readonly Role[], feed: readonly Swipe[], alerts: readonly Alert[]) {
  const devices = useQuery(
    can(roles, 'ingest.read') ? 'ingest:devices' : null,
    () => api.get<{ items: Device[] }>('/ingest/devices'),
    {
      intervalMs: 60_000,
    },
  );
  const buildings = useQuery(can(roles, 'dorms.cards') ? 'dorms:gates' : null, () =>
    api.get<{ items: GateBuilding[] }>('/dorms/gates'),
  );
  const clock = useClock(15_000);
  const newest = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of feed) if (!map.has(s.deviceId)) map.set(s.deviceId, s.ts);
    return map;
  }, [feed]);
  const offline = useMemo(
    () => new Set(alerts.filter((a) => a.ruleId === 'access.gate_offline').map((a) => a.subject.replace(/^gate:/, ''))),
    [alerts],
  );
  const gates = useMemo(
    () => gateStatuses(devices.data?.items ?? [], buildings.data?.items ?? [], newest, offline, clock),
    [devices.data, buildings.data, newest, offline, clock],
  );
  const buildingOfGate = useMemo(
    () => new Map((buildings.data?.items ?? []).map((b) => [b.deviceId, b.buildingId])),
    [buildings.data],
  );
  const buildingNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const b of buildings.data?.items ?? []) names.set(b.buildingId, b.buildingName);
    return names;
  }, [buildings.data]);
  return { gates, buildingOfGate, buildingNames, error: devices.error ?? buildings.error, loading: devices.loading };
}

function useClock(everyMs: number): number {
  const [now, setNow] = useReducer((_: number, next: number) => next, Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** GET /api/dorms/occupancy (hub/src/contexts/dorms/schema.ts OccupancySchema). */
export interface Occupancy {
  at: string;
  buildings: Array<{
    buildingId: string;
    buildingName: string;
    residents: number;
    inside: number;
    outside: number;
    unknown: number;
    onLeave: number;
  }>;
}

export interface OccupancySample {
  at: number;
  inside: Record<string, number>;
}

export const OCCUPANCY_POLL_MS = 30_000;
const OCCUPANCY_SAMPLES = 240;
/** Samples survive leaving and re-opening the view (not a reload): the hub offers no history of occupancy. */
const samplesStore = createStore<OccupancySample[]>([]);

export function useOccupancy(roles: readonly Role[]) {
  const query = useQuery(can(roles, 'dorms.occupancy') ? 'dorms:occupancy' : null, () => api.get<Occupancy>('/dorms/occupancy'), {
    intervalMs: OCCUPANCY_POLL_MS,
  });
  useEffect(() => {
    const data = query.data;
    if (!data) return;
    const at = Date.parse(data.at);
    samplesStore.set((samples) => {
      if (samples.at(-1)?.at === at) return samples;
      const inside = Object.fromEntries(data.buildings.map((b) => [b.buildingId, b.inside]));
      return [...samples, { at, inside }].slice(-OCCUPANCY_SAMPLES);
    });
  }, [query.data]);
  const samples = useStore(samplesStore);
  return { ...query, samples, enabled: can(roles, 'dorms.occupancy') };
}

export interface CurfewEntry {
  alertId: number;
  building: string;
  curfew: string;
  residents: Array<{ residentId: string; name: string; buildingId: string; lastOutAt: string | null }>;
}

/** Tonight's list: the evidence of the open `access.curfew` alerts (one per building and night). */
export function curfewList(alerts: readonly Alert[]): CurfewEntry[] {
  return alerts
    .filter((a) => a.ruleId === 'access.curfew')
    .map((a) => {
      const evidence = a.evidence as { curfew?: string; residents?: CurfewEntry['residents'] };
      const building = a.subject.split(':')[1] ?? a.subject;
      return { alertId: a.id, building, curfew: evidence.curfew ?? '', residents: evidence.residents ?? [] };
    });
}
