import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { ColumnSpecSchema, describeColumns } from '../../http/csv-columns.ts';
import { ImportQuerySchema } from '../../http/csv-import-schema.ts';
import { readCsvUpload } from '../../http/csv-upload.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { DORM_IMPORT_COLUMNS, DORM_IMPORT_KINDS } from './csv.ts';
import { ImportReportSchema } from './schema.ts';

/** 20,000 resident rows are about 2 MB; 10 MB leaves room without inviting abuse. */
const CSV_MAX_BYTES = 10 * 1024 * 1024;

/**
 * /api/dorms/import/<kind> (SYS-3): rooms, residents, cards from CSV, in the import context's
 * style (that context keeps a fixed list of kinds, no registry to join). All rows or none;
 * 422 with the refused rows, 200 for a clean dry run, 201 once stored.
 */
const importRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/import/columns',
    {
      config: { permission: 'dorms.import' },
      schema: {
        tags: ['dorms', 'import'],
        summary: 'The columns of each dormitory import (with the Chinese names accepted as aliases)',
        response: { 200: Type.Object({ kinds: Type.Record(Type.String(), Type.Array(ColumnSpecSchema)) }) },
      },
    },
    async () => ({
      kinds: Object.fromEntries(DORM_IMPORT_KINDS.map((kind) => [kind, describeColumns(DORM_IMPORT_COLUMNS[kind])])),
    }),
  );

  for (const kind of DORM_IMPORT_KINDS) {
    app.post(
      `/import/${kind}`,
      {
        config: { permission: 'dorms.import' },
        schema: {
          tags: ['dorms', 'import'],
          summary: `Import ${kind} from CSV (text/csv body or multipart field "file"); ?dryRun=true only validates`,
          querystring: ImportQuerySchema,
          response: { 200: ImportReportSchema, 201: ImportReportSchema, 422: ImportReportSchema },
        },
      },
      async (request, reply) => {
        const { text, source } = await readCsvUpload(request, CSV_MAX_BYTES);
        const report = await services.dorms.imports.run(
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
