import { useBannerAcknowledge, useCriticalBanner } from '../alerts/use-critical-banner.ts';
import { useCommon, useFormat } from '../i18n/i18n.ts';
import { navigate } from './router.ts';

/**
 * New critical alerts, impossible to miss on any page: a full-width flashing banner announced
 * assertively to screen readers, with its actions reachable first by keyboard.
 */
export function CriticalBanner({
  enabled,
  mayHandle,
  queuePath,
}: {
  enabled: boolean;
  mayHandle: boolean;
  queuePath: string | null;
}) {
  const t = useCommon();
  const format = useFormat();
  const { alerts, dismiss } = useCriticalBanner(enabled);
  const acknowledge = useBannerAcknowledge();
  const first = alerts[0];
  if (!first) return null;
  return (
    <section className="critical-banner" role="alert" aria-label={t('banner.label')} key={first.id}>
      <div className="critical-text">
        <strong>
          {t(`severity.${first.severity}`)} · {first.title}
        </strong>
        <span>
          {first.message} {t('banner.at', { time: format.time(first.raisedAt) })}
        </span>
        {alerts.length > 1 ? <span className="critical-more">{t('banner.more', { n: alerts.length - 1 })}</span> : null}
        {acknowledge.error ? <span className="form-error">{acknowledge.error.message}</span> : null}
      </div>
      <div className="critical-actions">
        {mayHandle ? (
          <button
            type="button"
            className="button-strong"
            disabled={acknowledge.pending}
            onClick={() => void acknowledge.run(first.id)}
          >
            {t('banner.acknowledge')}
          </button>
        ) : null}
        {queuePath ? (
          <button type="button" onClick={() => navigate(`${queuePath}?alert=${first.id}`)}>
            {t('banner.open')}
          </button>
        ) : null}
        <button type="button" onClick={() => dismiss(first.id)}>
          {t('action.dismiss')}
        </button>
      </div>
    </section>
  );
}
