import type { ApiError } from '../../api/client.ts';
import type { Formatters, Translate } from '../../i18n/i18n.ts';
import { ErrorNote } from '../../ui/states.tsx';
import type { Canteen, KitchenOrder, KitchenQueue, KitchenStatus } from './api-types.ts';
import { KITCHEN_NEXT, OPEN_STATUSES, queueColumns, SLOW_ORDER_MINUTES } from './kitchen.ts';
import type { messages } from './messages.ts';
import { localName } from './stock-panel.tsx';
import { minutesSince } from './time.ts';

type T = Translate<typeof messages.en>;

function OrderCard({
  order,
  now,
  busy,
  onMove,
  t,
  fmt,
}: {
  order: KitchenOrder;
  now: Date;
  busy: boolean;
  onMove: (order: KitchenOrder, status: KitchenStatus) => void;
  t: T;
  fmt: Formatters;
}) {
  const waited = minutesSince(order.orderedAt, now);
  const slow = order.status !== 'ready' && waited >= SLOW_ORDER_MINUTES;
  return (
    <li className={`card cv-order${slow ? ' cv-order-slow' : ''}`}>
      <div className="card-head">
        <strong className="mono">{t('queue.order', { order: order.orderId })}</strong>
        <span className={slow ? 'badge badge-warn' : 'meta'}>
          {slow ? `${t('queue.slow')} · ` : ''}
          {t('queue.waited', { n: waited })}
        </span>
      </div>
      <ul className="cv-lines">
        {order.lines.map((line, index) => (
          // Lines have no id of their own; their order within an order is fixed.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index}>
            {t('queue.line', { quantity: line.quantity, dish: localName(fmt.locale, line.name ?? line.dishId, line.nameZh) })}
          </li>
        ))}
      </ul>
      <div className="meta">
        <time dateTime={order.orderedAt}>{fmt.time(order.orderedAt)}</time> · {t('queue.terminal', { device: order.deviceId })} ·{' '}
        {fmt.currency(order.total)}
      </div>
      <div className="row-actions">
        {KITCHEN_NEXT[order.status].map((next, index) => (
          <button
            key={next}
            type="button"
            className={index === 0 ? 'button-strong' : undefined}
            disabled={busy}
            aria-label={t('queue.moveLabel', { order: order.orderId, action: t(`queue.to.${next}`) })}
            onClick={() => onMove(order, next)}
          >
            {t(`queue.to.${next}`)}
          </button>
        ))}
      </div>
    </li>
  );
}

/** The live kitchen queue of one canteen (CAT-2) in three columns, with the next step of each order. */
export function KitchenBoard({
  canteens,
  selected,
  onSelect,
  queues,
  now,
  busy,
  error,
  onMove,
  t,
  fmt,
}: {
  canteens: readonly Canteen[];
  selected: string;
  onSelect: (id: string) => void;
  queues: Readonly<Record<string, KitchenQueue>>;
  now: Date;
  busy: boolean;
  error: ApiError | null;
  onMove: (order: KitchenOrder, status: KitchenStatus) => void;
  t: T;
  fmt: Formatters;
}) {
  if (canteens.length === 0) return <p className="state">{t('queue.noCanteens')}</p>;
  const queue = queues[selected];
  const columns = queueColumns(queue?.items ?? []);
  return (
    <>
      <fieldset className="cv-tabs">
        <legend className="visually-hidden">{t('queue.canteen')}</legend>
        {canteens.map((canteen) => {
          const counts = queues[canteen.id]?.counts;
          const open = counts ? counts.pending + counts.preparing + counts.ready : 0;
          return (
            <button key={canteen.id} type="button" aria-pressed={canteen.id === selected} onClick={() => onSelect(canteen.id)}>
              {localName(fmt.locale, canteen.name, canteen.nameZh)} <span className="badge badge-muted">{open}</span>
            </button>
          );
        })}
      </fieldset>
      <ErrorNote error={error} />
      <div className="cv-columns">
        {OPEN_STATUSES.map((status) => {
          const total = queue?.counts[status] ?? 0;
          const shown = columns[status];
          return (
            <section key={status} className="cv-column" aria-labelledby={`cv-col-${status}`}>
              <h3 id={`cv-col-${status}`}>
                {t(`queue.status.${status}`)} <span className="badge badge-muted">{total}</span>
              </h3>
              {shown.length === 0 ? <p className="state">{t('queue.empty')}</p> : null}
              <ul className="list">
                {shown.map((order) => (
                  <OrderCard key={order.id} order={order} now={now} busy={busy} onMove={onMove} t={t} fmt={fmt} />
                ))}
              </ul>
              {total > shown.length ? <p className="meta">{t('queue.more', { n: total - shown.length })}</p> : null}
            </section>
          );
        })}
      </div>
    </>
  );
}
