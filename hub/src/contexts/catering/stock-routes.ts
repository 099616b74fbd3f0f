import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { cursorCode, cursorId, tags } from './http.ts';
import { presentMovement, presentProduction, presentStockItem, presentStocktake } from './present.ts';
import {
  BatchTraceQuerySchema,
  BatchTraceSchema,
  CountBodySchema,
  CountParams,
  DishTraceQuerySchema,
  DishTraceSchema,
  IdParams,
  MovementBodySchema,
  MovementQuerySchema,
  MovementSchema,
  NewStockItemSchema,
  NumericIdParams,
  ProductionBodySchema,
  ProductionQuerySchema,
  ProductionSchema,
  StockItemBodySchema,
  StockItemQuerySchema,
  StockItemSchema,
  StockLevelSchema,
  StocktakeBodySchema,
  StocktakeQuerySchema,
  StocktakeResultSchema,
  StocktakeSchema,
} from './schema.ts';

/** The ingredient store (CAT-4..6), kitchen production and food-safety traceability. */
const stockRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { stock } = services.catering;

  app.get(
    '/stock/items',
    {
      config: { permission: 'catering.stock.read' },
      schema: {
        tags,
        summary: 'Stock items with book quantity and safety stock',
        querystring: StockItemQuerySchema,
        response: { 200: PageSchema(StockItemSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await stock.listItems({ ...filter, afterId: cursorCode(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentStockItem, (row) => [row.id]);
    },
  );

  app.get(
    '/stock/items/:id',
    {
      config: { permission: 'catering.stock.read' },
      schema: { tags, summary: 'A stock item', params: IdParams, response: { 200: StockItemSchema } },
    },
    async (request) => presentStockItem(await stock.item(request.params.id)),
  );

  app.post(
    '/stock/items',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Add a stock item (its code is what scales send as itemId)',
        body: NewStockItemSchema,
        response: { 201: StockItemSchema },
      },
    },
    async (request, reply) => {
      const { id, ...input } = request.body;
      return reply
        .status(201)
        .send(presentStockItem(await stock.createItem(actorOf(request), id, input, auditContextOf(request))));
    },
  );

  app.put(
    '/stock/items/:id',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: "Change a stock item's description or safety stock",
        params: IdParams,
        body: StockItemBodySchema,
        response: { 200: StockItemSchema },
      },
    },
    async (request) =>
      presentStockItem(await stock.updateItem(actorOf(request), request.params.id, request.body, auditContextOf(request))),
  );

  app.get(
    '/stock/levels',
    {
      config: { permission: 'catering.stock.read' },
      schema: {
        tags,
        summary: 'Live stock (CAT-4): book quantity, safety stock and the latest inventory-scale weight per item',
        response: { 200: Type.Object({ items: Type.Array(StockLevelSchema) }) },
      },
    },
    async () => ({
      items: (await stock.stockLevels()).map((level) => ({
        itemId: level.itemId,
        name: level.name,
        nameZh: level.nameZh,
        unit: level.unit,
        bookQuantity: level.quantity,
        safetyStock: level.safetyStock,
        belowSafety: level.belowSafety,
        scale: level.scale
          ? { netKg: level.scale.netKg, at: level.scale.at.toISOString(), deviceId: level.scale.deviceId }
          : null,
      })),
    }),
  );

  app.get(
    '/stock/movements',
    {
      config: { permission: 'catering.stock.read' },
      schema: {
        tags,
        summary: 'Stock in/out records (CAT-6): name, specification, quantity, time, supplier, batch; newest first',
        querystring: MovementQuerySchema,
        response: { 200: PageSchema(MovementSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, from, to, ...filter } = request.query;
      const rows = await stock.listMovements({
        ...filter,
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
        beforeId: cursorId(cursor),
        limit: limit + 1,
      });
      return toPage(rows, limit, presentMovement, (row) => [Number(row.id)]);
    },
  );

  app.post(
    '/stock/movements',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Book stock in (delivery, with supplier and batch) or out (consumption, waste) (CAT-6)',
        body: MovementBodySchema,
        response: { 201: MovementSchema },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...input } = request.body;
      const row = await stock.recordMovement(
        actorOf(request),
        { ...input, occurredAt: occurredAt === undefined ? undefined : new Date(occurredAt) },
        auditContextOf(request),
      );
      return reply.status(201).send(presentMovement(row));
    },
  );

  app.post(
    '/stock/stocktakes',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Open a stocktake (CAT-4); one at a time',
        body: StocktakeBodySchema,
        response: { 201: StocktakeSchema },
      },
    },
    async (request, reply) => {
      const result = await stock.openStocktake(actorOf(request), request.body.note ?? null, auditContextOf(request));
      return reply.status(201).send(presentStocktake(result.stocktake, result.counts));
    },
  );

  app.get(
    '/stock/stocktakes',
    {
      config: { permission: 'catering.stock.read' },
      schema: {
        tags,
        summary: 'Stocktakes, newest first',
        querystring: StocktakeQuerySchema,
        response: { 200: PageSchema(StocktakeSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const rows = await stock.listStocktakes({ status, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(
        rows,
        limit,
        (row) => presentStocktake(row, []),
        (row) => [Number(row.id)],
      );
    },
  );

  app.get(
    '/stock/stocktakes/:id',
    {
      config: { permission: 'catering.stock.read' },
      schema: {
        tags,
        summary: 'A stocktake with its counts and differences',
        params: NumericIdParams,
        response: { 200: StocktakeSchema },
      },
    },
    async (request) => {
      const result = await stock.stocktake(request.params.id);
      return presentStocktake(result.stocktake, result.counts);
    },
  );

  app.put(
    '/stock/stocktakes/:id/counts/:itemId',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Record the counted quantity of an item (with the cause of any difference)',
        params: CountParams,
        body: CountBodySchema,
        response: { 200: StocktakeSchema },
      },
    },
    async (request) => {
      const { id, itemId } = request.params;
      const result = await stock.count(
        actorOf(request),
        id,
        itemId,
        request.body.countedQuantity,
        request.body.cause ?? null,
        auditContextOf(request),
      );
      return presentStocktake(result.stocktake, result.counts);
    },
  );

  app.post(
    '/stock/stocktakes/:id/complete',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Close a stocktake: each difference becomes an adjustment movement with its cause',
        params: NumericIdParams,
        response: { 200: StocktakeResultSchema },
      },
    },
    async (request) => {
      const result = await stock.completeStocktake(actorOf(request), request.params.id, auditContextOf(request));
      return {
        stocktake: presentStocktake(result.stocktake, result.counts),
        adjustments: result.adjustments.map(presentMovement),
      };
    },
  );

  app.post(
    '/stock/stocktakes/:id/cancel',
    {
      config: { permission: 'catering.stock.manage' },
      schema: {
        tags,
        summary: 'Cancel an open stocktake (no adjustments)',
        params: NumericIdParams,
        response: { 200: StocktakeSchema },
      },
    },
    async (request) => {
      const result = await stock.cancelStocktake(actorOf(request), request.params.id, auditContextOf(request));
      return presentStocktake(result.stocktake, result.counts);
    },
  );

  app.post(
    '/production',
    {
      config: { permission: 'catering.kitchen' },
      schema: {
        tags,
        summary: 'Record what the kitchen prepared for a meal; the recipe is booked out of stock against batches',
        body: ProductionBodySchema,
        response: { 201: ProductionSchema },
      },
    },
    async (request, reply) => {
      const result = await stock.recordProduction(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentProduction(result.production, result.consumption));
    },
  );

  app.get(
    '/production',
    {
      config: { permission: 'catering.trace' },
      schema: {
        tags,
        summary: 'Production records with the batches they used, newest first',
        querystring: ProductionQuerySchema,
        response: { 200: PageSchema(ProductionSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await stock.listProduction({ ...filter, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(
        rows,
        limit,
        (row) => presentProduction(row.production, row.consumption),
        (row) => [Number(row.production.id)],
      );
    },
  );

  app.get(
    '/production/:id',
    {
      config: { permission: 'catering.trace' },
      schema: {
        tags,
        summary: 'A production record with the batches it used',
        params: NumericIdParams,
        response: { 200: ProductionSchema },
      },
    },
    async (request) => {
      const result = await stock.production(request.params.id);
      return presentProduction(result.production, result.consumption);
    },
  );

  app.get(
    '/trace/batch',
    {
      config: { permission: 'catering.trace' },
      schema: {
        tags,
        summary: "Food-safety trace forward: a supplier's delivered batch → the dishes and meals that used it",
        querystring: BatchTraceQuerySchema,
        response: { 200: BatchTraceSchema },
      },
    },
    async (request) => {
      const trace = await stock.traceBatch(request.query.itemId, request.query.batch);
      return {
        itemId: trace.itemId,
        batch: trace.batch,
        deliveries: trace.deliveries.map(presentMovement),
        remaining: trace.remaining,
        uses: trace.uses.map((use) => ({
          movementId: Number(use.movement_id),
          quantity: Number(use.quantity),
          reason: use.reason,
          occurredAt: use.occurred_at.toISOString(),
          productionId: use.production_id === null ? null : Number(use.production_id),
          dishId: use.dish_id,
          dishName: use.dish_name,
          dishNameZh: use.dish_name_zh,
          canteenId: use.canteen_id,
          serviceDate: use.service_date,
          mealPeriod: use.meal_period,
          portions: use.portions === null ? null : Number(use.portions),
        })),
        dishes: trace.dishes,
        meals: trace.meals,
      };
    },
  );

  app.get(
    '/trace/dish',
    {
      config: { permission: 'catering.trace' },
      schema: {
        tags,
        summary: 'Food-safety trace back: a dish served on a day (and meal) → the batches and suppliers behind it',
        querystring: DishTraceQuerySchema,
        response: { 200: DishTraceSchema },
      },
    },
    async (request) => {
      const trace = await stock.traceDish(request.query);
      return {
        dishId: trace.dishId,
        date: trace.date,
        productions: trace.productions.map((p) => presentProduction(p.production, p.consumption)),
        batches: trace.batches.map((b) => ({ ...b, deliveries: b.deliveries.map(presentMovement) })),
        untraced: trace.untraced,
        suppliers: trace.suppliers,
      };
    },
  );
};

export default stockRoutes;
