import { type FormEvent, useState } from 'react';
import { useLocation } from '../../app/router.ts';
import { LanguageSwitch } from '../../app/shell.tsx';
import { authStore } from '../../auth/auth-store.ts';
import { useCommon, useT } from '../../i18n/i18n.ts';
import { useStore } from '../../lib/store.ts';
import { ErrorNote } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import { useLogin } from './use-login.ts';

export default function LoginView() {
  const t = useT(messages);
  const c = useCommon();
  const { search } = useLocation();
  const { ended } = useStore(authStore);
  const login = useLogin(search.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void login.run(username.trim(), password);
  };
  const error = login.error;
  return (
    <main className="login" id="main">
      <form className="panel form" onSubmit={submit} aria-labelledby="login-title">
        <div className="page-head">
          <h1 id="login-title">
            {c('app.title')} · {t('title')}
          </h1>
          <LanguageSwitch />
        </div>
        <p>{t('intro')}</p>
        {ended ? <p role="status">{t(ended === 'expired' ? 'expired' : 'signedOut')}</p> : null}
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error?.code === 'invalid_credentials' ? (
          <p className="form-error" role="alert">
            {t('wrong')}
          </p>
        ) : error?.status === 429 ? (
          <p className="form-error" role="alert">
            {t('tooMany')}
          </p>
        ) : (
          <ErrorNote error={error} />
        )}
        <button type="submit" className="button-strong" disabled={login.pending}>
          {login.pending ? t('pending') : t('submit')}
        </button>
      </form>
    </main>
  );
}
