import { type FormEvent, useState } from 'react';
import { useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import { EvidenceChart } from './evidence-chart.tsx';
import { messages } from './messages.ts';
import { ScheduleForm } from './schedule-form.tsx';
import { parseTrendEvidence } from './trend.ts';
import type { Technician, Ticket, TicketDetail, Urgency, Vocabulary } from './types.ts';
import { isAutomatic, type usePlannerActions } from './use-maintenance.ts';

type Actions = ReturnType<typeof usePlannerActions>;

function Facts({ ticket, vocabulary }: { ticket: Ticket; vocabulary: Vocabulary | undefined }) {
  const t = useT(messages);
  const format = useFormat();
  const label = useLabel();
  const fault = vocabulary?.faultTypes.find((f) => f.key === ticket.faultType)?.label;
  const urgency = vocabulary?.urgencies.find((u) => u.key === ticket.urgency)?.label;
  const rows: Array<[string, string]> = [
    [t('ticket.place'), ticket.place.text],
    [t('ticket.asset'), ticket.assetId ?? '—'],
    [t('ticket.faultType'), fault ? label(fault) : (ticket.faultType ?? '—')],
    [t('ticket.urgency'), urgency ? label(urgency) : (ticket.urgency ?? '—')],
    [t('ticket.requester'), ticket.requesterName],
    [t('ticket.technician'), ticket.technician?.name ?? t('ticket.unassigned')],
    [
      t('ticket.planned'),
      ticket.plannedWindow
        ? t('ticket.window', { from: format.dateTime(ticket.plannedWindow.from), to: format.dateTime(ticket.plannedWindow.to) })
        : '—',
    ],
    [t('ticket.scheduled'), format.dateTime(ticket.scheduledAt)],
    [
      t('ticket.respondBy'),
      `${format.dateTime(ticket.sla.respondBy)}${ticket.sla.respondOverdue ? ` (${t('ticket.overdue')})` : ''}`,
    ],
    [
      t('ticket.resolveBy'),
      `${format.dateTime(ticket.sla.resolveBy)}${ticket.sla.resolveOverdue ? ` (${t('ticket.overdue')})` : ''}`,
    ],
    [t('ticket.created'), format.dateTime(ticket.createdAt)],
  ];
  if (ticket.dispatchReason) rows.push([t('ticket.dispatch'), ticket.dispatchReason]);
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function TriageForm({ ticket, vocabulary, actions }: { ticket: Ticket; vocabulary: Vocabulary | undefined; actions: Actions }) {
  const t = useT(messages);
  const label = useLabel();
  const [inScope, setInScope] = useState(true);
  const [reason, setReason] = useState('');
  const [faultType, setFaultType] = useState(ticket.faultType ?? 'other');
  const [urgency, setUrgency] = useState<Urgency>(ticket.urgency ?? 'normal');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void actions.triage.run(ticket.id, inScope ? { inScope, faultType, urgency } : { inScope, reason });
  };
  return (
    <form className="form" onSubmit={submit} aria-label={t('triage.title')}>
      <h3>{t('triage.title')}</h3>
      <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.5rem' }}>
        <input type="checkbox" checked={inScope} onChange={(e) => setInScope(e.target.checked)} />
        {t('triage.inScope')}
      </label>
      {inScope ? (
        <div className="form-row">
          <label>
            {t('ticket.faultType')}
            <select value={faultType} onChange={(e) => setFaultType(e.target.value)}>
              {vocabulary?.faultTypes.map((f) => (
                <option key={f.key} value={f.key}>
                  {label(f.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('ticket.urgency')}
            <select value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
              {vocabulary?.urgencies.map((u) => (
                <option key={u.key} value={u.key}>
                  {label(u.label)}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <label>
          {t('triage.reason')}
          <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <ErrorNote error={actions.triage.error} />
      <div>
        <button type="submit" className="button-strong" disabled={actions.triage.pending}>
          {t('triage.submit')}
        </button>
      </div>
    </form>
  );
}

function AssignForm({ ticket, technicians, actions }: { ticket: Ticket; technicians: readonly Technician[]; actions: Actions }) {
  const t = useT(messages);
  const [technicianId, setTechnicianId] = useState('');
  const [override, setOverride] = useState('');
  const needsOverride = actions.assign.error?.code === 'not_qualified';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!technicianId) return;
    void actions.assign.run(ticket.id, Number(technicianId), override.trim() || undefined).then((done) => {
      if (done) {
        setTechnicianId('');
        setOverride('');
      }
    });
  };
  const sorted = [...technicians].sort((a, b) => a.workload.weighted - b.workload.weighted || a.name.localeCompare(b.name));
  return (
    <form className="form" onSubmit={submit} aria-label={t('assign.title')}>
      <h3>{ticket.technician ? t('assign.reassign') : t('assign.title')}</h3>
      <label>
        {t('assign.technician')}
        <select name="technician" value={technicianId} onChange={(e) => setTechnicianId(e.target.value)} required>
          <option value="">{t('assign.choose')}</option>
          {sorted
            .filter((tech) => tech.id !== ticket.technician?.id)
            .map((tech) => (
              <option key={tech.id} value={tech.id}>
                {t('assign.option', {
                  name: tech.name,
                  open: tech.workload.open,
                  load: tech.workload.weighted,
                  shift: tech.onShift ? t('assign.onShift') : '',
                })}
              </option>
            ))}
        </select>
      </label>
      {needsOverride || override ? (
        <label>
          {t('assign.override')}
          <textarea value={override} onChange={(e) => setOverride(e.target.value)} required />
        </label>
      ) : null}
      <ErrorNote error={actions.assign.error} />
      <div>
        <button type="submit" className="button-strong" disabled={actions.assign.pending || !technicianId}>
          {t('assign.submit')}
        </button>
      </div>
    </form>
  );
}

function CloseForms({ ticket, actions }: { ticket: Ticket; actions: Actions }) {
  const t = useT(messages);
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState('5');
  const mayCancel = ['submitted', 'awaiting_assignment', 'assigned', 'scheduled'].includes(ticket.status);
  const mayAccept = ticket.status === 'awaiting_acceptance';
  if (!mayCancel && !mayAccept) return null;
  return (
    <details>
      <summary>{t('close.title')}</summary>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (mayAccept) void actions.acceptOnBehalf.run(ticket.id, Number(rating), reason.trim());
          else void actions.cancel.run(ticket.id, reason.trim());
        }}
      >
        <h3>{mayAccept ? t('close.acceptOnBehalf') : t('close.cancel')}</h3>
        {mayAccept ? (
          <label>
            {t('close.rating')}
            <select value={rating} onChange={(e) => setRating(e.target.value)}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {'★'.repeat(n)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {mayAccept ? t('close.onBehalfReason') : t('close.reason')}
          <textarea required value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <ErrorNote error={actions.cancel.error ?? actions.acceptOnBehalf.error} />
        <div>
          <button type="submit" className={mayAccept ? 'button-strong' : 'button-danger'} disabled={reason.trim() === ''}>
            {mayAccept ? t('close.submitAccept') : t('close.submitCancel')}
          </button>
        </div>
      </form>
    </details>
  );
}

export function TicketPanel({
  detail,
  vocabulary,
  technicians,
  actions,
}: {
  detail: {
    data: TicketDetail | undefined;
    error: import('../../api/client.ts').ApiError | null;
    loading: boolean;
    reload(): void;
  };
  vocabulary: Vocabulary | undefined;
  technicians: readonly Technician[];
  actions: Actions;
}) {
  const t = useT(messages);
  const format = useFormat();
  const label = useLabel();
  return (
    <Loadable data={detail.data} error={detail.error} loading={detail.loading} reload={detail.reload}>
      {({ ticket, history }) => {
        const trend = parseTrendEvidence(ticket.evidence);
        const assignable = ['awaiting_assignment', 'assigned', 'scheduled', 'in_progress', 'rework'].includes(ticket.status);
        return (
          <article aria-labelledby="ticket-title" data-ticket-id={ticket.id}>
            <div className="card-head">
              <h2 id="ticket-title">
                #{ticket.id} {ticket.title}
              </h2>
              <span className="badge badge-info">{label(ticket.statusLabel)}</span>
            </div>
            {isAutomatic(ticket) ? <span className="badge badge-warn">{t('ticket.auto')}</span> : null}
            <p>{ticket.description}</p>
            {ticket.pendingChange ? (
              <p className="badge badge-warn">{t('ticket.pendingChange', { reason: ticket.pendingChange.reason })}</p>
            ) : null}
            <Facts ticket={ticket} vocabulary={vocabulary} />
            {trend ? (
              <section aria-label={t('evidence.title')}>
                <h3>{t('evidence.title')}</h3>
                <EvidenceChart evidence={trend} />
              </section>
            ) : ticket.evidence ? (
              <details>
                <summary>{t('evidence.other')}</summary>
                <pre className="mono" style={{ whiteSpace: 'pre-wrap' }}>
                  {JSON.stringify(ticket.evidence, null, 2)}
                </pre>
              </details>
            ) : null}
            {['submitted', 'awaiting_assignment'].includes(ticket.status) && !ticket.technician ? (
              <TriageForm key={`triage-${ticket.id}`} ticket={ticket} vocabulary={vocabulary} actions={actions} />
            ) : null}
            {assignable ? (
              <AssignForm key={`assign-${ticket.id}`} ticket={ticket} technicians={technicians} actions={actions} />
            ) : null}
            {assignable ? (
              <ScheduleForm
                key={`schedule-${ticket.id}-${ticket.plannedWindow?.from ?? ''}-${ticket.plannedWindow?.to ?? ''}`}
                ticket={ticket}
                schedule={actions.schedule}
              />
            ) : null}
            <CloseForms key={`close-${ticket.id}`} ticket={ticket} actions={actions} />
            <h3>{t('ticket.history')}</h3>
            <ol className="meta">
              {history.map((h) => (
                <li key={`${h.at}-${h.kind}`}>
                  {format.dateTime(h.at)} · {h.actorName} · {h.kind}
                  {h.note ? ` — ${h.note}` : ''}
                </li>
              ))}
            </ol>
          </article>
        );
      }}
    </Loadable>
  );
}
