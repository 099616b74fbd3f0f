import type { Permission, Role } from '@campus/protocol';
import { locationStore, navigate } from '../app/router.ts';
import { createStore, persisted } from '../lib/store.ts';

/** GET /api/auth/me (hub/src/contexts/identity/schema.ts MeSchema). */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  departmentId: string | null;
  permissions: Permission[];
  mustChangePassword: boolean;
}

export interface Session {
  token: string | null;
  expiresAt: string | null;
  me: Me | null;
  /** Why the last session ended, shown once on the sign-in page. */
  ended: 'expired' | 'signed_out' | null;
}

const SESSION_KEY = 'campus.session';

function restore(): Session {
  const raw = persisted.read(SESSION_KEY);
  if (raw) {
    try {
      const saved = JSON.parse(raw) as Partial<Session>;
      if (typeof saved.token === 'string' && (!saved.expiresAt || Date.parse(saved.expiresAt) > Date.now())) {
        return { token: saved.token, expiresAt: saved.expiresAt ?? null, me: saved.me ?? null, ended: null };
      }
    } catch {
      // A damaged entry: start signed out.
    }
  }
  return { token: null, expiresAt: null, me: null, ended: null };
}

/**
 * The signed-in session. Kept in localStorage so a wall screen survives a reload; the token is
 * a bearer JWT that the hub revokes server-side (token version) on password change or sign-out.
 */
export const authStore = createStore<Session>(restore());

authStore.subscribe(() => {
  const { token, expiresAt, me } = authStore.get();
  persisted.write(SESSION_KEY, token ? JSON.stringify({ token, expiresAt, me }) : null);
});

export function signIn(token: string, expiresAt: string, me: Me): void {
  authStore.set({ token, expiresAt, me, ended: null });
}

export function setMe(me: Me): void {
  authStore.set((s) => ({ ...s, me }));
}

/** Ends the session here and goes to sign-in, coming back to the same page afterwards. */
export function signOut(reason: 'expired' | 'signed_out'): void {
  authStore.set({ token: null, expiresAt: null, me: null, ended: reason });
  const { path, search } = locationStore.get();
  if (path === '/login') return;
  const back = `${path}${search.size > 0 ? `?${search.toString()}` : ''}`;
  navigate(reason === 'expired' && path !== '/' ? `/login?next=${encodeURIComponent(back)}` : '/login', { replace: true });
}
