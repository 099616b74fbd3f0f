import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { ColumnSpecSchema, describeColumns } from '../../http/csv-columns.ts';
import { ImportQuerySchema, importReportProperties } from '../../http/csv-import-schema.ts';
import { readCsvUpload } from '../../http/csv-upload.ts';
import type { RouteAccess } from '../../plugins/auth.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { IMPORT_COLUMNS, IMPORT_KINDS, type ImportKind } from './columns.ts';

/** A CSV of 20,000 asset rows is about 3 MB; 10 MB leaves room without inviting abuse. */
const CSV_MAX_BYTES = 10 * 1024 * 1024;

const ImportReportSchema = Type.Object({
  ...importReportProperties(Type.Enum(IMPORT_KINDS)),
  temporaryPasswords: Type.Array(Type.Object({ username: Type.String(), password: Type.String() })),
});

/**
 * Who may load what: creating accounts and granting roles is `users.manage`'s duty and
 * departments are `departments.manage`'s, so importing them needs the same; the asset register
 * is loaded with `import.run` (asset office, logistics manager).
 */
const ACCESS: Record<ImportKind, RouteAccess> = {
  departments: 'departments.manage',
  staff: 'users.manage',
  categories: 'import.run',
  assets: 'import.run',
};

/** Initial data load (SYS-3): CSV in, a report of refused rows out; all rows or none. */
const importRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  await app.register(multipart, { limits: { fileSize: CSV_MAX_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: true });
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: CSV_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/columns',
    {
      config: { permission: 'import.run' },
      schema: {
        tags: ['import'],
        summary: 'The columns of each import (with the Chinese names accepted as aliases)',
        response: { 200: Type.Object({ kinds: Type.Record(Type.String(), Type.Array(ColumnSpecSchema)) }) },
      },
    },
    async () => ({
      kinds: Object.fromEntries(IMPORT_KINDS.map((kind) => [kind, describeColumns(IMPORT_COLUMNS[kind])])),
    }),
  );

  for (const kind of IMPORT_KINDS) {
    app.post(
      `/${kind}`,
      {
        config: { permission: ACCESS[kind] },
        schema: {
          tags: ['import'],
          summary: `Import ${kind} from CSV (text/csv body or multipart field "file"); ?dryRun=true only validates`,
          querystring: ImportQuerySchema,
          response: { 200: ImportReportSchema, 201: ImportReportSchema, 422: ImportReportSchema },
        },
      },
      async (request, reply) => {
        const { text, source } = await readCsvUpload(request, CSV_MAX_BYTES);
        const report = await services.imports.run(
          actorOf(request),
          kind,
          text,
          { dryRun: request.query.dryRun, source },
          auditContextOf(request),
        );
        // Temporary passwords are in this answer only: keep it out of every cache.
        reply.header('cache-control', 'no-store');
        return reply.status(report.rejected.length > 0 ? 422 : report.imported ? 201 : 200).send(report);
      },
    );
  }
};

export default importRoutes;
