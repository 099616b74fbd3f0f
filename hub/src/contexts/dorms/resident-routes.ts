import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { decodeCursor, PageQuerySchema, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import {
  presentCheckout,
  presentItem,
  presentLeave,
  presentMyAllocation,
  presentNotification,
  presentPass,
  presentReport,
  presentResident,
  presentRun,
} from './present.ts';
import {
  AllocationBodySchema,
  AllocationResultSchema,
  AllocationRunSchema,
  CheckInBodySchema,
  CheckInResultSchema,
  CheckoutBodySchema,
  CheckoutDetailSchema,
  CheckoutQuerySchema,
  CheckoutSchema,
  CompleteCheckoutResultSchema,
  CompleteCheckoutSchema,
  FacilityItemSchema,
  IdParams,
  LeaveBodySchema,
  LeaveQuerySchema,
  LeaveSchema,
  MyAllocationSchema,
  NotificationSchema,
  PlaceSchema,
  ResidentBodySchema,
  ResidentPatchSchema,
  ResidentQuerySchema,
  ResidentSchema,
  VisitorPassBodySchema,
  VisitorPassQuerySchema,
  VisitorPassSchema,
} from './schema.ts';

const tags = ['dorms'];
const beforeOf = (cursor: string | undefined) => {
  const value = decodeCursor(cursor)?.[0];
  return typeof value === 'number' ? value : undefined;
};

/** Residents, allocation (DRM-1), check-in (DRM-2), check-out (DRM-3), leave and visitor passes. */
const residentRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { dorms } = services;

  // ── The signed-in resident ──
  app.get(
    '/me',
    {
      config: { permission: 'authenticated' },
      schema: { tags, summary: 'My resident record', response: { 200: ResidentSchema } },
    },
    async (request) => presentResident(await dorms.me(actorOf(request))),
  );

  app.get(
    '/me/allocation',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'My allocated building, room and bed (DRM-1: the result communicated)',
        response: { 200: MyAllocationSchema },
      },
    },
    async (request) => presentMyAllocation((await dorms.myAllocation(actorOf(request))).resident),
  );

  app.get(
    '/me/room',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'My room’s facility register, to report a fault',
        response: { 200: Type.Object({ place: PlaceSchema, facilities: Type.Array(FacilityItemSchema) }) },
      },
    },
    async (request) => {
      const me = presentResident(await dorms.me(actorOf(request)));
      if (!me.place) throw notFound('your room (you have no bed yet)');
      return { place: me.place, facilities: (await dorms.register.itemsOf(me.place.roomId)).map(presentItem) };
    },
  );

  app.get(
    '/me/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'My notices, newest first',
        querystring: PageQuerySchema,
        response: { 200: PageSchema(NotificationSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await dorms.myNotifications(actorOf(request), limit + 1, beforeOf(cursor));
      return toPage(rows, limit, presentNotification, (row) => [Number(row.id)]);
    },
  );

  // ── Residents (identity data: DAT-6) ──
  app.get(
    '/residents',
    {
      config: { permission: 'dorms.residents.read' },
      schema: {
        tags,
        summary: 'Residents, filtered and paged',
        querystring: ResidentQuerySchema,
        response: { 200: PageSchema(ResidentSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await dorms.listResidents({
        ...filter,
        afterId: typeof after === 'number' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentResident, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/residents',
    {
      config: { permission: 'dorms.residents.manage' },
      schema: {
        tags,
        summary: 'Register a resident (awaiting allocation)',
        body: ResidentBodySchema,
        response: { 201: ResidentSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentResident(await dorms.createResident(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/residents/:id',
    { config: { permission: 'dorms.residents.read' }, schema: { tags, params: IdParams, response: { 200: ResidentSchema } } },
    async (request) => presentResident(await dorms.getResident(request.params.id)),
  );

  app.patch(
    '/residents/:id',
    {
      config: { permission: 'dorms.residents.manage' },
      schema: {
        tags,
        summary: 'Correct name, class, phone, ID digits or the linked account',
        params: IdParams,
        body: ResidentPatchSchema,
        response: { 200: ResidentSchema },
      },
    },
    async (request) =>
      presentResident(await dorms.updateResident(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  // ── Allocation (DRM-1) ──
  app.post(
    '/allocations',
    {
      config: { permission: 'dorms.allocate' },
      schema: {
        tags,
        summary:
          'Allocate beds to residents awaiting one: gender-separated, by capacity, keeping classes together (deterministic; dryRun plans only)',
        body: AllocationBodySchema,
        response: { 200: AllocationResultSchema, 201: AllocationResultSchema },
      },
    },
    async (request, reply) => {
      const result = await dorms.runAllocation(actorOf(request), request.body, auditContextOf(request));
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );

  app.get(
    '/allocations',
    {
      config: { permission: 'dorms.allocate' },
      schema: {
        tags,
        summary: 'Allocation runs, newest first',
        querystring: PageQuerySchema,
        response: { 200: PageSchema(AllocationRunSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const rows = await dorms.allocationRuns(limit + 1, beforeOf(cursor));
      return toPage(rows, limit, presentRun, (row) => [Number(row.id)]);
    },
  );

  // ── Check-in (DRM-2) ──
  app.post(
    '/check-ins',
    {
      config: { permission: 'dorms.checkin' },
      schema: {
        tags,
        summary: 'Check in an allocated resident: identity, room condition report, optionally the campus card',
        body: CheckInBodySchema,
        response: { 201: CheckInResultSchema },
      },
    },
    async (request, reply) => {
      const result = await dorms.checkIn(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send({ resident: presentResident(result.resident), report: presentReport(result.report) });
    },
  );

  // ── Check-out (DRM-3) ──
  app.post(
    '/checkouts',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Ask to check out (a resident for themselves, the dormitory office for anyone); goes for approval',
        body: CheckoutBodySchema,
        response: { 201: CheckoutSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentCheckout(await dorms.requestCheckout(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/checkouts',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Check-outs, newest first: all for the dormitory office, my own otherwise',
        querystring: CheckoutQuerySchema,
        response: { 200: PageSchema(CheckoutSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await dorms.listCheckouts(actorOf(request), { ...filter, beforeId: beforeOf(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentCheckout, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/checkouts/:id',
    { config: { permission: 'authenticated' }, schema: { tags, params: IdParams, response: { 200: CheckoutDetailSchema } } },
    async (request) => {
      const detail = await dorms.checkoutDetail(actorOf(request), request.params.id);
      return { checkout: presentCheckout(detail.checkout), report: detail.report ? presentReport(detail.report) : null };
    },
  );

  app.post(
    '/checkouts/:id/complete',
    {
      config: { permission: 'dorms.checkout' },
      schema: {
        tags,
        summary: 'Complete an approved check-out: condition report, damage charged, bed released, cards revoked',
        params: IdParams,
        body: CompleteCheckoutSchema,
        response: { 200: CompleteCheckoutResultSchema },
      },
    },
    async (request) => {
      const result = await dorms.completeCheckout(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return {
        checkout: presentCheckout(result.checkout),
        report: presentReport(result.report),
        revokedCards: result.revokedCards,
      };
    },
  );

  // ── Leave and visitors ──
  app.post(
    '/leaves',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Ask for leave (nights away); goes for approval',
        body: LeaveBodySchema,
        response: { 201: LeaveSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentLeave(await dorms.requestLeave(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/leaves',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Leave requests, newest first: all for dorm and security staff, my own otherwise',
        querystring: LeaveQuerySchema,
        response: { 200: PageSchema(LeaveSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await dorms.listLeaves(actorOf(request), { ...filter, beforeId: beforeOf(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentLeave, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/visitor-passes',
    {
      config: { permission: 'dorms.visitors' },
      schema: {
        tags,
        summary: 'Issue a visitor pass for a host resident’s building',
        body: VisitorPassBodySchema,
        response: { 201: VisitorPassSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(presentPass(await dorms.issueVisitorPass(actorOf(request), request.body, auditContextOf(request)))),
  );

  app.get(
    '/visitor-passes',
    {
      config: { permission: 'dorms.visitors' },
      schema: {
        tags,
        summary: 'Visitor passes, newest first (activeAt: valid at that moment)',
        querystring: VisitorPassQuerySchema,
        response: { 200: PageSchema(VisitorPassSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, activeAt, ...filter } = request.query;
      const rows = await dorms.listVisitorPasses({
        ...filter,
        activeAt: activeAt === undefined ? undefined : new Date(activeAt),
        beforeId: beforeOf(cursor),
        limit: limit + 1,
      });
      return toPage(rows, limit, presentPass, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/visitor-passes/:id/revoke',
    { config: { permission: 'dorms.visitors' }, schema: { tags, params: IdParams, response: { 200: VisitorPassSchema } } },
    async (request) => presentPass(await dorms.revokeVisitorPass(actorOf(request), request.params.id, auditContextOf(request))),
  );
};

export default residentRoutes;
