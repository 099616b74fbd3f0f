import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Gateway, type Logger } from '@campus/gateway';
import { type Db, migrate, openDatabase } from '@campus/storage';
import type { FastifyInstance } from 'fastify';
import { systemActor } from './actor.ts';
import { buildApp } from './app.ts';
import type { HubConfig } from './config.ts';
import { HUB_CONTEXTS } from './contexts/registry.ts';
import { seedDemoCampus } from './demo/seed.ts';
import { LiveChannel } from './live/live-channel.ts';
import { createRuleEngine } from './rules/create-engine.ts';
import type { RuleEngine } from './rules/engine.ts';
import { createServices, type HubServices } from './services.ts';

export interface Runtime {
  db: Db;
  gateway: Gateway;
  services: HubServices;
  app: FastifyInstance;
  live: LiveChannel;
  rules: RuleEngine;
  stop(): Promise<void>;
}

/** Applies every hub context's migrations, in registry order. */
export async function migrateHub(db: Db): Promise<void> {
  for (const context of HUB_CONTEXTS) await migrate(db, context.name, context.migrations);
}

/**
 * The composition root of the single process: database → gateway (broker + ingest) → domain
 * services → HTTP. Stops in reverse: HTTP, then the gateway (stop accepting, flush), then the database.
 */
export async function startRuntime(config: HubConfig, log: Logger): Promise<Runtime> {
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: join(config.DATA_DIR, 'timescaledb'),
    maxConnections: config.DATABASE_POOL_SIZE,
  });
  const gateway = new Gateway({ config, db, log, processMetrics: true });
  try {
    await gateway.start();
    await migrateHub(db);
  } catch (err) {
    await gateway.stop().catch(() => {});
    await db.close();
    throw err;
  }
  const services = createServices(db, { uploadsDir: join(config.DATA_DIR, 'uploads'), publicUrl: config.HUB_PUBLIC_URL });
  const adminPassword = config.HUB_ADMIN_PASSWORD ?? (await readOrCreateSecret(config.DATA_DIR, 'admin-password', 12));
  if (await services.identity.bootstrapAdmin(systemActor('bootstrap'), adminPassword)) {
    log.warn(
      { user: 'admin', passwordFile: config.HUB_ADMIN_PASSWORD ? undefined : join(config.DATA_DIR, 'admin-password') },
      'created the first administrator; sign in as admin and change the password',
    );
  }
  if (config.DEMO_DATA) await seedDemoCampus(db, services, gateway, log.child({ component: 'hub' }));
  const sessionSecret = config.HUB_SESSION_SECRET ?? (await readOrCreateSecret(config.DATA_DIR, 'session-secret', 48));
  const app = await buildApp({
    db,
    gateway,
    services,
    sessionSecret,
    sessionTtlMinutes: config.HUB_SESSION_TTL_MINUTES,
    loginAttemptsPerMinute: config.HUB_LOGIN_ATTEMPTS_PER_MINUTE,
    loggerInstance: log.child({ component: 'hub.http' }),
  });
  const live = new LiveChannel({
    services,
    gateway,
    verifyToken: async (token) => app.jwt.verify(token),
    log: log.child({ component: 'hub.live' }),
  });
  live.attach(app.server);
  live.start();
  services.alerts.start();
  const rules = createRuleEngine(db, services, gateway, log.child({ component: 'hub.rules' }));
  await rules.start(gateway);
  await services.catering.start({ bus: gateway.bus, log });
  return {
    db,
    gateway,
    services,
    app,
    live,
    rules,
    async stop() {
      await rules.stop(gateway);
      await services.catering.stop();
      services.alerts.stop();
      await live.stop();
      await app.close();
      await gateway.stop();
      await db.close();
    },
  };
}

/** A secret kept in DATA_DIR (mode 0600), created on first use. */
async function readOrCreateSecret(dataDir: string, name: string, bytes: number): Promise<string> {
  const path = join(dataDir, name);
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(bytes).toString('base64url');
    await writeFile(path, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
