import { can, type Permission, type Role } from '@campus/protocol';
import { namespaceOf } from '../i18n/i18n.ts';
import { matchPath } from './router.ts';
import type { ViewRoute } from './view-route.ts';

/** A discovered route with the namespace (folder) its messages live under. */
export interface RegisteredRoute extends ViewRoute {
  namespace: string;
}

const modules = import.meta.glob<{ route: ViewRoute }>('../views/*/route.ts', { eager: true });

export function registerRoutes(found: Readonly<Record<string, { route: ViewRoute }>>): RegisteredRoute[] {
  return Object.entries(found)
    .filter(([path]) => !namespaceOf(path).startsWith('_'))
    .map(([path, module]) => ({ ...module.route, namespace: namespaceOf(path) }))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.path.localeCompare(b.path));
}

/** Every view of the app (folders starting with `_` are examples and not served). */
export const ROUTES: readonly RegisteredRoute[] = registerRoutes(modules);

/** Whether a user with these roles may open the view (admin may open everything). */
export function mayOpen(route: ViewRoute, roles: readonly Role[]): boolean {
  if (route.public) return true;
  if (roles.includes('admin')) return true;
  if (route.permission && !can(roles, route.permission as Permission)) return false;
  if (route.roles && !route.roles.some((role) => roles.includes(role))) return false;
  return Boolean(route.permission || route.roles);
}

/** The navigation of a user: only what their roles may open. */
export function navigationFor<R extends ViewRoute>(routes: readonly R[], roles: readonly Role[]): R[] {
  return routes.filter((route) => route.nav !== false && !route.public && mayOpen(route, roles));
}

export function findRoute<R extends ViewRoute>(
  routes: readonly R[],
  path: string,
): { route: R; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}
