import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import dashboard from './dashboard.ts';
import errorHandler from './error-handler.ts';

async function appServing(root: string) {
  const app = Fastify({ logger: false });
  await app.register(errorHandler);
  await app.register(dashboard, { root });
  app.get('/api/ping', async () => ({ ok: true }));
  return app;
}

describe('IOT-11 the hub serves the dashboard', () => {
  let built: string;
  let empty: string;
  beforeAll(async () => {
    built = await mkdtemp(join(tmpdir(), 'campus-dashboard-dist-'));
    empty = await mkdtemp(join(tmpdir(), 'campus-dashboard-none-'));
    await mkdir(join(built, 'assets'));
    await writeFile(join(built, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(built, 'assets', 'index-abc.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await rm(built, { recursive: true, force: true });
    await rm(empty, { recursive: true, force: true });
  });

  it('answers index.html for app paths (QR links like /repair?asset=A-1) and the built files as they are', async () => {
    const app = await appServing(built);
    for (const url of ['/', '/repair?asset=A-1', '/maintenance/tickets/3']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.body).toContain('id="root"');
    }
    const asset = await app.inject({ url: '/assets/index-abc.js' });
    expect(asset.headers['content-type']).toMatch(/javascript/);
    await app.close();
  });

  it('keeps /api, /live and /docs to the server: unknown ones are JSON 404s, not the app', async () => {
    const app = await appServing(built);
    expect((await app.inject({ url: '/api/ping' })).json()).toEqual({ ok: true });
    for (const url of ['/api/nowhere', '/live/x', '/docs/nothing']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    }
    await app.close();
  });

  it('without a build, says how to build it (503) instead of a blank page', async () => {
    const app = await appServing(empty);
    const response = await app.inject({ url: '/repair' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'dashboard_not_built' });
    expect(response.json().message).toMatch(/npm run build/);
    expect((await app.inject({ url: '/api/ping' })).statusCode).toBe(200);
    await app.close();
  });
});
