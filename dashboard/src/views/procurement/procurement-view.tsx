import { useMemo } from 'react';
import { setSearch, useLocation } from '../../app/router.ts';
import { useFormat, useLocale, useT } from '../../i18n/i18n.ts';
import { messages } from './messages.ts';
import { ContractsPanel, PlansPanel, RequisitionsPanel, SourcingPanel } from './panels.tsx';
import './procurement.css';
import { useAllowed, useHeadline, useStatusLabels } from './use-procurement.ts';

const TABS = ['requisitions', 'plans', 'sourcing', 'contracts'] as const;
type Tab = (typeof TABS)[number];

const TAB_PERMISSION = {
  requisitions: 'procurement.requisitions.read',
  plans: 'procurement.plans.read',
  sourcing: 'procurement.sourcing.read',
  contracts: 'procurement.contracts.read',
} as const;

function idParam(value: string | null): number | null {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** Procurement (IOT-11, PRC-1..6): one tab per stage, the chosen stage and record kept in the URL. */
export default function ProcurementView() {
  const t = useT(messages);
  const fmt = useFormat();
  const locale = useLocale();
  const allowed = useAllowed();
  const { search } = useLocation();
  const tabs = TABS.filter((tab) => allowed(TAB_PERMISSION[tab]));
  const asked = search.get('tab');
  const tab: Tab = tabs.find((candidate) => candidate === asked) ?? tabs[0] ?? 'requisitions';
  const headline = useHeadline();
  const vocabulary = useStatusLabels();
  const statusLabels = useMemo(
    () => new Map((vocabulary.data ?? []).map((entry) => [entry.key, entry.label[locale]])),
    [vocabulary.data, locale],
  );
  const countText = (count: { n: number; more: boolean }) => `${count.n}${count.more ? '+' : ''}`;
  const overdueAmount = headline.data?.overdueInstalments?.reduce((sum, i) => sum + i.outstanding, 0);

  return (
    <section className="page pv">
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      {headline.data ? (
        <div className="kpis">
          <div className="kpi">
            <div className="kpi-value">{countText(headline.data.submitted)}</div>
            <div className="kpi-label">{t('kpi.underReview')}</div>
          </div>
          <div className="kpi">
            <div className="kpi-value">{countText(headline.data.approved)}</div>
            <div className="kpi-label">{t('kpi.approved')}</div>
          </div>
          {headline.data.overdueContracts !== null ? (
            <div className={`kpi${headline.data.overdueContracts > 0 ? ' kpi-crit' : ''}`}>
              <div className="kpi-value">{headline.data.overdueContracts}</div>
              <div className="kpi-label">{t('kpi.overdueContracts')}</div>
            </div>
          ) : null}
          {overdueAmount !== undefined ? (
            <div className={`kpi${overdueAmount > 0 ? ' kpi-crit' : ''}`}>
              <div className="kpi-value">{fmt.currency(overdueAmount)}</div>
              <div className="kpi-label">{t('kpi.overdueAmount')}</div>
            </div>
          ) : null}
        </div>
      ) : null}

      <fieldset className="pv-tabs">
        <legend className="visually-hidden">{t('tabs.label')}</legend>
        {tabs.map((candidate) => (
          <button
            key={candidate}
            type="button"
            aria-pressed={candidate === tab}
            onClick={() => setSearch({ tab: candidate, plan: null, rfq: null, contract: null })}
          >
            {t(`tab.${candidate}`)}
          </button>
        ))}
      </fieldset>

      <div className="grid pv-grid">
        {tab === 'requisitions' ? <RequisitionsPanel t={t} fmt={fmt} statusLabels={statusLabels} /> : null}
        {tab === 'plans' ? <PlansPanel selected={idParam(search.get('plan'))} t={t} fmt={fmt} /> : null}
        {tab === 'sourcing' ? <SourcingPanel selected={idParam(search.get('rfq'))} t={t} fmt={fmt} /> : null}
        {tab === 'contracts' ? <ContractsPanel selected={idParam(search.get('contract'))} t={t} fmt={fmt} /> : null}
      </div>
    </section>
  );
}
