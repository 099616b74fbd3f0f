import { can, type Permission, ROLES } from '@campus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpMethod, type HubFixture, startHubFixture } from './helpers/hub-fixture.ts';

/** Values that satisfy the path patterns, so an allowed role gets past routing to the handler. */
const PARAM_VALUES: Record<string, string> = { kind: 'gate' };

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => PARAM_VALUES[name] ?? '999999');
}

// The walk checks the matrix, not storage: one adapter is enough.
describe('DAT-6 permission walk: every /api route × every role', () => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture('pglite');
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('declares an access rule on every /api route', () => {
    expect(hub.app.accessCatalog.length).toBeGreaterThan(20);
    for (const route of hub.app.accessCatalog) expect(route.access, `${route.method} ${route.url}`).toBeTruthy();
  });

  it('answers 401 to anonymous callers on every non-public route', async () => {
    for (const route of hub.app.accessCatalog.filter((r) => r.access !== 'public')) {
      const response = await hub.call(
        null,
        route.method as HttpMethod,
        concrete(route.url),
        route.method === 'GET' ? undefined : {},
      );
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('allows exactly the roles of the matrix', async () => {
    const mismatches: string[] = [];
    for (const route of hub.app.accessCatalog.filter((r) => r.access !== 'public')) {
      for (const role of ROLES) {
        const allowed = route.access === 'authenticated' || can([role], route.access as Permission);
        const response = await hub.call(
          role,
          route.method as HttpMethod,
          concrete(route.url),
          route.method === 'GET' ? undefined : {},
        );
        const refused = response.statusCode === 403 && response.json<{ code: string }>().code === 'forbidden';
        if (allowed === refused || response.statusCode === 401) {
          mismatches.push(
            `${role} ${route.method} ${route.url}: ${response.statusCode} (matrix says ${allowed ? 'allow' : 'deny'})`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
