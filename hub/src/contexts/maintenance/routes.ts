import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentEvent, presentPhoto, presentTicket, presentWorkLogs } from './present.ts';
import {
  AcceptSchema,
  AnalysisQuerySchema,
  AnalysisSchema,
  AssignSchema,
  CancelSchema,
  ChangeRequestSchema,
  ConfirmSchema,
  DoneSchema,
  NewRequestSchema,
  PhotoParams,
  PhotoSchema,
  RejectSchema,
  ScheduleSchema,
  StatsQuerySchema,
  StatsSchema,
  TechnicianSchema,
  TicketDetailSchema,
  TicketIdParams,
  TicketQuerySchema,
  TicketSchema,
  TriageSchema,
  VocabularySchema,
  WorkLogSchema,
} from './schema.ts';
import { DISPATCH_FLAG_NO_TECHNICIAN } from './vocabulary.ts';

const tags = ['maintenance'];
const period = (query: { from?: string | undefined; to?: string | undefined }) => ({
  from: query.from === undefined ? undefined : new Date(query.from),
  to: query.to === undefined ? undefined : new Date(query.to),
});

/** Repair requests, triage, dispatch, the technician's work, acceptance, statistics (MNT-1..7). */
const maintenanceRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, options) => {
  const { maintenance } = options.services;
  const limits = maintenance.photoLimits;
  // Encapsulated here: only this context's routes parse multipart bodies.
  if (!app.hasPlugin('@fastify/multipart')) {
    await app.register(multipart, { limits: { fileSize: limits.maxBytes, files: limits.perTicket, fields: 10, parts: 20 } });
  }

  const ticketResponse = { 200: TicketSchema };

  app.get(
    '/vocabulary',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Fault types, urgencies with their SLA, statuses: labels in English and Chinese',
        response: { 200: VocabularySchema },
      },
    },
    async () => maintenance.vocabulary(),
  );

  app.post(
    '/tickets',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Report a fault (MNT-1); a QR label link prefills assetId',
        body: NewRequestSchema,
        response: { 201: TicketSchema },
      },
    },
    async (request, reply) => {
      const row = await maintenance.submitRequest(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentTicket(row));
    },
  );

  app.get(
    '/tickets',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Tickets newest first, filtered; my own unless I plan or manage (an asset’s history: ?assetId=)',
        querystring: TicketQuerySchema,
        response: { 200: PageSchema(TicketSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, unassignable, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await maintenance.list(actorOf(request), {
        ...filter,
        dispatchFlag: unassignable ? DISPATCH_FLAG_NO_TECHNICIAN : undefined,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      const now = new Date();
      return toPage(
        rows,
        limit,
        (row) => presentTicket(row, now),
        (row) => [Number(row.id)],
      );
    },
  );

  app.get(
    '/tickets/:id',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'A ticket with its history, work log and photos',
        params: TicketIdParams,
        response: { 200: TicketDetailSchema },
      },
    },
    async (request) => {
      const detail = await maintenance.detail(actorOf(request), request.params.id);
      return {
        ticket: presentTicket(detail.ticket),
        history: detail.history.map(presentEvent),
        workLogs: presentWorkLogs(detail.work.logs, detail.work.parts),
        photos: detail.photos.map(presentPhoto),
      };
    },
  );

  app.post(
    '/tickets/:id/photos',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: `Add photos (multipart/form-data, JPEG/PNG/WebP, at most ${limits.maxBytes} bytes each, ${limits.perTicket} per ticket)`,
        consumes: ['multipart/form-data'],
        params: TicketIdParams,
        response: { 201: Type.Object({ items: Type.Array(PhotoSchema) }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await maintenance.assertMayAddPhotos(actor, request.params.id);
      if (!request.isMultipart()) throw invalid('photos', 'send the photos as multipart/form-data');
      const files: Array<{ filename: string; bytes: Buffer }> = [];
      try {
        for await (const part of request.files()) files.push({ filename: part.filename, bytes: await part.toBuffer() });
      } catch (err) {
        if (err instanceof app.multipartErrors.RequestFileTooLargeError)
          throw new AppError('payload_too_large', 413, `a photo may be at most ${limits.maxBytes} bytes`, 'photos');
        if (err instanceof app.multipartErrors.FilesLimitError)
          throw new AppError('payload_too_large', 413, `at most ${limits.perTicket} photos at once`, 'photos');
        throw err;
      }
      const rows = await maintenance.addPhotos(actor, request.params.id, files, auditContextOf(request));
      return reply.status(201).send({ items: rows.map(presentPhoto) });
    },
  );

  app.get(
    '/tickets/:id/photos/:photoId',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'A photo of the ticket (image bytes)',
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP bytes' }) },
      },
    },
    async (request, reply) => {
      const photo = await maintenance.photo(actorOf(request), request.params.id, request.params.photoId);
      // The type was sniffed at upload; nosniff keeps browsers from second-guessing it.
      return reply
        .type(photo.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .send(photo.bytes);
    },
  );

  app.post(
    '/tickets/:id/triage',
    {
      config: { permission: 'maintenance.triage' },
      schema: {
        tags,
        summary: 'In scope or not; fault type, urgency and hazards; then automatic dispatch (MNT-2, MNT-3)',
        params: TicketIdParams,
        body: TriageSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.triage(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/dispatch',
    {
      config: { permission: 'maintenance.assign' },
      schema: { tags, summary: 'Try automatic dispatch again (MNT-3)', params: TicketIdParams, response: ticketResponse },
    },
    async (request) => presentTicket(await maintenance.dispatch(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/assign',
    {
      config: { permission: 'maintenance.assign' },
      schema: {
        tags,
        summary: 'Assign or reassign by hand; an unqualified technician needs overrideReason (MNT-3)',
        params: TicketIdParams,
        body: AssignSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.assign(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/schedule',
    {
      config: { permission: 'maintenance.assign' },
      schema: {
        tags,
        summary: 'Book the work into a planned window (from, to); the technician then confirms the visit (MNT-3)',
        params: TicketIdParams,
        body: ScheduleSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.schedule(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/confirm',
    {
      config: { permission: 'maintenance.work' },
      schema: {
        tags,
        summary: 'The technician confirms time and place with the requester (MNT-3)',
        params: TicketIdParams,
        body: ConfirmSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.confirmVisit(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/work-logs',
    {
      config: { permission: 'maintenance.work' },
      schema: {
        tags,
        summary: 'Log steps, parts replaced and minutes spent (MNT-4)',
        params: TicketIdParams,
        body: WorkLogSchema,
        response: { 201: TicketSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentTicket(await maintenance.logWork(actorOf(request), request.params.id, request.body, auditContextOf(request))),
        ),
  );

  app.post(
    '/tickets/:id/change-requests',
    {
      config: { permission: 'maintenance.work' },
      schema: {
        tags,
        summary: 'Ask to postpone or change the plan, with a reason; applies once approved (MNT-4)',
        params: TicketIdParams,
        body: ChangeRequestSchema,
        response: { 202: Type.Object({ ticket: TicketSchema, approvalId: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const result = await maintenance.requestChange(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(202).send({ ticket: presentTicket(result.ticket), approvalId: result.approvalId });
    },
  );

  app.post(
    '/tickets/:id/done',
    {
      config: { permission: 'maintenance.work' },
      schema: {
        tags,
        summary: 'Report the repair done; the requester accepts it next (MNT-5)',
        params: TicketIdParams,
        body: DoneSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.markDone(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/accept',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Accept the repair with a 1-5 rating (the requester, or a planner on their behalf) (MNT-5)',
        params: TicketIdParams,
        body: AcceptSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.accept(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/reject',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Reject the repair with what is still wrong: back to the technician for rework (MNT-5)',
        params: TicketIdParams,
        body: RejectSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.reject(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/tickets/:id/cancel',
    {
      config: { permission: 'maintenance.request' },
      schema: {
        tags,
        summary: 'Withdraw a request before work starts',
        params: TicketIdParams,
        body: CancelSchema,
        response: ticketResponse,
      },
    },
    async (request) =>
      presentTicket(await maintenance.cancel(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/technicians',
    {
      config: { permission: 'maintenance.assign' },
      schema: {
        tags,
        summary: 'Technicians with skills, certifications, shift and workload now (for assignment)',
        response: { 200: Type.Object({ items: Type.Array(TechnicianSchema) }) },
      },
    },
    async () => ({ items: await maintenance.technicians() }),
  );

  app.get(
    '/stats',
    {
      config: { permission: 'maintenance.stats' },
      schema: {
        tags,
        summary:
          'Counts by status, type, urgency, source, building, technician; times to respond and repair; costs; by period (MNT-6)',
        querystring: StatsQuerySchema,
        response: { 200: StatsSchema },
      },
    },
    async (request) => maintenance.stats(period(request.query), request.query.bucket),
  );

  app.get(
    '/analysis',
    {
      config: { permission: 'maintenance.stats' },
      schema: {
        tags,
        summary: 'Frequent fault types, hot-spot assets and places, repeat failures within N days (MNT-7)',
        querystring: AnalysisQuerySchema,
        response: { 200: AnalysisSchema },
      },
    },
    async (request) => maintenance.analysis(period(request.query), request.query.repeatWithinDays, request.query.top),
  );
};

export default maintenanceRoutes;
