import { type FormEvent, memo, useState } from 'react';
import { evidenceSwipes } from '../../alerts/alerts-reducer.ts';
import type { Alert } from '../../alerts/types.ts';
import type { ApiError } from '../../api/client.ts';
import { useCommon, useFormat, useT } from '../../i18n/i18n.ts';
import { ErrorNote, SeverityBadge } from '../../ui/states.tsx';
import { messages } from './messages.ts';

export interface AlertActions {
  acknowledge(id: number): Promise<unknown>;
  resolve(id: number, note: string): Promise<unknown>;
  pending: boolean;
  error: ApiError | null;
}

/** One alert of a queue: what, how bad, since when, its evidence swipes, acknowledge and resolve (with a note). */
export const AlertCard = memo(function AlertCard({
  alert,
  actions,
  selected,
}: {
  alert: Alert;
  actions: AlertActions | null;
  selected: boolean;
}) {
  const t = useT(messages);
  const c = useCommon();
  const format = useFormat();
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const swipes = evidenceSwipes(alert);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!actions || note.trim() === '') return;
    void actions.resolve(alert.id, note.trim()).then(() => setResolving(false));
  };
  return (
    <li className={`card${selected ? ' card-selected' : ''}`} id={`alert-${alert.id}`} data-alert-id={alert.id}>
      <div className="card-head">
        <strong>
          <SeverityBadge severity={alert.severity} /> {alert.title}
        </strong>
        <span className={`badge ${alert.status === 'raised' ? 'badge-crit' : 'badge-muted'}`}>
          {t(`alerts.status.${alert.status}`)}
        </span>
      </div>
      <p>{alert.message}</p>
      <p className="meta">
        {t('alerts.raised', { time: format.dateTime(alert.raisedAt) })}
        {alert.occurrences > 1 ? ` · ${t('alerts.seen', { n: alert.occurrences, time: format.time(alert.lastSeenAt) })}` : ''}
        {alert.acknowledgedAt ? ` · ${t('alerts.acknowledged', { time: format.time(alert.acknowledgedAt) })}` : ''}
        {alert.escalationLevel > 0 ? ` · ${t('alerts.escalated', { n: alert.escalationLevel })}` : ''}
      </p>
      {swipes.length > 0 ? (
        <details open={selected || swipes.length <= 2}>
          <summary>{t('alerts.evidence')}</summary>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th>{t('feed.time')}</th>
                  <th>{t('feed.gate')}</th>
                  <th>{t('feed.card')}</th>
                  <th>{t('feed.direction')}</th>
                  <th>{t('feed.result')}</th>
                </tr>
              </thead>
              <tbody>
                {swipes.map((s) => (
                  <tr key={`${s.deviceId}-${s.ts}-${s.cardId}`}>
                    <td>{format.dateTime(s.ts)}</td>
                    <td>{s.deviceId}</td>
                    <td className="mono">{s.cardId}</td>
                    <td>{t(s.direction === 'in' ? 'feed.in' : 'feed.out')}</td>
                    <td>{t(s.granted ? 'feed.granted' : 'feed.denied')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
      {actions ? (
        <div className="row-actions">
          {alert.status === 'raised' ? (
            <button
              type="button"
              className="button-strong"
              disabled={actions.pending}
              onClick={() => void actions.acknowledge(alert.id)}
            >
              {t('alerts.acknowledge')}
            </button>
          ) : null}
          {resolving ? null : (
            <button type="button" onClick={() => setResolving(true)}>
              {t('alerts.resolve')}
            </button>
          )}
        </div>
      ) : null}
      {actions && resolving ? (
        <form className="form" onSubmit={submit}>
          <label>
            {t('alerts.note')}
            {/* biome-ignore lint/a11y/noAutofocus: the form opens on request; the note is what comes next. */}
            <textarea required maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} autoFocus />
          </label>
          <div className="form-row">
            <button type="submit" className="button-strong" disabled={actions.pending || note.trim() === ''}>
              {t('alerts.confirmResolve')}
            </button>
            <button type="button" onClick={() => setResolving(false)}>
              {c('action.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {actions ? <ErrorNote error={actions.error} /> : null}
    </li>
  );
});
