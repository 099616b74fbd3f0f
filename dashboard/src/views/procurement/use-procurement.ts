import { can, type Permission } from '@campus/protocol';
import { useCallback, useMemo, useRef, useState } from 'react';
import { type ApiError, api, type Page, type Query } from '../../api/client.ts';
import { useQuery } from '../../api/use-query.ts';
import { useMe } from '../../auth/use-me.ts';
import { useLocale } from '../../i18n/i18n.ts';
import type { Contract, ContractDetail, Instalment, Label, Plan, PlanSummary, Requisition, Rfq, RfqDetail } from './api-types.ts';
import { rankedBids } from './procurement-logic.ts';

const PAGE_SIZE = 50;
/** Past this many rows a list asks for a filter rather than loading on. */
export const MAX_ROWS = 1000;

export function useAllowed(): (permission: Permission) => boolean {
  const { roles } = useMe();
  return useMemo(() => (permission: Permission) => can(roles, permission), [roles]);
}

/**
 * A list read page by page with the API's keyset cursor (`nextCursor`), newest first; `loadMore`
 * appends the next page, dropped if the filters changed meanwhile. Bounded at MAX_ROWS.
 */
function usePaged<T extends { id: number }>(name: string, path: string, query: Query, enabled: boolean) {
  const key = enabled ? `procurement:${name}:${JSON.stringify(query)}` : null;
  const list = useQuery<Page<T>>(key, () => api.get<Page<T>>(path, { ...query, limit: PAGE_SIZE }));
  const current = useRef(key);
  current.current = key;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const { data, setData } = list;
  const cursor = data && data.items.length < MAX_ROWS ? data.nextCursor : null;
  const loadMore = useCallback(() => {
    if (!cursor) return;
    const started = key;
    setLoadingMore(true);
    api.get<Page<T>>(path, { ...query, limit: PAGE_SIZE, cursor }).then(
      (page) => {
        setLoadingMore(false);
        setMoreError(null);
        if (current.current !== started) return;
        setData((loaded) => {
          const seen = new Set((loaded?.items ?? []).map((item) => item.id));
          return {
            items: [...(loaded?.items ?? []), ...page.items.filter((item) => !seen.has(item.id))],
            nextCursor: page.nextCursor,
          };
        });
      },
      (err: ApiError) => {
        setLoadingMore(false);
        setMoreError(err);
      },
    );
  }, [cursor, key, path, query, setData]);
  return { ...list, hasMore: cursor !== null, loadMore, loadingMore, moreError };
}

/** Requisitions (PRC-1, PRC-2), newest first, optionally of one status. */
export function useRequisitions(status: string) {
  const allowed = useAllowed();
  const query = useMemo(() => (status ? { status } : {}), [status]);
  return usePaged<Requisition>('requisitions', '/procurement/requisitions', query, allowed('procurement.requisitions.read'));
}

/** Counts for the headline: requisitions waiting on review and on planning (first page is enough to say "50+"). */
export function useHeadline() {
  const allowed = useAllowed();
  return useQuery(allowed('procurement.requisitions.read') ? 'procurement:headline' : null, async () => {
    const count = async (status: string) => {
      const page = await api.get<Page<Requisition>>('/procurement/requisitions', { status, limit: 100 });
      return { n: page.items.length, more: page.nextCursor !== null };
    };
    const overdue = allowed('procurement.contracts.read')
      ? await api.get<Page<Instalment>>('/procurement/instalments', { overdue: true, limit: 200 })
      : null;
    const [submitted, approved] = await Promise.all([count('submitted'), count('approved')]);
    return {
      submitted,
      approved,
      overdueInstalments: overdue?.items ?? null,
      overdueContracts: overdue ? new Set(overdue.items.map((i) => i.contractId)).size : null,
    };
  });
}

/** Requisition status labels in both languages (GET /procurement/vocabulary), by key. */
export function useStatusLabels() {
  return useQuery('procurement:vocabulary', async () => {
    const vocabulary = await api.get<{ requisitionStatuses: Array<{ key: string; label: Label }> }>('/procurement/vocabulary');
    return vocabulary.requisitionStatuses;
  });
}

/** Procurement plans (PRC-3) and the chosen one with its lines, deferrals and budgets. */
export function usePlans(selected: number | null) {
  const allowed = useAllowed();
  const enabled = allowed('procurement.plans.read');
  const list = usePaged<PlanSummary>('plans', '/procurement/plans', {}, enabled);
  const detail = useQuery(enabled && selected ? `procurement:plan:${selected}` : null, () =>
    api.get<Plan>(`/procurement/plans/${selected}`),
  );
  return { list, detail };
}

/** Requests for quotes (PRC-4) and the chosen one's bids in evaluation order. */
export function useSourcing(selected: number | null) {
  const allowed = useAllowed();
  const enabled = allowed('procurement.sourcing.read');
  const list = usePaged<Rfq>('rfqs', '/procurement/rfqs', {}, enabled);
  const detail = useQuery(enabled && selected ? `procurement:rfq:${selected}` : null, () =>
    api.get<RfqDetail>(`/procurement/rfqs/${selected}`),
  );
  const bids = useMemo(() => (detail.data ? rankedBids(detail.data.bids) : undefined), [detail.data]);
  return { enabled, list, detail, bids };
}

/** The contract register (PRC-5), optionally only those with a payment overdue, and the chosen contract's tracking (PRC-6). */
export function useContracts(onlyOverdue: boolean, selected: number | null) {
  const allowed = useAllowed();
  const enabled = allowed('procurement.contracts.read');
  const query = useMemo(() => (onlyOverdue ? { overdue: true } : {}), [onlyOverdue]);
  const list = usePaged<Contract>('contracts', '/procurement/contracts', query, enabled);
  const detail = useQuery(enabled && selected ? `procurement:contract:${selected}` : null, () =>
    api.get<ContractDetail>(`/procurement/contracts/${selected}`),
  );
  const due = useQuery(
    enabled ? 'procurement:instalments' : null,
    async () => (await api.get<Page<Instalment>>('/procurement/instalments', { limit: 20 })).items,
  );
  return { enabled, list, detail, due };
}

interface Department {
  id: string;
  name: string;
  nameZh: string | null;
}

/** Department names by id in the current language (GET /departments), for budgets and deferrals. */
export function useDepartmentNames(): ReadonlyMap<string, string> {
  const allowed = useAllowed();
  const locale = useLocale();
  const query = useQuery(
    allowed('departments.read') ? 'procurement:departments' : null,
    async () => (await api.get<{ items: Department[] }>('/departments')).items,
  );
  return useMemo(
    () => new Map((query.data ?? []).map((d) => [d.id, locale === 'zh' && d.nameZh ? d.nameZh : d.name])),
    [query.data, locale],
  );
}
