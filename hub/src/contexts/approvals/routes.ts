import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { RoleSchema } from '../identity/schema.ts';
import type { ApprovalActionRow, ApprovalRequestRow } from './repository.ts';

const StepSchema = Type.Object(
  {
    role: RoleSchema,
    label: Type.String({ minLength: 1, maxLength: 64 }),
    labelZh: Type.Optional(Type.String({ maxLength: 64 })),
    scope: Type.Optional(
      Type.Union([Type.Literal('any'), Type.Literal('requester_department'), Type.Literal('payload_department')]),
    ),
  },
  { additionalProperties: false },
);

const RequestSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  title: Type.String(),
  requestedBy: Type.Union([Type.Integer(), Type.Null()]),
  requesterName: Type.String(),
  requesterDepartment: Type.Union([Type.String(), Type.Null()]),
  steps: Type.Array(StepSchema),
  currentStep: Type.Integer(),
  status: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
});

const ActionSchema = Type.Object({
  step: Type.Integer(),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorName: Type.String(),
  decision: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export function presentRequest(row: ApprovalRequestRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    title: row.title,
    requestedBy: row.requested_by === null ? null : Number(row.requested_by),
    requesterName: row.requester_name,
    requesterDepartment: row.requester_department,
    steps: row.steps,
    currentStep: row.current_step,
    status: row.status,
    payload: row.payload,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

function presentAction(row: ApprovalActionRow) {
  return {
    step: row.step,
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorName: row.actor_name,
    decision: row.decision,
    comment: row.comment,
    at: row.at.toISOString(),
  };
}

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

const approvalRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { approvals } = services;

  app.get(
    '/inbox',
    {
      config: { permission: 'approvals.use' },
      schema: {
        tags: ['approvals'],
        summary: 'Requests waiting on me, oldest first',
        querystring: PageQuery,
        response: { 200: PageSchema(RequestSchema) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await approvals.inbox(
        actorOf(request),
        request.query.limit + 1,
        typeof after === 'number' ? after : undefined,
      );
      return toPage(rows, request.query.limit, presentRequest, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/mine',
    {
      config: { permission: 'approvals.use' },
      schema: {
        tags: ['approvals'],
        summary: 'Requests I submitted, newest first',
        querystring: PageQuery,
        response: { 200: PageSchema(RequestSchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await approvals.mine(
        actorOf(request),
        request.query.limit + 1,
        typeof before === 'number' ? before : undefined,
      );
      return toPage(rows, request.query.limit, presentRequest, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/requests/:id',
    {
      config: { permission: 'approvals.use' },
      schema: {
        tags: ['approvals'],
        summary: 'A request with its full history',
        params: IdParams,
        response: { 200: Type.Object({ request: RequestSchema, actions: Type.Array(ActionSchema), mayDecide: Type.Boolean() }) },
      },
    },
    async (request) => {
      const detail = await approvals.detail(actorOf(request), request.params.id);
      return { request: presentRequest(detail.request), actions: detail.actions.map(presentAction), mayDecide: detail.mayDecide };
    },
  );

  app.post(
    '/requests/:id/decision',
    {
      config: { permission: 'approvals.use' },
      schema: {
        tags: ['approvals'],
        summary: 'Approve, reject (with a reason) or comment the current step',
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('comment')]),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RequestSchema },
      },
    },
    async (request) =>
      presentRequest(
        await approvals.decide(
          actorOf(request),
          request.params.id,
          request.body.decision,
          request.body.comment,
          auditContextOf(request),
        ),
      ),
  );

  app.post(
    '/requests/:id/cancel',
    {
      config: { permission: 'approvals.use' },
      schema: { tags: ['approvals'], summary: 'Withdraw my pending request', params: IdParams, response: { 200: RequestSchema } },
    },
    async (request) => presentRequest(await approvals.cancel(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.get(
    '/chains',
    {
      config: { permission: 'approvals.use' },
      schema: {
        tags: ['approvals'],
        summary: 'The approval chain of every request kind',
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ kind: Type.String(), steps: Type.Array(StepSchema), configured: Type.Boolean() })),
          }),
        },
      },
    },
    async () => ({ items: await approvals.chains() }),
  );

  app.put(
    '/chains/:kind',
    {
      config: { permission: 'approvals.configure' },
      schema: {
        tags: ['approvals'],
        summary: 'Configure the steps of a request kind (applies to new requests)',
        params: Type.Object({ kind: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ steps: Type.Array(StepSchema, { minItems: 1, maxItems: 10 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ kind: Type.String(), steps: Type.Array(StepSchema) }) },
      },
    },
    async (request) => ({
      kind: request.params.kind,
      steps: await approvals.configureChain(actorOf(request), request.params.kind, request.body.steps, auditContextOf(request)),
    }),
  );
};

export default approvalRoutes;
