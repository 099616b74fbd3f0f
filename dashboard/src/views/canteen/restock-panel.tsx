import type { ApiError } from '../../api/client.ts';
import type { Formatters, Translate } from '../../i18n/i18n.ts';
import { ErrorNote } from '../../ui/states.tsx';
import type { Requisition } from './api-types.ts';
import type { messages } from './messages.ts';
import { stockItemOf } from './requisitions.ts';

type T = Translate<typeof messages.en>;

/** Restocking requisitions to confirm (drafts) or under review (IOT-7, CAT-5). */
export function RestockList({
  requisitions,
  itemNames,
  mayConfirm,
  confirming,
  error,
  confirmedId,
  onConfirm,
  t,
  fmt,
}: {
  requisitions: readonly Requisition[];
  /** Stock item id → its name in the current language (rule drafts carry only the id). */
  itemNames: ReadonlyMap<string, string>;
  mayConfirm: boolean;
  confirming: boolean;
  error: ApiError | null;
  confirmedId: number | null;
  onConfirm: (id: number) => void;
  t: T;
  fmt: Formatters;
}) {
  return (
    <>
      <ErrorNote error={error} />
      {confirmedId !== null ? (
        <p className="form-ok" role="status">
          {t('restock.confirmed', { id: confirmedId })}
        </p>
      ) : null}
      {requisitions.length === 0 ? (
        <p className="state">{t('restock.empty')}</p>
      ) : (
        <ul className="list">
          {requisitions.map((requisition) => {
            const item = stockItemOf(requisition) ?? requisition.itemName;
            const name = itemNames.get(item) ?? requisition.itemName;
            return (
              <li key={requisition.id} className="card">
                <div className="card-head">
                  <strong>
                    #{requisition.id} · {name}
                  </strong>
                  <span className={`badge ${requisition.status === 'draft' ? 'badge-warn' : 'badge-info'}`}>
                    {requisition.statusLabel[fmt.locale]}
                  </span>
                </div>
                <div className="meta">
                  {t('restock.item')}: <span className="mono">{item}</span> · {t('restock.quantity')}:{' '}
                  {fmt.number(requisition.quantity)} {requisition.unit}
                  {requisition.source === 'rule' ? ` · ${t('restock.byRule')}` : ''}
                </div>
                <div className="meta">
                  {t('restock.drafted')}: <time dateTime={requisition.createdAt}>{fmt.dateTime(requisition.createdAt)}</time>
                </div>
                <p className="cv-reason">{requisition.reason}</p>
                {mayConfirm && requisition.status === 'draft' ? (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button-strong"
                      disabled={confirming}
                      aria-label={t('restock.confirmLabel', { id: requisition.id, item: name })}
                      onClick={() => onConfirm(requisition.id)}
                    >
                      {t('restock.confirm')}
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
