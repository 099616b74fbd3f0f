import { ALERT_CATEGORIES, ALERT_SEVERITIES } from '@campus/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentAlert } from './present.ts';
import { AlertQuerySchema, AlertSchema, RotaBodySchema, RotaSchema } from './schema.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const alertRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { alerts } = services;

  app.get(
    '/',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts of the categories my role handles, newest first',
        querystring: AlertQuerySchema,
        response: { 200: PageSchema(AlertSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await alerts.list(actorOf(request), {
        ...filter,
        limit: limit + 1,
        beforeId: cursor ? Number(cursor) : undefined,
      });
      const page = rows.slice(0, limit);
      return { items: page.map(presentAlert), nextCursor: rows.length > limit ? String(page.at(-1)?.id ?? '') : null };
    },
  );

  app.get(
    '/handover',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: 'Shift handover: raised and resolved during the shift, and everything still open at its end',
        querystring: Type.Object({
          site: Type.String({ maxLength: 64 }),
          from: Type.String({ format: 'date-time' }),
          to: Type.String({ format: 'date-time' }),
        }),
        response: { 200: Type.Object({ raised: Type.Integer(), resolved: Type.Integer(), open: Type.Array(AlertSchema) }) },
      },
    },
    async (request) => {
      const summary = await alerts.handover(
        actorOf(request),
        request.query.site,
        new Date(request.query.from),
        new Date(request.query.to),
      );
      return { raised: summary.raised, resolved: summary.resolved, open: summary.open.map(presentAlert) };
    },
  );

  app.get(
    '/duty-rota',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: 'Who is on duty now for a site and category, in escalation order',
        querystring: Type.Object({
          site: Type.String({ maxLength: 64 }),
          category: Type.Enum(ALERT_CATEGORIES),
          at: Type.Optional(Type.String({ format: 'date-time' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RotaSchema) }) },
      },
    },
    async (request) => {
      const rows = await alerts.rotaNow(
        request.query.site,
        request.query.category,
        request.query.at ? new Date(request.query.at) : new Date(),
      );
      return {
        items: rows.map((row) => ({
          id: Number(row.id),
          site: row.site,
          category: row.category,
          userId: Number(row.user_id),
          position: row.position,
          startsAt: row.starts_at.toISOString(),
          endsAt: row.ends_at.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/duty-rota',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: 'Put someone on the duty rota',
        body: RotaBodySchema,
        response: { 201: Type.Object({ id: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const row = await alerts.addRota(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send({ id: Number(row.id) });
    },
  );

  app.put(
    '/policies/:site/:severity',
    {
      config: { permission: 'alerts.configure' },
      schema: {
        tags: ['alerts'],
        summary: 'How long an alert of this severity may wait for acknowledgement before it escalates',
        params: Type.Object({ site: Type.String({ maxLength: 64 }), severity: Type.Enum(ALERT_SEVERITIES) }),
        body: Type.Object({ ackWithinMinutes: Type.Integer({ minimum: 1, maximum: 1440 }) }, { additionalProperties: false }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await alerts.setPolicy(
        actorOf(request),
        request.params.site,
        request.params.severity,
        request.body.ackWithinMinutes,
        auditContextOf(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'alerts.read' },
      schema: {
        tags: ['alerts'],
        summary: 'An alert with its evidence and who was notified',
        params: IdParams,
        response: {
          200: Type.Object({
            alert: AlertSchema,
            notifications: Type.Array(
              Type.Object({ userId: Type.Union([Type.Integer(), Type.Null()]), kind: Type.String(), level: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { alert, notifications } = await alerts.get(actorOf(request), request.params.id);
      return {
        alert: presentAlert(alert),
        notifications: notifications.map((n) => ({
          userId: n.user_id === null ? null : Number(n.user_id),
          kind: n.kind,
          level: n.escalation_level,
        })),
      };
    },
  );

  app.post(
    '/:id/acknowledge',
    {
      config: { permission: 'alerts.handle' },
      schema: { tags: ['alerts'], summary: 'I have seen it and am on it', params: IdParams, response: { 200: AlertSchema } },
    },
    async (request) => presentAlert(await alerts.acknowledge(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.post(
    '/:id/resolve',
    {
      config: { permission: 'alerts.handle' },
      schema: {
        tags: ['alerts'],
        summary: 'Close the alert with a note of what was done',
        params: IdParams,
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: AlertSchema },
      },
    },
    async (request) =>
      presentAlert(await alerts.resolve(actorOf(request), request.params.id, request.body.note, auditContextOf(request))),
  );
};

export default alertRoutes;
