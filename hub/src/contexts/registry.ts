import type { Migration } from '@campus/storage';
import type { FastifyPluginAsync } from 'fastify';
import type { HubDeps } from '../deps.ts';
import { RULES_MIGRATIONS } from '../rules/migrations.ts';
import ruleRoutes from '../rules/routes.ts';
import { ALERT_MIGRATIONS } from './alerts/migrations.ts';
import alertRoutes from './alerts/routes.ts';
import { APPROVALS_MIGRATIONS } from './approvals/migrations.ts';
import approvalRoutes from './approvals/routes.ts';
import { ASSETS_MIGRATIONS } from './assets/migrations.ts';
import assetRoutes from './assets/routes.ts';
import { AUDIT_MIGRATIONS } from './audit/migrations.ts';
import auditRoutes from './audit/routes.ts';
import { CALENDAR_MIGRATIONS } from './calendar/migrations.ts';
import calendarRoutes from './calendar/routes.ts';
import { CATERING_MIGRATIONS } from './catering/migrations.ts';
import cateringRoutes from './catering/routes.ts';
import { DORMS_MIGRATIONS } from './dorms/migrations.ts';
import dormRoutes from './dorms/routes.ts';
import { IDENTITY_MIGRATIONS } from './identity/migrations.ts';
import importRoutes from './import/routes.ts';
import ingestRoutes from './ingest/routes.ts';
import { MAINTENANCE_MIGRATIONS } from './maintenance/migrations.ts';
import maintenanceRoutes from './maintenance/routes.ts';
import { PROCUREMENT_MIGRATIONS } from './procurement/migrations.ts';
import procurementRoutes from './procurement/routes.ts';
import { REVIEW_MIGRATIONS } from './review/migrations.ts';
import reviewRoutes from './review/routes.ts';
import { TRAINING_MIGRATIONS } from './training/migrations.ts';
import trainingRoutes from './training/routes.ts';

export interface HubContext {
  /** Migration component name: `hub.<context>`. */
  name: string;
  migrations: Migration[];
  /** Routes mounted under /api/<prefix>; identity mounts at /api itself (see app.ts). */
  prefix?: string;
  routes?: FastifyPluginAsync<HubDeps>;
}

/**
 * The bounded contexts in migration order (a context's tables may reference earlier ones).
 * Identity is wired in app.ts because sign-in needs options the others do not.
 */
export const HUB_CONTEXTS: HubContext[] = [
  { name: 'hub.identity', migrations: IDENTITY_MIGRATIONS },
  { name: 'hub.audit', migrations: AUDIT_MIGRATIONS, prefix: 'audit', routes: auditRoutes as FastifyPluginAsync<HubDeps> },
  {
    name: 'hub.approvals',
    migrations: APPROVALS_MIGRATIONS,
    prefix: 'approvals',
    routes: approvalRoutes as FastifyPluginAsync<HubDeps>,
  },
  {
    name: 'hub.calendar',
    migrations: CALENDAR_MIGRATIONS,
    prefix: 'calendar',
    routes: calendarRoutes as FastifyPluginAsync<HubDeps>,
  },
  { name: 'hub.alerts', migrations: ALERT_MIGRATIONS, prefix: 'alerts', routes: alertRoutes as FastifyPluginAsync<HubDeps> },
  { name: 'hub.rules', migrations: RULES_MIGRATIONS, prefix: 'rules', routes: ruleRoutes as FastifyPluginAsync<HubDeps> },
  { name: 'hub.review', migrations: REVIEW_MIGRATIONS, prefix: 'review', routes: reviewRoutes as FastifyPluginAsync<HubDeps> },
  { name: 'hub.assets', migrations: ASSETS_MIGRATIONS, prefix: 'assets', routes: assetRoutes as FastifyPluginAsync<HubDeps> },
  { name: 'hub.import', migrations: [], prefix: 'import', routes: importRoutes as FastifyPluginAsync<HubDeps> },
  {
    name: 'hub.maintenance',
    migrations: MAINTENANCE_MIGRATIONS,
    prefix: 'maintenance',
    routes: maintenanceRoutes as FastifyPluginAsync<HubDeps>,
  },
  {
    name: 'hub.training',
    migrations: TRAINING_MIGRATIONS,
    prefix: 'training',
    routes: trainingRoutes as FastifyPluginAsync<HubDeps>,
  },
  {
    name: 'hub.procurement',
    migrations: PROCUREMENT_MIGRATIONS,
    prefix: 'procurement',
    routes: procurementRoutes as FastifyPluginAsync<HubDeps>,
  },
  { name: 'hub.dorms', migrations: DORMS_MIGRATIONS, prefix: 'dorms', routes: dormRoutes as FastifyPluginAsync<HubDeps> },
  {
    name: 'hub.catering',
    migrations: CATERING_MIGRATIONS,
    prefix: 'catering',
    routes: cateringRoutes as FastifyPluginAsync<HubDeps>,
  },
  { name: 'hub.ingest', migrations: [], prefix: 'ingest', routes: ingestRoutes as FastifyPluginAsync<HubDeps> },
];
