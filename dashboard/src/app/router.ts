import { createStore, useStore } from '../lib/store.ts';

/**
 * A small history router: real paths (the QR labels print `/repair?asset=ID`, so hash URLs
 * would not do), one store of the current location, `navigate` for code and <Link> for markup.
 */
export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  const { pathname, search } = globalThis.location ?? { pathname: '/', search: '' };
  return { path: normalise(pathname), search: new URLSearchParams(search) };
}

function normalise(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export const locationStore = createStore<Location>(current());

if (globalThis.addEventListener) globalThis.addEventListener('popstate', () => locationStore.set(current()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const here = `${globalThis.location.pathname}${globalThis.location.search}`;
  if (to !== here) {
    if (options.replace) globalThis.history.replaceState(null, '', to);
    else globalThis.history.pushState(null, '', to);
  }
  locationStore.set(current());
}

export function useLocation(): Location {
  return useStore(locationStore);
}

/** Replaces query parameters of the current path (filters kept in the URL are shareable). */
export function setSearch(changes: Readonly<Record<string, string | null>>): void {
  const { path, search } = locationStore.get();
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
  }
  const text = next.toString();
  navigate(text ? `${path}?${text}` : path, { replace: true });
}

/** Matches `/a/:id` patterns; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const value = have[i] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return null;
  }
  return params;
}
