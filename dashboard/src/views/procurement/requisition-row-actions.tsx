import { useState } from 'react';
import type { MutationState } from '../../api/use-query.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { ErrorNote } from '../../ui/states.tsx';
import type { Requisition } from './api-types.ts';
import type { messages } from './messages.ts';

type T = Translate<typeof messages.en>;

export interface RequisitionRowActionsProps {
  requisition: Requisition;
  allowed: { submit: boolean; cancel: boolean; revise: boolean };
  submit: MutationState<[id: number], Requisition>;
  cancel: MutationState<[id: number, reason: string], Requisition>;
  /** Opens the revision form (the panel shows it under the row: it needs more room than a cell). */
  onRevise: () => void;
  t: T;
}

/** PRC-1/PRC-2: confirm a draft (a rule's included), resubmit a returned one as is or revised; withdraw with a reason. */
export function RequisitionRowActions({ requisition, allowed, submit, cancel, onRevise, t }: RequisitionRowActionsProps) {
  const [withdrawing, setWithdrawing] = useState(false);
  const [reason, setReason] = useState('');
  if (!allowed.submit && !allowed.cancel && !allowed.revise) return null;
  const name = { id: requisition.id, item: requisition.itemName };
  return (
    <div className="row-actions">
      {allowed.submit ? (
        <button
          type="button"
          className="button-strong"
          disabled={submit.pending}
          aria-label={t(requisition.status === 'returned' ? 'reqAction.resubmitLabel' : 'reqAction.submitLabel', name)}
          onClick={() => void submit.run(requisition.id)}
        >
          {t(requisition.status === 'returned' ? 'reqAction.resubmit' : 'reqAction.submit')}
        </button>
      ) : null}
      {allowed.revise ? (
        <button type="button" aria-label={t('reqAction.reviseLabel', name)} onClick={onRevise}>
          {t('reqAction.revise')}
        </button>
      ) : null}
      {allowed.cancel && !withdrawing ? (
        <button type="button" aria-label={t('reqAction.cancelLabel', name)} onClick={() => setWithdrawing(true)}>
          {t('reqAction.cancel')}
        </button>
      ) : null}
      {withdrawing ? (
        <form
          className="form"
          aria-label={t('reqAction.cancelLabel', name)}
          onSubmit={(e) => {
            e.preventDefault();
            void cancel.run(requisition.id, reason.trim()).then((done) => {
              if (done) setWithdrawing(false);
            });
          }}
        >
          <label>
            {t('reqAction.reason')}
            <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="row-actions">
            <button type="submit" className="button-danger" disabled={cancel.pending || reason.trim() === ''}>
              {t('reqAction.confirmCancel')}
            </button>
            <button type="button" onClick={() => setWithdrawing(false)}>
              {t('reqAction.keep')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNote error={submit.error ?? cancel.error} />
    </div>
  );
}
