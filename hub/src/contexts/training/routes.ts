import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import planRoutes from './plan-routes.ts';
import qualificationRoutes from './qualification-routes.ts';
import resultRoutes from './result-routes.ts';

/** Staff training and assessment (TRN-1..5), under /api/training. */
const trainingRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db, gateway, services }) => {
  // Only the dependencies: the options also carry this plugin's prefix, which must not apply twice.
  const deps: HubDeps = { db, gateway, services };
  await app.register(qualificationRoutes, deps);
  await app.register(planRoutes, deps);
  await app.register(resultRoutes, deps);
};

export default trainingRoutes;
