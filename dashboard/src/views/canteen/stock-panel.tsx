import { useState } from 'react';
import type { Locale } from '../../i18n/define.ts';
import type { Formatters, Translate } from '../../i18n/i18n.ts';
import type { messages } from './messages.ts';
import { type StockRow, stockBarPercent } from './stock-levels.ts';
import { describeDepletion } from './time.ts';

type T = Translate<typeof messages.en>;

/** Rows shown before "show all": the urgent ones fit a wall screen without scrolling. */
export const STOCK_ROWS_SHOWN = 12;

export function localName(locale: Locale, name: string, nameZh: string | null): string {
  return locale === 'zh' && nameZh ? nameZh : name;
}

const STATE_BADGE = { ok: 'badge-ok', low: 'badge-warn', critical: 'badge-crit' } as const;

function Depletion({ row, now, t, fmt }: { row: StockRow; now: Date; t: T; fmt: Formatters }) {
  if (row.state === 'ok') return <span className="meta">{t('stock.depletion.none')}</span>;
  const depletion = describeDepletion(row.depletesAt, now);
  switch (depletion.kind) {
    case 'unknown':
      return <span className="meta">{t('stock.depletion.unknown')}</span>;
    case 'empty':
      return <strong className="cv-crit-text">{t('stock.depletion.empty')}</strong>;
    case 'at':
      return (
        <span>
          <strong>{fmt.relative(depletion.at, now.getTime())}</strong>
          <div className="meta hide-phone">
            <time dateTime={depletion.at.toISOString()}>{fmt.dateTime(depletion.at)}</time>
          </div>
          {row.consumptionPerHour !== null ? (
            <div className="meta hide-phone">
              {t('stock.rate', { rate: fmt.number(row.consumptionPerHour, 2), unit: row.unit })}
            </div>
          ) : null}
        </span>
      );
  }
}

/** Stock against safety stock, most urgent first (CAT-4, CAT-5): bar, figures, projected depletion. */
export function StockTable({ rows, now, t, fmt }: { rows: readonly StockRow[]; now: Date; t: T; fmt: Formatters }) {
  const [onlyLow, setOnlyLow] = useState(false);
  const [all, setAll] = useState(false);
  const filtered = onlyLow ? rows.filter((row) => row.state !== 'ok') : rows;
  const shown = all ? filtered : filtered.slice(0, STOCK_ROWS_SHOWN);
  if (rows.length === 0) return <p className="state">{t('stock.empty')}</p>;
  return (
    <>
      <div className="filters">
        <label className="cv-check">
          <input type="checkbox" checked={onlyLow} onChange={(event) => setOnlyLow(event.target.checked)} />
          <span>{t('stock.onlyLow')}</span>
        </label>
      </div>
      {filtered.length === 0 ? <p className="state">{t('stock.allGood')}</p> : null}
      <div className="table-scroll">
        <table className="cv-stock">
          <caption className="visually-hidden">{t('stock.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stock.item')}</th>
              <th scope="col" className="hide-phone">
                {t('stock.level')}
              </th>
              <th scope="col">{t('stock.onShelf')}</th>
              <th scope="col">{t('stock.safety')}</th>
              <th scope="col" className="hide-phone">
                {t('stock.book')}
              </th>
              <th scope="col">{t('stock.depletion')}</th>
              <th scope="col">{t('stock.state')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const level = t('stock.quantity', { value: fmt.number(row.level), unit: row.unit });
              const safety = fmt.number(row.safetyStock);
              return (
                <tr key={row.itemId} className={`cv-row-${row.state}`}>
                  <th scope="row">
                    {localName(fmt.locale, row.name, row.nameZh)}
                    <div className="meta mono hide-phone">{row.itemId}</div>
                  </th>
                  <td className="hide-phone">
                    <div className="cv-bar" role="img" aria-label={t('stock.barLabel', { level, safety, unit: row.unit })}>
                      <div className={`cv-bar-fill cv-bar-${row.state}`} style={{ width: `${stockBarPercent(row)}%` }} />
                      <div className="cv-bar-safety" />
                    </div>
                  </td>
                  <td>
                    {level}
                    <div className="meta">
                      {row.measured && row.scaleAt
                        ? t('stock.byScale', { time: fmt.time(row.scaleAt).slice(0, 5) })
                        : t('stock.byBook')}
                    </div>
                  </td>
                  <td>{t('stock.quantity', { value: safety, unit: row.unit })}</td>
                  <td className="hide-phone">{t('stock.quantity', { value: fmt.number(row.bookQuantity), unit: row.unit })}</td>
                  <td>
                    <Depletion row={row} now={now} t={t} fmt={fmt} />
                  </td>
                  <td>
                    <span className={`badge ${STATE_BADGE[row.state]}`}>{t(`stock.state.${row.state}`)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {filtered.length > STOCK_ROWS_SHOWN ? (
        <button type="button" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? t('stock.showFewer', { n: STOCK_ROWS_SHOWN }) : t('stock.showAll', { n: filtered.length })}
        </button>
      ) : null}
    </>
  );
}
