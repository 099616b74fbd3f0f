import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** One handler for every route: specific 4xx naming the field, generic 5xx logged with context. */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) {
        const body: ErrorBody = { code: error.code, message: error.message };
        if (error.field) body.field = error.field;
        return reply.status(error.statusCode).send(body);
      }
      if (error.validation && error.validation.length > 0) {
        const first = error.validation[0];
        const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
        const path = (first?.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
        const field = params.missingProperty ?? params.additionalProperty ?? (path || error.validationContext || 'request');
        const reason = params.additionalProperty ? 'is not allowed' : (first?.message ?? 'is invalid');
        return reply.status(400).send({ code: 'invalid', message: `${field}: ${reason}`, field });
      }
      const status = error.statusCode ?? 500;
      if (status < 500) {
        return reply.status(status).send({ code: error.code ?? 'bad_request', message: error.message });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ code: 'internal', message: 'Something went wrong on our side; it has been logged.' });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ code: 'not_found', message: `${request.method} ${request.url} does not exist` }),
    );
  },
  { name: 'error-handler' },
);
