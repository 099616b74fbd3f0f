import { type FormEvent, useCallback, useState } from 'react';
import { setSearch, useLocation } from '../../app/router.ts';
import { useCommon, useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import type { Ticket, TicketDetail } from '../maintenance/types.ts';
import { useTicketDetail, useTickets } from '../maintenance/use-maintenance.ts';
import { messages } from './messages.ts';
import { localInputToIso, type PartInput, useTechnicianActions } from './use-technician.ts';

type Actions = ReturnType<typeof useTechnicianActions>;

function ConfirmForm({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT(messages);
  const [when, setWhen] = useState('');
  const [how, setHow] = useState('phone');
  const [place, setPlace] = useState('');
  const [note, setNote] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void actions.confirm.run(ticket.id, {
      scheduledAt: localInputToIso(when),
      contactMethod: how,
      ...(place.trim() ? { place: place.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  };
  return (
    <form className="form panel" onSubmit={submit}>
      <h2>{t('confirm.title')}</h2>
      <label>
        {t('confirm.when')}
        <input type="datetime-local" required value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <label>
        {t('confirm.how')}
        <select value={how} onChange={(e) => setHow(e.target.value)}>
          <option value="phone">{t('confirm.phone')}</option>
          <option value="message">{t('confirm.message')}</option>
          <option value="in_person">{t('confirm.in_person')}</option>
        </select>
      </label>
      <label>
        {t('confirm.place')}
        <input value={place} onChange={(e) => setPlace(e.target.value)} />
      </label>
      <label>
        {t('confirm.note')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <ErrorNote error={actions.confirm.error} />
      <button type="submit" className="button-strong" disabled={actions.confirm.pending || !when}>
        {t('confirm.submit')}
      </button>
    </form>
  );
}

function WorkLogForm({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT(messages);
  const [steps, setSteps] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [parts, setParts] = useState<Array<{ name: string; quantity: string; cost: string }>>([]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list: PartInput[] = parts
      .filter((p) => p.name.trim())
      .map((p) => ({ name: p.name.trim(), quantity: Number(p.quantity) || 1, cost: Number(p.cost) || 0 }));
    void actions.log.run(ticket.id, { steps: steps.trim(), minutes: Number(minutes) || 0, parts: list }).then((done) => {
      if (done) {
        setSteps('');
        setParts([]);
      }
    });
  };
  const update = (i: number, field: 'name' | 'quantity' | 'cost', value: string) =>
    setParts((list) => list.map((p, j) => (j === i ? { ...p, [field]: value } : p)));
  return (
    <form className="form panel" onSubmit={submit}>
      <h2>{t('log.title')}</h2>
      <label>
        {t('log.steps')}
        <textarea required value={steps} onChange={(e) => setSteps(e.target.value)} />
      </label>
      <label>
        {t('log.minutes')}
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={1440}
          required
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('log.parts')}</legend>
        {parts.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and have no id until saved.
          <div className="form-row" key={i}>
            <label>
              {t('log.partName')}
              <input value={p.name} onChange={(e) => update(i, 'name', e.target.value)} required />
            </label>
            <label>
              {t('log.quantity')}
              <input
                type="number"
                inputMode="decimal"
                min={0}
                step="any"
                value={p.quantity}
                onChange={(e) => update(i, 'quantity', e.target.value)}
                style={{ width: '5rem' }}
              />
            </label>
            <label>
              {t('log.cost')}
              <input
                type="number"
                inputMode="decimal"
                min={0}
                step="0.01"
                value={p.cost}
                onChange={(e) => update(i, 'cost', e.target.value)}
                style={{ width: '7rem' }}
              />
            </label>
            <button
              type="button"
              aria-label={t('log.removePart', { n: i + 1 })}
              onClick={() => setParts((list) => list.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setParts((list) => [...list, { name: '', quantity: '1', cost: '0' }])}>
          {t('log.addPart')}
        </button>
      </fieldset>
      <ErrorNote error={actions.log.error} />
      <button type="submit" className="button-strong" disabled={actions.log.pending || !steps.trim()}>
        {t('log.submit')}
      </button>
    </form>
  );
}

function DoneForm({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT(messages);
  const [summary, setSummary] = useState('');
  return (
    <form
      className="form panel"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.done.run(ticket.id, summary.trim());
      }}
    >
      <h2>{t('done.title')}</h2>
      <label>
        {t('done.summary')}
        <textarea value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <ErrorNote error={actions.done.error} />
      <button type="submit" className="button-strong" disabled={actions.done.pending}>
        {t('done.submit')}
      </button>
    </form>
  );
}

function ChangeForm({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT(messages);
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState('');
  if (ticket.pendingChange) return <p className="badge badge-warn">{t('change.pending')}</p>;
  return (
    <details className="panel">
      <summary>{t('change.title')}</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.change.run(ticket.id, { reason: reason.trim(), ...(when ? { scheduledAt: localInputToIso(when) } : {}) });
        }}
      >
        <label>
          {t('change.reason')}
          <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          {t('change.when')}
          <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
        </label>
        <ErrorNote error={actions.change.error} />
        <button type="submit" disabled={actions.change.pending || !reason.trim()}>
          {t('change.submit')}
        </button>
      </form>
    </details>
  );
}

function TicketView({ detail, actions }: { detail: TicketDetail; actions: Actions }) {
  const t = useT(messages);
  const c = useCommon();
  const format = useFormat();
  const label = useLabel();
  const { ticket, workLogs } = detail;
  const s = ticket.status;
  return (
    <article className="page" aria-labelledby="tech-ticket">
      <button type="button" onClick={() => setSearch({ ticket: null })}>
        ← {t('back')}
      </button>
      <div className="panel">
        <div className="card-head">
          <h2 id="tech-ticket">
            #{ticket.id} {ticket.title}
          </h2>
          <span className="badge badge-info">{label(ticket.statusLabel)}</span>
        </div>
        <p>{ticket.description}</p>
        <p>
          <strong>{t('place')}:</strong> {ticket.visitPlace ?? ticket.place.text}
        </p>
        {ticket.plannedWindow ? (
          <p>
            <strong>{t('planned')}:</strong>{' '}
            {t('window', { from: format.dateTime(ticket.plannedWindow.from), to: format.dateTime(ticket.plannedWindow.to) })}
          </p>
        ) : null}
        {ticket.scheduledAt ? (
          <p>
            <strong>{t('visit')}:</strong> {format.dateTime(ticket.scheduledAt)}
          </p>
        ) : null}
        {ticket.contactPhone ? (
          <p>
            <strong>{t('contact')}:</strong> <a href={`tel:${ticket.contactPhone}`}>{ticket.contactPhone}</a>
          </p>
        ) : null}
        <p className="meta">
          {t('due', { time: format.dateTime(ticket.sla.resolveBy) })}
          {ticket.sla.overdue ? ` · ${t('overdue')}` : ''}
        </p>
      </div>
      {s === 'assigned' || s === 'rework' ? <ConfirmForm ticket={ticket} actions={actions} /> : null}
      {s === 'scheduled' || s === 'in_progress' || s === 'rework' ? <WorkLogForm ticket={ticket} actions={actions} /> : null}
      {s === 'in_progress' ? <DoneForm ticket={ticket} actions={actions} /> : null}
      {s === 'scheduled' || s === 'in_progress' || s === 'rework' ? <ChangeForm ticket={ticket} actions={actions} /> : null}
      {workLogs.length > 0 ? (
        <section className="panel">
          <h2>{t('log.title')}</h2>
          <ul className="list">
            {workLogs.map((w) => (
              <li key={w.id} className="card">
                <p className="meta">
                  {t('log.entry', { time: format.dateTime(w.at), minutes: w.minutes, name: w.technicianName })}
                </p>
                <p>{w.steps}</p>
                {w.parts.length > 0 ? (
                  <ul>
                    {w.parts.map((p) => (
                      <li key={p.name}>
                        {t('log.partLine', { name: p.name, qty: format.number(p.quantity, 2), cost: format.currency(p.cost) })}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {actions.confirm.pending || actions.log.pending ? <p role="status">{c('state.loading')}</p> : null}
    </article>
  );
}

export default function TechnicianView() {
  const t = useT(messages);
  const format = useFormat();
  const label = useLabel();
  const { search } = useLocation();
  const selected = Number(search.get('ticket') ?? 0) || null;
  const tickets = useTickets({ open: true });
  const detail = useTicketDetail(selected);
  const changed = useCallback(() => {
    tickets.reload();
    detail.reload();
  }, [tickets.reload, detail.reload]);
  const actions = useTechnicianActions(changed);
  if (selected) {
    return <Loadable {...detail}>{(d) => <TicketView detail={d} actions={actions} />}</Loadable>;
  }
  return (
    <section className="page" aria-labelledby="tech-title">
      <h1 id="tech-title">{t('title')}</h1>
      <Loadable {...tickets}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="state">{t('empty')}</p>
          ) : (
            <ul className="list">
              {page.items.map((ticket) => (
                <li key={ticket.id} className="card">
                  <button
                    type="button"
                    className="ticket-button"
                    aria-label={t('open', { id: ticket.id })}
                    onClick={() => setSearch({ ticket: String(ticket.id) })}
                  >
                    <span className="card-head">
                      <strong>
                        #{ticket.id} {ticket.title}
                      </strong>
                      <span className="badge badge-info">{label(ticket.statusLabel)}</span>
                    </span>
                    <span className="meta">
                      {ticket.visitPlace ?? ticket.place.text}
                      {ticket.scheduledAt ? ` · ${format.dateTime(ticket.scheduledAt)}` : ''}
                      {ticket.sla.overdue ? ` · ${t('overdue')}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </section>
  );
}
