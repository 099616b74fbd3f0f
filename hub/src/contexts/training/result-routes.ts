import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { unauthorized } from '../../errors.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentAssessment, presentAttended, presentExam, presentPerformance } from './present.ts';
import {
  ExamBodySchema,
  ExamDetailSchema,
  ExamQuerySchema,
  ExamSchema,
  IdParams,
  PerformanceQuerySchema,
  PerformanceSchema,
  RecordSchema,
  ResultsBodySchema,
} from './schema.ts';

const tags = ['training'];

/** TRN-4 exams and practical checks; TRN-5 results, performance records and follow-ups. */
const resultRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { results } = services.training;
  const record = async (actor: ReturnType<typeof actorOf>, userId: number) => {
    const r = await results.record(actor, userId);
    return {
      user: r.user,
      skills: r.skills,
      certifications: r.certifications,
      assessments: r.assessments.map(presentAssessment),
      sessions: r.sessions.map(presentAttended),
      results: r.results.map(presentPerformance),
      summary: {
        results: r.summary.results,
        passed: r.summary.passed,
        recognitions: r.summary.recognitions,
        openFollowUps: r.summary.open_follow_ups,
        sessionsAttended: r.summary.sessions_attended,
      },
    };
  };

  app.post(
    '/exams',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Set an exam or practical check: area, marks, and optionally the certification it grants',
        body: ExamBodySchema,
        response: { 201: ExamSchema },
      },
    },
    async (request, reply) => {
      const row = await results.createExam(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentExam(row));
    },
  );

  app.get(
    '/exams',
    {
      config: { permission: 'training.read' },
      schema: { tags, summary: 'Exams, newest first', querystring: ExamQuerySchema, response: { 200: PageSchema(ExamSchema) } },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await results.listExams({
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentExam, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/exams/:id',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        summary: 'An exam with its results and their outcomes',
        params: IdParams,
        response: { 200: ExamDetailSchema },
      },
    },
    async (request) => {
      const detail = await results.getExam(actorOf(request), request.params.id);
      return { exam: presentExam(detail.exam), results: detail.results.map(presentPerformance) };
    },
  );

  app.post(
    '/exams/:id/results',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Record scores: outcomes feed performance records; certification exams grant, renew or suspend certificates',
        params: IdParams,
        body: ResultsBodySchema,
        response: { 201: Type.Object({ items: Type.Array(PerformanceSchema) }) },
      },
    },
    async (request, reply) => {
      const rows = await results.recordResults(
        actorOf(request),
        request.params.id,
        request.body.results,
        auditContextOf(request),
      );
      return reply.status(201).send({ items: rows.map(presentPerformance) });
    },
  );

  app.get(
    '/performance',
    {
      config: { permission: 'training.read' },
      schema: {
        tags,
        summary: 'Results with outcomes for the performance review: recognition, re-training, re-assessment, referral',
        querystring: PerformanceQuerySchema,
        response: { 200: PageSchema(PerformanceSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await results.listPerformance(actorOf(request), {
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentPerformance, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/staff/:id/record',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: "A person's training record (mine, my department's as its head, anyone's as trainer or manager)",
        params: IdParams,
        response: { 200: RecordSchema },
      },
    },
    async (request) => record(actorOf(request), request.params.id),
  );

  app.get(
    '/me/record',
    {
      config: { permission: 'training.mine' },
      schema: { tags, summary: 'My training record', response: { 200: RecordSchema } },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.userId === null) throw unauthorized();
      return record(actor, actor.userId);
    },
  );
};

export default resultRoutes;
