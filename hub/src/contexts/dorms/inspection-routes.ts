import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import {
  presentFinding,
  presentInspection,
  presentPlan,
  presentReinspection,
  presentSafetyCheck,
  presentSafetyPhoto,
} from './present.ts';
import {
  IdParams,
  InspectionBodySchema,
  InspectionDetailSchema,
  InspectionQuerySchema,
  InspectionSchema,
  PhotoParams,
  PhotoQuerySchema,
  PlanBodySchema,
  PlanPatchSchema,
  PlanSchema,
  ReinspectionBodySchema,
  SafetyCheckBodySchema,
  SafetyCheckSchema,
  SafetyDetailSchema,
  SafetyPhotoSchema,
  SafetyQuerySchema,
} from './schema.ts';

const tags = ['dorms'];
const beforeOf = (cursor: string | undefined) => {
  const value = decodeCursor(cursor)?.[0];
  return typeof value === 'number' ? value : undefined;
};

/** Inspection plans and inspections (DRM-5), safety checks and their rectification (DRM-7). */
const inspectionRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { inspections } = services.dorms;
  const limits = inspections.photoLimits;

  const detail = (d: Awaited<ReturnType<typeof inspections.safetyDetail>>) => ({
    check: { ...presentSafetyCheck(d.check), overdue: d.overdue },
    photos: d.photos.map(presentSafetyPhoto),
    reinspections: d.reinspections.map(presentReinspection),
  });

  app.get(
    '/inspection-plans',
    {
      config: { permission: 'dorms.inspections.read' },
      schema: {
        tags,
        summary: 'Inspection plans with the next due date',
        querystring: Type.Object({ active: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(PlanSchema) }) },
      },
    },
    async (request) => ({ items: (await inspections.listPlans(request.query.active)).map(presentPlan) }),
  );

  app.post(
    '/inspection-plans',
    {
      config: { permission: 'dorms.inspect' },
      schema: {
        tags,
        summary: 'Plan regular facility inspections (a building or all)',
        body: PlanBodySchema,
        response: { 201: PlanSchema },
      },
    },
    async (request, reply) => {
      const row = await inspections.createPlan(actorOf(request), request.body, auditContextOf(request));
      const [entry] = (await inspections.listPlans(undefined)).filter((p) => Number(p.row.id) === Number(row.id));
      return reply.status(201).send(presentPlan(entry ?? { row, nextDue: row.starts_on, overdue: false }));
    },
  );

  app.patch(
    '/inspection-plans/:id',
    {
      config: { permission: 'dorms.inspect' },
      schema: {
        tags,
        summary: 'Change or retire a plan',
        params: IdParams,
        body: PlanPatchSchema,
        response: { 200: PlanSchema },
      },
    },
    async (request) => {
      const row = await inspections.updatePlan(actorOf(request), request.params.id, request.body, auditContextOf(request));
      const [entry] = (await inspections.listPlans(undefined)).filter((p) => Number(p.row.id) === Number(row.id));
      return presentPlan(entry ?? { row, nextDue: row.starts_on, overdue: false });
    },
  );

  app.get(
    '/inspections',
    {
      config: { permission: 'dorms.inspections.read' },
      schema: {
        tags,
        summary: 'Inspections, newest first',
        querystring: InspectionQuerySchema,
        response: { 200: PageSchema(InspectionSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await inspections.listInspections({ ...filter, beforeId: beforeOf(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentInspection, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/inspections',
    {
      config: { permission: 'dorms.inspect' },
      schema: {
        tags,
        summary: 'Record an inspection round; each finding opens a maintenance ticket (DRM-5)',
        body: InspectionBodySchema,
        response: { 201: InspectionDetailSchema },
      },
    },
    async (request, reply) => {
      const result = await inspections.recordInspection(actorOf(request), request.body, auditContextOf(request));
      return reply
        .status(201)
        .send({ inspection: presentInspection(result.inspection), findings: result.findings.map(presentFinding) });
    },
  );

  app.get(
    '/inspections/:id',
    {
      config: { permission: 'dorms.inspections.read' },
      schema: { tags, params: IdParams, response: { 200: InspectionDetailSchema } },
    },
    async (request) => {
      const result = await inspections.inspectionDetail(request.params.id);
      return { inspection: presentInspection(result.inspection), findings: result.findings.map(presentFinding) };
    },
  );

  app.get(
    '/safety-checks',
    {
      config: { permission: 'dorms.safety' },
      schema: {
        tags,
        summary: 'Safety checks, newest first (overdue=true: open past the deadline)',
        querystring: SafetyQuerySchema,
        response: { 200: PageSchema(SafetyCheckSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await inspections.listSafetyChecks({ ...filter, beforeId: beforeOf(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentSafetyCheck, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/safety-checks',
    {
      config: { permission: 'dorms.safety' },
      schema: {
        tags,
        summary: 'Record a safety check; findings notify the residents with a deadline (DRM-7)',
        body: SafetyCheckBodySchema,
        response: { 201: SafetyDetailSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(detail(await inspections.createSafetyCheck(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/safety-checks/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A safety check (safety staff, or the room’s residents)',
        params: IdParams,
        response: { 200: SafetyDetailSchema },
      },
    },
    async (request) => detail(await inspections.safetyDetail(actorOf(request), request.params.id)),
  );

  app.post(
    '/safety-checks/:id/photos',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: `Add before (staff) or after (staff, residents) photos: multipart, JPEG/PNG/WebP, at most ${limits.maxBytes} bytes each, ${limits.perPhase} per phase`,
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: PhotoQuerySchema,
        response: { 201: Type.Object({ items: Type.Array(SafetyPhotoSchema) }) },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw invalid('photos', 'send the photos as multipart/form-data');
      const files: Array<{ filename: string; bytes: Buffer }> = [];
      try {
        for await (const part of request.files()) files.push({ filename: part.filename, bytes: await part.toBuffer() });
      } catch (err) {
        if (err instanceof app.multipartErrors.RequestFileTooLargeError)
          throw new AppError('payload_too_large', 413, `a photo may be at most ${limits.maxBytes} bytes`, 'photos');
        if (err instanceof app.multipartErrors.FilesLimitError)
          throw new AppError('payload_too_large', 413, `at most ${limits.perPhase} photos at once`, 'photos');
        throw err;
      }
      const rows = await inspections.addPhotos(
        actorOf(request),
        request.params.id,
        request.query.phase,
        files,
        auditContextOf(request),
      );
      return reply.status(201).send({ items: rows.map(presentSafetyPhoto) });
    },
  );

  app.get(
    '/safety-checks/:id/photos/:photoId',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A photo of the check (image bytes)',
        params: PhotoParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'JPEG, PNG or WebP bytes' }) },
      },
    },
    async (request, reply) => {
      const photo = await inspections.photo(actorOf(request), request.params.id, request.params.photoId);
      // The type was sniffed at upload; nosniff keeps browsers from second-guessing it.
      return reply
        .type(photo.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=86400')
        .send(photo.bytes);
    },
  );

  app.post(
    '/safety-checks/:id/reinspection',
    {
      config: { permission: 'dorms.safety' },
      schema: {
        tags,
        summary: 'Re-inspect: passed closes it (needs an after photo); not passed sets a new deadline',
        params: IdParams,
        body: ReinspectionBodySchema,
        response: { 200: SafetyDetailSchema },
      },
    },
    async (request) =>
      detail(await inspections.reinspect(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );
};

export default inspectionRoutes;
