import type { Gateway } from '@campus/gateway';
import type { Db } from '@campus/storage';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import identityRoutes from './contexts/identity/routes.ts';
import { HUB_CONTEXTS } from './contexts/registry.ts';
import type { HubDeps } from './deps.ts';
import auth from './plugins/auth.ts';
import dashboard from './plugins/dashboard.ts';
import errorHandler from './plugins/error-handler.ts';
import type { HubServices } from './services.ts';

export interface AppOptions {
  db: Db;
  gateway: Gateway;
  services: HubServices;
  sessionSecret: string;
  sessionTtlMinutes?: number;
  loginAttemptsPerMinute?: number;
  /** Omitted in tests: the app then logs nothing. */
  loggerInstance?: FastifyBaseLogger;
  /** The built dashboard served at `/`; omitted → dashboard/dist of this checkout. */
  dashboardDir?: string;
}

/**
 * Builds the HTTP app without listening (STYLE 9): tests use `inject`, main.ts listens.
 * Layers: infrastructure plugins (errors, rate limit, OpenAPI, auth), then one encapsulated
 * plugin per bounded context under /api.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    ajv: { customOptions: { coerceTypes: true, useDefaults: true, removeAdditional: false } },
    bodyLimit: 1_048_576,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorHandler);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Campus operations hub API / 校园后勤运营平台接口', version: '0.1.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(auth, {
    identity: options.services.identity,
    secret: options.sessionSecret,
    sessionTtlMinutes: options.sessionTtlMinutes ?? 720,
  });

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    let database = 'ok';
    try {
      await options.db.query('SELECT 1');
    } catch {
      database = 'unreachable';
    }
    const spool = options.gateway.spool.depth;
    const status = database === 'ok' && spool.rows === 0 ? 'ok' : 'degraded';
    // Degraded still answers 200 while the spool holds data: ingest is up, nothing is lost.
    return reply.status(200).send({ status, database, adapter: options.db.adapter, timescale: options.db.timescale, spool });
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const registry = options.gateway.metrics.registry;
    return reply.type(registry.contentType).send(await registry.metrics());
  });

  const deps: HubDeps = { db: options.db, gateway: options.gateway, services: options.services };
  await app.register(identityRoutes, {
    prefix: '/api',
    ...deps,
    sessionTtlMinutes: options.sessionTtlMinutes ?? 720,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
  });
  for (const context of HUB_CONTEXTS) {
    if (context.routes) await app.register(context.routes, { prefix: `/api/${context.prefix ?? context.name}`, ...deps });
  }
  await app.register(dashboard, { root: options.dashboardDir });
  return app;
}
