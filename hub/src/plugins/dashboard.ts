import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** Where `npm run build` puts the dashboard (dashboard/dist, next to this workspace). */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url));

/** Paths that belong to the server, never to the single-page app. */
const SERVER_PATHS = /^\/(api|live|docs)(\/|$)/;

export interface DashboardOptions {
  /** The built dashboard; omitted → DEFAULT_DASHBOARD_DIR. */
  root?: string | undefined;
}

/**
 * Serves the built dashboard at `/` with a single-page-app fallback: every GET that is not a
 * server path and not a file answers index.html, so links like `/repair?asset=A-1` (the QR
 * labels) open the app. A hub started without a build says so instead of a blank page.
 */
export default fp(
  async (app: FastifyInstance, options: DashboardOptions) => {
    const root = options.root ?? DEFAULT_DASHBOARD_DIR;
    const built = existsSync(join(root, 'index.html'));
    if (built) {
      // wildcard: false registers one route per built file; everything else falls to the route below.
      await app.register(fastifyStatic, { root, wildcard: false, index: false, cacheControl: false });
    }
    const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (SERVER_PATHS.test(path)) return reply.callNotFound();
      if (!built) {
        return reply.status(503).send({
          code: 'dashboard_not_built',
          message:
            'The dashboard is not built yet: run `npm run build` (or `npm run dev -w @campus/dashboard` while developing).',
        });
      }
      // The HTML always revalidates; the hashed assets it names are cached by their own routes.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    };
    app.get('/', { schema: { hide: true } }, fallback);
    app.get('/*', { schema: { hide: true } }, fallback);
  },
  { name: 'dashboard' },
);
