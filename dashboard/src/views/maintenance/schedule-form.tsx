import { type FormEvent, useState } from 'react';
import type { MutationState } from '../../api/use-query.ts';
import { useFormat, useT } from '../../i18n/i18n.ts';
import { isoToLocalInput, localInputToIso } from '../../lib/local-time.ts';
import { ErrorNote } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import type { Ticket } from './types.ts';

export type ScheduleAction = MutationState<[id: number, window: { from: string; to: string; note?: string }], Ticket>;

/** MNT-3: the planner books the work into a window; the technician then agrees the visit within it. */
export function ScheduleForm({ ticket, schedule }: { ticket: Ticket; schedule: ScheduleAction }) {
  const t = useT(messages);
  const format = useFormat();
  const [from, setFrom] = useState(ticket.plannedWindow ? isoToLocalInput(ticket.plannedWindow.from) : '');
  const [to, setTo] = useState(ticket.plannedWindow ? isoToLocalInput(ticket.plannedWindow.to) : '');
  const [note, setNote] = useState('');
  const reversed = from !== '' && to !== '' && to <= from;
  // The hub accepts a window past the deadline (the planner may know better), but says so first.
  const pastDeadline =
    to !== '' && ticket.sla.resolveBy !== null && new Date(to).getTime() > new Date(ticket.sla.resolveBy).getTime();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!from || !to || reversed) return;
    void schedule
      .run(ticket.id, { from: localInputToIso(from), to: localInputToIso(to), ...(note.trim() ? { note: note.trim() } : {}) })
      .then((done) => {
        if (done) setNote('');
      });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('schedule.title')}>
      <h3>{ticket.plannedWindow ? t('schedule.replan') : t('schedule.title')}</h3>
      {ticket.plannedWindow ? (
        <p className="meta">
          {t('schedule.current', {
            from: format.dateTime(ticket.plannedWindow.from),
            to: format.dateTime(ticket.plannedWindow.to),
          })}
        </p>
      ) : null}
      <div className="form-row">
        <label>
          {t('schedule.from')}
          <input type="datetime-local" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('schedule.to')}
          <input
            type="datetime-local"
            required
            value={to}
            min={from || undefined}
            aria-invalid={reversed || undefined}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
      </div>
      {reversed ? (
        <p className="form-error" role="alert">
          {t('schedule.reversed')}
        </p>
      ) : null}
      {pastDeadline && !reversed ? <p className="badge badge-warn">{t('schedule.pastDeadline')}</p> : null}
      <label>
        {t('schedule.note')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorNote error={schedule.error} />
      <div>
        <button type="submit" className="button-strong" disabled={schedule.pending || !from || !to || reversed}>
          {t('schedule.submit')}
        </button>
      </div>
    </form>
  );
}
