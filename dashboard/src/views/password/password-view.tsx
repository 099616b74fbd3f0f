import { type FormEvent, useEffect, useState } from 'react';
import { navigate } from '../../app/router.ts';
import { authStore } from '../../auth/auth-store.ts';
import { useT } from '../../i18n/i18n.ts';
import { useStore } from '../../lib/store.ts';
import { ErrorNote } from '../../ui/states.tsx';
import { messages } from './messages.ts';
import { useChangePassword } from './use-password.ts';

export default function PasswordView() {
  const t = useT(messages);
  const session = useStore(authStore);
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => {
    if (!session.token) navigate('/login', { replace: true });
  }, [session.token]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) void change.run(current, next);
  };
  return (
    <main className="login" id="main">
      <form className="panel form" onSubmit={submit}>
        <h1>{t('title')}</h1>
        <p>{session.me?.mustChangePassword ? t('required') : t('voluntary')}</p>
        <label>
          {t('current')}
          <input
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          {t('next')}
          <input type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </label>
        <label>
          {t('repeat')}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
        </label>
        {mismatch ? (
          <p className="form-error" role="alert">
            {t('mismatch')}
          </p>
        ) : null}
        <ErrorNote error={change.error} />
        <button type="submit" className="button-strong" disabled={change.pending}>
          {t('submit')}
        </button>
      </form>
    </main>
  );
}
