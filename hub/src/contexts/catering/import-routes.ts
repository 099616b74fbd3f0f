import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { ColumnSpecSchema, describeColumns } from '../../http/csv-columns.ts';
import { ImportQuerySchema } from '../../http/csv-import-schema.ts';
import { readCsvUpload } from '../../http/csv-upload.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { CATERING_COLUMNS, CATERING_IMPORT_KINDS } from './csv.ts';
import { tags } from './http.ts';
import { ImportReportSchema } from './schema.ts';

/** A canteen's dish or stock list is a few hundred rows; 2 MB is generous. */
const CSV_MAX_BYTES = 2 * 1024 * 1024;

/**
 * CSV import of dishes (with recipes) and stock items (with opening stock), all rows or none,
 * with a report of refused rows; ?dryRun=true only validates. The import context has no
 * registry of importers to join, so catering serves its own, in the same style (SYS-3).
 */
const importRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  await app.register(multipart, { limits: { fileSize: CSV_MAX_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: true });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/import/columns',
    {
      config: { permission: 'catering.manage' },
      schema: {
        tags,
        summary: 'The columns of the dish and stock imports (with the Chinese headers accepted)',
        response: {
          200: Type.Object({
            kinds: Type.Record(Type.String(), Type.Array(ColumnSpecSchema)),
          }),
        },
      },
    },
    async () => ({
      kinds: Object.fromEntries(CATERING_IMPORT_KINDS.map((kind) => [kind, describeColumns(CATERING_COLUMNS[kind])])),
    }),
  );

  for (const kind of CATERING_IMPORT_KINDS) {
    app.post(
      `/import/${kind}`,
      {
        config: { permission: 'catering.manage' },
        schema: {
          tags,
          summary: `Import ${kind} from CSV (text/csv body or multipart field "file"); ?dryRun=true only validates`,
          querystring: ImportQuerySchema,
          response: { 200: ImportReportSchema, 201: ImportReportSchema, 422: ImportReportSchema },
        },
      },
      async (request, reply) => {
        const { text, source } = await readCsvUpload(request, CSV_MAX_BYTES);
        const report = await services.catering.imports.run(
          actorOf(request),
          kind,
          text,
          { dryRun: request.query.dryRun, source },
          auditContextOf(request),
        );
        return reply.status(report.rejected.length > 0 ? 422 : report.imported ? 201 : 200).send(report);
      },
    );
  }
};

export default importRoutes;
