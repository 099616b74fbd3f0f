import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { cursorId, tags } from './http.ts';
import { presentRating } from './present.ts';
import {
  AnalysisQuerySchema,
  AnalysisSchema,
  MyRatingQuerySchema,
  RatingBodySchema,
  RatingQuerySchema,
  RatingSchema,
} from './schema.ts';

/** Ratings after meals (CAT-7) and their analysis (CAT-8). */
const ratingRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { ratings } = services.catering;

  app.post(
    '/ratings',
    {
      config: { permission: 'catering.rate' },
      schema: {
        tags,
        summary: 'Rate a meal after eating it (CAT-7): dish, service, environment 1-5, once per meal',
        body: RatingBodySchema,
        response: { 201: RatingSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentRating(await ratings.rate(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/ratings/mine',
    {
      config: { permission: 'catering.rate' },
      schema: {
        tags,
        summary: 'My ratings, newest first',
        querystring: MyRatingQuerySchema,
        response: { 200: PageSchema(RatingSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await ratings.myRatings(actorOf(request), { beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentRating, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/ratings',
    {
      config: { permission: 'catering.ratings.read' },
      schema: {
        tags,
        summary: 'Ratings (without the diners’ names), newest first; ?maxScore=2 for the unhappy ones',
        querystring: RatingQuerySchema,
        response: { 200: PageSchema(RatingSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await ratings.list({ ...filter, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentRating, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/ratings/analysis',
    {
      config: { permission: 'catering.ratings.read' },
      schema: {
        tags,
        summary: 'Satisfaction over time (day/week), per canteen, stall, dish and supplier, with issues to fix (CAT-8)',
        querystring: AnalysisQuerySchema,
        response: { 200: AnalysisSchema },
      },
    },
    async (request) => ratings.analysis(request.query),
  );
};

export default ratingRoutes;
