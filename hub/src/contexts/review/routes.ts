import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentCorrection, presentItem } from './present.ts';
import {
  CorrectBodySchema,
  CorrectionSchema,
  EntityTypeParamsSchema,
  IdParamsSchema,
  ItemDetailSchema,
  ItemQuerySchema,
  ItemSchema,
  PassBodySchema,
  PolicyBodySchema,
  PolicySchema,
} from './schema.ts';

/** The data reviewer's sampling queue (DAT-2): policies, the queue, pass or correct. */
const reviewRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { review } = services;

  app.get(
    '/policies',
    {
      config: { permission: 'review.read' },
      schema: {
        tags: ['review'],
        summary: 'Reviewable kinds of record and the share of new ones drawn for review',
        response: { 200: Type.Object({ items: Type.Array(PolicySchema) }) },
      },
    },
    async () => ({ items: await review.policies() }),
  );

  app.put(
    '/policies/:entityType',
    {
      config: { permission: 'review.configure' },
      schema: {
        tags: ['review'],
        summary: 'Set the sampling rate of a kind of record (applies to records entered from now on)',
        params: EntityTypeParamsSchema,
        body: PolicyBodySchema,
        response: { 200: Type.Object({ entityType: Type.String(), sampleRate: Type.Number() }) },
      },
    },
    async (request) => ({
      entityType: request.params.entityType,
      sampleRate: await review.setPolicy(
        actorOf(request),
        request.params.entityType,
        request.body.sampleRate,
        auditContextOf(request),
      ),
    }),
  );

  app.get(
    '/items',
    {
      config: { permission: 'review.read' },
      schema: {
        tags: ['review'],
        summary: 'The review queue, oldest first',
        querystring: ItemQuerySchema,
        response: { 200: PageSchema(ItemSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await review.list({ ...filter, afterId: typeof after === 'number' ? after : undefined, limit: limit + 1 });
      return toPage(rows, limit, presentItem, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/items/:id',
    {
      config: { permission: 'review.read' },
      schema: {
        tags: ['review'],
        summary: 'A drawn record as it stands now, with its corrections',
        params: IdParamsSchema,
        response: { 200: ItemDetailSchema },
      },
    },
    async (request) => {
      const detail = await review.detail(request.params.id);
      return { item: presentItem(detail.item), record: detail.record, corrections: detail.corrections.map(presentCorrection) };
    },
  );

  app.post(
    '/items/:id/pass',
    {
      config: { permission: 'review.audit' },
      schema: {
        tags: ['review'],
        summary: 'The record is right',
        params: IdParamsSchema,
        body: PassBodySchema,
        response: { 200: ItemSchema },
      },
    },
    async (request) =>
      presentItem(await review.pass(actorOf(request), request.params.id, request.body.notes, auditContextOf(request))),
  );

  app.post(
    '/items/:id/corrections',
    {
      config: { permission: 'review.audit' },
      schema: {
        tags: ['review'],
        summary: 'Correct fields of the record (kept with before and after)',
        params: IdParamsSchema,
        body: CorrectBodySchema,
        response: { 201: Type.Object({ item: ItemSchema, correction: CorrectionSchema }) },
      },
    },
    async (request, reply) => {
      const result = await review.correct(
        actorOf(request),
        request.params.id,
        request.body.changes,
        request.body.notes,
        auditContextOf(request),
      );
      return reply.status(201).send({ item: presentItem(result.item), correction: presentCorrection(result.correction) });
    },
  );
};

export default reviewRoutes;
