import { can, type Permission } from '@campus/protocol';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../actor.ts';
import type { AuditContext } from '../contexts/audit/repository.ts';
import type { IdentityService, SessionUser } from '../contexts/identity/service.ts';
import { AppError, forbidden, unauthorized } from '../errors.ts';

/**
 * `public`: anyone; `authenticated`: any signed-in user (services then scope what they see);
 * otherwise an action of the permission matrix.
 */
export type RouteAccess = Permission | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RouteAccess;
    /** Reachable while the user must still change a reset password. */
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    session: SessionUser | null;
  }
  interface FastifyInstance {
    /** Every /api route with its declared access: the permission walk test reads it. */
    accessCatalog: Array<{ method: string; url: string; access: RouteAccess }>;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; tv: number };
  }
}

export interface AuthOptions {
  identity: IdentityService;
  secret: string;
  sessionTtlMinutes: number;
}

/**
 * Sessions are signed tokens (JWT) carrying the user id and a token version; changing a
 * password, roles or deactivating bumps the version, which ends every session at once.
 * Every /api route must declare its access (DAT-6): a route without one fails the start.
 */
export default fp(
  async (app: FastifyInstance, options: AuthOptions) => {
    await app.register(fastifyJwt, { secret: options.secret, sign: { expiresIn: `${options.sessionTtlMinutes}m` } });
    app.decorateRequest('session', null);
    const catalog: FastifyInstance['accessCatalog'] = [];
    app.decorate('accessCatalog', catalog);

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const access = route.config?.permission;
      if (!access) throw new Error(`${String(route.method)} ${route.url} declares no permission (config.permission)`);
      for (const method of [route.method].flat()) if (method !== 'HEAD') catalog.push({ method, url: route.url, access });
    });

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.permission;
      if (!access || access === 'public') return;
      let payload: { sub: string; tv: number };
      try {
        payload = await request.jwtVerify<{ sub: string; tv: number }>();
      } catch {
        throw unauthorized('sign in first (Authorization: Bearer <token from POST /api/auth/login>)');
      }
      const user = await options.identity.resolveSession(Number(payload.sub), payload.tv);
      if (!user) throw unauthorized('your session has ended; sign in again');
      request.session = user;
      if (user.mustChangePassword && !request.routeOptions.config.allowPendingPasswordChange) {
        throw new AppError('password_change_required', 403, 'change your password first (POST /api/auth/password)');
      }
      if (access !== 'authenticated' && !can(user.roles, access)) throw forbidden(`your role does not allow ${access}`);
    });
  },
  { name: 'auth' },
);

/** The signed-in actor of a route that declared a permission. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.session) throw unauthorized();
  return request.session;
}

export function auditContextOf(request: FastifyRequest): AuditContext {
  return { requestId: request.id, ip: request.ip };
}
