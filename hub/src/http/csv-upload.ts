import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * The CSV of an import request: a text/csv (or text/plain) body, or the multipart field "file",
 * whose file name is kept as the import's source. The route registers the text parser and
 * @fastify/multipart; `maxBytes` is repeated here so a file over it is a 413 naming the limit.
 */
export async function readCsvUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ text: string; source: string | undefined }> {
  if (typeof request.body === 'string') return { text: request.body, source: undefined };
  if (request.isMultipart()) {
    try {
      const file = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
      if (!file) throw new AppError('invalid', 400, 'attach the CSV as multipart field "file"', 'file');
      return { text: (await file.toBuffer()).toString('utf8'), source: file.filename };
    } catch (err) {
      if (err instanceof request.server.multipartErrors.RequestFileTooLargeError)
        throw new AppError('too_large', 413, `must be at most ${maxBytes / 1024 / 1024} MB`, 'file');
      throw err;
    }
  }
  throw new AppError('unsupported_media_type', 415, 'send the CSV as text/csv or as multipart/form-data field "file"', 'file');
}
