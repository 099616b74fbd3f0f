import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { ColumnSpecSchema, describeColumns } from '../../http/csv-columns.ts';
import { ImportQuerySchema } from '../../http/csv-import-schema.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { addDays } from './dates.ts';
import { presentQualification, presentReputationEvent, presentSupplier } from './present.ts';
import {
  EditSupplierSchema,
  ImportReportSchema,
  NewSupplierSchema,
  QualificationInputSchema,
  QualificationSchema,
  SupplierDetailSchema,
  SupplierParams,
  SupplierQuerySchema,
  SupplierSchema,
} from './schema.ts';
import { SUPPLIER_COLUMNS } from './supplier-csv.ts';

const tags = ['procurement'];
/** A register of 5,000 suppliers with qualifications is well under 2 MB. */
const CSV_MAX_BYTES = 5 * 1024 * 1024;

function csvOf(request: FastifyRequest): string {
  if (typeof request.body === 'string') return request.body;
  throw new AppError('unsupported_media_type', 415, 'send the CSV as a text/csv body', 'file');
}

/** The supplier register (PRC-5) and its CSV import (SYS-3). */
const supplierRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const procurement = services.procurement;
  const suppliers = procurement.suppliers;
  const warningDays = procurement.settings.qualificationWarningDays;
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  const presentOne = async (id: string) => {
    const detail = await suppliers.detail(id);
    return presentSupplier(detail.supplier, detail.qualifications, procurement.today(), warningDays);
  };

  app.get(
    '/suppliers',
    {
      config: { permission: 'procurement.suppliers.read' },
      schema: {
        tags,
        summary: 'The supplier register by code, with qualifications, expiry flags and reputation',
        querystring: SupplierQuerySchema,
        response: { 200: PageSchema(SupplierSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, q, expiringWithinDays, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const today = procurement.today();
      const { rows, qualifications } = await suppliers.list({
        ...filter,
        search: q,
        expiringBy: expiringWithinDays === undefined ? undefined : addDays(today, expiringWithinDays),
        afterId: typeof after === 'string' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(
        rows,
        limit,
        (row) => presentSupplier(row, qualifications, today, warningDays),
        (row) => [row.id],
      );
    },
  );

  app.post(
    '/suppliers',
    {
      config: { permission: 'procurement.suppliers.manage' },
      schema: {
        tags,
        summary: 'Register a supplier with its qualifications',
        body: NewSupplierSchema,
        response: { 201: SupplierSchema },
      },
    },
    async (request, reply) => {
      const row = await suppliers.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(await presentOne(row.id));
    },
  );

  app.get(
    '/suppliers/:id',
    {
      config: { permission: 'procurement.suppliers.read' },
      schema: {
        tags,
        summary: 'A supplier with its reputation history',
        params: SupplierParams,
        response: { 200: SupplierDetailSchema },
      },
    },
    async (request) => {
      const detail = await suppliers.detail(request.params.id);
      return {
        supplier: presentSupplier(detail.supplier, detail.qualifications, procurement.today(), warningDays),
        reputationHistory: detail.reputation.map(presentReputationEvent),
      };
    },
  );

  app.patch(
    '/suppliers/:id',
    {
      config: { permission: 'procurement.suppliers.manage' },
      schema: {
        tags,
        summary: 'Change contact details, category or status (suspend / reactivate)',
        params: SupplierParams,
        body: EditSupplierSchema,
        response: { 200: SupplierSchema },
      },
    },
    async (request) => {
      await suppliers.update(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return presentOne(request.params.id);
    },
  );

  app.post(
    '/suppliers/:id/qualifications',
    {
      config: { permission: 'procurement.suppliers.manage' },
      schema: {
        tags,
        summary: 'Add a new or renewed qualification certificate',
        params: SupplierParams,
        body: QualificationInputSchema,
        response: { 201: QualificationSchema },
      },
    },
    async (request, reply) => {
      const row = await suppliers.addQualification(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(201).send(presentQualification(row, procurement.today(), warningDays));
    },
  );

  app.get(
    '/suppliers/import/columns',
    {
      config: { permission: 'procurement.suppliers.import' },
      schema: {
        tags,
        summary: 'The columns of the supplier CSV (Chinese names accepted as aliases)',
        response: {
          200: Type.Object({
            columns: Type.Array(ColumnSpecSchema),
          }),
        },
      },
    },
    async () => ({ columns: describeColumns(SUPPLIER_COLUMNS) }),
  );

  app.post(
    '/suppliers/import',
    {
      config: { permission: 'procurement.suppliers.import' },
      schema: {
        tags,
        summary: 'Import suppliers with qualifications from CSV (text/csv body); all rows or none; ?dryRun=true only validates',
        querystring: ImportQuerySchema,
        response: { 200: ImportReportSchema, 201: ImportReportSchema, 422: ImportReportSchema },
      },
    },
    async (request, reply) => {
      const report = await suppliers.importCsv(
        actorOf(request),
        csvOf(request),
        { dryRun: request.query.dryRun },
        auditContextOf(request),
      );
      return reply.status(report.rejected.length > 0 ? 422 : report.imported ? 201 : 200).send(report);
    },
  );
};

export default supplierRoutes;
