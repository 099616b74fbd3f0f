import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { presentDevice, presentEvent, presentReject } from './present.ts';
import { listRecentEvents, listRejects } from './repository.ts';
import {
  DeviceListSchema,
  IngestStatsSchema,
  KindParamsSchema,
  RecentEventsSchema,
  RecentQuerySchema,
  RejectListSchema,
  RejectQuerySchema,
} from './schema.ts';

/** Read side of ingest: what arrived, what was refused and why, which devices are live. */
const ingestRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { db, gateway }) => {
  app.get(
    '/events/:kind',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags: ['ingest'],
        summary: 'Recent device events of one kind, newest first',
        params: KindParamsSchema,
        querystring: RecentQuerySchema,
        response: { 200: RecentEventsSchema },
      },
    },
    async (request) => {
      const rows = await listRecentEvents(db, request.params.kind, request.query);
      return { kind: request.params.kind, items: rows.map(presentEvent) };
    },
  );

  app.get(
    '/rejects',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags: ['ingest'],
        summary: 'Refused messages with their reason and raw payload, newest first',
        querystring: RejectQuerySchema,
        response: { 200: RejectListSchema },
      },
    },
    async (request) => ({ items: (await listRejects(db, request.query)).map(presentReject) }),
  );

  app.get(
    '/devices',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags: ['ingest'],
        summary: 'Registered devices and when each was last heard',
        response: { 200: DeviceListSchema },
      },
    },
    async () => ({
      items: gateway.registry
        .list()
        .map((device) =>
          presentDevice(device, gateway.pipeline.lastSeen.get(device.id), gateway.pipeline.connection.get(device.id)),
        ),
    }),
  );

  app.get(
    '/stats',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags: ['ingest'],
        summary: 'Ingest counters, spool depth and commit latency',
        response: { 200: IngestStatsSchema },
      },
    },
    async () => gateway.metrics.snapshot(),
  );
};

export default ingestRoutes;
