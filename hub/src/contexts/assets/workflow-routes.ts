import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentBorrowing, presentDisposal, presentTransfer } from './present.ts';
import {
  AssetParamsSchema,
  BorrowBodySchema,
  BorrowingSchema,
  DisposalBodySchema,
  DisposalQuerySchema,
  DisposalSchema,
  ExecutionBodySchema,
  HistoryQuerySchema,
  IdParamsSchema,
  ReturnBodySchema,
  TransferBodySchema,
  TransferSchema,
} from './schema.ts';

/**
 * Borrowing (AST-4), transfers (AST-5) and disposal (AST-8, AST-9). Requests open an approval;
 * decisions are taken at /api/approvals and their effects land here in the same transaction.
 */
const workflowRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { assets } = services;

  app.post(
    '/:id/borrowings',
    {
      config: { permission: 'assets.borrow' },
      schema: {
        tags: ['assets'],
        summary: 'Ask to borrow an asset in use (approved by the asset office)',
        params: AssetParamsSchema,
        body: BorrowBodySchema,
        response: { 201: BorrowingSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentBorrowing(
            await assets.borrowing.request(actorOf(request), request.params.id, request.body, auditContextOf(request)),
          ),
        ),
  );

  app.get(
    '/:id/borrowings',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'Borrow history of an asset, newest first',
        params: AssetParamsSchema,
        querystring: HistoryQuerySchema,
        response: { 200: PageSchema(BorrowingSchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await assets.borrowing.history(
        actorOf(request),
        request.params.id,
        request.query.limit + 1,
        typeof before === 'number' ? before : undefined,
      );
      return toPage(rows, request.query.limit, presentBorrowing, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/borrowings/:id/return',
    {
      config: { permission: 'assets.manage' },
      schema: {
        tags: ['assets'],
        summary: 'The asset office takes a borrowed asset back',
        params: IdParamsSchema,
        body: ReturnBodySchema,
        response: { 200: BorrowingSchema },
      },
    },
    async (request) =>
      presentBorrowing(
        await assets.borrowing.takeBack(actorOf(request), request.params.id, request.body.condition, auditContextOf(request)),
      ),
  );

  app.post(
    '/:id/transfers',
    {
      config: { permission: 'assets.transfer' },
      schema: {
        tags: ['assets'],
        summary: 'Ask to move an asset to another department (the other department agrees, the asset office approves)',
        params: AssetParamsSchema,
        body: TransferBodySchema,
        response: { 201: TransferSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentTransfer(
            await assets.transfers.request(actorOf(request), request.params.id, request.body, auditContextOf(request)),
          ),
        ),
  );

  app.get(
    '/:id/transfers',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'Transfers of an asset, newest first',
        params: AssetParamsSchema,
        response: { 200: Type.Object({ items: Type.Array(TransferSchema) }) },
      },
    },
    async (request) => ({ items: (await assets.transfers.history(actorOf(request), request.params.id)).map(presentTransfer) }),
  );

  app.post(
    '/:id/disposals',
    {
      config: { permission: 'assets.dispose.request' },
      schema: {
        tags: ['assets'],
        summary: 'Ask to dispose of an asset (approved by the asset office, then finance)',
        params: AssetParamsSchema,
        body: DisposalBodySchema,
        response: { 201: DisposalSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          presentDisposal(
            await assets.disposals.request(actorOf(request), request.params.id, request.body, auditContextOf(request)),
          ),
        ),
  );

  app.get(
    '/:id/disposals',
    {
      config: { permission: 'assets.read' },
      schema: {
        tags: ['assets'],
        summary: 'Disposals of an asset',
        params: AssetParamsSchema,
        response: { 200: Type.Object({ items: Type.Array(DisposalSchema) }) },
      },
    },
    async (request) => ({ items: (await assets.disposals.history(actorOf(request), request.params.id)).map(presentDisposal) }),
  );

  app.get(
    '/disposals',
    {
      config: { permission: 'assets.dispose.execute' },
      schema: {
        tags: ['assets'],
        summary: "The asset office's disposals (e.g. status=approved: waiting to be carried out), newest first",
        querystring: DisposalQuerySchema,
        response: { 200: PageSchema(DisposalSchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await assets.disposals.list(
        request.query.status,
        request.query.limit + 1,
        typeof before === 'number' ? before : undefined,
      );
      return toPage(rows, request.query.limit, presentDisposal, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/disposals/:id/execution',
    {
      config: { permission: 'assets.dispose.execute' },
      schema: {
        tags: ['assets'],
        summary: 'Record how an approved disposal was carried out: sale, donation, destruction (or write-off of a loss)',
        params: IdParamsSchema,
        body: ExecutionBodySchema,
        response: { 200: DisposalSchema },
      },
    },
    async (request) =>
      presentDisposal(await assets.disposals.execute(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );
};

export default workflowRoutes;
