import type { Formatters, Translate } from '../../i18n/i18n.ts';
import type { Bid } from './api-types.ts';
import type { messages } from './messages.ts';
import { bestScores } from './procurement-logic.ts';

type T = Translate<typeof messages.en>;

/**
 * The bids of a request for quotes with their evaluation (PRC-4), in the order given (ranked by
 * the caller): each criterion's score, the best of each marked, the awarded bid flagged.
 */
export function BidTable({
  bids,
  awardedBidId,
  t,
  fmt,
}: {
  bids: readonly Bid[];
  awardedBidId: number | null;
  t: T;
  fmt: Formatters;
}) {
  if (bids.length === 0) return <p className="state">{t('bids.none')}</p>;
  const best = bestScores(bids);
  const score = (value: number, top: number | undefined) => (
    <>
      {fmt.number(value, 2)}
      {top !== undefined && value === top ? <span className="visually-hidden"> ({t('bids.best')})</span> : null}
    </>
  );
  const isBest = (value: number, top: number | undefined) => (top !== undefined && value === top ? 'pv-best' : undefined);
  return (
    <div className="table-scroll">
      <table className="pv-bids">
        <caption>{t('bids.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('bids.rank')}</th>
            <th scope="col">{t('bids.supplier')}</th>
            <th scope="col" className="pv-num">
              {t('bids.price')}
            </th>
            <th scope="col" className="pv-num hide-phone">
              {t('bids.days')}
            </th>
            <th scope="col" className="pv-num">
              {t('bids.qualification')}
            </th>
            <th scope="col" className="pv-num">
              {t('bids.priceScore')}
            </th>
            <th scope="col" className="pv-num">
              {t('bids.reputation')}
            </th>
            <th scope="col" className="pv-num">
              {t('bids.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {bids.map((bid) => (
            <tr key={bid.id} className={bid.id === awardedBidId ? 'pv-awarded' : undefined}>
              <td>
                {bid.score ? bid.score.rank : '—'}
                {bid.id === awardedBidId ? (
                  <>
                    {' '}
                    <span className="badge badge-ok">{t('bids.awarded')}</span>
                  </>
                ) : null}
              </td>
              <th scope="row">{bid.supplierName}</th>
              <td className="pv-num">{fmt.currency(bid.price)}</td>
              <td className="pv-num hide-phone">{t('bids.daysValue', { n: bid.deliveryDays })}</td>
              {bid.score ? (
                <>
                  <td className={`pv-num ${isBest(bid.score.qualification, best?.qualification) ?? ''}`}>
                    {score(bid.score.qualification, best?.qualification)}
                  </td>
                  <td className={`pv-num ${isBest(bid.score.price, best?.price) ?? ''}`}>
                    {score(bid.score.price, best?.price)}
                  </td>
                  <td className={`pv-num ${isBest(bid.score.reputation, best?.reputation) ?? ''}`}>
                    {score(bid.score.reputation, best?.reputation)}
                  </td>
                  <td className={`pv-num pv-total ${isBest(bid.score.total, best?.total) ?? ''}`}>
                    {score(bid.score.total, best?.total)}
                  </td>
                </>
              ) : (
                <td colSpan={4} className="meta">
                  {t('bids.notScored')}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
