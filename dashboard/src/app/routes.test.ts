import { describe, expect, it } from 'vitest';
import { findRoute, mayOpen, navigationFor, ROUTES } from './routes.ts';

const paths = (roles: Parameters<typeof navigationFor>[1]) => navigationFor(ROUTES, roles).map((r) => r.path);

describe('permission-based navigation', () => {
  it('discovers the views from their route.ts, examples excluded', () => {
    const all = ROUTES.map((r) => r.path);
    expect(all).toEqual(expect.arrayContaining(['/login', '/security', '/maintenance', '/technician', '/repair', '/overview']));
    expect(all).not.toContain('/example');
  });

  it('a security officer sees security and overview, not the planner or technician views', () => {
    const nav = paths(['security_officer']);
    expect(nav).toEqual(expect.arrayContaining(['/security', '/overview', '/repair']));
    expect(nav).not.toContain('/maintenance');
    expect(nav).not.toContain('/technician');
  });

  it('a planner sees maintenance planning; a technician only their phone view and repair', () => {
    expect(paths(['maintenance_planner'])).toEqual(expect.arrayContaining(['/maintenance', '/overview']));
    expect(paths(['maintenance_planner'])).not.toContain('/security');
    const tech = paths(['technician']);
    expect(tech).toContain('/technician');
    expect(tech).not.toContain('/maintenance');
    expect(tech).not.toContain('/overview');
  });

  it('a student reaches only the repair page', () => {
    expect(
      paths(['requester']).filter((p) => ['/security', '/maintenance', '/technician', '/overview', '/repair'].includes(p)),
    ).toEqual(['/repair']);
  });

  it('never lists the sign-in pages; admin sees every view', () => {
    expect(paths(['admin'])).not.toContain('/login');
    expect(paths(['admin'])).toEqual(expect.arrayContaining(['/security', '/maintenance', '/technician', '/overview']));
  });

  it('orders the navigation by `order`', () => {
    const nav = navigationFor(ROUTES, ['admin']);
    const orders = nav.map((r) => r.order ?? 100);
    expect([...orders].sort((a, b) => a - b)).toEqual(orders);
  });

  it('matches paths and refuses views the roles do not allow', () => {
    const match = findRoute(ROUTES, '/security');
    expect(match?.route.namespace).toBe('security');
    expect(match && mayOpen(match.route, ['requester'])).toBe(false);
    expect(findRoute(ROUTES, '/nowhere')).toBeNull();
  });
});
