import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentPeriod } from './present.ts';
import {
  DateParams,
  DayInfoSchema,
  DaysQuerySchema,
  DormHoursBodySchema,
  IdParams,
  PeriodBodySchema,
  PeriodPatchSchema,
  PeriodQuerySchema,
  PeriodSchema,
} from './schema.ts';

const tags = ['calendar'];

/** The academic calendar: periods to manage, days to read (every role reads). */
const calendarRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, options) => {
  const { calendar } = options.services;

  app.get(
    '/today',
    {
      config: { permission: 'calendar.read' },
      schema: { tags, summary: 'Today on campus: term, vacation, exam week, holiday, curfew', response: { 200: DayInfoSchema } },
    },
    async () => calendar.dayInfo(new Date()),
  );

  app.get(
    '/days/:date',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: 'One day: term, vacation, exam week, holiday, and the dorm curfew and visiting hours in force',
        params: DateParams,
        response: { 200: DayInfoSchema },
      },
    },
    async (request) => calendar.dayInfo(request.params.date),
  );

  app.get(
    '/days',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: 'Every day of a range (at most 400 days), e.g. for canteen forecasts',
        querystring: DaysQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(DayInfoSchema) }) },
      },
    },
    async (request) => ({ items: await calendar.days(request.query.from, request.query.to) }),
  );

  app.get(
    '/periods',
    {
      config: { permission: 'calendar.read' },
      schema: {
        tags,
        summary: 'Terms, vacations, exam weeks and holidays in date order, filtered by kind and dates',
        querystring: PeriodQuerySchema,
        response: { 200: PageSchema(PeriodSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const [startsOn, id] = decodeCursor(cursor) ?? [];
      const rows = await calendar.list({
        ...filter,
        after: typeof startsOn === 'string' && typeof id === 'number' ? { startsOn, id } : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentPeriod, (row) => [row.starts_on, Number(row.id)]);
    },
  );

  app.get(
    '/periods/:id',
    { config: { permission: 'calendar.read' }, schema: { tags, params: IdParams, response: { 200: PeriodSchema } } },
    async (request) => presentPeriod(await calendar.get(request.params.id)),
  );

  app.post(
    '/periods',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Add a term, vacation, exam week or holiday (overlaps are refused naming the date to change)',
        body: PeriodBodySchema,
        response: { 201: PeriodSchema },
      },
    },
    async (request, reply) => {
      const row = await calendar.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentPeriod(row));
    },
  );

  app.patch(
    '/periods/:id',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Change the names, dates, dorm hours or note of a period',
        params: IdParams,
        body: PeriodPatchSchema,
        response: { 200: PeriodSchema },
      },
    },
    async (request) =>
      presentPeriod(await calendar.update(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.put(
    '/periods/:id/dorm-hours',
    {
      config: { permission: 'calendar.dorm_hours' },
      schema: {
        tags,
        summary: 'Set the dorm curfew and visiting hours of a period (null clears an override)',
        params: IdParams,
        body: DormHoursBodySchema,
        response: { 200: PeriodSchema },
      },
    },
    async (request) =>
      presentPeriod(await calendar.setDormHours(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.delete(
    '/periods/:id',
    {
      config: { permission: 'calendar.manage' },
      schema: { tags, summary: 'Remove a period', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await calendar.remove(actorOf(request), request.params.id, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );
};

export default calendarRoutes;
