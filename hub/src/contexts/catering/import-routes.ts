import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { CATERING_COLUMNS, CATERING_IMPORT_KINDS } from './csv.ts';
import { tags } from './http.ts';
import { ImportQuerySchema, ImportReportSchema } from './schema.ts';

/** A canteen's dish or stock list is a few hundred rows; 2 MB is generous. */
const CSV_MAX_BYTES = 2 * 1024 * 1024;

async function csvOf(request: FastifyRequest): Promise<{ text: string; source: string | undefined }> {
  if (typeof request.body === 'string') return { text: request.body, source: undefined };
  if (request.isMultipart()) {
    try {
      const file = await request.file();
      if (!file) throw new AppError('invalid', 400, 'attach the CSV as multipart field "file"', 'file');
      return { text: (await file.toBuffer()).toString('utf8'), source: file.filename };
    } catch (err) {
      if (err instanceof request.server.multipartErrors.RequestFileTooLargeError) {
        throw new AppError('too_large', 413, `must be at most ${CSV_MAX_BYTES / 1024 / 1024} MB`, 'file');
      }
      throw err;
    }
  }
  throw new AppError('unsupported_media_type', 415, 'send the CSV as text/csv or as multipart/form-data field "file"', 'file');
}

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
            kinds: Type.Record(
              Type.String(),
              Type.Array(
                Type.Object({
                  key: Type.String(),
                  aliases: Type.Array(Type.String()),
                  required: Type.Boolean(),
                  description: Type.String(),
                }),
              ),
            ),
          }),
        },
      },
    },
    async () => ({
      kinds: Object.fromEntries(
        CATERING_IMPORT_KINDS.map((kind) => [kind, CATERING_COLUMNS[kind].map((c) => ({ ...c, aliases: [...c.aliases] }))]),
      ),
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
        const { text, source } = await csvOf(request);
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
