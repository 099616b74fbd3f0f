import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { DEPRECIATION_METHOD_LABELS } from './depreciation.ts';
import { presentAsset, presentCategory, presentMaintenance, presentSensor, presentVoucher } from './present.ts';
import {
  AssetCardSchema,
  AssetDetailSchema,
  AssetParamsSchema,
  AssetPatchSchema,
  AssetQuerySchema,
  AssetSchema,
  CategoryBodySchema,
  CategoryParamsSchema,
  CategorySchema,
  DISPOSAL_METHOD_LABELS,
  HistoryQuerySchema,
  IntakeBodySchema,
  IntakeResponseSchema,
  MaintenanceEventSchema,
  MetaSchema,
  SensorSchema,
  SensorsBodySchema,
  VoucherParamsSchema,
  VoucherSchema,
} from './schema.ts';
import type { UploadedFile } from './service.ts';
import { ASSET_STATUS_LABELS } from './status.ts';
import { DISCREPANCY_ACTION_LABELS } from './stocktake.ts';
import { VOUCHER_MAX_BYTES, VOUCHER_MAX_FILES } from './uploads.ts';

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** Reads every file part of a multipart request into memory (each at most VOUCHER_MAX_BYTES). */
async function readFiles(request: FastifyRequest): Promise<UploadedFile[]> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', 415, 'send vouchers as multipart/form-data, field "file"', 'file');
  const files: UploadedFile[] = [];
  const errors = request.server.multipartErrors;
  try {
    for await (const part of request.files()) {
      files.push({ data: await part.toBuffer(), declaredType: part.mimetype, fileName: part.filename });
    }
  } catch (err) {
    if (err instanceof errors.RequestFileTooLargeError)
      throw new AppError('too_large', 413, `must be at most ${VOUCHER_MAX_BYTES / 1024 / 1024} MB`, 'file');
    if (err instanceof errors.FilesLimitError) throw invalid('file', `at most ${VOUCHER_MAX_FILES} files at once`);
    throw err;
  }
  return files;
}

/** Classification, the register, vouchers, QR labels, sensors and maintenance history (AST-1..3). */
const registerRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services, gateway }) => {
  const { assets } = services;

  app.get(
    '/meta',
    {
      config: { permission: 'assets.card' },
      schema: {
        tags: ['assets'],
        summary: 'Display labels (English / 中文) of statuses and methods',
        response: { 200: MetaSchema },
      },
    },
    async () => ({
      statuses: ASSET_STATUS_LABELS,
      depreciationMethods: DEPRECIATION_METHOD_LABELS,
      disposalMethods: DISPOSAL_METHOD_LABELS,
      discrepancyActions: DISCREPANCY_ACTION_LABELS,
    }),
  );

  app.get(
    '/categories',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'The classification tree (AST-1), parents before children',
        response: { 200: Type.Object({ items: Type.Array(CategorySchema) }) },
      },
    },
    async () => ({ items: (await assets.listCategories()).map(presentCategory) }),
  );

  app.put(
    '/categories/:code',
    {
      config: { permission: 'assets.manage' },
      schema: {
        tags: ['assets'],
        summary: 'Create or update a category with its depreciation method, useful life and residual rate',
        params: CategoryParamsSchema,
        body: CategoryBodySchema,
        response: { 200: CategorySchema },
      },
    },
    async (request) =>
      presentCategory(
        await assets.saveCategory(actorOf(request), { code: request.params.code, ...request.body }, auditContextOf(request)),
      ),
  );

  app.get(
    '/',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'The register by asset number: text search and filters (department heads see their department)',
        querystring: AssetQuerySchema,
        response: { 200: PageSchema(AssetSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await assets.list(actorOf(request), {
        ...filter,
        afterId: typeof after === 'string' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentAsset, (row) => [row.id]);
    },
  );

  app.post(
    '/',
    {
      config: { permission: 'assets.intake' },
      schema: {
        tags: ['assets'],
        summary: 'Purchase intake (AST-2): the asset awaits acceptance by the using department and the asset office',
        body: IntakeBodySchema,
        response: { 201: IntakeResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await assets.intake(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send({ ...result, asset: presentAsset(result.asset) });
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'An asset with its category, sensors, depreciation so far and repair link',
        params: AssetParamsSchema,
        response: { 200: AssetDetailSchema },
      },
    },
    async (request) => {
      const detail = await assets.detail(actorOf(request), request.params.id);
      return {
        ...detail,
        asset: presentAsset(detail.asset),
        category: presentCategory(detail.category),
        sensors: detail.sensors.map((id) => presentSensor(id, gateway.registry.get(id))),
      };
    },
  );

  app.patch(
    '/:id',
    {
      config: { permission: 'assets.intake' },
      schema: {
        tags: ['assets'],
        summary: 'Edit an asset (figures only before acceptance; afterwards the asset office edits descriptions)',
        params: AssetParamsSchema,
        body: AssetPatchSchema,
        response: { 200: AssetSchema },
      },
    },
    async (request) =>
      presentAsset(await assets.update(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/:id/card',
    {
      config: { permission: 'assets.card' },
      schema: {
        tags: ['assets'],
        summary: 'The minimal card a QR label opens (for the repair page): name, number, place',
        params: AssetParamsSchema,
        response: { 200: AssetCardSchema },
      },
    },
    async (request) => {
      const card = await assets.card(request.params.id);
      return {
        id: card.id,
        name: card.name,
        categoryName: card.category_name,
        categoryNameZh: card.category_name_zh,
        model: card.model,
        departmentId: card.department_id,
        departmentName: card.department_name,
        location: card.location,
        status: card.status,
        repairLink: card.repairLink,
      };
    },
  );

  app.get(
    '/:id/qr.png',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'QR label (PNG) linking to the repair page filled in with this asset',
        params: AssetParamsSchema,
        response: { 200: Binary },
      },
    },
    async (request, reply) => {
      const png = await assets.qrCode(actorOf(request), request.params.id);
      return reply.type('image/png').header('cache-control', 'private, max-age=86400').send(png);
    },
  );

  app.post(
    '/:id/acceptance',
    {
      config: { permission: 'assets.intake' },
      schema: {
        tags: ['assets'],
        summary: 'Send a refused intake, put right, back to acceptance (AST-3)',
        params: AssetParamsSchema,
        response: { 201: Type.Object({ asset: AssetSchema, approvalRequestId: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const result = await assets.resubmit(actorOf(request), request.params.id, auditContextOf(request));
      return reply.status(201).send({ asset: presentAsset(result.asset), approvalRequestId: result.approvalRequestId });
    },
  );

  app.put(
    '/:id/sensors',
    {
      config: { permission: 'assets.manage' },
      schema: {
        tags: ['assets'],
        summary: "Set the asset's sensors (device ids of the gateway registry)",
        params: AssetParamsSchema,
        body: SensorsBodySchema,
        response: { 200: Type.Object({ sensors: Type.Array(SensorSchema) }) },
      },
    },
    async (request) => {
      const ids = await assets.setSensors(
        actorOf(request),
        request.params.id,
        request.body.deviceIds,
        (id) => gateway.registry.get(id)?.kind,
        auditContextOf(request),
      );
      return { sensors: ids.map((id) => presentSensor(id, gateway.registry.get(id))) };
    },
  );

  app.get(
    '/:id/maintenance',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'Maintenance history and damage records, newest first',
        params: AssetParamsSchema,
        querystring: HistoryQuerySchema,
        response: { 200: PageSchema(MaintenanceEventSchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await assets.maintenanceHistory(
        actorOf(request),
        request.params.id,
        request.query.limit + 1,
        typeof before === 'number' ? before : undefined,
      );
      return toPage(rows, request.query.limit, presentMaintenance, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/:id/vouchers',
    {
      config: { permission: 'assets.intake' },
      schema: {
        tags: ['assets'],
        summary: `Attach purchase vouchers (multipart, field "file"; PDF, JPEG, PNG or WebP, at most ${VOUCHER_MAX_BYTES / 1024 / 1024} MB each)`,
        params: AssetParamsSchema,
        response: { 201: Type.Object({ items: Type.Array(VoucherSchema) }) },
      },
    },
    async (request, reply) => {
      const files = await readFiles(request);
      const rows = await assets.addVouchers(actorOf(request), request.params.id, files, auditContextOf(request));
      return reply.status(201).send({ items: rows.map(presentVoucher) });
    },
  );

  app.get(
    '/:id/vouchers',
    {
      config: { permission: 'assets.vouchers' },
      schema: {
        tags: ['assets'],
        summary: 'Purchase vouchers of an asset',
        params: AssetParamsSchema,
        response: { 200: Type.Object({ items: Type.Array(VoucherSchema) }) },
      },
    },
    async (request) => ({ items: (await assets.vouchers(actorOf(request), request.params.id)).map(presentVoucher) }),
  );

  app.get(
    '/:id/vouchers/:voucherId',
    {
      config: { permission: 'assets.vouchers' },
      schema: { tags: ['assets'], summary: 'Download a voucher', params: VoucherParamsSchema, response: { 200: Binary } },
    },
    async (request, reply) => {
      const { row, data } = await assets.voucherFile(actorOf(request), request.params.id, request.params.voucherId);
      return reply
        .type(row.content_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(data);
    },
  );
};

export default registerRoutes;
