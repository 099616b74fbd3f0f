import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiError } from '../../api/client.ts';
import { useCommon, useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable, SeverityBadge } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import type { Analysis, ApprovalRequest, Stats, Technician } from './types.ts';
import type { AssetHealth, usePlannerActions } from './use-maintenance.ts';

type Actions = ReturnType<typeof usePlannerActions>;

export function Postponements({ items, actions }: { items: readonly ApprovalRequest[]; actions: Actions }) {
  const t = useT(messages);
  const format = useFormat();
  const [comments, setComments] = useState<Record<number, string>>({});
  if (items.length === 0) return <p className="state">{t('postpone.empty')}</p>;
  return (
    <ul className="list">
      {items.map((r) => {
        const comment = comments[r.id] ?? '';
        const when = typeof r.payload.scheduledAt === 'string' ? r.payload.scheduledAt : null;
        const plan = typeof r.payload.plan === 'string' ? r.payload.plan : null;
        const reason = typeof r.payload.reason === 'string' ? r.payload.reason : null;
        return (
          <li key={r.id} className="card" data-approval-id={r.id}>
            <strong>{r.title}</strong>
            <p className="meta">{t('postpone.by', { name: r.requesterName, time: format.dateTime(r.createdAt) })}</p>
            {reason ? <p>{reason}</p> : null}
            {when ? <p>{t('postpone.to', { time: format.dateTime(when) })}</p> : null}
            {plan ? <p>{t('postpone.plan', { plan })}</p> : null}
            <label>
              {t('postpone.comment')}
              <input value={comment} onChange={(e) => setComments((c) => ({ ...c, [r.id]: e.target.value }))} />
            </label>
            <div className="row-actions">
              <button
                type="button"
                className="button-strong"
                disabled={actions.decide.pending}
                onClick={() => void actions.decide.run(r.id, 'approve', comment.trim() || undefined)}
              >
                {t('postpone.approve')}
              </button>
              <button
                type="button"
                className="button-danger"
                disabled={actions.decide.pending || comment.trim() === ''}
                onClick={() => void actions.decide.run(r.id, 'reject', comment.trim())}
              >
                {t('postpone.reject')}
              </button>
            </div>
          </li>
        );
      })}
      <ErrorNote error={actions.decide.error} />
    </ul>
  );
}

export function Workload({ technicians }: { technicians: readonly Technician[] }) {
  const t = useT(messages);
  const data = [...technicians]
    .sort((a, b) => b.workload.weighted - a.workload.weighted)
    .map((tech) => ({ name: tech.name, open: tech.workload.open, weighted: tech.workload.weighted, onShift: tech.onShift }));
  return (
    <>
      <figure className="chart" style={{ margin: 0 }} aria-label={t('workload.title')}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout="vertical" margin={{ left: 16, right: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={110} />
            <Tooltip />
            <Legend />
            <Bar dataKey="open" name={t('workload.open')} fill="#0a5cad" isAnimationActive={false} />
            <Bar dataKey="weighted" name={t('workload.weighted')} fill="#7a4a00" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <table>
        <thead>
          <tr>
            <th>{t('workload.name')}</th>
            <th>{t('workload.open')}</th>
            <th>{t('workload.weighted')}</th>
            <th>{t('workload.shift')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((row) => (
            <tr key={row.name}>
              <td>{row.name}</td>
              <td>{row.open}</td>
              <td>{row.weighted}</td>
              <td>{t(row.onShift ? 'workload.yes' : 'workload.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function HealthList({ rows }: { rows: readonly AssetHealth[] }) {
  const t = useT(messages);
  if (rows.length === 0) return <p className="state">{t('health.empty')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>{t('health.asset')}</th>
            <th>{t('health.risk')}</th>
            <th>{t('health.alerts')}</th>
            <th>{t('health.tickets')}</th>
            <th>{t('health.worst')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 20).map((row) => (
            <tr key={row.assetId}>
              <td className="mono">{row.assetId}</td>
              <td>
                <meter
                  min={0}
                  max={40}
                  high={20}
                  low={8}
                  optimum={0}
                  value={Math.min(row.risk, 40)}
                  aria-label={t('health.risk')}
                />{' '}
                {row.risk}
              </td>
              <td>{row.alerts}</td>
              <td>{row.tickets}</td>
              <td>{row.worst ? <SeverityBadge severity={row.worst} /> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function StatsPanel({
  stats,
  analysis,
}: {
  stats: { data: Stats | undefined; error: ApiError | null; loading: boolean; reload(): void };
  analysis: { data: Analysis | undefined; error: ApiError | null; loading: boolean; reload(): void };
}) {
  const t = useT(messages);
  const c = useCommon();
  const format = useFormat();
  const label = useLabel();
  return (
    <>
      <Loadable {...stats}>
        {(s) => (
          <>
            <div className="kpis">
              <div className="kpi">
                <div className="kpi-value">{format.number(s.total, 0)}</div>
                <div className="kpi-label">{t('stats.total')}</div>
              </div>
              <div className="kpi">
                <div className="kpi-value">
                  {s.meanMinutesToRespond === null ? '—' : c('unit.minutes', { n: format.number(s.meanMinutesToRespond, 0) })}
                </div>
                <div className="kpi-label">{t('stats.respond')}</div>
              </div>
              <div className="kpi">
                <div className="kpi-value">
                  {s.meanMinutesToRepair === null ? '—' : c('unit.minutes', { n: format.number(s.meanMinutesToRepair, 0) })}
                </div>
                <div className="kpi-label">{t('stats.repair')}</div>
              </div>
              <div className="kpi">
                <div className="kpi-value">{format.number(s.meanRating, 1)}</div>
                <div className="kpi-label">{t('stats.rating')}</div>
              </div>
              <div className="kpi">
                <div className="kpi-value">{format.currency(s.costs.total)}</div>
                <div className="kpi-label">{t('stats.cost')}</div>
              </div>
            </div>
            <h3>{t('stats.byPeriod')}</h3>
            <figure className="chart" style={{ margin: 0 }} aria-label={t('stats.byPeriod')}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={s.byPeriod}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="period" tickFormatter={(v: string) => format.date(v)} />
                  <YAxis yAxisId="n" allowDecimals={false} />
                  <YAxis yAxisId="cost" orientation="right" tickFormatter={(v: number) => format.number(v, 0)} />
                  <Tooltip labelFormatter={(v) => format.date(String(v))} />
                  <Legend />
                  <Bar yAxisId="n" dataKey="count" name={t('stats.count')} fill="#0a5cad" isAnimationActive={false} />
                  <Bar yAxisId="cost" dataKey="cost" name={t('stats.costSeries')} fill="#106b2f" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <h3>{t('stats.bySource')}</h3>
            <ul className="meta">
              {s.bySource.map((row) => (
                <li key={row.key ?? 'none'}>
                  {label(row.label)}: {row.count}
                </li>
              ))}
            </ul>
          </>
        )}
      </Loadable>
      <h3>{t('analysis.title')}</h3>
      <Loadable {...analysis}>
        {(a) => (
          <div className="grid">
            <div>
              <h3>{t('analysis.faultTypes')}</h3>
              {a.topFaultTypes.length === 0 ? (
                <p className="state">{t('analysis.none')}</p>
              ) : (
                <figure className="chart" style={{ margin: 0 }} aria-label={t('analysis.faultTypes')}>
                  <ResponsiveContainer width="100%" height="100%">
                    <BarChart
                      data={a.topFaultTypes.map((f) => ({ name: label(f.label), count: f.count }))}
                      layout="vertical"
                      margin={{ left: 16 }}
                    >
                      <XAxis type="number" allowDecimals={false} />
                      <YAxis type="category" dataKey="name" width={140} />
                      <Tooltip />
                      <Bar dataKey="count" name={t('stats.count')} fill="#b3261e" isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </figure>
              )}
            </div>
            <div>
              <h3>{t('analysis.hotAssets')}</h3>
              {a.hotSpotAssets.length === 0 ? (
                <p className="state">{t('analysis.none')}</p>
              ) : (
                <ol>
                  {a.hotSpotAssets.map((h) => (
                    <li key={h.assetId}>
                      <span className="mono">{h.assetId}</span> · {h.count} · {format.date(h.lastAt)}
                    </li>
                  ))}
                </ol>
              )}
              <h3>{t('analysis.repeats', { n: a.repeatWithinDays })}</h3>
              {a.repeatFailures.length === 0 ? (
                <p className="state">{t('analysis.none')}</p>
              ) : (
                <ul>
                  {a.repeatFailures.map((r) => (
                    <li key={r.assetId}>
                      {t('analysis.repeatsRow', {
                        asset: r.assetId,
                        n: r.repeats,
                        ids: r.ticketIds.map((id) => `#${id}`).join(', '),
                      })}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        )}
      </Loadable>
    </>
  );
}
