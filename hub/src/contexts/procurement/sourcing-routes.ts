import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentBid, presentEvent, presentInvitation, presentRfq } from './present.ts';
import {
  AwardBodySchema,
  BidBodySchema,
  IdParams,
  NewRfqSchema,
  ReasonSchema,
  RfqDetailSchema,
  RfqQuerySchema,
  RfqSchema,
} from './schema.ts';

const tags = ['procurement'];

/** Sourcing (PRC-4): request for quotes, bids, weighted evaluation, award — every step in the RFQ's history. */
const sourcingRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const sourcing = services.procurement.sourcing;
  const detail = async (id: number) => {
    const d = await sourcing.detail(id);
    return {
      rfq: presentRfq(d.rfq),
      invitations: d.invitations.map(presentInvitation),
      bids: d.bids.map(presentBid),
      history: d.history.map(presentEvent),
    };
  };
  const one = { 200: RfqDetailSchema };

  app.post(
    '/rfqs',
    {
      config: { permission: 'procurement.sourcing.manage' },
      schema: {
        tags,
        summary: 'Publish a request for quotes (or tender) for a plan line to chosen qualified suppliers',
        body: NewRfqSchema,
        response: { 201: RfqDetailSchema },
      },
    },
    async (request, reply) => {
      const rfq = await sourcing.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(await detail(Number(rfq.id)));
    },
  );

  app.get(
    '/rfqs',
    {
      config: { permission: 'procurement.sourcing.read' },
      schema: {
        tags,
        summary: 'Requests for quotes, newest first',
        querystring: RfqQuerySchema,
        response: { 200: PageSchema(RfqSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await sourcing.list({
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentRfq, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/rfqs/:id',
    {
      config: { permission: 'procurement.sourcing.read' },
      schema: {
        tags,
        summary: 'A request for quotes: invited suppliers, bids with scores, the whole process',
        params: IdParams,
        response: one,
      },
    },
    async (request) => detail(request.params.id),
  );

  app.post(
    '/rfqs/:id/bids',
    {
      config: { permission: 'procurement.sourcing.manage' },
      schema: {
        tags,
        summary: 'Record a quote from an invited supplier (before the deadline)',
        params: IdParams,
        body: BidBodySchema,
        response: one,
      },
    },
    async (request) => {
      await sourcing.recordBid(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return detail(request.params.id);
    },
  );

  app.post(
    '/rfqs/:id/evaluate',
    {
      config: { permission: 'procurement.sourcing.manage' },
      schema: {
        tags,
        summary: 'Close bidding and score every bid: qualification, price, reputation (weighted)',
        params: IdParams,
        response: one,
      },
    },
    async (request) => {
      await sourcing.evaluate(actorOf(request), request.params.id, auditContextOf(request));
      return detail(request.params.id);
    },
  );

  app.post(
    '/rfqs/:id/award',
    {
      config: { permission: 'procurement.sourcing.manage' },
      schema: {
        tags,
        summary: 'Award a bid; one not ranked first needs a justification',
        params: IdParams,
        body: AwardBodySchema,
        response: one,
      },
    },
    async (request) => {
      await sourcing.award(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return detail(request.params.id);
    },
  );

  app.post(
    '/rfqs/:id/cancel',
    {
      config: { permission: 'procurement.sourcing.manage' },
      schema: {
        tags,
        summary: 'Cancel before a contract; the plan line waits for new sourcing',
        params: IdParams,
        body: ReasonSchema,
        response: one,
      },
    },
    async (request) => {
      await sourcing.cancel(actorOf(request), request.params.id, request.body.reason, auditContextOf(request));
      return detail(request.params.id);
    },
  );
};

export default sourcingRoutes;
