import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentEvent, presentRequisition } from './present.ts';
import {
  EditRequisitionSchema,
  IdParams,
  NewRequisitionSchema,
  ReasonSchema,
  RequisitionDetailSchema,
  RequisitionQuerySchema,
  RequisitionSchema,
} from './schema.ts';

const tags = ['procurement'];

/** Requisitions and their review (PRC-1, PRC-2); decisions are taken through /api/approvals. */
const requisitionRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const requisitions = services.procurement.requisitions;
  const one = { 200: RequisitionSchema };

  app.post(
    '/requisitions',
    {
      config: { permission: 'procurement.requisitions.submit' },
      schema: {
        tags,
        summary:
          'Raise a requisition for my department (PRC-1): item or service, specification, quantity, budget; submit: true sends it for review',
        body: NewRequisitionSchema,
        response: { 201: RequisitionSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentRequisition(await requisitions.create(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/requisitions',
    {
      config: { permission: 'procurement.requisitions.read' },
      schema: {
        tags,
        summary: "Requisitions newest first; my department's unless I read every department's",
        querystring: RequisitionQuerySchema,
        response: { 200: PageSchema(RequisitionSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await requisitions.list(actorOf(request), {
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentRequisition, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/requisitions/:id',
    {
      config: { permission: 'procurement.requisitions.read' },
      schema: {
        tags,
        summary: 'A requisition with its history (reviews, returns, plan, contract)',
        params: IdParams,
        response: { 200: RequisitionDetailSchema },
      },
    },
    async (request) => {
      const detail = await requisitions.detail(actorOf(request), request.params.id);
      return { requisition: presentRequisition(detail.requisition), history: detail.history.map(presentEvent) };
    },
  );

  app.patch(
    '/requisitions/:id',
    {
      config: { permission: 'procurement.requisitions.submit' },
      schema: {
        tags,
        summary: 'Revise a draft or a returned requisition (PRC-2)',
        params: IdParams,
        body: EditRequisitionSchema,
        response: one,
      },
    },
    async (request) =>
      presentRequisition(await requisitions.update(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/requisitions/:id/submit',
    {
      config: { permission: 'procurement.requisitions.submit' },
      schema: {
        tags,
        summary: 'Send for review, or resubmit after a return (a new approval request; finance joins above the budget threshold)',
        params: IdParams,
        response: one,
      },
    },
    async (request) =>
      presentRequisition(await requisitions.submit(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.post(
    '/requisitions/:id/cancel',
    {
      config: { permission: 'procurement.requisitions.submit' },
      schema: {
        tags,
        summary: 'Withdraw a requisition before it is planned',
        params: IdParams,
        body: ReasonSchema,
        response: one,
      },
    },
    async (request) =>
      presentRequisition(
        await requisitions.cancel(actorOf(request), request.params.id, request.body.reason, auditContextOf(request)),
      ),
  );
};

export default requisitionRoutes;
