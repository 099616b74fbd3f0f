import type { ReactNode } from 'react';
import { type ApiError, NETWORK_ERROR } from '../api/client.ts';
import { useCommon } from '../i18n/i18n.ts';

/** The message of a failed call, with the field it names (`{code, message, field}` from the hub). */
export function ErrorNote({ error }: { error: ApiError | null }) {
  const t = useCommon();
  if (!error) return null;
  let text = error.message;
  if (error.code === NETWORK_ERROR) text = t('error.network');
  else if (error.status === 403) text = `${t('error.forbidden')} (${error.message})`;
  return (
    <p className="form-error" role="alert">
      {text}
    </p>
  );
}

/** Loading / error / empty / content, the same everywhere. */
export function Loadable<T>({
  data,
  error,
  loading,
  reload,
  empty,
  children,
}: {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload?: () => void;
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const t = useCommon();
  if (data === undefined) {
    if (error)
      return (
        <div>
          <ErrorNote error={error} />
          {reload ? (
            <button type="button" onClick={reload}>
              {t('action.retry')}
            </button>
          ) : null}
        </div>
      );
    return (
      <p className="state" role="status">
        {loading ? t('state.loading') : t('state.empty')}
      </p>
    );
  }
  if (empty?.(data)) return <p className="state">{t('state.empty')}</p>;
  return <>{children(data)}</>;
}

export function SeverityBadge({ severity }: { severity: 'info' | 'warning' | 'critical' | 'emergency' }) {
  const t = useCommon();
  return <span className={`badge sev-${severity}`}>{t(`severity.${severity}`)}</span>;
}
