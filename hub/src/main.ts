import { getHeapStatistics } from 'node:v8';
import { ConfigError, componentLogger, createRootLogger } from '@campus/gateway';
import closeWithGrace from 'close-with-grace';
import { loadHubConfig } from './config.ts';
import { startRuntime } from './runtime.ts';

let config: ReturnType<typeof loadHubConfig>;
try {
  config = loadHubConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const root = createRootLogger({ level: config.LOG_LEVEL });
const log = componentLogger(root, 'hub');
let runtime: Awaited<ReturnType<typeof startRuntime>>;
try {
  runtime = await startRuntime(config, root);
} catch (err) {
  // Configuration read at start-up (e.g. the OPCUA_CONFIG mapping file): same exit as a bad variable.
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
await runtime.app.listen({ host: config.HUB_HOST, port: config.HUB_PORT });
log.info(
  {
    http: runtime.app.server.address(),
    mqtt: runtime.gateway.mqttPort,
    mqttWs: runtime.gateway.mqttWsPort,
    database: runtime.db.adapter,
    timescale: runtime.db.timescale,
    // The budget `npm start` sets (hub/src/memory-budget.ts): an operator can see which one applies.
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  },
  'campus operations hub is up',
);

// SIGINT/SIGTERM: stop accepting, flush batches to the database (or spool), close it.
closeWithGrace({ delay: 15_000 }, async ({ signal, err }) => {
  if (err) log.error({ err }, 'shutting down after an error');
  else log.info({ signal }, 'shutting down');
  await runtime.stop();
});
