import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { seesIdentities } from './policy.ts';
import { presentBed, presentBuilding, presentFault, presentItem, presentRoom } from './present.ts';
import {
  BuildingBodySchema,
  BuildingParams,
  BuildingSchema,
  FacilityItemBodySchema,
  FacilityItemPatchSchema,
  FacilityItemSchema,
  FaultBodySchema,
  FaultResultSchema,
  IdParams,
  RoomBodySchema,
  RoomDetailSchema,
  RoomParams,
  RoomQuerySchema,
  RoomSchema,
  VocabularySchema,
} from './schema.ts';
import {
  ACCESS_REASON_LABELS,
  CHECKOUT_STATUS_LABELS,
  CONDITION_LABELS,
  FACILITY_KIND_INFO,
  LEAVE_STATUS_LABELS,
  RESIDENT_STATUS_LABELS,
  SAFETY_FINDING_INFO,
  SAFETY_STATUS_LABELS,
} from './vocabulary.ts';

const tags = ['dorms'];
const labels = (map: Record<string, { en: string; zh: string }>) =>
  Object.fromEntries(Object.entries(map).map(([key, value]) => [key, { en: value.en, zh: value.zh }]));

/** Buildings, rooms, beds and each room's facility register, with fault reports (DRM-4). */
const registerRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { register } = services.dorms;

  app.get(
    '/vocabulary',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'Statuses, facility kinds, conditions, access reasons: labels in English and Chinese',
        response: { 200: VocabularySchema },
      },
    },
    async () => ({
      residentStatuses: labels(RESIDENT_STATUS_LABELS),
      facilityKinds: labels(FACILITY_KIND_INFO),
      conditions: labels(CONDITION_LABELS),
      checkoutStatuses: labels(CHECKOUT_STATUS_LABELS),
      leaveStatuses: labels(LEAVE_STATUS_LABELS),
      safetyStatuses: labels(SAFETY_STATUS_LABELS),
      safetyFindingKinds: labels(SAFETY_FINDING_INFO),
      accessReasons: labels(ACCESS_REASON_LABELS),
    }),
  );

  app.get(
    '/buildings',
    {
      config: { permission: 'dorms.read' },
      schema: {
        tags,
        summary: 'Buildings with rooms, beds, occupancy and gates',
        response: { 200: Type.Object({ items: Type.Array(BuildingSchema) }) },
      },
    },
    async () => ({ items: (await register.listBuildings()).map(presentBuilding) }),
  );

  app.put(
    '/buildings/:id',
    {
      config: { permission: 'dorms.manage' },
      schema: {
        tags,
        summary: 'Create or update a building (gender-separated: by building, or by floor when mixed)',
        params: BuildingParams,
        body: BuildingBodySchema,
        response: { 200: BuildingSchema },
      },
    },
    async (request) =>
      presentBuilding(await register.saveBuilding(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/rooms',
    {
      config: { permission: 'dorms.read' },
      schema: {
        tags,
        summary: 'Rooms with bed counts, filtered and paged',
        querystring: RoomQuerySchema,
        response: { 200: PageSchema(RoomSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const after = decodeCursor(cursor)?.[0];
      const rows = await register.listRooms({
        ...filter,
        afterId: typeof after === 'string' ? after : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentRoom, (row) => [row.id]);
    },
  );

  app.post(
    '/rooms',
    {
      config: { permission: 'dorms.manage' },
      schema: {
        tags,
        summary: 'Add a room with its beds and facility register',
        body: RoomBodySchema,
        response: { 201: RoomSchema },
      },
    },
    async (request, reply) => {
      const room = await register.createRoom(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentRoom(room));
    },
  );

  app.get(
    '/rooms/:id',
    {
      config: { permission: 'dorms.read' },
      schema: {
        tags,
        summary: 'A room: beds (occupants only for roles that see identities), facility register, recent faults',
        params: RoomParams,
        response: { 200: RoomDetailSchema },
      },
    },
    async (request) => {
      const detail = await register.roomDetail(request.params.id, seesIdentities(actorOf(request)));
      return {
        room: presentRoom(detail.room),
        beds: detail.beds.map(presentBed),
        facilities: detail.items.map(presentItem),
        faults: detail.faults.map(presentFault),
      };
    },
  );

  app.post(
    '/rooms/:id/facilities',
    {
      config: { permission: 'dorms.manage' },
      schema: {
        tags,
        summary: 'Register a facility item in a room',
        params: RoomParams,
        body: FacilityItemBodySchema,
        response: { 201: FacilityItemSchema },
      },
    },
    async (request, reply) => {
      const row = await register.addFacilityItem(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(201).send(presentItem(row));
    },
  );

  app.patch(
    '/facility-items/:id',
    {
      config: { permission: 'dorms.manage' },
      schema: {
        tags,
        summary: 'Correct a facility item: label, asset number, condition, note',
        params: IdParams,
        body: FacilityItemPatchSchema,
        response: { 200: FacilityItemSchema },
      },
    },
    async (request) =>
      presentItem(await register.updateFacilityItem(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.post(
    '/facility-items/:id/faults',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary:
          'Report a facility fault (residents of the room, dorm staff): opens or joins the item’s repair ticket (DRM-4, MNT-1)',
        params: IdParams,
        body: FaultBodySchema,
        response: { 201: FaultResultSchema },
      },
    },
    async (request, reply) => {
      const result = await register.reportFault(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(201).send({
        fault: presentFault(result.fault),
        ticketId: result.ticketId,
        created: result.created,
        item: presentItem(result.item),
      });
    },
  );
};

export default registerRoutes;
