import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentAssessment, presentNeed, presentRequirement, vocabulary } from './present.ts';
import {
  AssessmentBodySchema,
  AssessmentQuerySchema,
  AssessmentSchema,
  IdParams,
  NeedsQuerySchema,
  NeedsSchema,
  RequirementBodySchema,
  RequirementSchema,
  VocabularySchema,
} from './schema.ts';

const tags = ['training'];

/** TRN-1: requirements, skill assessments, training-needs analysis; and the vocabulary. */
const qualificationRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { qualifications } = services.training;

  app.get(
    '/vocabulary',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'Formats, areas, statuses and outcomes: labels in English and Chinese',
        response: { 200: VocabularySchema },
      },
    },
    async () => vocabulary(),
  );

  app.get(
    '/requirements',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        summary: 'What roles and jobs require: skills with minimum levels, certifications',
        response: { 200: Type.Object({ items: Type.Array(RequirementSchema) }) },
      },
    },
    async () => ({ items: (await qualifications.listRequirements()).map(presentRequirement) }),
  );

  app.post(
    '/requirements',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Require a skill level or a certification of a role or a job',
        body: RequirementBodySchema,
        response: { 201: RequirementSchema },
      },
    },
    async (request, reply) => {
      const row = await qualifications.addRequirement(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentRequirement(row));
    },
  );

  app.delete(
    '/requirements/:id',
    { config: { permission: 'training.manage' }, schema: { tags, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await qualifications.removeRequirement(actorOf(request), request.params.id, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/assessments',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: "Record a skill assessment (TRN-1); the assessed skills' levels become the person's",
        body: AssessmentBodySchema,
        response: { 201: AssessmentSchema },
      },
    },
    async (request, reply) => {
      const row = await qualifications.recordAssessment(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentAssessment(row));
    },
  );

  app.get(
    '/assessments',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'Skill assessments, newest first: my own unless I read training records',
        querystring: AssessmentQuerySchema,
        response: { 200: PageSchema(AssessmentSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await qualifications.listAssessments(actorOf(request), {
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentAssessment, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/assessments/:id',
    { config: { permission: 'training.mine' }, schema: { tags, params: IdParams, response: { 200: AssessmentSchema } } },
    async (request) => presentAssessment(await qualifications.getAssessment(actorOf(request), request.params.id)),
  );

  app.get(
    '/needs',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        summary: 'Training-needs analysis: ranked gaps per person and per topic (a department head: their department)',
        querystring: NeedsQuerySchema,
        response: { 200: NeedsSchema },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      const result = await qualifications.needs(actorOf(request), filter);
      return {
        asOf: result.asOf,
        horizonDays: result.horizonDays,
        total: result.items.length,
        items: result.items.slice(0, limit).map(presentNeed),
        topics: result.topics,
      };
    },
  );
};

export default qualificationRoutes;
