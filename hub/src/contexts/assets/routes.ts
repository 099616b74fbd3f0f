import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import depreciationRoutes from './depreciation-routes.ts';
import registerRoutes from './register-routes.ts';
import stocktakeRoutes from './stocktake-routes.ts';
import { VOUCHER_MAX_BYTES, VOUCHER_MAX_FILES } from './uploads.ts';
import workflowRoutes from './workflow-routes.ts';

/**
 * /api/assets: the register, its workflows, stocktakes and depreciation. Multipart parsing is
 * registered here, so only these routes accept uploads, with the voucher limits.
 */
const assetRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db, gateway, services }) => {
  // Only the dependencies: the options also carry this plugin's prefix, which must not apply twice.
  const deps: HubDeps = { db, gateway, services };
  await app.register(multipart, {
    limits: { fileSize: VOUCHER_MAX_BYTES, files: VOUCHER_MAX_FILES, fields: 10, parts: VOUCHER_MAX_FILES + 10 },
    throwFileSizeLimit: true,
  });
  await app.register(depreciationRoutes, deps);
  await app.register(stocktakeRoutes, deps);
  await app.register(workflowRoutes, deps);
  await app.register(registerRoutes, deps);
};

export default assetRoutes;
