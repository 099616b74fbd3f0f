import { can } from '@campus/protocol';
import { Suspense, useEffect } from 'react';
import { useSession } from '../auth/use-session.ts';
import { useCommon, useLocale } from '../i18n/i18n.ts';
import { Link } from './link.tsx';
import { navigate, useLocation } from './router.ts';
import { findRoute, mayOpen, navigationFor, ROUTES } from './routes.ts';
import { routeTitle, Shell } from './shell.tsx';

function Loading() {
  const t = useCommon();
  return (
    <p className="state" role="status">
      {t('state.loading')}
    </p>
  );
}

function Message({ title, body, home }: { title: string; body: string; home: boolean }) {
  const t = useCommon();
  return (
    <section className="page">
      <h1>{title}</h1>
      <p>{body}</p>
      {home ? <Link href="/">{t('notFound.home')}</Link> : null}
    </section>
  );
}

/** Picks the page for the address: sign-in when needed, the view if the roles allow it, otherwise why not. */
export function App() {
  const t = useCommon();
  const locale = useLocale();
  const session = useSession();
  const { path, search } = useLocation();
  const me = session.token ? session.me : null;
  const match = findRoute(ROUTES, path);
  const nav = me ? navigationFor(ROUTES, me.roles) : [];
  const home = nav[0]?.path ?? null;

  let redirect: string | null = null;
  if (!session.token && !match?.route.public) {
    const back = `${path}${search.size > 0 ? `?${search.toString()}` : ''}`;
    redirect = path === '/' ? '/login' : `/login?next=${encodeURIComponent(back)}`;
  } else if (me?.mustChangePassword && path !== '/password') redirect = '/password';
  else if (me && path === '/' && home) redirect = home;

  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  const title = match ? routeTitle(match.route, locale) : t('notFound.title');
  useEffect(() => {
    document.title = `${title} · ${t('app.title')}`;
  }, [title, t]);

  if (redirect) return <Loading />;
  if (match?.route.public || !me) {
    const Page = match?.route.component;
    return <Suspense fallback={<Loading />}>{Page ? <Page /> : <Loading />}</Suspense>;
  }

  let page: React.ReactNode;
  if (!match) {
    page =
      path === '/' ? (
        <Message title={t('app.title')} body={t('home.none')} home={false} />
      ) : (
        <Message title={t('notFound.title')} body={t('notFound.body')} home />
      );
  } else if (!mayOpen(match.route, me.roles)) {
    page = <Message title={t('forbidden.title')} body={t('forbidden.body')} home />;
  } else {
    const Page = match.route.component;
    page = <Page />;
  }
  const alertsEnabled = can(me.roles, 'alerts.read');
  const queue = ROUTES.find((r) => r.namespace === 'security');
  return (
    <Shell
      me={me}
      nav={nav}
      activePath={path}
      alertsEnabled={alertsEnabled}
      mayHandleAlerts={can(me.roles, 'alerts.handle')}
      alertQueuePath={queue && mayOpen(queue, me.roles) ? queue.path : null}
    >
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </Shell>
  );
}
