import { can, type Role } from '@campus/protocol';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';
import type { Requisition } from './api-types.ts';

/** hub/src/contexts/procurement/requisition-workflow.ts: the statuses each step starts from. */
const SUBMITTABLE = ['draft', 'returned'];
const CANCELLABLE = ['draft', 'returned', 'approved'];

/**
 * hub/src/contexts/procurement/policy.ts `mayChangeRequisition`: the requisition's department,
 * or the procurement office for any department. The hub decides; this only hides buttons that
 * would be refused.
 */
export function requisitionActionsFor(me: { roles: readonly Role[]; departmentId: string | null }, r: Requisition) {
  const mayChange =
    can(me.roles, 'procurement.requisitions.submit') &&
    (can(me.roles, 'procurement.plans.manage') || (me.departmentId !== null && me.departmentId === r.departmentId));
  return { submit: mayChange && SUBMITTABLE.includes(r.status), cancel: mayChange && CANCELLABLE.includes(r.status) };
}

/** POST …/requisitions/:id/submit (confirm a rule's draft, resubmit a returned one) and …/cancel. */
export function useRequisitionActions(changed: () => void) {
  const after = useCallback(
    async (work: Promise<Requisition>) => {
      const result = await work;
      changed();
      return result;
    },
    [changed],
  );
  return {
    submit: useMutation((id: number) => after(api.post<Requisition>(`/procurement/requisitions/${id}/submit`))),
    cancel: useMutation((id: number, reason: string) =>
      after(api.post<Requisition>(`/procurement/requisitions/${id}/cancel`, { reason })),
    ),
  };
}
