import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import contractRoutes from './contract-routes.ts';
import planRoutes from './plan-routes.ts';
import requisitionRoutes from './requisition-routes.ts';
import { SettingsSchema, VocabularySchema } from './schema.ts';
import sourcingRoutes from './sourcing-routes.ts';
import supplierRoutes from './supplier-routes.ts';
import {
  ACCEPTANCE_LABELS,
  CONTRACT_STATUS_LABELS,
  ISSUE_KIND_LABELS,
  LINE_TARGET_LABELS,
  labelsOf,
  METHOD_LABELS,
  QUALIFICATION_LABELS,
  REQUISITION_KIND_LABELS,
  REQUISITION_STATUS_LABELS,
  RFQ_STATUS_LABELS,
  SUPPLIER_CATEGORY_LABELS,
} from './vocabulary.ts';

/** Procurement (PRC-1..6) under /api/procurement: one plugin per stage, plus labels and the policy in force. */
const procurementRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, options) => {
  app.get(
    '/vocabulary',
    {
      config: { permission: 'procurement.requisitions.read' },
      schema: {
        tags: ['procurement'],
        summary: 'Statuses, methods, categories: labels in English and Chinese',
        response: { 200: VocabularySchema },
      },
    },
    async () => ({
      requisitionKinds: labelsOf(REQUISITION_KIND_LABELS),
      requisitionStatuses: labelsOf(REQUISITION_STATUS_LABELS),
      methods: labelsOf(METHOD_LABELS),
      supplierCategories: labelsOf(SUPPLIER_CATEGORY_LABELS),
      qualificationKinds: labelsOf(QUALIFICATION_LABELS),
      rfqStatuses: labelsOf(RFQ_STATUS_LABELS),
      contractStatuses: labelsOf(CONTRACT_STATUS_LABELS),
      lineTargets: labelsOf(LINE_TARGET_LABELS),
      acceptanceResults: labelsOf(ACCEPTANCE_LABELS),
      issueKinds: labelsOf(ISSUE_KIND_LABELS),
    }),
  );

  app.get(
    '/settings',
    {
      config: { permission: 'procurement.requisitions.read' },
      schema: {
        tags: ['procurement'],
        summary:
          'The procurement policy in force: approval and method thresholds, lead times, evaluation weights, reputation learning',
        response: { 200: SettingsSchema },
      },
    },
    async () => options.services.procurement.settings,
  );

  // Only the dependencies: the options also carry this plugin's prefix, which must not apply twice.
  const deps: HubDeps = { db: options.db, gateway: options.gateway, services: options.services };
  for (const stage of [requisitionRoutes, planRoutes, supplierRoutes, sourcingRoutes, contractRoutes])
    await app.register(stage, deps);
};

export default procurementRoutes;
