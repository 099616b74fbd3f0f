import { can } from '@campus/protocol';
import { useCallback, useMemo } from 'react';
import { useOpenAlerts } from '../../alerts/use-alerts.ts';
import { setSearch, useLocation } from '../../app/router.ts';
import { useMe } from '../../auth/use-me.ts';
import { useCommon, useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { Loadable } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import { HealthList, Postponements, StatsPanel, Workload } from './planner-panels.tsx';
import { TicketPanel } from './ticket-detail.tsx';
import type { Ticket } from './types.ts';
import {
  assetHealth,
  isAutomatic,
  QUEUE_LIMIT,
  type TicketFilter,
  usePlannerActions,
  usePostponements,
  useStats,
  useTechnicians,
  useTicketDetail,
  useTickets,
  useVocabulary,
} from './use-maintenance.ts';

function QueueItem({ ticket, selected, urgencyLabel }: { ticket: Ticket; selected: boolean; urgencyLabel: string | null }) {
  const t = useT(messages);
  const format = useFormat();
  const label = useLabel();
  return (
    <li className={`card${selected ? ' card-selected' : ''}`}>
      <button
        type="button"
        className="ticket-button"
        aria-current={selected ? 'true' : undefined}
        aria-label={t('ticket.select', { id: ticket.id })}
        onClick={() => setSearch({ ticket: String(ticket.id) })}
      >
        <span className="card-head">
          <strong>
            #{ticket.id} {ticket.title}
          </strong>
          <span>
            {isAutomatic(ticket) ? <span className="badge badge-warn">{t('ticket.auto')}</span> : null}{' '}
            {ticket.urgency ? (
              <span
                className={`badge ${ticket.urgency === 'critical' || ticket.urgency === 'high' ? 'badge-crit' : 'badge-muted'}`}
              >
                {urgencyLabel ?? ticket.urgency}
              </span>
            ) : null}
          </span>
        </span>
        <span className="meta">
          {label(ticket.statusLabel)} · {ticket.place.text} · {ticket.technician?.name ?? t('ticket.unassigned')} ·{' '}
          {format.relative(ticket.createdAt)}
          {ticket.sla.overdue ? ` · ${t('ticket.overdue')}` : ''}
        </span>
      </button>
    </li>
  );
}

export default function MaintenanceView() {
  const t = useT(messages);
  const c = useCommon();
  const label = useLabel();
  const me = useMe();
  const { search } = useLocation();
  const filter: TicketFilter = {
    status: search.get('status') ?? undefined,
    open: search.get('status') ? undefined : search.get('all') !== '1',
    urgency: search.get('urgency') ?? undefined,
    source: search.get('source') ?? undefined,
    overdue: search.get('overdue') === '1' ? true : undefined,
    unassignable: search.get('unassignable') === '1' ? true : undefined,
  };
  const selected = Number(search.get('ticket') ?? 0) || null;

  const vocabulary = useVocabulary();
  const queue = useTickets(filter);
  const allOpen = useTickets({ open: true });
  const detail = useTicketDetail(selected);
  const technicians = useTechnicians(me.roles);
  const postponements = usePostponements(me.roles);
  const alerts = useOpenAlerts(can(me.roles, 'alerts.read'));
  const { stats, analysis } = useStats(me.roles);
  const changed = useCallback(() => {
    queue.reload();
    allOpen.reload();
    detail.reload();
    technicians.reload();
    postponements.reload();
  }, [queue.reload, allOpen.reload, detail.reload, technicians.reload, postponements.reload]);
  const actions = usePlannerActions(changed);
  const health = useMemo(() => assetHealth(alerts.alerts, allOpen.data?.items ?? []), [alerts.alerts, allOpen.data]);
  const open = allOpen.data?.items ?? [];
  const techs = technicians.data?.items ?? [];

  return (
    <section className="page" aria-labelledby="maintenance-title">
      <div className="page-head">
        <h1 id="maintenance-title">{t('title')}</h1>
      </div>
      <div className="kpis">
        <div className="kpi">
          <div className="kpi-value">{open.length}</div>
          <div className="kpi-label">{t('kpi.open')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">
            {open.filter((x) => x.status === 'awaiting_assignment' || x.status === 'submitted').length}
          </div>
          <div className="kpi-label">{t('kpi.unassigned')}</div>
        </div>
        <div className={`kpi${open.some((x) => x.sla.overdue) ? ' kpi-crit' : ''}`}>
          <div className="kpi-value">{open.filter((x) => x.sla.overdue).length}</div>
          <div className="kpi-label">{t('kpi.overdue')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">{postponements.items.length}</div>
          <div className="kpi-label">{t('kpi.postponements')}</div>
        </div>
      </div>
      <div className="grid">
        <section className="panel" aria-labelledby="queue-title">
          <h2 id="queue-title">{t('queue.title')}</h2>
          <search className="filters">
            <label>
              {t('filter.status')}
              <select value={search.get('status') ?? ''} onChange={(e) => setSearch({ status: e.target.value })}>
                <option value="">{t('filter.open')}</option>
                {vocabulary.data?.statuses.map((s) => (
                  <option key={s.key} value={s.key}>
                    {label(s.label)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filter.urgency')}
              <select value={filter.urgency ?? ''} onChange={(e) => setSearch({ urgency: e.target.value })}>
                <option value="">{c('filter.all')}</option>
                {vocabulary.data?.urgencies.map((u) => (
                  <option key={u.key} value={u.key}>
                    {label(u.label)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filter.source')}
              <select value={filter.source ?? ''} onChange={(e) => setSearch({ source: e.target.value })}>
                <option value="">{c('filter.all')}</option>
                {vocabulary.data?.sources.map((s) => (
                  <option key={s.key} value={s.key}>
                    {label(s.label)}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.4rem' }}>
              <input
                type="checkbox"
                checked={filter.overdue === true}
                onChange={(e) => setSearch({ overdue: e.target.checked ? '1' : null })}
              />
              {t('filter.overdue')}
            </label>
            <label style={{ flexDirection: 'row', alignItems: 'center', gap: '0.4rem' }}>
              <input
                type="checkbox"
                checked={filter.unassignable === true}
                onChange={(e) => setSearch({ unassignable: e.target.checked ? '1' : null })}
              />
              {t('filter.unassignable')}
            </label>
          </search>
          <Loadable {...queue} empty={(page) => page.items.length === 0}>
            {(page) => (
              <>
                <ul className="list ticket-queue" aria-label={t('queue.title')}>
                  {page.items.map((ticket) => (
                    <QueueItem
                      key={ticket.id}
                      ticket={ticket}
                      selected={ticket.id === selected}
                      urgencyLabel={label(vocabulary.data?.urgencies.find((u) => u.key === ticket.urgency)?.label)}
                    />
                  ))}
                </ul>
                {page.nextCursor ? <p className="meta">{t('queue.more', { n: QUEUE_LIMIT })}</p> : null}
              </>
            )}
          </Loadable>
        </section>
        <section className="panel ticket-detail grid-span-2" aria-live="polite">
          {selected ? (
            <TicketPanel detail={detail} vocabulary={vocabulary.data} technicians={techs} actions={actions} />
          ) : (
            <p className="state">{t('ticket.none')}</p>
          )}
        </section>
        <section className="panel" aria-labelledby="postpone-title">
          <h2 id="postpone-title">{t('postpone.title')}</h2>
          <Postponements items={postponements.items} actions={actions} />
        </section>
        <section className="panel" aria-labelledby="workload-title">
          <h2 id="workload-title">{t('workload.title')}</h2>
          <Loadable {...technicians}>{(data) => <Workload technicians={data.items} />}</Loadable>
        </section>
        <section className="panel" aria-labelledby="health-title">
          <h2 id="health-title">{t('health.title')}</h2>
          <HealthList rows={health} />
        </section>
        <section className="panel grid-wide" aria-labelledby="stats-title">
          <h2 id="stats-title">{t('stats.title')}</h2>
          <StatsPanel stats={stats} analysis={analysis} />
        </section>
      </div>
    </section>
  );
}
