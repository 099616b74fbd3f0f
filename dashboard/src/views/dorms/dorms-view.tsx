import { Link } from '../../app/link.tsx';
import { type Formatters, type Translate, useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { Loadable } from '../../ui/states.tsx';
import type { Checkout } from './api-types.ts';
import type { BuildingRow } from './dorm-logic.ts';
import './dorms.css';
import { CheckInForm } from './check-in-form.tsx';
import { messages } from './messages.ts';
import { ReinspectForm } from './reinspect-form.tsx';
import { useCheckIn } from './use-check-in.ts';
import { useReinspect } from './use-dorm-actions.ts';
import { useCheckInQueue, useCheckoutQueue, useInspections, useMinute, useOccupancy, useRectifications } from './use-dorms.ts';

type T = Translate<typeof messages.en>;

/** Items shown per list: a wall screen shows them all, the rest is counted. */
const SHOWN = 12;

const DEADLINE_BADGE = { overdue: 'badge-crit', due_soon: 'badge-warn', on_time: 'badge-ok', none: 'badge-muted' } as const;

function buildingName(row: Pick<BuildingRow, 'name' | 'nameEn'>, locale: 'en' | 'zh'): string {
  return locale === 'en' && row.nameEn ? row.nameEn : row.name;
}

function OccupancyTable({ rows, t, fmt }: { rows: readonly BuildingRow[]; t: T; fmt: Formatters }) {
  if (rows.length === 0) return <p className="state">{t('occupancy.none')}</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption className="visually-hidden">{t('occupancy.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('occupancy.building')}</th>
            <th scope="col">{t('occupancy.rate')}</th>
            <th scope="col">{t('occupancy.occupied')}</th>
            <th scope="col">{t('occupancy.free')}</th>
            <th scope="col" className="hide-phone">
              {t('occupancy.checkedIn')}
            </th>
            <th scope="col">{t('occupancy.inside')}</th>
            <th scope="col">{t('occupancy.outside')}</th>
            <th scope="col" className="hide-phone">
              {t('occupancy.onLeave')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{buildingName(row, fmt.locale)}</th>
              <td>
                <div className="dv-bar" role="img" aria-label={t('occupancy.barLabel', { rate: fmt.percent(row.rate) })}>
                  <div className="dv-bar-fill" style={{ width: `${Math.round((row.rate ?? 0) * 100)}%` }} />
                </div>
                <span className="dv-rate">{fmt.percent(row.rate)}</span>
              </td>
              <td>
                {fmt.number(row.occupied, 0)} / {fmt.number(row.beds, 0)}
              </td>
              <td>{fmt.number(row.free, 0)}</td>
              <td className="hide-phone">{fmt.number(row.checkedIn, 0)}</td>
              <td>{fmt.number(row.inside, 0)}</td>
              <td>{fmt.number(row.outside, 0)}</td>
              <td className="hide-phone">{fmt.number(row.onLeave, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CheckoutList({ list, t, fmt, label }: { list: readonly Checkout[]; t: T; fmt: Formatters; label: string }) {
  return (
    <ul className="list">
      {list.slice(0, SHOWN).map((checkout) => (
        <li key={checkout.id} className="card">
          <div className="card-head">
            <strong>
              {checkout.residentName} <span className="meta mono">{checkout.personNo}</span>
            </strong>
            <span className="badge badge-info">{label}</span>
          </div>
          <div className="meta">
            {checkout.plannedOn
              ? t('checkout.planned', { date: fmt.date(`${checkout.plannedOn}T00:00:00`) })
              : t('checkout.unplanned')}
          </div>
          <div>{t('checkout.reason', { reason: checkout.reason })}</div>
        </li>
      ))}
    </ul>
  );
}

/** Dormitories (IOT-11): occupancy, check-in and check-out queues, rectifications and inspections. */
export default function DormsView() {
  const t = useT(messages);
  const fmt = useFormat();
  const label = useLabel();
  const now = useMinute();
  const occupancy = useOccupancy();
  const checkIns = useCheckInQueue();
  const checkouts = useCheckoutQueue();
  const safety = useRectifications(now);
  const reinspect = useReinspect(safety.reload);
  const checkIn = useCheckIn(checkIns.reload);
  const inspections = useInspections();

  const overdue = safety.queue?.filter((check) => check.state === 'overdue').length;
  const plansOverdue = inspections.data?.plans.filter((plan) => plan.overdue).length;
  const checkoutCount = checkouts.data ? checkouts.data.approved.length + checkouts.data.requested.length : undefined;

  return (
    <section className="page dv">
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>

      <div className="kpis">
        {occupancy.totals ? (
          <>
            <div className="kpi">
              <div className="kpi-value">{fmt.percent(occupancy.totals.rate)}</div>
              <div className="kpi-label">
                {t('kpi.occupancy')} ·{' '}
                {t('kpi.occupancyValue', {
                  occupied: fmt.number(occupancy.totals.occupied, 0),
                  beds: fmt.number(occupancy.totals.beds, 0),
                })}
              </div>
            </div>
            <div className="kpi">
              <div className="kpi-value">{fmt.number(occupancy.totals.beds - occupancy.totals.occupied, 0)}</div>
              <div className="kpi-label">{t('kpi.free')}</div>
            </div>
          </>
        ) : null}
        {checkIns.data ? (
          <div className="kpi">
            <div className="kpi-value">{checkIns.data.items.length}</div>
            <div className="kpi-label">{t('kpi.awaitingCheckIn')}</div>
          </div>
        ) : null}
        {checkoutCount !== undefined ? (
          <div className="kpi">
            <div className="kpi-value">{checkoutCount}</div>
            <div className="kpi-label">{t('kpi.checkouts')}</div>
          </div>
        ) : null}
        {overdue !== undefined ? (
          <div className={`kpi${overdue > 0 ? ' kpi-crit' : ''}`}>
            <div className="kpi-value">{overdue}</div>
            <div className="kpi-label">{t('kpi.overdue')}</div>
          </div>
        ) : null}
        {plansOverdue !== undefined ? (
          <div className={`kpi${plansOverdue > 0 ? ' kpi-crit' : ''}`}>
            <div className="kpi-value">{plansOverdue}</div>
            <div className="kpi-label">{t('kpi.inspectionsDue')}</div>
          </div>
        ) : null}
      </div>

      <div className="grid">
        <section className="panel grid-wide" aria-labelledby="dv-occupancy">
          <div className="panel-head">
            <h2 id="dv-occupancy">{t('occupancy.title')}</h2>
            {occupancy.countedAt ? (
              <span className="meta">{t('occupancy.at', { time: fmt.time(occupancy.countedAt) })}</span>
            ) : null}
          </div>
          <p className="meta">{t('occupancy.caption')}</p>
          <Loadable data={occupancy.rows} error={occupancy.error} loading={occupancy.loading} reload={occupancy.reload}>
            {(rows) => <OccupancyTable rows={rows} t={t} fmt={fmt} />}
          </Loadable>
        </section>

        {checkIns.data !== undefined || checkIns.loading || checkIns.error ? (
          <section className="panel" aria-labelledby="dv-checkin">
            <div className="panel-head">
              <h2 id="dv-checkin">{t('checkin.title')}</h2>
            </div>
            <p className="meta">{t('checkin.caption')}</p>
            <Loadable data={checkIns.data} error={checkIns.error} loading={checkIns.loading} reload={checkIns.reload}>
              {({ items, more }) =>
                items.length === 0 ? (
                  <p className="state">{t('checkin.none')}</p>
                ) : (
                  <>
                    <ul className="list">
                      {items.slice(0, SHOWN).map((resident) => (
                        <li key={resident.id} className="card">
                          <div className="card-head">
                            <strong>
                              {resident.name} <span className="meta mono">{resident.personNo}</span>
                            </strong>
                            {resident.cohort ? <span className="meta">{resident.cohort}</span> : null}
                          </div>
                          {resident.place ? (
                            <div>
                              {t('checkin.place', {
                                building: resident.place.buildingName,
                                room: resident.place.roomNumber,
                                bed: resident.place.bedLabel,
                              })}
                            </div>
                          ) : null}
                          {resident.allocatedAt ? (
                            <div className="meta">{t('checkin.allocated', { time: fmt.dateTime(resident.allocatedAt) })}</div>
                          ) : null}
                          <CheckInForm resident={resident} checkIn={checkIn} t={t} />
                        </li>
                      ))}
                    </ul>
                    {items.length > SHOWN || more ? (
                      <p className="meta">{t('checkin.more', { n: more ? `${items.length - SHOWN}+` : items.length - SHOWN })}</p>
                    ) : null}
                  </>
                )
              }
            </Loadable>
          </section>
        ) : null}

        {checkouts.data !== undefined || checkouts.loading || checkouts.error ? (
          <section className="panel" aria-labelledby="dv-checkout">
            <div className="panel-head">
              <h2 id="dv-checkout">{t('checkout.title')}</h2>
            </div>
            <Loadable data={checkouts.data} error={checkouts.error} loading={checkouts.loading} reload={checkouts.reload}>
              {({ approved, requested }) =>
                approved.length + requested.length === 0 ? (
                  <p className="state">{t('checkout.none')}</p>
                ) : (
                  <>
                    {approved.length > 0 ? (
                      <>
                        <h3>{t('checkout.approved')}</h3>
                        <CheckoutList list={approved} t={t} fmt={fmt} label={label(approved[0]?.statusLabel)} />
                      </>
                    ) : null}
                    {requested.length > 0 ? (
                      <>
                        <h3>{t('checkout.requested')}</h3>
                        <CheckoutList list={requested} t={t} fmt={fmt} label={label(requested[0]?.statusLabel)} />
                        {checkouts.mayDecide ? <Link href="/approvals">{t('checkout.toInbox')}</Link> : null}
                      </>
                    ) : null}
                  </>
                )
              }
            </Loadable>
          </section>
        ) : null}

        {safety.data !== undefined || safety.loading || safety.error ? (
          <section className="panel" aria-labelledby="dv-safety">
            <div className="panel-head">
              <h2 id="dv-safety">{t('safety.title')}</h2>
            </div>
            <p className="meta">{t('safety.caption')}</p>
            <Loadable data={safety.queue} error={safety.error} loading={safety.loading} reload={safety.reload}>
              {(queue) =>
                queue.length === 0 ? (
                  <p className="state">{t('safety.none')}</p>
                ) : (
                  <>
                    <ul className="list">
                      {queue.slice(0, SHOWN).map((check) => (
                        <li key={check.id} className={`card dv-check-${check.state}`}>
                          <div className="card-head">
                            <strong>{t('safety.room', { room: check.roomId })}</strong>
                            <span className={`badge ${DEADLINE_BADGE[check.state]}`}>{t(`safety.state.${check.state}`)}</span>
                          </div>
                          <div>
                            {t('safety.deadline')}:{' '}
                            {check.deadline ? (
                              <time dateTime={check.deadline}>
                                {fmt.dateTime(check.deadline)} ({fmt.relative(check.deadline, now.getTime())})
                              </time>
                            ) : (
                              t('safety.noDeadline')
                            )}
                          </div>
                          <ul className="dv-findings">
                            {check.findings.map((finding) => (
                              <li key={finding.id}>
                                <strong>{label(finding.kindLabel)}</strong>: {finding.description}
                                {finding.ticketId !== null ? (
                                  <span className="meta"> · {t('safety.ticket', { id: finding.ticketId })}</span>
                                ) : null}
                              </li>
                            ))}
                          </ul>
                          <div className="meta">
                            {t('safety.checkedBy', { name: check.checkedBy, time: fmt.dateTime(check.checkedAt) })}
                            {check.reinspections > 0 ? ` · ${t('safety.reinspections', { n: check.reinspections })}` : ''}
                          </div>
                          <ReinspectForm checkId={check.id} room={check.roomId} reinspect={reinspect} t={t} />
                        </li>
                      ))}
                    </ul>
                    {queue.length > SHOWN || safety.data?.more ? (
                      <p className="meta">
                        {t('safety.more', { n: safety.data?.more ? `${queue.length - SHOWN}+` : queue.length - SHOWN })}
                      </p>
                    ) : null}
                  </>
                )
              }
            </Loadable>
          </section>
        ) : null}

        {inspections.data !== undefined || inspections.loading || inspections.error ? (
          <section className="panel" aria-labelledby="dv-inspections">
            <div className="panel-head">
              <h2 id="dv-inspections">{t('inspections.title')}</h2>
            </div>
            <Loadable data={inspections.data} error={inspections.error} loading={inspections.loading} reload={inspections.reload}>
              {({ plans, recent }) => (
                <>
                  <h3>{t('inspections.plans')}</h3>
                  {plans.length === 0 ? (
                    <p className="state">{t('inspections.nonePlans')}</p>
                  ) : (
                    <div className="table-scroll">
                      <table>
                        <thead>
                          <tr>
                            <th scope="col">{t('inspections.plan')}</th>
                            <th scope="col">{t('inspections.scope')}</th>
                            <th scope="col">{t('inspections.lastDone')}</th>
                            <th scope="col">{t('inspections.nextDue')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {plans.slice(0, SHOWN).map((plan) => (
                            <tr key={plan.id}>
                              <th scope="row">
                                {plan.name}
                                <div className="meta">{t('inspections.every', { n: plan.everyDays })}</div>
                              </th>
                              <td>{plan.buildingId ?? t('inspections.allBuildings')}</td>
                              <td>{plan.lastDoneOn ? fmt.date(`${plan.lastDoneOn}T00:00:00`) : t('inspections.never')}</td>
                              <td>
                                {fmt.date(`${plan.nextDue}T00:00:00`)}{' '}
                                <span className={`badge ${plan.overdue ? 'badge-crit' : 'badge-muted'}`}>
                                  {plan.overdue ? t('inspections.overdue') : t('inspections.due')}
                                </span>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                  <h3>{t('inspections.recent')}</h3>
                  {recent.length === 0 ? (
                    <p className="state">{t('inspections.noneRecent')}</p>
                  ) : (
                    <ul className="list">
                      {recent.map((inspection) => (
                        <li key={inspection.id} className="card">
                          <div className="card-head">
                            <strong>
                              {inspection.buildingId}
                              {inspection.planName ? ` · ${inspection.planName}` : ''}
                            </strong>
                            <span className={`badge ${inspection.findings > 0 ? 'badge-warn' : 'badge-ok'}`}>
                              {t('inspections.findings', { n: inspection.findings })}
                            </span>
                          </div>
                          <div className="meta">
                            <time dateTime={inspection.performedAt}>{fmt.dateTime(inspection.performedAt)}</time> ·{' '}
                            {t('inspections.by', { name: inspection.inspector })}
                          </div>
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </Loadable>
          </section>
        ) : null}
      </div>
    </section>
  );
}
