import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentLine, presentStocktake } from './present.ts';
import {
  CountsBodySchema,
  HistoryQuerySchema,
  IdParamsSchema,
  LineParamsSchema,
  LineSchema,
  ReconciliationSchema,
  ResolutionBodySchema,
  SheetQuerySchema,
  StocktakeBodySchema,
  StocktakeDetailSchema,
  StocktakeSchema,
} from './schema.ts';
import type { Reconciliation } from './stocktake.ts';
import type { LineRow } from './stocktake-repository.ts';

function presentReconciliation(r: Reconciliation, lines: Map<number, LineRow>) {
  const present = (id: number) => {
    const row = lines.get(id);
    if (!row) throw new Error(`stocktake line ${id} vanished`);
    return presentLine(row);
  };
  return {
    total: r.total,
    counted: r.counted,
    pending: r.pending,
    matched: r.matched,
    unresolved: r.unresolved,
    moved: r.moved.map((l) => present(l.id)),
    losses: r.losses.map((l) => present(l.id)),
    surplus: r.surplus.map((l) => present(l.id)),
  };
}

/** Stocktakes (AST-6): plan, count sheet, counts, reconciliation, causes and actions, close. */
const stocktakeRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { stocktakes } = services.assets;

  const detail = async (id: number) => {
    const { stocktake, reconciliation, rows } = await stocktakes.detail(id);
    return { stocktake: presentStocktake(stocktake), reconciliation: presentReconciliation(reconciliation, rows) };
  };

  app.post(
    '/stocktakes',
    {
      config: { permission: 'assets.stocktake' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Plan a stocktake over a department, a category (with its subtree) and/or a place; generates the count sheet',
        body: StocktakeBodySchema,
        response: { 201: Type.Object({ stocktake: StocktakeSchema, lines: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const result = await stocktakes.plan(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send({ stocktake: presentStocktake(result.stocktake), lines: result.lines });
    },
  );

  app.get(
    '/stocktakes',
    {
      config: { permission: 'assets.count' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Stocktakes, newest first',
        querystring: HistoryQuerySchema,
        response: { 200: PageSchema(StocktakeSchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await stocktakes.list(request.query.limit + 1, typeof before === 'number' ? before : undefined);
      return toPage(rows, request.query.limit, presentStocktake, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/stocktakes/:id',
    {
      config: { permission: 'assets.count' },
      schema: {
        tags: ['stocktakes'],
        summary: 'A stocktake with its reconciliation: moved, surplus (盘盈) and losses (盘亏)',
        params: IdParamsSchema,
        response: { 200: StocktakeDetailSchema },
      },
    },
    async (request) => detail(request.params.id),
  );

  app.get(
    '/stocktakes/:id/sheet',
    {
      config: { permission: 'assets.count' },
      schema: {
        tags: ['stocktakes'],
        summary: 'The count sheet, filtered by result',
        params: IdParamsSchema,
        querystring: SheetQuerySchema,
        response: { 200: PageSchema(LineSchema) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await stocktakes.sheet(request.params.id, {
        result: request.query.result,
        afterId: typeof after === 'number' ? after : undefined,
        limit: request.query.limit + 1,
      });
      return toPage(rows, request.query.limit, presentLine, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/stocktakes/:id/counts',
    {
      config: { permission: 'assets.count' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Record counts on site: found / not_found for the sheet, extra (with location) for finds not on it',
        params: IdParamsSchema,
        body: CountsBodySchema,
        response: { 200: Type.Object({ items: Type.Array(LineSchema) }) },
      },
    },
    async (request) => ({
      items: (await stocktakes.count(actorOf(request), request.params.id, request.body.counts, auditContextOf(request))).map(
        presentLine,
      ),
    }),
  );

  app.post(
    '/stocktakes/:id/lines/:lineId/resolution',
    {
      config: { permission: 'assets.stocktake' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Cause and corrective action of a discrepancy',
        params: LineParamsSchema,
        body: ResolutionBodySchema,
        response: { 200: LineSchema },
      },
    },
    async (request) =>
      presentLine(
        await stocktakes.resolve(
          actorOf(request),
          request.params.id,
          request.params.lineId,
          request.body,
          auditContextOf(request),
        ),
      ),
  );

  app.post(
    '/stocktakes/:id/close',
    {
      config: { permission: 'assets.stocktake' },
      schema: {
        tags: ['stocktakes'],
        summary: 'Close: write-offs go to disposal, uninvestigated losses become missing, found places update the register',
        params: IdParamsSchema,
        response: { 200: Type.Object({ stocktake: StocktakeSchema, reconciliation: ReconciliationSchema }) },
      },
    },
    async (request) => {
      const id = request.params.id;
      await stocktakes.close(actorOf(request), id, auditContextOf(request));
      return detail(id);
    },
  );
};

export default stocktakeRoutes;
