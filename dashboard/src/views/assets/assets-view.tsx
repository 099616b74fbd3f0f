import { useEffect, useMemo, useRef, useState } from 'react';
import { setSearch, useLocation } from '../../app/router.ts';
import { type Formatters, type Translate, useCommon, useFormat, useLabel, useT } from '../../i18n/i18n.ts';
import { ErrorNote, Loadable } from '../../ui/states.tsx';
import { ASSET_STATUSES, type AssetDetail, type DepreciationTotal } from './api-types.ts';
import './assets.css';
import { messages } from './messages.ts';
import {
  EMPTY_FILTERS,
  filtersFrom,
  MAX_LOADED_ROWS,
  PERIOD_PATTERN,
  type RegisterFilters,
  recentPeriods,
  searchOf,
} from './register-logic.ts';
import { categoryName, departmentName, RegisterTable, STATUS_BADGE } from './register-table.tsx';
import {
  type CsvView,
  useAssetDetail,
  useDepreciation,
  useDepreciationRuns,
  useLookups,
  useQrImage,
  useRegister,
} from './use-assets.ts';

type T = Translate<typeof messages.en>;
type Lookups = ReturnType<typeof useLookups>;

function Filters({
  applied,
  lookups,
  t,
  onApply,
}: {
  applied: RegisterFilters;
  lookups: Lookups;
  t: T;
  onApply: (f: RegisterFilters) => void;
}) {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  const label = useLabel();
  return (
    <search>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          onApply(draft);
        }}
      >
        <label>
          {t('filter.q')}
          <input type="search" value={draft.q} maxLength={64} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          {t('filter.category')}
          <select value={draft.categoryCode} onChange={(e) => setDraft({ ...draft, categoryCode: e.target.value })}>
            <option value="">{t('filter.any')}</option>
            {lookups.categoryOptions.map((option) => (
              <option key={option.code} value={option.code}>
                {`${'\u00a0\u00a0'.repeat(option.depth)}${option.code} ${label({ en: option.name, zh: option.nameZh ?? option.name })}`}
              </option>
            ))}
          </select>
        </label>
        {lookups.departments.length > 0 ? (
          <label>
            {t('filter.department')}
            <select value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })}>
              <option value="">{t('filter.any')}</option>
              {lookups.departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {label({ en: department.name, zh: department.nameZh ?? department.name })}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label>
          {t('filter.status')}
          <select
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: filtersFrom(new URLSearchParams({ status: e.target.value })).status })}
          >
            <option value="">{t('filter.any')}</option>
            {ASSET_STATUSES.map((status) => (
              <option key={status} value={status}>
                {lookups.meta?.statuses[status] ? label(lookups.meta.statuses[status]) : status}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button-strong">
          {t('filter.apply')}
        </button>
        <button type="button" onClick={() => onApply(EMPTY_FILTERS)}>
          {t('filter.clear')}
        </button>
      </form>
    </search>
  );
}

function Detail({
  detail,
  lookups,
  t,
  fmt,
  onClose,
}: {
  detail: AssetDetail;
  lookups: Lookups;
  t: T;
  fmt: Formatters;
  onClose: () => void;
}) {
  const label = useLabel();
  const qr = useQrImage(detail.asset.id);
  const { asset, category } = detail;
  const rows: Array<[string, string]> = [
    [t('col.name'), asset.name],
    [t('col.category'), `${category.code} ${label({ en: category.name, zh: category.nameZh ?? category.name })}`],
    [t('detail.model'), asset.model ?? '—'],
    [t('detail.specification'), asset.specification ?? '—'],
    [t('col.department'), departmentName(asset.departmentId, lookups.departmentById, fmt.locale)],
    [t('col.location'), asset.location ?? '—'],
    [t('detail.supplier'), asset.supplierName ?? '—'],
    [t('detail.purchaseDate'), fmt.date(`${asset.purchaseDate}T00:00:00`)],
    [t('detail.amount'), fmt.currency(asset.amount)],
    [t('detail.accumulated'), fmt.currency(detail.accumulatedDepreciation)],
    [t('detail.bookValue'), fmt.currency(detail.bookValue)],
    [
      t('detail.method'),
      lookups.meta?.depreciationMethods[category.depreciationMethod]
        ? label(lookups.meta.depreciationMethods[category.depreciationMethod])
        : category.depreciationMethod,
    ],
    [t('detail.life'), t('detail.lifeMonths', { n: category.usefulLifeMonths })],
    [t('detail.residual'), fmt.percent(category.residualRate)],
    [t('detail.accepted'), asset.acceptedAt ? fmt.dateTime(asset.acceptedAt) : t('detail.notAccepted')],
  ];
  return (
    <div className="av-detail">
      <div className="panel-head">
        <h2 id="av-detail-title">
          {t('detail.title', { id: asset.id })}{' '}
          <span className={`badge ${STATUS_BADGE[asset.status] ?? 'badge-muted'}`}>
            {lookups.meta?.statuses[asset.status] ? label(lookups.meta.statuses[asset.status]) : asset.status}
          </span>
        </h2>
        <button type="button" onClick={onClose} aria-label={t('detail.close')}>
          ✕
        </button>
      </div>
      <div className="av-detail-body">
        <dl className="av-facts">
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <figure className="av-qr">
          <figcaption>{t('detail.qr')}</figcaption>
          <ErrorNote error={qr.error} />
          {qr.url ? <img src={qr.url} alt={t('detail.qrAlt', { id: asset.id })} width={180} height={180} /> : null}
          {qr.url ? (
            <a href={qr.url} download={`asset-${asset.id}-qr.png`}>
              {t('detail.qrDownload')}
            </a>
          ) : null}
          <a href={detail.repairLink}>{t('detail.repairLink')}</a>
        </figure>
      </div>
      <h3>{t('detail.sensors')}</h3>
      {detail.sensors.length === 0 ? (
        <p className="state">{t('detail.noSensors')}</p>
      ) : (
        <ul>
          {detail.sensors.map((sensor) => (
            <li key={sensor.deviceId}>
              <span className="mono">{sensor.deviceId}</span>
              {sensor.label ? ` · ${sensor.label}` : ''}
              {sensor.registered ? '' : ` · ${t('detail.sensorUnknown')}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TotalsTable({
  caption,
  rows,
  t,
  fmt,
  nameOf,
}: {
  caption: string;
  rows: readonly DepreciationTotal[];
  t: T;
  fmt: Formatters;
  nameOf: (row: DepreciationTotal) => string;
}) {
  const sum = (pick: (row: DepreciationTotal) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dep.key')}</th>
            <th scope="col">{t('dep.name')}</th>
            <th scope="col" className="av-num">
              {t('dep.assets')}
            </th>
            <th scope="col" className="av-num">
              {t('dep.amount')}
            </th>
            <th scope="col" className="av-num hide-phone">
              {t('dep.accumulated')}
            </th>
            <th scope="col" className="av-num">
              {t('dep.bookValue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <td className="mono">{row.key}</td>
              <th scope="row">{nameOf(row)}</th>
              <td className="av-num">{fmt.number(row.assets, 0)}</td>
              <td className="av-num">{fmt.currency(row.amount)}</td>
              <td className="av-num hide-phone">{fmt.currency(row.accumulated)}</td>
              <td className="av-num">{fmt.currency(row.bookValue)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              {t('dep.total')}
            </th>
            <td className="av-num">
              {fmt.number(
                sum((r) => r.assets),
                0,
              )}
            </td>
            <td className="av-num">{fmt.currency(sum((r) => r.amount))}</td>
            <td className="av-num hide-phone">{fmt.currency(sum((r) => r.accumulated))}</td>
            <td className="av-num">{fmt.currency(sum((r) => r.bookValue))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function DepreciationPanel({ lookups, t, fmt }: { lookups: Lookups; t: T; fmt: Formatters }) {
  const periods = useMemo(() => recentPeriods(new Date(), 24), []);
  const runs = useDepreciationRuns();
  const [chosen, setPeriod] = useState<string | null>(null);
  // Until one is chosen: the latest month depreciation was run for, else the current month.
  const period = chosen ?? runs.data?.[0]?.period ?? (runs.loading ? '' : (periods[0] ?? ''));
  const options = period && !periods.includes(period) ? [period, ...periods] : periods;
  const [view, setView] = useState<CsvView>('assets');
  const [saved, setSaved] = useState<string | null>(null);
  const dep = useDepreciation(PERIOD_PATTERN.test(period) ? period : '');
  if (!runs.data && !runs.loading && !runs.error) return null;
  return (
    <section className="panel grid-wide" aria-labelledby="av-dep">
      <div className="panel-head">
        <h2 id="av-dep">{t('dep.title')}</h2>
      </div>
      <p className="meta">{t('dep.caption')}</p>
      <div className="filters">
        <label>
          {t('dep.period')}
          <select value={period} onChange={(e) => setPeriod(e.target.value)}>
            {options.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dep.csvView')}
          <select
            value={view}
            onChange={(e) =>
              setView(e.target.value === 'categories' || e.target.value === 'departments' ? e.target.value : 'assets')
            }
          >
            <option value="assets">{t('dep.csvView.assets')}</option>
            <option value="categories">{t('dep.csvView.categories')}</option>
            <option value="departments">{t('dep.csvView.departments')}</option>
          </select>
        </label>
        <button
          type="button"
          className="button-strong"
          disabled={dep.csv.pending || period === ''}
          onClick={() => {
            setSaved(null);
            void dep.csv.run(view).then((file) => setSaved(file ?? null));
          }}
        >
          {t('dep.csv')}
        </button>
      </div>
      <ErrorNote error={dep.csv.error} />
      {saved ? (
        <p className="form-ok" role="status">
          {t('dep.csvReady', { file: saved })}
        </p>
      ) : null}
      <ErrorNote error={runs.error} />
      <Loadable
        data={dep.report.data}
        error={dep.report.error}
        loading={dep.report.loading || runs.loading}
        reload={dep.report.reload}
      >
        {(report) => (
          <>
            {report.run ? (
              <p>
                {t('dep.run', {
                  time: fmt.dateTime(report.run.runAt),
                  name: report.run.runBy,
                  n: fmt.number(report.run.assetCount, 0),
                  total: fmt.currency(report.run.total),
                })}
              </p>
            ) : (
              <p className="state">{t('dep.notRun', { period: report.period })}</p>
            )}
            <div className="grid">
              <TotalsTable
                caption={t('dep.byCategory')}
                rows={report.byCategory}
                t={t}
                fmt={fmt}
                nameOf={(row) =>
                  lookups.categoryByCode.has(row.key)
                    ? categoryName(row.key, lookups.categoryByCode, fmt.locale)
                    : (row.name ?? row.key)
                }
              />
              <TotalsTable
                caption={t('dep.byDepartment')}
                rows={report.byDepartment}
                t={t}
                fmt={fmt}
                nameOf={(row) =>
                  lookups.departmentById.has(row.key)
                    ? departmentName(row.key, lookups.departmentById, fmt.locale)
                    : (row.name ?? row.key)
                }
              />
            </div>
            <details>
              <summary>{t('dep.json')}</summary>
              <pre className="av-json">{JSON.stringify(report, null, 2)}</pre>
            </details>
          </>
        )}
      </Loadable>
    </section>
  );
}

/** Assets (IOT-11): the searchable register (AST-1), an asset with its QR label, the depreciation report (AST-7). */
export default function AssetsView() {
  const t = useT(messages);
  const common = useCommon();
  const fmt = useFormat();
  const label = useLabel();
  const { search } = useLocation();
  const searchText = search.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL text stands for the URLSearchParams object.
  const filters = useMemo(() => filtersFrom(search), [searchText]);
  const selected = search.get('asset');
  const lookups = useLookups();
  const register = useRegister(filters);
  const detail = useAssetDetail(selected);
  const side = useRef<HTMLElement>(null);
  // Below the register (narrow screens) the opened asset would be out of sight: bring it in once loaded.
  const shownId = detail.data?.asset.id;
  useEffect(() => {
    const panel = side.current;
    if (!shownId || !panel || typeof window === 'undefined') return;
    if (panel.getBoundingClientRect().top > window.innerHeight * 0.6)
      panel.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [shownId]);
  const statusLabel = (status: string) => (lookups.meta?.statuses[status] ? label(lookups.meta.statuses[status]) : status);

  return (
    <section className="page av">
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      <div className="grid">
        <section className="panel av-register" aria-labelledby="av-register">
          <div className="panel-head">
            <h2 id="av-register">{t('register.title')}</h2>
          </div>
          <p className="meta">{t('register.caption')}</p>
          <Filters applied={filters} lookups={lookups} t={t} onApply={(next) => setSearch({ ...searchOf(next), asset: null })} />
          <Loadable data={register.data} error={register.error} loading={register.loading} reload={register.reload}>
            {(loaded) =>
              loaded.items.length === 0 ? (
                <p className="state">{t('register.empty')}</p>
              ) : (
                <>
                  <p className="meta" aria-live="polite">
                    {loaded.nextCursor
                      ? t('register.countMore', { n: loaded.items.length })
                      : t('register.count', { n: loaded.items.length })}
                  </p>
                  <RegisterTable
                    assets={loaded.items}
                    hasMore={loaded.nextCursor !== null && !register.moreError}
                    onNeedMore={register.loadMore}
                    selected={selected}
                    onOpen={(id) => setSearch({ asset: id })}
                    statusLabel={statusLabel}
                    categories={lookups.categoryByCode}
                    departments={lookups.departmentById}
                    t={t}
                    fmt={fmt}
                  />
                  <ErrorNote error={register.moreError} />
                  {loaded.nextCursor ? (
                    <button type="button" disabled={register.loadingMore} onClick={register.loadMore}>
                      {register.loadingMore ? common('state.loading') : t('register.loadMore')}
                    </button>
                  ) : null}
                  {loaded.capped ? <p className="meta">{t('register.capped', { n: MAX_LOADED_ROWS })}</p> : null}
                </>
              )
            }
          </Loadable>
        </section>

        <section
          ref={side}
          className="panel av-side"
          aria-labelledby={selected ? 'av-detail-title' : undefined}
          aria-label={selected ? undefined : t('detail.qr')}
        >
          {selected ? (
            <Loadable data={detail.data} error={detail.error} loading={detail.loading} reload={detail.reload}>
              {(data) => <Detail detail={data} lookups={lookups} t={t} fmt={fmt} onClose={() => setSearch({ asset: null })} />}
            </Loadable>
          ) : (
            <p className="state">{t('detail.select')}</p>
          )}
        </section>

        <DepreciationPanel lookups={lookups} t={t} fmt={fmt} />
      </div>
    </section>
  );
}
