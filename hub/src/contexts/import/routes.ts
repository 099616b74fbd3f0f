import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import type { RouteAccess } from '../../plugins/auth.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { IMPORT_COLUMNS, IMPORT_KINDS, type ImportKind } from './columns.ts';

/** A CSV of 20,000 asset rows is about 3 MB; 10 MB leaves room without inviting abuse. */
const CSV_MAX_BYTES = 10 * 1024 * 1024;

const ImportReportSchema = Type.Object({
  kind: Type.Enum(IMPORT_KINDS),
  dryRun: Type.Boolean(),
  imported: Type.Boolean(),
  total: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), reason: Type.String() })),
  ids: Type.Array(Type.String()),
  temporaryPasswords: Type.Array(Type.Object({ username: Type.String(), password: Type.String() })),
});

const ImportQuerySchema = Type.Object({
  dryRun: Type.Boolean({ default: false, description: 'Validate every row and report, store nothing' }),
});

const ColumnSchema = Type.Object({
  key: Type.String(),
  aliases: Type.Array(Type.String()),
  required: Type.Boolean(),
  description: Type.String(),
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

async function csvOf(request: FastifyRequest): Promise<{ text: string; source: string | undefined }> {
  if (typeof request.body === 'string') return { text: request.body, source: undefined };
  if (request.isMultipart()) {
    try {
      const file = await request.file();
      if (!file) throw new AppError('invalid', 400, 'attach the CSV as multipart field "file"', 'file');
      return { text: (await file.toBuffer()).toString('utf8'), source: file.filename };
    } catch (err) {
      if (err instanceof request.server.multipartErrors.RequestFileTooLargeError)
        throw new AppError('too_large', 413, `must be at most ${CSV_MAX_BYTES / 1024 / 1024} MB`, 'file');
      throw err;
    }
  }
  throw new AppError('unsupported_media_type', 415, 'send the CSV as text/csv or as multipart/form-data field "file"', 'file');
}

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
        response: { 200: Type.Object({ kinds: Type.Record(Type.String(), Type.Array(ColumnSchema)) }) },
      },
    },
    async () => ({
      kinds: Object.fromEntries(
        IMPORT_KINDS.map((kind) => [kind, IMPORT_COLUMNS[kind].map((c) => ({ ...c, aliases: [...c.aliases] }))]),
      ),
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
        const { text, source } = await csvOf(request);
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
