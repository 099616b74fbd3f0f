import { can } from '@campus/protocol';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { useOpenAlerts } from '../../alerts/use-alerts.ts';
import { setSearch, useLocation } from '../../app/router.ts';
import { useMe } from '../../auth/use-me.ts';
import { useCommon, useFormat, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import { AlertCard } from './alert-card.tsx';
import { type FeedFilter, filterFeed, type Swipe } from './feed-reducer.ts';
import { messages } from './messages.ts';
import { OccupancyChart } from './occupancy-chart.tsx';
import { curfewList, type GateStatus, OCCUPANCY_POLL_MS, useAccessFeed, useGates, useOccupancy } from './use-security.ts';

const ROW_PX = 36;
const ALERTS_RENDERED = 30;

function FeedRow({ swipe }: { swipe: Swipe }) {
  const t = useT(messages);
  const format = useFormat();
  return (
    <tr className={swipe.granted ? undefined : 'feed-denied'}>
      <td className="mono">{format.time(swipe.ts)}</td>
      <td>{swipe.deviceId}</td>
      <td className="mono">{swipe.cardId}</td>
      <td>{t(swipe.direction === 'in' ? 'feed.in' : 'feed.out')}</td>
      <td>
        <span className={`badge ${swipe.granted ? 'badge-ok' : 'badge-warn'}`}>
          {t(swipe.granted ? 'feed.granted' : 'feed.denied')}
        </span>
      </td>
    </tr>
  );
}

/** Newest first, virtualised: only the visible rows exist in the DOM whatever the rate (spacer rows keep the scroll height). */
const AccessFeed = memo(function AccessFeed({ items, total }: { items: readonly Swipe[]; total: number }) {
  const t = useT(messages);
  const scroller = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const rows = virtualizer.getVirtualItems();
  const top = rows[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);
  return (
    <>
      <p className="meta">{t('feed.count', { shown: items.length, total })}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus so keyboard users can scroll it (WCAG 2.1.1). */}
      <section className="feed" ref={scroller} tabIndex={0} aria-label={t('feed.title')}>
        <table className="feed-table">
          <thead>
            <tr>
              <th scope="col">{t('feed.time')}</th>
              <th scope="col">{t('feed.gate')}</th>
              <th scope="col">{t('feed.card')}</th>
              <th scope="col">{t('feed.direction')}</th>
              <th scope="col">{t('feed.result')}</th>
            </tr>
          </thead>
          <tbody>
            {top > 0 ? <tr style={{ height: top }} /> : null}
            {rows.map((row) => {
              const swipe = items[row.index];
              return swipe ? <FeedRow key={row.key} swipe={swipe} /> : null;
            })}
            {bottom > 0 ? <tr style={{ height: bottom }} /> : null}
          </tbody>
        </table>
        {items.length === 0 ? <p className="state feed-empty">{t('feed.empty')}</p> : null}
      </section>
    </>
  );
});

const GateTable = memo(function GateTable({ gates }: { gates: readonly GateStatus[] }) {
  const t = useT(messages);
  const format = useFormat();
  if (gates.length === 0) return <p className="state">{t('gates.empty')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th>{t('gates.gate')}</th>
            <th>{t('gates.building')}</th>
            <th>{t('gates.state')}</th>
            <th>{t('gates.last')}</th>
          </tr>
        </thead>
        <tbody>
          {gates.map((g) => (
            <tr key={g.id}>
              <td>
                {g.id}
                {g.label ? <div className="meta">{g.label}</div> : null}
              </td>
              <td>{g.buildingName ?? '—'}</td>
              <td>
                <span className={`badge ${g.online ? 'badge-ok' : 'badge-crit'}`}>
                  {t(g.online ? 'gates.online' : 'gates.offline')}
                </span>
              </td>
              <td>{g.lastSeen ? `${format.time(g.lastSeen)} (${format.relative(g.lastSeen)})` : t('gates.never')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

export default function SecurityView() {
  const t = useT(messages);
  const c = useCommon();
  const format = useFormat();
  const me = useMe();
  const { search } = useLocation();
  const selectedAlert = Number(search.get('alert') ?? 0);
  const filter: FeedFilter = useMemo(
    () => ({ building: search.get('building') ?? '', gate: search.get('gate') ?? '', card: search.get('card') ?? '' }),
    [search],
  );

  const { feed, error: feedError } = useAccessFeed(me.roles);
  const alerts = useOpenAlerts(can(me.roles, 'alerts.read'));
  const { gates, buildingOfGate, buildingNames, error: gateError } = useGates(me.roles, feed.items, alerts.alerts);
  const occupancy = useOccupancy(me.roles);
  const shown = useMemo(() => filterFeed(feed.items, filter, buildingOfGate), [feed.items, filter, buildingOfGate]);
  const curfew = curfewList(alerts.alerts);
  const mayHandle = can(me.roles, 'alerts.handle');
  const { acknowledge, resolve } = alerts;
  const actions = useMemo(
    () =>
      mayHandle
        ? {
            acknowledge: acknowledge.run,
            resolve: resolve.run,
            pending: acknowledge.pending || resolve.pending,
            error: acknowledge.error ?? resolve.error,
          }
        : null,
    [mayHandle, acknowledge.run, resolve.run, acknowledge.pending, resolve.pending, acknowledge.error, resolve.error],
  );
  const queue = useMemo(() => alerts.alerts.filter((a) => a.ruleId !== 'access.curfew'), [alerts.alerts]);
  // An alert storm must not freeze the page: render the most severe few, count the rest.
  const visible = useMemo(() => {
    const head = queue.slice(0, ALERTS_RENDERED);
    const chosen = queue.find((a) => a.id === selectedAlert);
    return chosen && !head.includes(chosen) ? [chosen, ...head] : head;
  }, [queue, selectedAlert]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again once the alerts have loaded.
  useEffect(() => {
    if (selectedAlert) document.getElementById(`alert-${selectedAlert}`)?.scrollIntoView({ block: 'center' });
  }, [selectedAlert, alerts.data]);

  const buildings = [...buildingNames.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <section className="page" aria-labelledby="security-title">
      <div className="page-head">
        <h1 id="security-title">{t('title')}</h1>
      </div>
      <div className="grid">
        <section className="panel" aria-labelledby="alerts-title">
          <div className="panel-head">
            <h2 id="alerts-title">{t('alerts.title')}</h2>
            <span className="badge badge-muted">{t('alerts.count', { n: queue.length })}</span>
          </div>
          <Loadable data={alerts.data} error={alerts.error} loading={alerts.loading} reload={alerts.reload}>
            {() =>
              queue.length === 0 ? (
                <p className="state">{t('alerts.empty')}</p>
              ) : (
                <>
                  <ul className="list alert-queue" aria-label={t('alerts.title')}>
                    {visible.map((a) => (
                      <AlertCard key={a.id} alert={a} actions={actions} selected={a.id === selectedAlert} />
                    ))}
                  </ul>
                  {queue.length > visible.length ? (
                    <p className="meta">{t('alerts.more', { shown: visible.length, n: queue.length })}</p>
                  ) : null}
                </>
              )
            }
          </Loadable>
        </section>

        <section className="panel grid-span-2" aria-labelledby="feed-title">
          <div className="panel-head">
            <h2 id="feed-title">{t('feed.title')}</h2>
          </div>
          <search className="filters">
            <label>
              {t('filter.building')}
              <select value={filter.building} onChange={(e) => setSearch({ building: e.target.value })}>
                <option value="">{c('filter.all')}</option>
                {buildings.map(([id, name]) => (
                  <option key={id} value={id}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filter.gate')}
              <select value={filter.gate} onChange={(e) => setSearch({ gate: e.target.value })}>
                <option value="">{c('filter.all')}</option>
                {gates.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filter.card')}
              <input type="search" value={filter.card} onChange={(e) => setSearch({ card: e.target.value })} inputMode="text" />
            </label>
          </search>
          <ErrorNote error={feedError} />
          <AccessFeed items={shown} total={feed.items.length} />
        </section>

        <section className="panel" aria-labelledby="gates-title">
          <h2 id="gates-title">{t('gates.title')}</h2>
          <ErrorNote error={gateError} />
          <GateTable gates={gates} />
        </section>

        <section className="panel" aria-labelledby="curfew-title">
          <h2 id="curfew-title">{t('curfew.title')}</h2>
          {curfew.length === 0 ? (
            <p className="state">{t('curfew.empty')}</p>
          ) : (
            curfew.map((entry) => (
              <div key={entry.alertId}>
                <h3>
                  {t('curfew.building', {
                    building: buildingNames.get(entry.building) ?? entry.building,
                    n: entry.residents.length,
                    curfew: entry.curfew,
                  })}
                </h3>
                <ul>
                  {entry.residents.map((r) => (
                    <li key={r.residentId}>
                      {r.name} <span className="meta mono">{r.residentId}</span>
                      {r.lastOutAt ? (
                        <span className="meta"> · {t('curfew.lastOut', { time: format.time(r.lastOutAt) })}</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </section>

        <section className="panel grid-wide" aria-labelledby="occupancy-title">
          <h2 id="occupancy-title">{t('occupancy.title')}</h2>
          {occupancy.enabled ? (
            <Loadable data={occupancy.data} error={occupancy.error} loading={occupancy.loading} reload={occupancy.reload}>
              {(data) =>
                data.buildings.length === 0 ? (
                  <p className="state">{t('occupancy.none')}</p>
                ) : (
                  <>
                    <div className="table-scroll">
                      <table>
                        <thead>
                          <tr>
                            <th>{t('gates.building')}</th>
                            <th>{t('occupancy.residents')}</th>
                            <th>{t('occupancy.inside')}</th>
                            <th>{t('occupancy.outside')}</th>
                            <th>{t('occupancy.unknown')}</th>
                            <th>{t('occupancy.onLeave')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {data.buildings.map((b) => (
                            <tr key={b.buildingId}>
                              <td>{b.buildingName}</td>
                              <td>{format.number(b.residents, 0)}</td>
                              <td>{format.number(b.inside, 0)}</td>
                              <td>{format.number(b.outside, 0)}</td>
                              <td>{format.number(b.unknown, 0)}</td>
                              <td>{format.number(b.onLeave, 0)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                    <h3>{t('occupancy.over', { n: OCCUPANCY_POLL_MS / 1000 })}</h3>
                    <OccupancyChart samples={occupancy.samples} names={buildingNames} label={t('occupancy.title')} />
                  </>
                )
              }
            </Loadable>
          ) : (
            <p className="state">{t('occupancy.unavailable')}</p>
          )}
        </section>
      </div>
    </section>
  );
}
