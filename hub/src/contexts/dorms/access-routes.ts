import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentAccess, presentCard, presentGate, presentMovement, presentOccupancy } from './present.ts';
import {
  AccessQuerySchema,
  AccessSchema,
  CardBodySchema,
  CardParams,
  CardQuerySchema,
  CardSchema,
  CardStatusBodySchema,
  GateBodySchema,
  GateParams,
  GateSchema,
  IdParams,
  MovementQuerySchema,
  MovementSchema,
  OccupancySchema,
} from './schema.ts';

const tags = ['dorms'];

/** Cards, gates and what the gates recorded (DRM-6). */
const accessRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { access } = services.dorms;

  app.get(
    '/cards',
    {
      config: { permission: 'dorms.cards' },
      schema: {
        tags,
        summary: 'Access cards, filtered and paged',
        querystring: CardQuerySchema,
        response: { 200: PageSchema(CardSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await access.listCards({
        ...filter,
        afterId: typeof after === 'string' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentCard, (row) => [row.card_id]);
    },
  );

  app.post(
    '/cards',
    {
      config: { permission: 'dorms.cards' },
      schema: { tags, summary: 'Register a campus card for a resident', body: CardBodySchema, response: { 201: CardSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(presentCard(await access.issueCard(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.post(
    '/cards/:cardId/status',
    {
      config: { permission: 'dorms.cards' },
      schema: {
        tags,
        summary: 'Revoke a card or record it lost: every gate refuses it from now on',
        params: CardParams,
        body: CardStatusBodySchema,
        response: { 200: CardSchema },
      },
    },
    async (request) =>
      presentCard(await access.setCardStatus(actorOf(request), request.params.cardId, request.body, auditContextOf(request))),
  );

  app.get(
    '/cards/:cardId/access',
    {
      config: { permission: 'dorms.cards' },
      schema: {
        tags,
        summary: 'What each gate answers for this card now, and why (the gate_card_access view)',
        params: CardParams,
        querystring: AccessQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(AccessSchema) }) },
      },
    },
    async (request) => ({
      items: (await access.cardAccess(request.params.cardId, request.query.gateDeviceId)).map(presentAccess),
    }),
  );

  app.get(
    '/gates',
    {
      config: { permission: 'dorms.cards' },
      schema: {
        tags,
        summary: 'Gate devices and the buildings they guard',
        response: { 200: Type.Object({ items: Type.Array(GateSchema) }) },
      },
    },
    async () => ({ items: (await access.listGates()).map(presentGate) }),
  );

  app.put(
    '/gates/:deviceId',
    {
      config: { permission: 'dorms.cards' },
      schema: {
        tags,
        summary: 'Assign a gate device to a building',
        params: GateParams,
        body: GateBodySchema,
        response: { 200: GateSchema },
      },
    },
    async (request) =>
      presentGate(
        await access.setGate(actorOf(request), request.params.deviceId, request.body.buildingId, auditContextOf(request)),
      ),
  );

  app.delete(
    '/gates/:deviceId',
    {
      config: { permission: 'dorms.cards' },
      schema: { tags, summary: 'Take a gate device out of the dormitories', params: GateParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await access.removeGate(actorOf(request), request.params.deviceId, auditContextOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/residents/:id/movements',
    {
      config: { permission: 'dorms.movements' },
      schema: {
        tags,
        summary: 'A resident’s entries and exits, newest first (default: the last 30 days; at most 92 days)',
        params: IdParams,
        querystring: MovementQuerySchema,
        response: { 200: PageSchema(MovementSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, from, to } = request.query;
      const [ts, deviceId] = decodeCursor(cursor) ?? [];
      const rows = await access.movements(request.params.id, {
        from,
        to,
        before: typeof ts === 'string' && typeof deviceId === 'string' ? { ts, deviceId } : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentMovement, (row) => [row.ts.toISOString(), row.device_id]);
    },
  );

  app.get(
    '/occupancy',
    {
      config: { permission: 'dorms.occupancy' },
      schema: {
        tags,
        summary: 'Per building: residents checked in, inside and outside by their last swipe, on leave',
        response: { 200: OccupancySchema },
      },
    },
    async () => {
      const at = new Date();
      return presentOccupancy(at, await access.occupancy(at));
    },
  );
};

export default accessRoutes;
