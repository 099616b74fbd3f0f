import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';
import { navigate } from '../../app/router.ts';
import { type Me, signIn } from '../../auth/auth-store.ts';

interface LoginResponse {
  token: string;
  expiresAt: string;
  user: Me;
}

/** Only same-site paths: `next` comes from the address bar and must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** POST /api/auth/login, then on to the page asked for (or the password change a reset requires). */
export function useLogin(next: string | null) {
  return useMutation(async (username: string, password: string) => {
    const response = await api.post<LoginResponse>('/auth/login', { username, password });
    signIn(response.token, response.expiresAt, response.user);
    navigate(response.user.mustChangePassword ? '/password' : safeNext(next), { replace: true });
    return response.user;
  });
}
