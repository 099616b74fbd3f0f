import type { ReactNode } from 'react';
import type { Me } from '../auth/auth-store.ts';
import { signOut } from '../auth/auth-store.ts';
import { LOCALES, type Locale } from '../i18n/define.ts';
import { setLocale, translate, useCommon, useLocale, VIEW_CATALOGS } from '../i18n/i18n.ts';
import { CriticalBanner } from './critical-banner.tsx';
import { Link } from './link.tsx';
import { LiveIndicator } from './live-indicator.tsx';
import type { RegisteredRoute } from './routes.ts';
import { setSound, useSound } from './sound.ts';

export function routeTitle(route: RegisteredRoute, locale: Locale): string {
  const catalog = VIEW_CATALOGS[route.namespace];
  return catalog ? translate(catalog, locale, route.titleKey) : route.titleKey;
}

export function LanguageSwitch() {
  const t = useCommon();
  const locale = useLocale();
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('lang.label')}</legend>
      {LOCALES.map((l) => (
        <button key={l} type="button" aria-pressed={locale === l} lang={l === 'zh' ? 'zh-CN' : 'en'} onClick={() => setLocale(l)}>
          {t(`lang.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}

function SoundToggle() {
  const t = useCommon();
  const on = useSound();
  return (
    <button type="button" className="sound-toggle" aria-pressed={on} onClick={() => setSound(!on)}>
      <span aria-hidden="true">{on ? '🔔' : '🔕'}</span> {t(on ? 'sound.on' : 'sound.off')}
    </button>
  );
}

export interface ShellProps {
  me: Me;
  nav: readonly RegisteredRoute[];
  activePath: string;
  alertsEnabled: boolean;
  mayHandleAlerts: boolean;
  alertQueuePath: string | null;
  children: ReactNode;
}

/** Header (live state, language, sound, user), the critical banner, the navigation the roles allow, the page. */
export function Shell({ me, nav, activePath, alertsEnabled, mayHandleAlerts, alertQueuePath, children }: ShellProps) {
  const t = useCommon();
  const locale = useLocale();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <CriticalBanner enabled={alertsEnabled} mayHandle={mayHandleAlerts} queuePath={alertQueuePath} />
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◎
          </span>
          <span>
            <strong>{t('app.title')}</strong>
            <small>{t('app.subtitle')}</small>
          </span>
        </div>
        <LiveIndicator />
        <div className="topbar-tools">
          {alertsEnabled ? <SoundToggle /> : null}
          <LanguageSwitch />
          <span className="user-name" title={t('user.signedInAs', { name: me.displayName })}>
            {me.displayName}
          </span>
          <button type="button" onClick={() => signOut('signed_out')}>
            {t('user.signOut')}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {nav.map((route) => {
            const active = activePath === route.path || activePath.startsWith(`${route.path}/`);
            return (
              <li key={route.path}>
                <Link href={route.path} aria-current={active ? 'page' : undefined}>
                  {route.icon ? (
                    <span className="nav-icon" aria-hidden="true">
                      {route.icon}
                    </span>
                  ) : null}
                  <span>{routeTitle(route, locale)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
