import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import importRoutes from './import-routes.ts';
import menuRoutes from './menu-routes.ts';
import orderRoutes from './order-routes.ts';
import planningRoutes from './planning-routes.ts';
import ratingRoutes from './rating-routes.ts';
import stockRoutes from './stock-routes.ts';

/**
 * /api/catering (CAT-1..8): menus, pre-orders and the kitchen queue, the ingredient store and
 * traceability, ratings, planning and waste, CSV import. The import plugin parses CSV and
 * multipart bodies for its own routes only.
 */
const cateringRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db, gateway, services }) => {
  // Only the dependencies: the options also carry this plugin's prefix, which must not apply twice.
  const deps: HubDeps = { db, gateway, services };
  await app.register(menuRoutes, deps);
  await app.register(orderRoutes, deps);
  await app.register(stockRoutes, deps);
  await app.register(ratingRoutes, deps);
  await app.register(planningRoutes, deps);
  await app.register(importRoutes, deps);
};

export default cateringRoutes;
