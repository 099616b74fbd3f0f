import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema } from '../../http/pagination.ts';
import { queryAudit } from './repository.ts';

const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

const AuditQuerySchema = Type.Object({
  entityType: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 128 })),
  actorId: Type.Optional(Type.Integer({ minimum: 1 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'nextCursor of the previous page' })),
});

/** The audit log, read-only: the API has no route that changes it. */
const auditRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db }) => {
  app.get(
    '/',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first: who changed what, when, before and after',
        querystring: AuditQuerySchema,
        response: { 200: PageSchema(AuditEntrySchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await queryAudit(db, { ...filter, limit: limit + 1, beforeId: cursor ? Number(cursor) : undefined });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => ({
          id: Number(row.id),
          at: row.at.toISOString(),
          actorId: row.actor_id === null ? null : Number(row.actor_id),
          actorName: row.actor_name,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          requestId: row.request_id,
        })),
        nextCursor: rows.length > limit ? String(page.at(-1)?.id ?? '') : null,
      };
    },
  );
};

export default auditRoutes;
