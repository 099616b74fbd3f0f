import { join } from 'node:path';
import type { LoadDevice } from '@campus/device-sims/load';
import { runTagOf } from '@campus/device-sims/load';
import { createRootLogger, Gateway, type Logger, loadGatewayConfig } from '@campus/gateway';
import { loadHubConfig, startRuntime } from '@campus/hub';
import { type Db, openDatabase } from '@campus/storage';
import pg from 'pg';
import { CommitTracker } from '../tracker.ts';
import { type ProbeTotals, probeProduct } from './product-probes.ts';
import { serveWorker } from './serve.ts';

/**
 * The product under load, in a process of its own: the hub runtime exactly as hub/src/main.ts
 * starts it (database → gateway with its embedded broker → domain services, rule engine, live
 * channel → HTTP app, not listening), or with `composition: 'gateway'` the gateway alone (to
 * tell the ingest path from what the hub does with each event). The bench devices are
 * registered; every commit the gateway announces on its bus is timed here.
 */

export interface ProductArgs {
  /** Unset: the embedded TimescaleDB under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  devices: LoadDevice[];
  composition: 'hub' | 'gateway';
  /** Extra hub/gateway settings (e.g. INGEST_BATCH_MAX_ROWS) for experiments. */
  env: Record<string, string>;
}

export interface ProductInfo {
  mqttPort: number;
  adapter: string;
  timescale: boolean;
  settings: Record<string, string | number>;
}

export interface ProductTotals extends ProbeTotals {
  /** Events the rule engine has gone through, and the stored events it is meant to see. */
  rulesProcessed: number;
  ruleEvents: number;
}

// The count runs on its own connection: the product's pool may be queued up behind its own work.
const VERIFY_TIMEOUT_MS = 15_000;

interface Running {
  db: Db;
  gateway: Gateway;
  /** Events the rule engine has gone through (0 without the hub). */
  rulesProcessed(): number;
  stop(): Promise<void>;
}

async function start(args: ProductArgs, env: Record<string, string | undefined>, log: Logger): Promise<Running> {
  if (args.composition === 'hub') {
    const runtime = await startRuntime(loadHubConfig(env), log);
    return { db: runtime.db, gateway: runtime.gateway, rulesProcessed: () => runtime.rules.processed, stop: runtime.stop };
  }
  const config = loadGatewayConfig(env);
  const db = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: join(args.dataDir, 'timescaledb') });
  const gateway = new Gateway({ config, db, log, processMetrics: true });
  await gateway.start();
  return {
    db,
    gateway,
    rulesProcessed: () => 0,
    async stop() {
      await gateway.stop();
      await db.close();
    },
  };
}

await serveWorker<ProductArgs, ProductInfo>(async (args) => {
  const env = {
    DATA_DIR: args.dataDir,
    SPOOL_DIR: join(args.dataDir, 'spool'),
    MQTT_HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    DEVICE_SEED: 'none',
    LOG_LEVEL: 'warn',
    DATABASE_URL: args.databaseUrl,
    ...args.env,
  };
  const config = loadGatewayConfig(env);
  const runtime = await start(args, env, createRootLogger({ level: env.LOG_LEVEL }));
  const { gateway } = runtime;
  const probes = probeProduct(runtime.db, gateway);
  for (const device of args.devices) {
    await gateway.registry.register({ id: device.id, kind: device.kind, site: device.site, secret: device.secret });
  }

  const tracker = new CommitTracker();
  let ruleEvents = 0;
  gateway.bus.on('ingest.events_stored', 'bench', (events) => {
    const now = Date.now();
    for (const event of events) {
      const runTag = runTagOf(event.eventId) ?? 'other';
      tracker.latency(runTag, now - event.ts.getTime());
      tracker.committed(runTag, 1, event.kind === 'sensor' ? event.metrics.length : 1, now);
      // The rule engine skips terminal orders (hub/src/rules/engine.ts).
      if (args.composition === 'hub' && event.kind !== 'terminal') ruleEvents += 1;
    }
  });

  /** Events of the run in the tables: what the bus announced must be what is there. */
  const storedInDatabase = async (runTag: string): Promise<number | string> => {
    const sql = `SELECT ((SELECT count(*) FROM gate_swipes WHERE event_id LIKE $1)
        + (SELECT count(*) FROM terminal_orders WHERE event_id LIKE $1)
        + (SELECT count(*) FROM scale_readings WHERE event_id LIKE $1)
        + (SELECT count(*) FROM (SELECT DISTINCT device_id, event_id FROM sensor_readings WHERE event_id LIKE $1) AS s))::int AS n`;
    const count = async () => {
      if (!args.databaseUrl) return (await runtime.db.query<{ n: number }>(sql, [`${runTag}-%`]))[0]?.n ?? 0;
      const client = new pg.Client({ connectionString: args.databaseUrl });
      await client.connect();
      try {
        return (await client.query<{ n: number }>(sql, [`${runTag}-%`])).rows[0]?.n ?? 0;
      } finally {
        await client.end();
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`not counted: the database was busy for ${VERIFY_TIMEOUT_MS / 1000} s`),
        VERIFY_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([count(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    info: {
      mqttPort: gateway.mqttPort ?? 0,
      adapter: runtime.db.adapter,
      timescale: runtime.db.timescale,
      settings: {
        INGEST_BATCH_MAX_ROWS: config.INGEST_BATCH_MAX_ROWS,
        INGEST_BATCH_LINGER_MS: config.INGEST_BATCH_LINGER_MS,
        ...(args.composition === 'hub' ? { DATABASE_POOL_SIZE: loadHubConfig(env).DATABASE_POOL_SIZE } : {}),
      },
    },
    methods: {
      totals: async (): Promise<ProductTotals> => ({
        ...(await probes.read()),
        rulesProcessed: runtime.rulesProcessed(),
        ruleEvents,
      }),
      progress: (params) => tracker.events((params as { runTag: string }).runTag),
      collect: async (params) => {
        const { runTag } = params as { runTag: string };
        return { stats: tracker.take(runTag), inDatabase: await storedInDatabase(runTag) };
      },
    },
    stop: () => runtime.stop(),
  };
});
