import { Fragment, type ReactNode, useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { setSearch } from '../../app/router.ts';
import { useMe } from '../../auth/use-me.ts';
import { type Formatters, type Translate, useCommon, useLabel } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import type { Contract, ContractDetail, Instalment, PlanSummary, Rfq } from './api-types.ts';
import { BidTable } from './bid-table.tsx';
import type { messages } from './messages.ts';
import { campusToday, contractTracking, instalmentState, lineProgress } from './procurement-logic.ts';
import { requisitionActionsFor, useRequisitionActions } from './requisition-actions.ts';
import { RequisitionEditForm } from './requisition-edit-form.tsx';
import { RequisitionRowActions } from './requisition-row-actions.tsx';
import { useContracts, useDepartmentNames, usePlans, useRequisitions, useSourcing } from './use-procurement.ts';

type T = Translate<typeof messages.en>;

const REQUISITION_FILTERS = [
  '',
  'draft',
  'submitted',
  'returned',
  'approved',
  'planned',
  'sourcing',
  'contracted',
  'closed',
  'cancelled',
];
/** The requisitions table's columns, for the revision form's row across them. */
const REQUISITION_COLUMNS = 8;
const INSTALMENT_BADGE = { paid: 'badge-ok', overdue: 'badge-crit', due_soon: 'badge-warn', due: 'badge-muted' } as const;

function MoreButton({
  hasMore,
  loading,
  error,
  onMore,
  t,
}: {
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  onMore: () => void;
  t: T;
}) {
  const common = useCommon();
  return (
    <>
      <ErrorNote error={error} />
      {hasMore ? (
        <button type="button" disabled={loading} onClick={onMore}>
          {loading ? common('state.loading') : t('more.load')}
        </button>
      ) : null}
    </>
  );
}

/** Requisitions of every department (or mine), by status (PRC-1, PRC-2). */
export function RequisitionsPanel({
  t,
  fmt,
  statusLabels,
}: {
  t: T;
  fmt: Formatters;
  statusLabels: ReadonlyMap<string, string>;
}) {
  const [status, setStatus] = useState('');
  const list = useRequisitions(status);
  const label = useLabel();
  const me = useMe();
  const actions = useRequisitionActions(list.reload);
  const [revising, setRevising] = useState<number | null>(null);
  return (
    <section className="panel grid-wide" aria-labelledby="pv-req">
      <div className="panel-head">
        <h2 id="pv-req">{t('req.title')}</h2>
        <label>
          {t('req.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {REQUISITION_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s ? (statusLabels.get(s) ?? s) : t('req.any')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loadable data={list.data} error={list.error} loading={list.loading} reload={list.reload}>
        {(page) =>
          page.items.length === 0 ? (
            <p className="state">{t('req.none')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('req.item')}</th>
                    <th scope="col" className="hide-phone">
                      {t('req.department')}
                    </th>
                    <th scope="col" className="pv-num">
                      {t('req.quantity')}
                    </th>
                    <th scope="col" className="pv-num hide-phone">
                      {t('req.budget')}
                    </th>
                    <th scope="col" className="hide-phone">
                      {t('req.neededBy')}
                    </th>
                    <th scope="col">{t('req.status')}</th>
                    <th scope="col">{t('reqAction.title')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((r) => (
                    <Fragment key={r.id}>
                      <tr>
                        <td className="mono">{r.id}</td>
                        <th scope="row">
                          {r.itemName}
                          <div className="meta">
                            {t('req.requester')}: {r.requesterName}
                            {r.source === 'rule' ? ` · ${t('req.byRule')}` : ''} · {fmt.date(r.createdAt)}
                          </div>
                          {r.status === 'returned' && r.returnReason ? (
                            <div className="meta">{t('req.returned', { reason: r.returnReason })}</div>
                          ) : null}
                        </th>
                        <td className="hide-phone">{r.departmentName ?? r.departmentId}</td>
                        <td className="pv-num">
                          {fmt.number(r.quantity)} {r.unit}
                        </td>
                        <td className="pv-num hide-phone">{fmt.currency(r.budget)}</td>
                        <td className="hide-phone">{r.neededBy ? fmt.date(`${r.neededBy}T00:00:00`) : '—'}</td>
                        <td>
                          <span className="badge badge-info">{label(r.statusLabel)}</span>
                        </td>
                        <td>
                          <RequisitionRowActions
                            requisition={r}
                            allowed={requisitionActionsFor(me, r)}
                            submit={actions.submit}
                            cancel={actions.cancel}
                            onRevise={() => {
                              actions.revise.reset();
                              setRevising(r.id);
                            }}
                            t={t}
                          />
                        </td>
                      </tr>
                      {revising === r.id && r.status === 'returned' ? (
                        <tr>
                          <td colSpan={REQUISITION_COLUMNS}>
                            <RequisitionEditForm
                              requisition={r}
                              revise={actions.revise}
                              onClose={() => setRevising(null)}
                              t={t}
                            />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
      <MoreButton hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} t={t} />
    </section>
  );
}

function PickList<I extends { id: number }>({
  items,
  selected,
  param,
  labelOf,
  render,
}: {
  items: readonly I[];
  selected: number | null;
  param: string;
  labelOf: (item: I) => string;
  render: (item: I) => ReactNode;
}) {
  return (
    <ul className="list">
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className={`card pv-pick${item.id === selected ? ' card-selected' : ''}`}
            aria-current={item.id === selected ? 'true' : undefined}
            aria-label={labelOf(item)}
            onClick={() => setSearch({ [param]: String(item.id) })}
          >
            {render(item)}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Procurement plans (PRC-3): the list, and the chosen plan's lines with method and timing. */
export function PlansPanel({ selected, t, fmt }: { selected: number | null; t: T; fmt: Formatters }) {
  const { list, detail } = usePlans(selected);
  const label = useLabel();
  const departments = useDepartmentNames();
  return (
    <>
      <section className="panel" aria-labelledby="pv-plans">
        <h2 id="pv-plans">{t('plans.title')}</h2>
        <Loadable data={list.data} error={list.error} loading={list.loading} reload={list.reload}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="state">{t('plans.none')}</p>
            ) : (
              <PickList<PlanSummary>
                items={page.items}
                selected={selected}
                param="plan"
                labelOf={(plan) => t('plans.open', { title: plan.title })}
                render={(plan) => (
                  <>
                    <strong>{plan.title}</strong>
                    <span className="meta">
                      {t('plans.year', { year: plan.year })} ·{' '}
                      {t('plans.by', { name: plan.createdByName, time: fmt.date(plan.createdAt) })}
                    </span>
                  </>
                )}
              />
            )
          }
        </Loadable>
        <MoreButton hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} t={t} />
      </section>
      <section className="panel pv-detail" aria-labelledby="pv-plan">
        {selected === null ? (
          <p className="state">{t('plan.select')}</p>
        ) : (
          <Loadable data={detail.data} error={detail.error} loading={detail.loading} reload={detail.reload}>
            {(plan) => (
              <>
                <h2 id="pv-plan">{plan.title}</h2>
                <div className="table-scroll">
                  <table>
                    <caption>{t('plan.lines')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('plan.line')}</th>
                        <th scope="col">{t('plan.item')}</th>
                        <th scope="col" className="pv-num hide-phone">
                          {t('plan.requested')}
                        </th>
                        <th scope="col" className="pv-num hide-phone">
                          {t('plan.stock')}
                        </th>
                        <th scope="col" className="pv-num">
                          {t('plan.buy')}
                        </th>
                        <th scope="col" className="pv-num">
                          {t('plan.estimate')}
                        </th>
                        <th scope="col">{t('plan.method')}</th>
                        <th scope="col">{t('plan.startBy')}</th>
                        <th scope="col" className="hide-phone">
                          {t('plan.neededBy')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {plan.lines.map((line) => (
                        <tr key={line.id}>
                          <td>{line.lineNo}</td>
                          <th scope="row">
                            {line.itemName} {line.urgent ? <span className="badge badge-warn">{t('plan.urgent')}</span> : null}
                          </th>
                          <td className="pv-num hide-phone">
                            {fmt.number(line.requestedQuantity)} {line.unit}
                          </td>
                          <td className="pv-num hide-phone">{fmt.number(line.stockOffset)}</td>
                          <td className="pv-num">
                            {fmt.number(line.quantity)} {line.unit}
                          </td>
                          <td className="pv-num">{fmt.currency(line.estimatedAmount)}</td>
                          <td>{label(line.methodLabel)}</td>
                          <td>{fmt.date(`${line.startBy}T00:00:00`)}</td>
                          <td className="hide-phone">{fmt.date(`${line.neededBy}T00:00:00`)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {plan.budgets.length > 0 ? (
                  <div className="table-scroll">
                    <table>
                      <caption>{t('plan.budgets')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('plan.budgetDept')}</th>
                          <th scope="col" className="pv-num">
                            {t('plan.budgetAmount')}
                          </th>
                          <th scope="col" className="pv-num hide-phone">
                            {t('plan.budgetBefore')}
                          </th>
                          <th scope="col" className="pv-num">
                            {t('plan.budgetPlanned')}
                          </th>
                          <th scope="col" className="pv-num">
                            {t('plan.budgetAvailable')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {plan.budgets.map((budget) => (
                          <tr key={budget.departmentId}>
                            <th scope="row">{departments.get(budget.departmentId) ?? budget.departmentId}</th>
                            <td className="pv-num">{fmt.currency(budget.amount)}</td>
                            <td className="pv-num hide-phone">{fmt.currency(budget.committedBefore)}</td>
                            <td className="pv-num">{fmt.currency(budget.planned)}</td>
                            <td className={`pv-num${budget.available < 0 ? ' pv-neg' : ''}`}>{fmt.currency(budget.available)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
                {plan.deferred.length > 0 ? (
                  <>
                    <h3>{t('plan.deferred')}</h3>
                    <ul>
                      {plan.deferred.map((d) => (
                        <li key={d.requisitionId}>
                          {t('plan.deferredItem', {
                            id: d.requisitionId,
                            department: departments.get(d.departmentId) ?? d.departmentId,
                            message: d.message,
                          })}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {plan.warnings.length > 0 ? (
                  <>
                    <h3>{t('plan.warnings')}</h3>
                    <ul>
                      {plan.warnings.map((warning) => (
                        <li key={warning}>{warning}</li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            )}
          </Loadable>
        )}
      </section>
    </>
  );
}

/** Requests for quotes (PRC-4) and the chosen one's bids with their scores. */
export function SourcingPanel({ selected, t, fmt }: { selected: number | null; t: T; fmt: Formatters }) {
  const { list, detail, bids } = useSourcing(selected);
  const label = useLabel();
  return (
    <>
      <section className="panel" aria-labelledby="pv-rfqs">
        <h2 id="pv-rfqs">{t('rfq.title')}</h2>
        <Loadable data={list.data} error={list.error} loading={list.loading} reload={list.reload}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="state">{t('rfq.none')}</p>
            ) : (
              <PickList<Rfq>
                items={page.items}
                selected={selected}
                param="rfq"
                labelOf={(rfq) => t('rfq.open', { number: rfq.number })}
                render={(rfq) => (
                  <>
                    <span className="card-head">
                      <strong>
                        <span className="mono">{rfq.number}</span> {rfq.title}
                      </strong>
                      <span className="badge badge-info">{label(rfq.statusLabel)}</span>
                    </span>
                    <span className="meta">
                      {label(rfq.methodLabel)} · {t('rfq.deadline', { time: fmt.dateTime(rfq.deadline) })} ·{' '}
                      {t('rfq.estimate', { amount: fmt.currency(rfq.item.estimatedAmount) })}
                    </span>
                  </>
                )}
              />
            )
          }
        </Loadable>
        <MoreButton hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} t={t} />
      </section>
      <section className="panel pv-detail" aria-labelledby="pv-bids">
        {selected === null ? (
          <p className="state">{t('rfq.select')}</p>
        ) : (
          <Loadable data={detail.data} error={detail.error} loading={detail.loading} reload={detail.reload}>
            {(rfq) => (
              <>
                <h2 id="pv-bids">
                  {t('bids.title')} · <span className="mono">{rfq.rfq.number}</span>
                </h2>
                <p className="meta">
                  {rfq.rfq.item.name} · {fmt.number(rfq.rfq.item.quantity)} {rfq.rfq.item.unit} ·{' '}
                  {t('rfq.invited', { n: rfq.invitations.length })}
                </p>
                <p className="meta">
                  {t('rfq.weights', {
                    q: fmt.percent(rfq.rfq.weights.qualification),
                    p: fmt.percent(rfq.rfq.weights.price),
                    r: fmt.percent(rfq.rfq.weights.reputation),
                  })}
                </p>
                <BidTable bids={bids ?? []} awardedBidId={rfq.rfq.awardedBidId} t={t} fmt={fmt} />
              </>
            )}
          </Loadable>
        )}
      </section>
    </>
  );
}

function ContractTrackingView({ detail, t, fmt }: { detail: ContractDetail; t: T; fmt: Formatters }) {
  const label = useLabel();
  const today = campusToday(new Date());
  const tracking = contractTracking(detail, today);
  const lineName = new Map(detail.lines.map((line) => [line.id, line.itemName]));
  return (
    <>
      <h2 id="pv-contract">
        <span className="mono">{detail.contract.number}</span> {detail.contract.title}
      </h2>
      <p className="meta">
        {detail.contract.supplierName} · {t('contracts.signed', { date: fmt.date(`${detail.contract.signedOn}T00:00:00`) })} ·{' '}
        {fmt.currency(detail.contract.amount)}
      </p>
      <div className="kpis pv-kpis">
        <div className="kpi">
          <div className="kpi-value">{fmt.percent(tracking.acceptedShare)}</div>
          <div className="kpi-label">{t('track.accepted')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">{fmt.percent(tracking.paidShare)}</div>
          <div className="kpi-label">
            {t('track.paid')} · {fmt.currency(tracking.paid)}
          </div>
        </div>
        <div className={`kpi${tracking.overdueAmount > 0 ? ' kpi-crit' : ''}`}>
          <div className="kpi-value">{fmt.currency(tracking.overdueAmount)}</div>
          <div className="kpi-label">{t('track.overdue')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">{tracking.pendingAcceptance}</div>
          <div className="kpi-label">{t('track.pending')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">{tracking.lateDeliveries}</div>
          <div className="kpi-label">{t('track.late')}</div>
        </div>
        <div className="kpi">
          <div className="kpi-value">{tracking.openIssues}</div>
          <div className="kpi-label">{t('track.issues')}</div>
        </div>
      </div>

      <div className="table-scroll">
        <table>
          <caption>{t('track.lines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('plan.item')}</th>
              <th scope="col" className="pv-num">
                {t('track.ordered')}
              </th>
              <th scope="col">{t('track.delivered')}</th>
              <th scope="col" className="pv-num hide-phone">
                {t('track.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {detail.lines.map((line) => {
              const progress = lineProgress(line);
              return (
                <tr key={line.id}>
                  <th scope="row">
                    {line.itemName}
                    <div className="meta">{label(line.target.label)}</div>
                  </th>
                  <td className="pv-num">
                    {fmt.number(line.quantity)} {line.unit}
                  </td>
                  <td>
                    <div
                      className="pv-progress"
                      role="img"
                      aria-label={t('track.progressLabel', {
                        delivered: fmt.number(progress.delivered),
                        accepted: fmt.number(progress.accepted),
                        ordered: fmt.number(line.quantity),
                      })}
                    >
                      <div className="pv-progress-delivered" style={{ width: `${progress.deliveredShare * 100}%` }} />
                      <div className="pv-progress-accepted" style={{ width: `${progress.acceptedShare * 100}%` }} />
                    </div>
                    <span className="meta">
                      {t('track.delivered')} {fmt.number(progress.delivered)} · {t('track.acceptedQty')}{' '}
                      {fmt.number(progress.accepted)}
                    </span>
                  </td>
                  <td className="pv-num hide-phone">{fmt.currency(line.amount)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h3>{t('track.deliveries')}</h3>
      {detail.deliveries.length === 0 ? (
        <p className="state">{t('track.noDeliveries')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('track.deliveredOn')}</th>
                <th scope="col">{t('plan.item')}</th>
                <th scope="col" className="pv-num">
                  {t('req.quantity')}
                </th>
                <th scope="col" className="hide-phone">
                  {t('track.batch')}
                </th>
                <th scope="col">{t('track.acceptance')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <td>
                    {fmt.date(`${delivery.deliveredOn}T00:00:00`)}
                    <div>
                      {delivery.daysLate > 0 ? (
                        <span className="badge badge-warn">{t('track.daysLate', { n: delivery.daysLate })}</span>
                      ) : (
                        <span className="meta">{t('track.onTime')}</span>
                      )}
                    </div>
                  </td>
                  <th scope="row">{lineName.get(delivery.lineId) ?? delivery.lineId}</th>
                  <td className="pv-num">{fmt.number(delivery.quantity)}</td>
                  <td className="hide-phone mono">{delivery.batch}</td>
                  <td>
                    <span
                      className={`badge ${delivery.acceptance === 'passed' ? 'badge-ok' : delivery.acceptance === 'failed' ? 'badge-crit' : 'badge-warn'}`}
                    >
                      {label(delivery.acceptanceLabel)}
                    </span>
                    {delivery.acceptanceNote ? <div className="meta">{delivery.acceptanceNote}</div> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <InstalmentTable
        caption={t('track.instalments')}
        instalments={detail.instalments}
        today={today}
        showContract={false}
        t={t}
        fmt={fmt}
      />

      <h3>{t('track.issueList')}</h3>
      {detail.issues.length === 0 ? (
        <p className="state">{t('track.noIssues')}</p>
      ) : (
        <ul className="list">
          {detail.issues.map((issue) => (
            <li key={issue.id} className="card">
              <div className="card-head">
                <strong>{label(issue.kindLabel)}</strong>
                <span className={`badge ${issue.status === 'open' ? 'badge-warn' : 'badge-ok'}`}>
                  {t(issue.status === 'open' ? 'track.issueOpen' : 'track.issueResolved')}
                </span>
              </div>
              <div className="meta">{fmt.dateTime(issue.raisedAt)}</div>
              <p>{issue.description}</p>
              {issue.handling ? <p className="meta">{t('track.handling', { text: issue.handling })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function InstalmentTable({
  caption,
  instalments,
  today,
  showContract,
  t,
  fmt,
}: {
  caption: string;
  instalments: readonly Instalment[];
  today: string;
  showContract: boolean;
  t: T;
  fmt: Formatters;
}) {
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {showContract ? <th scope="col">{t('due.contract')}</th> : null}
            <th scope="col">{t('track.instalment')}</th>
            <th scope="col">{t('track.due')}</th>
            <th scope="col" className="pv-num">
              {t('track.amount')}
            </th>
            <th scope="col" className="pv-num hide-phone">
              {t('track.paidAmount')}
            </th>
            <th scope="col">{t('req.status')}</th>
          </tr>
        </thead>
        <tbody>
          {instalments.map((instalment) => {
            const state = instalmentState(instalment, today);
            return (
              <tr key={instalment.id} className={state === 'overdue' ? 'pv-overdue' : undefined}>
                {showContract ? (
                  <td>
                    <span className="mono">{instalment.contractNumber}</span>
                    <div className="meta">{instalment.supplierName}</div>
                  </td>
                ) : null}
                <th scope="row">
                  {instalment.seq}. {instalment.label} <span className="meta">({fmt.number(instalment.percent)}%)</span>
                </th>
                <td>{fmt.date(`${instalment.dueOn}T00:00:00`)}</td>
                <td className="pv-num">{fmt.currency(instalment.amount)}</td>
                <td className="pv-num hide-phone">{fmt.currency(instalment.paidAmount)}</td>
                <td>
                  <span className={`badge ${INSTALMENT_BADGE[state]}`}>
                    {state === 'overdue'
                      ? t('track.state.overdue', { n: Math.max(instalment.daysOverdue, 1) })
                      : t(`track.state.${state}`)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The contract register (PRC-5), the chosen contract's tracking (PRC-6), and what is to be paid next. */
export function ContractsPanel({ selected, t, fmt }: { selected: number | null; t: T; fmt: Formatters }) {
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const { list, detail, due } = useContracts(onlyOverdue, selected);
  const label = useLabel();
  return (
    <>
      <section className="panel" aria-labelledby="pv-contracts">
        <div className="panel-head">
          <h2 id="pv-contracts">{t('contracts.title')}</h2>
        </div>
        <label className="pv-check">
          <input type="checkbox" checked={onlyOverdue} onChange={(e) => setOnlyOverdue(e.target.checked)} />
          <span>{t('contracts.onlyOverdue')}</span>
        </label>
        <Loadable data={list.data} error={list.error} loading={list.loading} reload={list.reload}>
          {(page) =>
            page.items.length === 0 ? (
              <p className="state">{t('contracts.none')}</p>
            ) : (
              <PickList<Contract>
                items={page.items}
                selected={selected}
                param="contract"
                labelOf={(contract) => t('contracts.open', { number: contract.number })}
                render={(contract) => (
                  <>
                    <span className="card-head">
                      <strong>
                        <span className="mono">{contract.number}</span> {contract.title}
                      </strong>
                      <span>
                        {contract.overdue ? (
                          <span className="badge badge-crit">{t('contracts.overdue', { n: contract.overdueInstalments })}</span>
                        ) : null}{' '}
                        <span className="badge badge-info">{label(contract.statusLabel)}</span>
                      </span>
                    </span>
                    <span className="meta">
                      {contract.supplierName} · {fmt.currency(contract.amount)}
                    </span>
                  </>
                )}
              />
            )
          }
        </Loadable>
        <MoreButton hasMore={list.hasMore} loading={list.loadingMore} error={list.moreError} onMore={list.loadMore} t={t} />
      </section>
      <section className="panel pv-detail" aria-labelledby="pv-contract">
        {selected === null ? (
          <p className="state">{t('contracts.select')}</p>
        ) : (
          <Loadable data={detail.data} error={detail.error} loading={detail.loading} reload={detail.reload}>
            {(data) => <ContractTrackingView detail={data} t={t} fmt={fmt} />}
          </Loadable>
        )}
      </section>
      <section className="panel grid-wide" aria-labelledby="pv-due">
        <h2 id="pv-due">{t('due.title')}</h2>
        <Loadable data={due.data} error={due.error} loading={due.loading} reload={due.reload}>
          {(items) =>
            items.length === 0 ? (
              <p className="state">{t('due.none')}</p>
            ) : (
              <InstalmentTable
                caption={t('due.caption')}
                instalments={items}
                today={campusToday(new Date())}
                showContract
                t={t}
                fmt={fmt}
              />
            )
          }
        </Loadable>
      </section>
    </>
  );
}
