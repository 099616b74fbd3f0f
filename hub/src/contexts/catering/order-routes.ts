import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { cursorId, tags } from './http.ts';
import { presentKitchenOrder, presentPreOrder } from './present.ts';
import {
  IdParams,
  KitchenOrderSchema,
  KitchenQueueQuerySchema,
  KitchenQueueSchema,
  KitchenStatusBodySchema,
  MyPreOrderQuerySchema,
  NumericIdParams,
  PreOrderBodySchema,
  PreOrderQuerySchema,
  PreOrderSchema,
  PrepListQuerySchema,
  PrepListSchema,
} from './schema.ts';

/** Pre-orders with cut-offs (CAT-1) and the kitchen queue fed by the ordering terminals (CAT-2). */
const orderRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { orders, clock } = services.catering;
  const present = (row: Parameters<typeof presentPreOrder>[0]) => presentPreOrder(row, clock.now());

  app.post(
    '/pre-orders',
    {
      config: { permission: 'catering.preorder' },
      schema: {
        tags,
        summary: 'Pre-order a meal (CAT-1): dishes and set meals on its menu, before its cut-off; one per diner and meal',
        body: PreOrderBodySchema,
        response: { 201: PreOrderSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(present(await orders.placePreOrder(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/pre-orders/mine',
    {
      config: { permission: 'catering.preorder' },
      schema: {
        tags,
        summary: 'My pre-orders, newest first',
        querystring: MyPreOrderQuerySchema,
        response: { 200: PageSchema(PreOrderSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await orders.myPreOrders(actorOf(request), { ...filter, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(rows, limit, present, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/pre-orders/:id/cancel',
    {
      config: { permission: 'catering.preorder' },
      schema: {
        tags,
        summary: 'Cancel my pre-order, before the cut-off',
        params: NumericIdParams,
        response: { 200: PreOrderSchema },
      },
    },
    async (request) => present(await orders.cancelPreOrder(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.get(
    '/pre-orders',
    {
      config: { permission: 'catering.orders.read' },
      schema: {
        tags,
        summary: "Every diner's pre-orders, filtered and paged",
        querystring: PreOrderQuerySchema,
        response: { 200: PageSchema(PreOrderSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await orders.preOrders({ ...filter, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(rows, limit, present, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/prep-list',
    {
      config: { permission: 'catering.orders.read' },
      schema: {
        tags,
        summary: "A canteen's preparation list: pre-ordered portions per meal and dish (default today)",
        querystring: PrepListQuerySchema,
        response: { 200: PrepListSchema },
      },
    },
    async (request) => orders.prepList(request.query.canteenId, request.query.date),
  );

  app.post(
    '/pre-orders/:id/collect',
    {
      config: { permission: 'catering.kitchen' },
      schema: {
        tags,
        summary: 'Hand a pre-order over at the counter (on its day)',
        params: NumericIdParams,
        response: { 200: PreOrderSchema },
      },
    },
    async (request) => present(await orders.collectPreOrder(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.get(
    '/canteens/:id/kitchen-queue',
    {
      config: { permission: 'catering.kitchen' },
      schema: {
        tags,
        summary: "The canteen's kitchen queue (CAT-2), oldest first: open orders, or one status",
        params: IdParams,
        querystring: KitchenQueueQuerySchema,
        response: { 200: KitchenQueueSchema },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const { rows, counts } = await orders.queue(request.params.id, { status, afterId: cursorId(cursor), limit: limit + 1 });
      const page = toPage(rows, limit, presentKitchenOrder, (row) => [Number(row.id)]);
      return {
        canteenId: request.params.id,
        counts: { pending: counts.pending, preparing: counts.preparing, ready: counts.ready },
        items: page.items,
        nextCursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/kitchen-orders/:id/status',
    {
      config: { permission: 'catering.kitchen' },
      schema: {
        tags,
        summary: 'Move a kitchen order along: pending → preparing → ready → served',
        params: NumericIdParams,
        body: KitchenStatusBodySchema,
        response: { 200: KitchenOrderSchema },
      },
    },
    async (request) =>
      presentKitchenOrder(
        await orders.advance(actorOf(request), request.params.id, request.body.status, auditContextOf(request)),
      ),
  );
};

export default orderRoutes;
