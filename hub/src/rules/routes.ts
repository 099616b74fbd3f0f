import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../deps.ts';
import { actorOf, auditContextOf } from '../plugins/auth.ts';
import { ALL_RULES } from './registry.ts';

const RuleSchema = Type.Object({
  id: Type.String(),
  category: Type.String(),
  title: Type.Object({ en: Type.String(), zh: Type.String() }),
  on: Type.Array(Type.String()),
  configSchema: Type.Unknown({ description: 'JSON Schema of the configuration' }),
  defaults: Type.Unknown(),
  sites: Type.Array(Type.Object({ site: Type.String(), config: Type.Unknown() })),
});

/** The rules and their per-site configuration (IOT-10): changes apply at the next event. */
const ruleRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const rules = ALL_RULES;
  const configs = services.ruleConfigs;
  app.get(
    '/',
    {
      config: { permission: 'rules.read' },
      schema: {
        tags: ['rules'],
        summary: 'Every rule, its configuration schema, defaults and per-site settings',
        response: { 200: Type.Object({ items: Type.Array(RuleSchema) }) },
      },
    },
    async () => ({
      items: rules.map((rule) => ({
        id: rule.id,
        category: rule.category,
        title: rule.title,
        on: [...rule.on],
        configSchema: rule.configSchema,
        defaults: rule.defaults,
        sites: configs.configured(rule.id),
      })),
    }),
  );

  app.put(
    '/:ruleId/sites/:site',
    {
      config: { permission: 'rules.configure' },
      schema: {
        tags: ['rules'],
        summary: "Set a rule's configuration for a site (validated, audited, live at once)",
        params: Type.Object({
          ruleId: Type.String({ maxLength: 64 }),
          site: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
        }),
        body: Type.Record(Type.String(), Type.Unknown()),
        response: { 200: Type.Object({ ruleId: Type.String(), site: Type.String(), config: Type.Unknown() }) },
      },
    },
    async (request) => ({
      ruleId: request.params.ruleId,
      site: request.params.site,
      config: await configs.set(
        actorOf(request),
        request.params.ruleId,
        request.params.site,
        request.body,
        auditContextOf(request),
      ),
    }),
  );
};

export default ruleRoutes;
