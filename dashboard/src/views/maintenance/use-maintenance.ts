import { type AlertSeverity, can, type Role } from '@campus/protocol';
import { useCallback, useMemo } from 'react';
import { SEVERITY_RANK } from '../../alerts/alerts-reducer.ts';
import type { Alert } from '../../alerts/types.ts';
import { api, type Page } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import { useTicketLive } from './ticket-live.ts';
import {
  type Analysis,
  type ApprovalRequest,
  POSTPONEMENT_KIND,
  type Stats,
  type Technician,
  type Ticket,
  type TicketDetail,
  URGENCY_WEIGHT,
  type Urgency,
  type Vocabulary,
} from './types.ts';

/** Views that do not follow the live channel's ticket changes (the overview's counts) poll. */
export const TICKETS_POLL_MS = 20_000;
/**
 * Ticket lists follow `maintenance.ticket` on the live channel and re-read after a reconnect gap;
 * this slow poll only catches what neither covers (a deadline passing makes a ticket overdue).
 */
export const TICKETS_FALLBACK_POLL_MS = 120_000;
export const QUEUE_LIMIT = 200;

export function useVocabulary() {
  return useQuery('maintenance:vocabulary', () => api.get<Vocabulary>('/maintenance/vocabulary'), { refetchOnResync: false });
}

export interface TicketFilter {
  status?: string | undefined;
  open?: boolean | undefined;
  urgency?: string | undefined;
  source?: string | undefined;
  overdue?: boolean | undefined;
  unassignable?: boolean | undefined;
  technicianId?: number | undefined;
  requesterId?: number | undefined;
}

/**
 * GET /api/maintenance/tickets with filters (the service shows requesters and technicians only
 * their own). The hub sends each ticket change to planners, the technician and the requester, so
 * every ticket list (queue, technician's, requester's) follows it here.
 */
export function useTickets(filter: TicketFilter, enabled = true) {
  const key = enabled ? `maintenance:tickets:${JSON.stringify(filter)}` : null;
  const query = useQuery(key, () => api.get<Page<Ticket>>('/maintenance/tickets', { ...filter, limit: QUEUE_LIMIT }), {
    intervalMs: TICKETS_FALLBACK_POLL_MS,
  });
  // Any change may move a ticket into or out of a filtered list: re-read it.
  useTicketLive(query.reload, enabled);
  return query;
}

export function useTicketDetail(id: number | null) {
  const query = useQuery(id ? `maintenance:ticket:${id}` : null, () => api.get<TicketDetail>(`/maintenance/tickets/${id}`), {
    intervalMs: TICKETS_FALLBACK_POLL_MS,
  });
  useTicketLive((changes) => {
    if (changes.some((c) => c.ticketId === id)) query.reload();
  }, id !== null);
  return query;
}

export function useTechnicians(roles: readonly Role[]) {
  return useQuery(can(roles, 'maintenance.assign') ? 'maintenance:technicians' : null, () =>
    api.get<{ items: Technician[] }>('/maintenance/technicians'),
  );
}

/** Postponements waiting on me: the approvals inbox, kind maintenance.postponement. */
export function usePostponements(roles: readonly Role[]) {
  const query = useQuery(
    can(roles, 'approvals.use') ? 'approvals:inbox' : null,
    () => api.get<Page<ApprovalRequest>>('/approvals/inbox', { limit: 200 }),
    { intervalMs: TICKETS_FALLBACK_POLL_MS },
  );
  const items = useMemo(() => (query.data?.items ?? []).filter((r) => r.kind === POSTPONEMENT_KIND), [query.data]);
  // A technician asking (or someone else deciding) shows up as a ticket change.
  useTicketLive(
    (changes) => {
      if (changes.some((c) => c.change.startsWith('change_'))) query.reload();
    },
    can(roles, 'approvals.use'),
  );
  return { ...query, items };
}

export function useStats(roles: readonly Role[]) {
  const enabled = can(roles, 'maintenance.stats');
  const stats = useQuery(enabled ? 'maintenance:stats' : null, () => api.get<Stats>('/maintenance/stats', { bucket: 'month' }), {
    intervalMs: 120_000,
  });
  const analysis = useQuery(
    enabled ? 'maintenance:analysis' : null,
    () => api.get<Analysis>('/maintenance/analysis', { top: 8 }),
    {
      intervalMs: 120_000,
    },
  );
  return { stats, analysis, enabled };
}

export interface TriageInput {
  inScope: boolean;
  reason?: string;
  faultType?: string;
  urgency?: Urgency;
  flags?: string[];
}

/** The planner's steps on a ticket; each answers the updated ticket, then `changed` re-reads the lists. */
export function usePlannerActions(changed: () => void) {
  const after = useCallback(
    async <T>(work: Promise<T>) => {
      const result = await work;
      changed();
      return result;
    },
    [changed],
  );
  return {
    triage: useMutation((id: number, input: TriageInput) => after(api.post<Ticket>(`/maintenance/tickets/${id}/triage`, input))),
    assign: useMutation((id: number, technicianId: number, overrideReason?: string) =>
      after(
        api.post<Ticket>(`/maintenance/tickets/${id}/assign`, { technicianId, ...(overrideReason ? { overrideReason } : {}) }),
      ),
    ),
    cancel: useMutation((id: number, reason: string) => after(api.post<Ticket>(`/maintenance/tickets/${id}/cancel`, { reason }))),
    schedule: useMutation((id: number, window: { from: string; to: string; note?: string }) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/schedule`, window)),
    ),
    acceptOnBehalf: useMutation((id: number, rating: number, onBehalfReason: string) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/accept`, { rating, onBehalfReason })),
    ),
    decide: useMutation((approvalId: number, decision: 'approve' | 'reject', comment?: string) =>
      after(
        api.post<ApprovalRequest>(`/approvals/requests/${approvalId}/decision`, { decision, ...(comment ? { comment } : {}) }),
      ),
    ),
  };
}

export interface AssetHealth {
  assetId: string;
  risk: number;
  alerts: number;
  tickets: number;
  worst: AlertSeverity | null;
}

const SEVERITY_RISK: Record<AlertSeverity, number> = { emergency: 20, critical: 10, warning: 3, info: 1 };

/** Assets ranked by risk: open equipment alerts (weighted by severity) and open tickets (by urgency, overdue doubled). */
export function assetHealth(alerts: readonly Alert[], tickets: readonly Ticket[]): AssetHealth[] {
  const byAsset = new Map<string, AssetHealth>();
  const entry = (assetId: string) => {
    let e = byAsset.get(assetId);
    if (!e) {
      e = { assetId, risk: 0, alerts: 0, tickets: 0, worst: null };
      byAsset.set(assetId, e);
    }
    return e;
  };
  for (const alert of alerts) {
    if (alert.category !== 'equipment') continue;
    const assetId =
      typeof alert.evidence.assetId === 'string' ? alert.evidence.assetId : alert.subject.replace(/^asset:/, '').split('/')[0];
    if (!assetId) continue;
    const e = entry(assetId);
    e.alerts += 1;
    e.risk += SEVERITY_RISK[alert.severity];
    if (e.worst === null || SEVERITY_RANK[alert.severity] < SEVERITY_RANK[e.worst]) e.worst = alert.severity;
  }
  for (const ticket of tickets) {
    if (!ticket.assetId || ticket.status === 'closed') continue;
    const e = entry(ticket.assetId);
    e.tickets += 1;
    e.risk += URGENCY_WEIGHT[ticket.urgency ?? 'normal'] * (ticket.sla.overdue ? 2 : 1);
  }
  return [...byAsset.values()].sort((a, b) => b.risk - a.risk || a.assetId.localeCompare(b.assetId));
}

export const isAutomatic = (ticket: Ticket) => ticket.source === 'rule' || ticket.source === 'preventive';
