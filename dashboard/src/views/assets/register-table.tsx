import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Formatters, Translate } from '../../i18n/i18n.ts';
import type { Asset, Category, Department } from './api-types.ts';
import type { messages } from './messages.ts';

type T = Translate<typeof messages.en>;

const ROW_HEIGHT = 44;
/** Ask for the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 30;

export const STATUS_BADGE: Record<string, string> = {
  pending_acceptance: 'badge-info',
  rejected: 'badge-warn',
  in_use: 'badge-ok',
  borrowed: 'badge-info',
  under_maintenance: 'badge-warn',
  missing: 'badge-crit',
  pending_disposal: 'badge-warn',
  disposed: 'badge-muted',
};

export function categoryName(code: string, byCode: ReadonlyMap<string, Category>, locale: 'en' | 'zh'): string {
  const category = byCode.get(code);
  if (!category) return code;
  return locale === 'zh' && category.nameZh ? category.nameZh : category.name;
}

export function departmentName(id: string, byId: ReadonlyMap<string, Department>, locale: 'en' | 'zh'): string {
  const department = byId.get(id);
  if (!department) return id;
  return locale === 'zh' && department.nameZh ? department.nameZh : department.name;
}

/**
 * The register as a virtualised table: a real <table> whose body holds only the rows in view
 * between two spacer rows, so thousands of loaded assets scroll smoothly on a phone too and
 * screen readers still get a table (with aria-rowcount/rowindex for the whole list).
 */
export function RegisterTable({
  assets,
  hasMore,
  onNeedMore,
  selected,
  onOpen,
  statusLabel,
  categories,
  departments,
  t,
  fmt,
}: {
  assets: readonly Asset[];
  hasMore: boolean;
  onNeedMore: () => void;
  selected: string | null;
  onOpen: (id: string) => void;
  statusLabel: (status: string) => string;
  categories: ReadonlyMap<string, Category>;
  departments: ReadonlyMap<string, Department>;
  t: T;
  fmt: Formatters;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: assets.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && lastIndex >= assets.length - PREFETCH_ROWS) onNeedMore();
  }, [hasMore, lastIndex, assets.length, onNeedMore]);

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="av-scroll" ref={scroller}>
      <table className="av-table" aria-rowcount={assets.length + 1}>
        <caption className="visually-hidden">{t('register.title')}</caption>
        <colgroup>
          <col className="av-c-id" />
          <col className="av-c-name" />
          <col className="av-c-cat hide-phone" />
          <col className="av-c-dept hide-phone" />
          <col className="av-c-loc hide-phone" />
          <col className="av-c-status" />
          <col className="av-c-amount hide-phone" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t('col.id')}</th>
            <th scope="col">{t('col.name')}</th>
            <th scope="col" className="hide-phone">
              {t('col.category')}
            </th>
            <th scope="col" className="hide-phone">
              {t('col.department')}
            </th>
            <th scope="col" className="hide-phone">
              {t('col.location')}
            </th>
            <th scope="col">{t('col.status')}</th>
            <th scope="col" className="hide-phone av-num">
              {t('col.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr className="av-spacer" style={{ height: paddingTop }}>
              <td colSpan={7} />
            </tr>
          ) : null}
          {items.map((item) => {
            const asset = assets[item.index];
            if (!asset) return null;
            return (
              <tr
                key={asset.id}
                aria-rowindex={item.index + 2}
                aria-selected={asset.id === selected}
                className={asset.id === selected ? 'av-selected' : undefined}
                style={{ height: ROW_HEIGHT }}
              >
                <td>
                  <button
                    type="button"
                    className="av-open mono"
                    aria-label={t('register.open', { id: asset.id })}
                    onClick={() => onOpen(asset.id)}
                  >
                    {asset.id}
                  </button>
                </td>
                <td className="av-ellipsis" title={asset.name}>
                  {asset.name}
                </td>
                <td className="hide-phone av-ellipsis" title={categoryName(asset.categoryCode, categories, fmt.locale)}>
                  {categoryName(asset.categoryCode, categories, fmt.locale)}
                </td>
                <td className="hide-phone av-ellipsis" title={departmentName(asset.departmentId, departments, fmt.locale)}>
                  {departmentName(asset.departmentId, departments, fmt.locale)}
                </td>
                <td className="hide-phone av-ellipsis" title={asset.location ?? undefined}>
                  {asset.location ?? '—'}
                </td>
                <td>
                  <span className={`badge ${STATUS_BADGE[asset.status] ?? 'badge-muted'}`}>{statusLabel(asset.status)}</span>
                </td>
                <td className="hide-phone av-num">{fmt.currency(asset.amount)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr className="av-spacer" style={{ height: paddingBottom }}>
              <td colSpan={7} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
