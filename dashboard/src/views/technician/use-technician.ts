import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';
import type { Ticket } from '../maintenance/types.ts';

export interface PartInput {
  name: string;
  quantity: number;
  cost: number;
}

export { localInputToIso } from '../../lib/local-time.ts';

/** The technician's steps on a ticket (POST …/confirm, …/work-logs, …/done, …/change-requests). */
export function useTechnicianActions(changed: () => void) {
  const after = useCallback(
    async <T>(work: Promise<T>) => {
      const result = await work;
      changed();
      return result;
    },
    [changed],
  );
  return {
    confirm: useMutation((id: number, input: { scheduledAt: string; contactMethod: string; place?: string; note?: string }) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/confirm`, input)),
    ),
    log: useMutation((id: number, input: { steps: string; minutes: number; parts: PartInput[] }) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/work-logs`, input)),
    ),
    done: useMutation((id: number, summary: string) =>
      after(api.post<Ticket>(`/maintenance/tickets/${id}/done`, summary ? { summary } : {})),
    ),
    change: useMutation((id: number, input: { reason: string; scheduledAt?: string }) =>
      after(api.post<{ ticket: Ticket; approvalId: number }>(`/maintenance/tickets/${id}/change-requests`, input)),
    ),
  };
}
