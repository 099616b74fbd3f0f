import { useEffect } from 'react';
import { api } from '../api/client.ts';
import { useStore } from '../lib/store.ts';
import { connectLive, disconnectLive } from '../live/live-connection.ts';
import { authStore, type Me, type Session, setMe } from './auth-store.ts';

/**
 * The session for the shell: re-reads who I am at start (roles may have changed since the
 * token was issued) and keeps the one live connection open while signed in.
 */
export function useSession(): Session {
  const session = useStore(authStore);
  const { token } = session;
  const ready = session.me !== null && !session.me.mustChangePassword;

  useEffect(() => {
    if (!token) return;
    api.get<Me>('/auth/me').then(setMe, () => {
      // 401 already signed out (api client); other failures keep the saved profile meanwhile.
    });
  }, [token]);

  useEffect(() => {
    if (!token || !ready) return;
    connectLive(token, () => {
      // The hub refused the token on the live channel: ask the API, whose 401 ends the session.
      api.get<Me>('/auth/me').then(setMe, () => {});
    });
    return () => disconnectLive();
  }, [token, ready]);

  return session;
}
