import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { HubDeps } from '../../deps.ts';
import { decodeCursor, PageSchema, toPage } from '../../http/pagination.ts';
import { actorOf, auditContextOf } from '../../plugins/auth.ts';
import { presentReportLine, presentRun, presentTotal } from './present.ts';
import {
  CsvQuerySchema,
  PeriodQuerySchema,
  ReportLineSchema,
  ReportPageQuerySchema,
  ReportSchema,
  RunBodySchema,
  RunSchema,
} from './schema.ts';

/** Monthly depreciation runs and the reports finance reads (AST-7). */
const depreciationRoutes: FastifyPluginAsyncTypebox<HubDeps> = async (app, { services }) => {
  const { depreciation } = services.assets;

  app.post(
    '/depreciation/runs',
    {
      config: { permission: 'assets.depreciation' },
      schema: {
        tags: ['depreciation'],
        summary: 'Depreciate every asset on the books for a month; running a month again changes nothing',
        body: RunBodySchema,
        response: { 200: RunSchema, 201: RunSchema },
      },
    },
    async (request, reply) => {
      const { run, created } = await depreciation.run(actorOf(request), request.body.period, auditContextOf(request));
      return reply.status(created ? 201 : 200).send(presentRun(run, created));
    },
  );

  app.get(
    '/depreciation/runs',
    {
      config: { permission: 'assets.depreciation' },
      schema: {
        tags: ['depreciation'],
        summary: 'Runs, latest period first',
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }) },
      },
    },
    async () => ({ items: (await depreciation.runs(120)).map((run) => presentRun(run, false)) }),
  );

  app.get(
    '/depreciation/report',
    {
      config: { permission: 'assets.depreciation' },
      schema: {
        tags: ['depreciation'],
        summary: 'Depreciation of a month, totalled per category and per department',
        querystring: PeriodQuerySchema,
        response: { 200: ReportSchema },
      },
    },
    async (request) => {
      const report = await depreciation.report(request.query.period);
      return {
        period: report.period,
        run: report.run ? presentRun(report.run, false) : null,
        byCategory: report.byCategory.map(presentTotal),
        byDepartment: report.byDepartment.map(presentTotal),
      };
    },
  );

  app.get(
    '/depreciation/report/assets',
    {
      config: { permission: 'assets.depreciation' },
      schema: {
        tags: ['depreciation'],
        summary: 'Depreciation of a month per asset, by asset number',
        querystring: ReportPageQuerySchema,
        response: { 200: PageSchema(ReportLineSchema) },
      },
    },
    async (request) => {
      const after = decodeCursor(request.query.cursor)?.[0];
      const rows = await depreciation.lines(
        request.query.period,
        typeof after === 'string' ? after : null,
        request.query.limit + 1,
      );
      return toPage(rows, request.query.limit, presentReportLine, (row) => [row.asset_id]);
    },
  );

  app.get(
    '/depreciation/report.csv',
    {
      config: { permission: 'assets.depreciation' },
      schema: {
        tags: ['depreciation'],
        summary: 'The report as CSV for finance: view=assets (one row per asset), categories or departments',
        querystring: CsvQuerySchema,
        response: { 200: Type.String() },
      },
    },
    async (request, reply) => {
      const csv = await depreciation.csv(request.query.period, request.query.view);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="depreciation-${request.query.period}-${request.query.view}.csv"`)
        .send(csv);
    },
  );
};

export default depreciationRoutes;
