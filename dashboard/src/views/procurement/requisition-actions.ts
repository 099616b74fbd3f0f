import { can, type Role } from '@campus/protocol';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';
import type { Requisition } from './api-types.ts';
import type { RequisitionEdit } from './requisition-edit.ts';

/** hub/src/contexts/procurement/requisition-workflow.ts: the statuses each step starts from. */
const SUBMITTABLE = ['draft', 'returned'];
const CANCELLABLE = ['draft', 'returned', 'approved'];
/** The hub lets drafts be edited too; the form is offered where a revision is expected (PRC-2). */
const REVISABLE = ['returned'];

/**
 * hub/src/contexts/procurement/policy.ts `mayChangeRequisition`: the requisition's department,
 * or the procurement office for any department. The hub decides; this only hides buttons that
 * would be refused.
 */
export function requisitionActionsFor(me: { roles: readonly Role[]; departmentId: string | null }, r: Requisition) {
  const mayChange =
    can(me.roles, 'procurement.requisitions.submit') &&
    (can(me.roles, 'procurement.plans.manage') || (me.departmentId !== null && me.departmentId === r.departmentId));
  return {
    submit: mayChange && SUBMITTABLE.includes(r.status),
    cancel: mayChange && CANCELLABLE.includes(r.status),
    revise: mayChange && REVISABLE.includes(r.status),
  };
}

/**
 * POST …/requisitions/:id/submit (confirm a rule's draft, resubmit a returned one), …/cancel, and
 * PATCH …/requisitions/:id followed by the resubmission (revise a returned one).
 */
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
    revise: useMutation(async (id: number, edit: RequisitionEdit) => {
      if (Object.keys(edit).length > 0) await api.patch<Requisition>(`/procurement/requisitions/${id}`, edit);
      try {
        return await api.post<Requisition>(`/procurement/requisitions/${id}/submit`);
      } finally {
        // A refused resubmission still leaves the revision saved: the list shows it.
        changed();
      }
    }),
  };
}
