import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import {
  presentContract,
  presentDelivery,
  presentEvent,
  presentInstalment,
  presentIssue,
  presentLine,
  presentPayment,
} from './present.ts';
import {
  AcceptanceBodySchema,
  ContractDetailSchema,
  ContractQuerySchema,
  ContractSchema,
  DeliveryBodySchema,
  DeliveryParams,
  IdParams,
  InstalmentParams,
  InstalmentQuerySchema,
  InstalmentSchema,
  IssueBodySchema,
  IssueParams,
  NewContractSchema,
  PaymentBodySchema,
  ResolveIssueSchema,
} from './schema.ts';

const tags = ['procurement'];

/** The contract register (PRC-5) and contract tracking: deliveries, acceptance and receiving, payments, issues (PRC-6). */
const contractRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const contracts = services.procurement.contracts;
  const detail = async (id: number) => {
    const d = await contracts.detail(id);
    const today = contracts.today();
    return {
      contract: presentContract(d.contract),
      lines: d.lines.map(presentLine),
      instalments: d.instalments.map((i) => presentInstalment(i, today)),
      payments: d.payments.map(presentPayment),
      deliveries: d.deliveries.map(presentDelivery),
      issues: d.issues.map(presentIssue),
      history: d.history.map(presentEvent),
    };
  };
  const one = { 200: ContractDetailSchema };

  app.post(
    '/contracts',
    {
      config: { permission: 'procurement.contracts.manage' },
      schema: {
        tags,
        summary: 'Register a signed contract (PRC-5): number, date, supplier, lines, amount, payment terms → instalments',
        body: NewContractSchema,
        response: { 201: ContractDetailSchema },
      },
    },
    async (request, reply) => {
      const contract = await contracts.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(await detail(Number(contract.id)));
    },
  );

  app.get(
    '/contracts',
    {
      config: { permission: 'procurement.contracts.read' },
      schema: {
        tags,
        summary: 'The contract register, newest first; ?overdue=true lists contracts with a payment past due',
        querystring: ContractQuerySchema,
        response: { 200: PageSchema(ContractSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const before = decodeCursor(cursor)?.[0];
      const rows = await contracts.list({
        ...filter,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: limit + 1,
      });
      return toPage(rows, limit, presentContract, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/contracts/:id',
    {
      config: { permission: 'procurement.contracts.read' },
      schema: {
        tags,
        summary: 'A contract with lines, delivery and acceptance, payment progress (overdue flags) and issues',
        params: IdParams,
        response: one,
      },
    },
    async (request) => detail(request.params.id),
  );

  app.get(
    '/instalments',
    {
      config: { permission: 'procurement.contracts.read' },
      schema: {
        tags,
        summary: 'Unpaid instalments by due date (what finance pays next); ?overdue=true only those past due',
        querystring: InstalmentQuerySchema,
        response: { 200: PageSchema(InstalmentSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const [dueOn, id] = decodeCursor(cursor) ?? [];
      const rows = await contracts.unpaidInstalments({
        ...filter,
        afterKey: typeof dueOn === 'string' && typeof id === 'number' ? { dueOn, id } : undefined,
        limit: limit + 1,
      });
      const today = contracts.today();
      return toPage(
        rows,
        limit,
        (row) => presentInstalment(row, today),
        (row) => [row.due_on, Number(row.id)],
      );
    },
  );

  app.post(
    '/contracts/:id/deliveries',
    {
      config: { permission: 'procurement.receive' },
      schema: {
        tags,
        summary:
          'Record a (partial) delivery of a line; with acceptance, inspect and receive it into the register or stock at once',
        params: IdParams,
        body: DeliveryBodySchema,
        response: { 201: ContractDetailSchema },
      },
    },
    async (request, reply) => {
      await contracts.recordDelivery(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(201).send(await detail(request.params.id));
    },
  );

  app.post(
    '/contracts/:id/deliveries/:deliveryId/acceptance',
    {
      config: { permission: 'procurement.receive' },
      schema: {
        tags,
        summary: 'Accept (goods enter the asset register or ingredient stock) or refuse a delivery, with what was found',
        params: DeliveryParams,
        body: AcceptanceBodySchema,
        response: one,
      },
    },
    async (request) => {
      await contracts.accept(
        actorOf(request),
        request.params.id,
        request.params.deliveryId,
        request.body,
        auditContextOf(request),
      );
      return detail(request.params.id);
    },
  );

  app.post(
    '/contracts/:id/instalments/:instalmentId/payments',
    {
      config: { permission: 'procurement.payments.record' },
      schema: {
        tags,
        summary: 'Record a payment of an instalment',
        params: InstalmentParams,
        body: PaymentBodySchema,
        response: one,
      },
    },
    async (request) => {
      await contracts.recordPayment(
        actorOf(request),
        request.params.id,
        request.params.instalmentId,
        request.body,
        auditContextOf(request),
      );
      return detail(request.params.id);
    },
  );

  app.post(
    '/contracts/:id/issues',
    {
      config: { permission: 'procurement.receive' },
      schema: {
        tags,
        summary: 'Log a problem in performing the contract (quality problems and complaints count against the supplier)',
        params: IdParams,
        body: IssueBodySchema,
        response: { 201: ContractDetailSchema },
      },
    },
    async (request, reply) => {
      await contracts.raiseIssue(actorOf(request), request.params.id, request.body, auditContextOf(request));
      return reply.status(201).send(await detail(request.params.id));
    },
  );

  app.post(
    '/contracts/:id/issues/:issueId/resolve',
    {
      config: { permission: 'procurement.contracts.manage' },
      schema: {
        tags,
        summary: 'Record how an issue was handled with the supplier',
        params: IssueParams,
        body: ResolveIssueSchema,
        response: one,
      },
    },
    async (request) => {
      await contracts.resolveIssue(
        actorOf(request),
        request.params.id,
        request.params.issueId,
        request.body.handling,
        auditContextOf(request),
      );
      return detail(request.params.id);
    },
  );
};

export default contractRoutes;
