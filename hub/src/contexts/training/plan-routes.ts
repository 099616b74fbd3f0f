import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentCourse, presentEnrolment, presentPlan, presentSession } from './present.ts';
import {
  AttendanceBodySchema,
  CancelBodySchema,
  CloseBodySchema,
  EnrolBodySchema,
  EnrolmentParams,
  EnrolmentSchema,
  IdParams,
  PlanBodySchema,
  PlanDetailSchema,
  PlanQuerySchema,
  PlanSchema,
  SessionBodySchema,
  SessionDetailSchema,
  SessionQuerySchema,
  SessionSchema,
} from './schema.ts';

const tags = ['training'];

/** TRN-2 annual plans through approval; TRN-3 sessions, enrolment and attendance. */
const planRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { plans } = services.training;
  const detail = async (id: number) => {
    const { plan, courses, sessions } = await plans.getPlan(id);
    return { plan: presentPlan(plan), courses: courses.map(presentCourse), sessions };
  };
  const sessionDetail = (result: Awaited<ReturnType<typeof plans.getSession>>) => ({
    session: presentSession(result.session),
    enrolments: result.enrolments.map(presentEnrolment),
  });

  app.post(
    '/plans',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Draft the annual plan: goals and courses (format, months)',
        body: PlanBodySchema,
        response: { 201: PlanDetailSchema },
      },
    },
    async (request, reply) => {
      const plan = await plans.createPlan(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(await detail(Number(plan.id)));
    },
  );

  app.get(
    '/plans',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'Annual plans, newest first',
        querystring: PlanQuerySchema,
        response: { 200: PageSchema(PlanSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await plans.listPlans({
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentPlan, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/plans/:id',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'A plan with its courses and session counts',
        params: IdParams,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => detail(request.params.id),
  );

  app.put(
    '/plans/:id',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Rewrite a draft plan',
        params: IdParams,
        body: PlanBodySchema,
        response: { 200: PlanDetailSchema },
      },
    },
    async (request) => {
      await plans.updatePlan(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return detail(request.params.id);
    },
  );

  app.post(
    '/plans/:id/submit',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Submit a draft for approval (the logistics manager decides in /api/approvals)',
        params: IdParams,
        response: { 200: PlanSchema },
      },
    },
    async (request) => presentPlan(await plans.submitPlan(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.post(
    '/plans/:id/start',
    {
      config: { permission: 'training.manage' },
      schema: { tags, summary: 'Start delivering an approved plan', params: IdParams, response: { 200: PlanSchema } },
    },
    async (request) => presentPlan(await plans.startPlan(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.post(
    '/plans/:id/close',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Close a plan in progress with a summary',
        params: IdParams,
        body: CloseBodySchema,
        response: { 200: PlanSchema },
      },
    },
    async (request) =>
      presentPlan(await plans.closePlan(actorOf(request), request.params.id, request.body.summary, auditContextOf(request))),
  );

  app.post(
    '/sessions',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Schedule a session of a course: format, trainer or external trainer, place or link, capacity',
        body: SessionBodySchema,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => {
      const row = await plans.scheduleSession(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentSession(row));
    },
  );

  app.get(
    '/sessions',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'Sessions in time order: mine unless I read training records',
        querystring: SessionQuerySchema,
        response: { 200: PageSchema(SessionSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const [startsAt, id] = decodeCursor(cursor) ?? [];
      const rows = await plans.listSessions(actorOf(request), {
        ...filter,
        after: typeof startsAt === 'string' && typeof id === 'number' ? { startsAt, id } : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentSession, (row) => [row.starts_at.toISOString(), Number(row.id)]);
    },
  );

  app.get(
    '/sessions/:id',
    {
      config: { permission: 'training.mine' },
      schema: {
        tags,
        summary: 'A session with enrolment and attendance (a participant: their own line)',
        params: IdParams,
        response: { 200: SessionDetailSchema },
      },
    },
    async (request) => sessionDetail(await plans.getSession(actorOf(request), request.params.id)),
  );

  app.post(
    '/sessions/:id/enrolments',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Enrol staff (within capacity)',
        params: IdParams,
        body: EnrolBodySchema,
        response: { 201: Type.Object({ items: Type.Array(EnrolmentSchema) }) },
      },
    },
    async (request, reply) => {
      const rows = await plans.enrol(actorOf(request), request.params.id, request.body.userIds, auditContextOf(request));
      return reply.status(201).send({ items: rows.map(presentEnrolment) });
    },
  );

  app.delete(
    '/sessions/:id/enrolments/:userId',
    { config: { permission: 'training.manage' }, schema: { tags, params: EnrolmentParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await plans.unenrol(actorOf(request), request.params.id, request.params.userId, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/sessions/:id/attendance',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Take or correct attendance; the session counts as held',
        params: IdParams,
        body: AttendanceBodySchema,
        response: { 200: SessionDetailSchema },
      },
    },
    async (request) =>
      sessionDetail(
        await plans.recordAttendance(actorOf(request), request.params.id, request.body.records, auditContextOf(request)),
      ),
  );

  app.post(
    '/sessions/:id/cancel',
    {
      config: { permission: 'training.manage' },
      schema: {
        tags,
        summary: 'Cancel a scheduled session',
        params: IdParams,
        body: CancelBodySchema,
        response: { 200: SessionSchema },
      },
    },
    async (request) =>
      presentSession(
        await plans.cancelSession(actorOf(request), request.params.id, request.body.reason, auditContextOf(request)),
      ),
  );
};

export default planRoutes;
