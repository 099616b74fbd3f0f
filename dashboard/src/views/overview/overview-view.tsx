import { ALERT_CATEGORIES, ALERT_SEVERITIES, can } from '@campus/protocol';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useOpenAlerts } from '../../alerts/use-alerts.ts';
import { useMe } from '../../auth/use-me.ts';
import { useFormat, useLocale, useT } from '../../i18n/i18n.ts';
import { Loadable, SeverityBadge } from '../../ui/states.tsx';
import { totalOf } from './ingest-rate.ts';
import { messages } from './messages.ts';
import { useIngestRate, useOpenTickets, useStockRisks } from './use-overview.ts';

export default function OverviewView() {
  const t = useT(messages);
  const format = useFormat();
  const locale = useLocale();
  const me = useMe();
  const rate = useIngestRate();
  const alerts = useOpenAlerts(can(me.roles, 'alerts.read'));
  const tickets = useOpenTickets(me.roles);
  const stock = useStockRisks(me.roles);
  const latest = rate.latest;
  const now = rate.points.at(-1)?.rate ?? null;
  const urgent = alerts.alerts.filter((a) => a.severity === 'critical' || a.severity === 'emergency').length;

  return (
    <section className="page" aria-labelledby="overview-title">
      <h1 id="overview-title">{t('title')}</h1>
      <div className="kpis">
        <div className="kpi">
          <div className="kpi-value" data-testid="ingest-rate">
            {format.number(now, 0)}
          </div>
          <div className="kpi-label">{t('ingest.rate')}</div>
        </div>
        <div className={`kpi${urgent > 0 ? ' kpi-crit' : ''}`}>
          <div className="kpi-value">{alerts.data ? alerts.alerts.length : '—'}</div>
          <div className="kpi-label">{t('alerts.title')}</div>
        </div>
        {can(me.roles, 'maintenance.read') ? (
          <div className="kpi">
            <div className="kpi-value">
              {tickets.data
                ? tickets.data.nextCursor
                  ? t('tickets.more', { n: tickets.data.items.length })
                  : tickets.data.items.length
                : '—'}
            </div>
            <div className="kpi-label">
              {t('tickets.title')}
              {tickets.data ? ` · ${t('tickets.overdue', { n: tickets.data.items.filter((x) => x.sla.overdue).length })}` : ''}
            </div>
          </div>
        ) : null}
        {can(me.roles, 'catering.stock.read') ? (
          <div className={`kpi${(stock.data?.items.filter((s) => s.belowSafety).length ?? 0) > 0 ? ' kpi-crit' : ''}`}>
            <div className="kpi-value">{stock.data ? stock.data.items.filter((s) => s.belowSafety).length : '—'}</div>
            <div className="kpi-label">{t('stock.title')}</div>
          </div>
        ) : null}
      </div>
      <div className="grid">
        <section className="panel grid-wide" aria-labelledby="ingest-title">
          <h2 id="ingest-title">{t('ingest.title')}</h2>
          {rate.points.length === 0 ? <p className="state">{t('ingest.waiting')}</p> : null}
          <figure className="chart" style={{ margin: 0 }} aria-label={t('ingest.title')}>
            <ResponsiveContainer width="100%" height="100%">
              <AreaChart data={rate.points}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="at"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={(v: number) => format.time(v)}
                />
                <YAxis tickFormatter={(v: number) => format.number(v, 0)} />
                <Tooltip
                  labelFormatter={(v) => format.time(Number(v))}
                  formatter={(v) => [format.number(Number(v), 1), t('ingest.series')]}
                />
                <Area dataKey="rate" stroke="#0a5cad" fill="#0a5cad33" isAnimationActive={false} />
              </AreaChart>
            </ResponsiveContainer>
          </figure>
          {latest ? (
            <dl className="facts">
              <div>
                <dt>{t('ingest.total')}</dt>
                <dd>{format.number(totalOf(latest.stored), 0)}</dd>
              </div>
              <div>
                <dt>{t('ingest.rejected')}</dt>
                <dd>{format.number(totalOf(latest.rejected), 0)}</dd>
              </div>
              <div>
                <dt>{t('ingest.spool')}</dt>
                <dd>{format.number(latest.spool.rows, 0)}</dd>
              </div>
              <div>
                <dt>{t('ingest.latency')}</dt>
                <dd>{t('ingest.ms', { n: format.number(latest.commitLatencyMs.p99, 1) })}</dd>
              </div>
            </dl>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="ov-alerts-title">
          <h2 id="ov-alerts-title">{t('alerts.title')}</h2>
          <Loadable data={alerts.data} error={alerts.error} loading={alerts.loading} reload={alerts.reload}>
            {(list) => (
              <>
                <h3>{t('alerts.bySeverity')}</h3>
                <p>
                  {ALERT_SEVERITIES.map((s) => (
                    <span key={s} style={{ marginRight: '0.75rem' }}>
                      <SeverityBadge severity={s} /> {list.filter((a) => a.severity === s).length}
                    </span>
                  ))}
                </p>
                <h3>{t('alerts.byCategory')}</h3>
                <p>
                  {ALERT_CATEGORIES.map((cat) => (
                    <span key={cat} style={{ marginRight: '0.75rem' }}>
                      {t(`alerts.category.${cat}`)}: <strong>{list.filter((a) => a.category === cat).length}</strong>
                    </span>
                  ))}
                </p>
                <h3>{t('latest.title')}</h3>
                <ul className="list">
                  {list.slice(0, 6).map((a) => (
                    <li key={a.id} className="card">
                      <SeverityBadge severity={a.severity} /> {a.title}{' '}
                      <span className="meta">· {format.relative(a.lastSeenAt)}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Loadable>
        </section>
        {can(me.roles, 'catering.stock.read') ? (
          <section className="panel" aria-labelledby="stock-title">
            <h2 id="stock-title">{t('stock.title')}</h2>
            <Loadable {...stock}>
              {(data) => {
                const low = data.items.filter((s) => s.belowSafety);
                return low.length === 0 ? (
                  <p className="state">{t('stock.none')}</p>
                ) : (
                  <ul>
                    {low.map((s) => (
                      <li key={s.itemId}>
                        {t('stock.row', {
                          name: locale === 'zh' && s.nameZh ? s.nameZh : s.name,
                          qty: format.number(s.bookQuantity, 1),
                          unit: s.unit,
                          safety: format.number(s.safetyStock, 1),
                        })}
                      </li>
                    ))}
                  </ul>
                );
              }}
            </Loadable>
          </section>
        ) : null}
      </div>
    </section>
  );
}
