import { api } from '../../api/client.ts';
import { useMutation } from '../../api/use-query.ts';
import { signOut } from '../../auth/auth-store.ts';

/** POST /api/auth/password ends every session (token version), so sign in again with the new one. */
export function useChangePassword() {
  return useMutation(async (currentPassword: string, newPassword: string) => {
    await api.post<null>('/auth/password', { currentPassword, newPassword });
    signOut('signed_out');
    return true;
  });
}
