import { can } from '@campus/protocol';
import { useCallback, useMemo, useState } from 'react';
import { type ApiError, api, type Page } from '../../api/client.ts';
import { useMutation, useQuery } from '../../api/use-query.ts';
import { useMe } from '../../auth/use-me.ts';
import { useLocale } from '../../i18n/i18n.ts';
import type { ApprovalDetail, ApprovalRequest, Decision } from './api-types.ts';
import { decisionBody, groupInbox } from './inbox-logic.ts';

/** Requests reach the inbox through other people's work; the live channel does not carry them, so it is polled. */
const INBOX_POLL_MS = 30_000;
const PAGE_SIZE = 100;
/** The inbox stays bounded; more than this waiting on one person is a backlog to raise, not to scroll. */
export const MAX_INBOX = 500;

/**
 * The requests waiting on me (GET /approvals/inbox, oldest first, keyset by id), grouped by
 * kind; `loadMore` follows the cursor. Decided requests leave the list at once.
 */
export function useInbox() {
  const query = useQuery<Page<ApprovalRequest>>('approvals:inbox', () => api.get('/approvals/inbox', { limit: PAGE_SIZE }), {
    intervalMs: INBOX_POLL_MS,
  });
  const { data, setData } = query;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);
  const cursor = data && data.items.length < MAX_INBOX ? data.nextCursor : null;
  const loadMore = useCallback(() => {
    if (!cursor) return;
    setLoadingMore(true);
    api.get<Page<ApprovalRequest>>('/approvals/inbox', { limit: PAGE_SIZE, cursor }).then(
      (page) => {
        setLoadingMore(false);
        setMoreError(null);
        setData((loaded) => {
          const seen = new Set((loaded?.items ?? []).map((r) => r.id));
          return { items: [...(loaded?.items ?? []), ...page.items.filter((r) => !seen.has(r.id))], nextCursor: page.nextCursor };
        });
      },
      (err: ApiError) => {
        setLoadingMore(false);
        setMoreError(err);
      },
    );
  }, [cursor, setData]);
  const remove = useCallback(
    (id: number) => setData((loaded) => loaded && { ...loaded, items: loaded.items.filter((r) => r.id !== id) }),
    [setData],
  );
  const groups = useMemo(() => (data ? groupInbox(data.items) : undefined), [data]);
  return { ...query, groups, hasMore: cursor !== null, loadMore, loadingMore, moreError, remove };
}

/** A request with its full history and whether I may decide its current step (GET /approvals/requests/:id). */
export function useRequest(id: number | null) {
  const query = useQuery(id ? `approvals:request:${id}` : null, () => api.get<ApprovalDetail>(`/approvals/requests/${id}`));
  const decide = useMutation(async (decision: Decision, comment: string) =>
    api.post<ApprovalRequest>(`/approvals/requests/${id}/decision`, decisionBody(decision, comment)),
  );
  return { ...query, decide };
}

interface Department {
  id: string;
  name: string;
  nameZh: string | null;
}

/** Department names by id in the current language (GET /departments), so requests name departments, not codes. */
export function useDepartmentNames(): ReadonlyMap<string, string> {
  const { roles } = useMe();
  const locale = useLocale();
  const query = useQuery(
    can(roles, 'departments.read') ? 'approvals:departments' : null,
    async () => (await api.get<{ items: Department[] }>('/departments')).items,
  );
  return useMemo(
    () => new Map((query.data ?? []).map((d) => [d.id, locale === 'zh' && d.nameZh ? d.nameZh : d.name])),
    [query.data, locale],
  );
}
