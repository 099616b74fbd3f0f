import { useMemo, useState } from 'react';
import { useFormat, useT } from '../../i18n/i18n.ts';
import { Loadable } from '../../ui/states.tsx';
import './canteen.css';
import { OrdersChart, RatingsChart } from './charts.tsx';
import { KitchenBoard } from './kitchen-queue.tsx';
import { messages } from './messages.ts';
import { RATE_WINDOW_MINUTES } from './order-rate.ts';
import { RestockList } from './restock-panel.tsx';
import { localName, StockTable } from './stock-panel.tsx';
import { RATING_DAYS, useKitchen, useNow, useRatings, useRestockRequisitions, useStock } from './use-canteen.ts';

const MAX_ISSUES = 5;

/** Canteens and stock (IOT-11): stock against safety stock, restocking, orders, the kitchen queue, ratings. */
export default function CanteenView() {
  const t = useT(messages);
  const fmt = useFormat();
  const now = useNow();
  const stock = useStock(now);
  const restock = useRestockRequisitions();
  const kitchen = useKitchen(now);
  const ratings = useRatings(now);
  const [selected, setSelected] = useState<string | null>(null);
  const [confirmedId, setConfirmedId] = useState<number | null>(null);

  const canteens = kitchen.canteens.data ?? [];
  const current = selected ?? canteens[0]?.id ?? '';
  const queues = kitchen.queues.data ?? {};
  const openOrders = Object.values(queues).reduce((sum, q) => sum + q.counts.pending + q.counts.preparing + q.counts.ready, 0);
  const lastMinute = kitchen.rate.at(-2)?.total ?? 0;
  const anyOrders = kitchen.rate.some((point) => point.total > 0);
  const itemNames = useMemo(
    () => new Map((stock.rows ?? []).map((row) => [row.itemId, localName(fmt.locale, row.name, row.nameZh)])),
    [stock.rows, fmt.locale],
  );

  return (
    <section className="page cv">
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>

      <div className="kpis">
        {stock.summary ? (
          <>
            <div className={`kpi${stock.summary.low + stock.summary.critical > 0 ? ' kpi-warn' : ''}`}>
              <div className="kpi-value">{stock.summary.low + stock.summary.critical}</div>
              <div className="kpi-label">{t('kpi.belowSafety')}</div>
            </div>
            <div className={`kpi${stock.summary.critical > 0 ? ' kpi-crit' : ''}`}>
              <div className="kpi-value">{stock.summary.critical}</div>
              <div className="kpi-label">{t('kpi.critical')}</div>
            </div>
          </>
        ) : null}
        {kitchen.enabled && kitchen.queues.data ? (
          <>
            <div className="kpi">
              <div className="kpi-value">{openOrders}</div>
              <div className="kpi-label">{t('kpi.openOrders')}</div>
            </div>
            <div className="kpi">
              <div className="kpi-value">{lastMinute}</div>
              <div className="kpi-label">{t('kpi.ordersLastMinute')}</div>
            </div>
          </>
        ) : null}
        {ratings.data?.overall ? (
          <div className="kpi">
            <div className="kpi-value">{t('kpi.outOf5', { value: fmt.number(ratings.data.overall.overall, 2) })}</div>
            <div className="kpi-label">{t('kpi.satisfaction')}</div>
          </div>
        ) : null}
      </div>

      <div className="grid">
        <section className="panel grid-wide" aria-labelledby="cv-stock">
          <div className="panel-head">
            <h2 id="cv-stock">{t('stock.title')}</h2>
          </div>
          <p className="meta">{t('stock.caption')}</p>
          <Loadable data={stock.rows} error={stock.error} loading={stock.loading} reload={stock.reload}>
            {(rows) => <StockTable rows={rows} now={now} t={t} fmt={fmt} />}
          </Loadable>
        </section>

        {restock.data !== undefined || restock.loading || restock.error ? (
          <section className="panel" aria-labelledby="cv-restock">
            <div className="panel-head">
              <h2 id="cv-restock">{t('restock.title')}</h2>
            </div>
            <p className="meta">{t('restock.caption')}</p>
            <Loadable data={restock.data} error={restock.error} loading={restock.loading} reload={restock.reload}>
              {(list) => (
                <RestockList
                  requisitions={list}
                  itemNames={itemNames}
                  mayConfirm={restock.mayConfirm}
                  confirming={restock.confirm.pending}
                  error={restock.confirm.error}
                  confirmedId={confirmedId}
                  onConfirm={(id) => {
                    void restock.confirm.run(id).then((done) => setConfirmedId(done ? done.id : null));
                  }}
                  t={t}
                  fmt={fmt}
                />
              )}
            </Loadable>
          </section>
        ) : null}

        {kitchen.enabled ? (
          <section className="panel" aria-labelledby="cv-orders">
            <div className="panel-head">
              <h2 id="cv-orders">{t('orders.title')}</h2>
            </div>
            <p className="meta">{t('orders.caption', { n: RATE_WINDOW_MINUTES })}</p>
            <Loadable data={kitchen.queues.data} error={kitchen.queues.error} loading={kitchen.queues.loading}>
              {() =>
                anyOrders ? (
                  <OrdersChart points={kitchen.rate} canteens={canteens} locale={fmt.locale} t={t} fmt={fmt} />
                ) : (
                  <p className="state">{t('orders.none', { n: RATE_WINDOW_MINUTES })}</p>
                )
              }
            </Loadable>
          </section>
        ) : null}

        {ratings.data !== undefined || ratings.loading || ratings.error ? (
          <section className="panel" aria-labelledby="cv-ratings">
            <div className="panel-head">
              <h2 id="cv-ratings">{t('ratings.title')}</h2>
            </div>
            <p className="meta">{t('ratings.caption')}</p>
            <Loadable data={ratings.data} error={ratings.error} loading={ratings.loading} reload={ratings.reload}>
              {(analysis) => (
                <>
                  {ratings.series && ratings.series.length > 0 ? (
                    <RatingsChart points={ratings.series} t={t} fmt={fmt} />
                  ) : (
                    <p className="state">{t('ratings.none', { n: RATING_DAYS })}</p>
                  )}
                  <h3>{t('ratings.issues')}</h3>
                  {analysis.issues.length === 0 ? (
                    <p className="state">{t('ratings.noIssues')}</p>
                  ) : (
                    <ul className="cv-issues">
                      {analysis.issues.slice(0, MAX_ISSUES).map((issue) => (
                        <li key={`${issue.subject}:${issue.key}:${issue.aspect}`}>
                          {t('ratings.issue', {
                            name: localName(fmt.locale, issue.name ?? issue.key, issue.nameZh),
                            aspect: issue.aspectLabel[fmt.locale],
                            average: fmt.number(issue.average, 2),
                            n: issue.ratings,
                          })}
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </Loadable>
          </section>
        ) : null}

        {kitchen.enabled ? (
          <section className="panel grid-wide" aria-labelledby="cv-queue">
            <div className="panel-head">
              <h2 id="cv-queue">{t('queue.title')}</h2>
            </div>
            <Loadable data={kitchen.canteens.data} error={kitchen.canteens.error} loading={kitchen.canteens.loading}>
              {(list) => (
                <KitchenBoard
                  canteens={list}
                  selected={current}
                  onSelect={setSelected}
                  queues={queues}
                  now={now}
                  busy={kitchen.advance.pending}
                  error={kitchen.advance.error ?? kitchen.queues.error}
                  onMove={(order, status) => void kitchen.advance.run(order, status)}
                  t={t}
                  fmt={fmt}
                />
              )}
            </Loadable>
          </section>
        ) : null}
      </div>
    </section>
  );
}
