import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HubDeps } from '../../deps.ts';
import { PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { cursorId, tags } from './http.ts';
import type { NamedForecast } from './planning-service.ts';
import { presentPlan } from './present.ts';
import {
  ConfirmPlanBodySchema,
  ForecastQuerySchema,
  ForecastSchema,
  NumericIdParams,
  PlanBodySchema,
  PlanQuerySchema,
  PlanSchema,
  WasteQuerySchema,
  WasteSchema,
} from './schema.ts';

function presentForecast(forecast: NamedForecast) {
  const name = (key: string) => forecast.names.get(key) ?? { name: null, nameZh: null };
  return {
    date: forecast.date,
    holiday: forecast.holiday,
    weeksObserved: forecast.weeksObserved,
    dishes: forecast.dishes.map((d) => ({ ...d, ...name(`dish:${d.dishId}`) })),
    items: forecast.items.map((i) => ({ ...i, ...name(`item:${i.itemId}`) })),
    lines: forecast.lines,
    dishesWithoutRecipe: forecast.dishesWithoutRecipe,
  };
}

/** Ingredient forecast and purchase plans (CAT-3), waste figures. */
const planningRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { planning } = services.catering;

  app.get(
    '/forecast',
    {
      config: { permission: 'catering.plans.read' },
      schema: {
        tags,
        summary: "A day's ingredient needs (default tomorrow): pre-orders + same-weekday walk-ins × recipes, against stock",
        querystring: ForecastQuerySchema,
        response: { 200: ForecastSchema },
      },
    },
    async (request) => presentForecast(await planning.forecast(request.query.date)),
  );

  app.post(
    '/purchase-plans',
    {
      config: { permission: 'catering.plans.manage' },
      schema: {
        tags,
        summary: 'Propose a purchase plan from the forecast: kinds, quantities, needed-by date (CAT-3)',
        body: PlanBodySchema,
        response: { 201: PlanSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(presentPlan(await planning.createPlan(actorOf(request), request.body.date, auditContextOf(request)))),
  );

  app.get(
    '/purchase-plans',
    {
      config: { permission: 'catering.plans.read' },
      schema: {
        tags,
        summary: 'Purchase plans, newest first',
        querystring: PlanQuerySchema,
        response: { 200: PageSchema(PlanSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const rows = await planning.listPlans({ status, beforeId: cursorId(cursor), limit: limit + 1 });
      return toPage(rows, limit, presentPlan, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/purchase-plans/:id',
    {
      config: { permission: 'catering.plans.read' },
      schema: { tags, summary: 'A purchase plan with its lines', params: NumericIdParams, response: { 200: PlanSchema } },
    },
    async (request) => presentPlan(await planning.plan(request.params.id)),
  );

  app.post(
    '/purchase-plans/:id/confirm',
    {
      config: { permission: 'catering.plans.manage' },
      schema: {
        tags,
        summary: 'Confirm a proposed plan: one procurement requisition is drafted per line (409 without procurement)',
        params: NumericIdParams,
        body: ConfirmPlanBodySchema,
        response: { 200: PlanSchema },
      },
    },
    async (request) =>
      presentPlan(
        await planning.confirmPlan(actorOf(request), request.params.id, request.body.departmentId, auditContextOf(request)),
      ),
  );

  app.post(
    '/purchase-plans/:id/discard',
    {
      config: { permission: 'catering.plans.manage' },
      schema: { tags, summary: 'Discard a proposed plan', params: NumericIdParams, response: { 200: PlanSchema } },
    },
    async (request) => presentPlan(await planning.discardPlan(actorOf(request), request.params.id, auditContextOf(request))),
  );

  app.get(
    '/waste',
    {
      config: { permission: 'catering.reports' },
      schema: {
        tags,
        summary: 'Waste: prepared portions against sold ones (terminal orders + pre-orders) per day, meal and dish',
        querystring: WasteQuerySchema,
        response: { 200: WasteSchema },
      },
    },
    async (request) => planning.waste(request.query),
  );
};

export default planningRoutes;
