import { useStore } from '../lib/store.ts';
import { authStore, type Me } from './auth-store.ts';

/** The signed-in user inside a view (the shell renders views only when signed in). */
export function useMe(): Me {
  const me = useStore(authStore).me;
  if (!me) throw new Error('useMe outside a signed-in view');
  return me;
}
