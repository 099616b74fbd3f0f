import { useCommon, useFormat } from '../i18n/i18n.ts';
import { useLiveStatus } from '../live/live-connection.ts';

/** Live or not, always visible in the header: a wall screen must never show stale data as current. */
export function LiveIndicator() {
  const t = useCommon();
  const format = useFormat();
  const status = useLiveStatus();
  const label = t(`live.${status.state}`);
  const stale = status.state === 'offline' && status.since !== null;
  return (
    <output className={`live-indicator live-${status.state}`} aria-live="polite" title={t('live.title', { state: label })}>
      <span className="live-dot" aria-hidden="true" />
      <span>{label}</span>
      {stale ? <span className="live-stale">{t('live.offlineSince', { time: format.time(status.since) })}</span> : null}
    </output>
  );
}
