import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import accessRoutes from './access-routes.ts';
import importRoutes from './import-routes.ts';
import inspectionRoutes from './inspection-routes.ts';
import { SAFETY_PHOTO_MAX_BYTES, SAFETY_PHOTOS_PER_PHASE } from './photos.ts';
import registerRoutes from './register-routes.ts';
import residentRoutes from './resident-routes.ts';

/**
 * /api/dorms: the register, residents and their workflows, cards and gates, inspections and
 * safety checks, the CSV import. Multipart parsing is registered here, so only these routes
 * accept uploads, with the safety-photo limits (the CSV import asks for its own per request).
 */
const dormRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db, gateway, services }) => {
  // Only the dependencies: the options also carry this plugin's prefix, which must not apply twice.
  const deps: HubDeps = { db, gateway, services };
  await app.register(multipart, {
    limits: { fileSize: SAFETY_PHOTO_MAX_BYTES, files: SAFETY_PHOTOS_PER_PHASE, fields: 10, parts: SAFETY_PHOTOS_PER_PHASE + 10 },
    throwFileSizeLimit: true,
  });
  await app.register(registerRoutes, deps);
  await app.register(residentRoutes, deps);
  await app.register(accessRoutes, deps);
  await app.register(inspectionRoutes, deps);
  await app.register(importRoutes, deps);
};

export default dormRoutes;
