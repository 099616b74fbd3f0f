import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentBudget, presentPlan, presentPlannedLine, presentPlanSummary } from './present.ts';
import {
  BudgetBodySchema,
  BudgetParams,
  BudgetQuerySchema,
  BudgetSchema,
  IdParams,
  PlanPreviewSchema,
  PlanQuerySchema,
  PlanRequestSchema,
  PlanSchema,
  PlanSummarySchema,
} from './schema.ts';

const tags = ['procurement'];

/** Departments' budgets and procurement plans (PRC-3). */
const planRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const plans = services.procurement.plans;

  app.get(
    '/budgets',
    {
      config: { permission: 'procurement.budgets.read' },
      schema: {
        tags,
        summary: 'Departments’ yearly budgets with committed and spent figures',
        querystring: BudgetQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(BudgetSchema) }) },
      },
    },
    async (request) => ({ items: (await plans.budgets(request.query)).map(presentBudget) }),
  );

  app.put(
    '/budgets/:departmentId/:year',
    {
      config: { permission: 'procurement.budgets.manage' },
      schema: {
        tags,
        summary: 'Set a department’s budget for a year',
        params: BudgetParams,
        body: BudgetBodySchema,
        response: { 200: BudgetSchema },
      },
    },
    async (request) =>
      presentBudget(
        await plans.setBudget(
          actorOf(request),
          request.params.departmentId,
          request.params.year,
          request.body.amount,
          auditContextOf(request),
        ),
      ),
  );

  app.post(
    '/plans/preview',
    {
      config: { permission: 'procurement.plans.manage' },
      schema: {
        tags,
        summary: 'What a plan of the approved requisitions would be now (nothing stored)',
        body: PlanRequestSchema,
        response: { 200: PlanPreviewSchema },
      },
    },
    async (request) => {
      const result = await plans.preview(request.body);
      return { ...result, lines: result.lines.map(presentPlannedLine) };
    },
  );

  app.post(
    '/plans',
    {
      config: { permission: 'procurement.plans.manage' },
      schema: {
        tags,
        summary: 'Make the procurement plan (PRC-3): grouped lines with method and timing; budgets committed',
        body: PlanRequestSchema,
        response: { 201: PlanSchema },
      },
    },
    async (request, reply) => {
      const { plan, lines } = await plans.create(actorOf(request), request.body, auditContextOf(request));
      return reply.status(201).send(presentPlan(plan, lines));
    },
  );

  app.get(
    '/plans',
    {
      config: { permission: 'procurement.plans.read' },
      schema: {
        tags,
        summary: 'Procurement plans, newest first',
        querystring: PlanQuerySchema,
        response: { 200: PageSchema(PlanSummarySchema) },
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.cursor)?.[0];
      const rows = await plans.list({
        year: request.query.year,
        beforeId: typeof before === 'number' ? before : undefined,
        limit: request.query.limit + 1,
      });
      return toPage(rows, request.query.limit, presentPlanSummary, (row) => [Number(row.id)]);
    },
  );

  app.get(
    '/plans/:id',
    {
      config: { permission: 'procurement.plans.read' },
      schema: {
        tags,
        summary: 'A plan with its lines, deferrals and budget effect',
        params: IdParams,
        response: { 200: PlanSchema },
      },
    },
    async (request) => {
      const { plan, lines } = await plans.detail(request.params.id);
      return presentPlan(plan, lines);
    },
  );
};

export default planRoutes;
