import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CampusSimulation,
  DEMO_FLEET,
  describeOutcome,
  findScenario,
  isoLocal,
  newRunTag,
  OPCUA_DEMO_ASSETS,
  OPCUA_LIVE_DURATION_MS,
  parseDuration,
  SCENARIOS,
  SimWorld,
  startProgress,
  WallClock,
} from '@campus/device-sims';
import { CampusOpcuaServer, DEFAULT_OPCUA_DEVICE_ID, opcuaMapping } from '@campus/device-sims/opcua';
import { ConfigError, componentLogger, createRootLogger, type IngestEvent } from '@campus/gateway';
import { loadHubConfig, startRuntime } from '@campus/hub';
import { prepareDemoCampus } from './demo-campus.ts';

/**
 * `npm run demo`: the hub (broker, gateway, database, API) with the simulators around it, so a
 * newcomer sees a campus come alive at once: the MQTT devices replay the last hour quickly,
 * then go on live; an OPC UA equipment server is started and the gateway's OPC UA client is
 * configured to it; `--scenario NAME` plays a scenario on top. docs/simulators.md ("The demo").
 *
 * Composition only: the hub never imports the simulators (architecture: arrows point one way);
 * this script imports both.
 */

const HELP = `Usage: npm run demo [-- options]

Starts the hub with simulated devices (MQTT) and OPC UA equipment. Environment variables are
the hub's (docs/configuration.md); DEVICE_SEED defaults to demo, LOG_LEVEL to warn.

  --scenario NAME       play a scenario on top of the living campus (${SCENARIOS.map((scenario) => scenario.name).join(', ')})
  --scenario-delay D    when to start it (default 5s after the hub is up)
  --asset ID            equipment scenarios: asset to degrade (pump-1, chiller-1 over MQTT; ${OPCUA_DEMO_ASSETS.map((asset) => asset.id).join(', ')} over OPC UA)
  --backfill D          history replayed at start (default 2h)   --speed N|max  replay speed (default max)
  --residents N         dorm residents when the hub has none (400) --seed N      (default 1)
  --opcua-port N        OPC UA simulator port (default $DEMO_OPCUA_PORT or 4840)
  --no-opcua            no OPC UA server or client                --quiet        no progress line`;

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    'scenario-delay': { type: 'string' },
    asset: { type: 'string' },
    backfill: { type: 'string' },
    speed: { type: 'string' },
    residents: { type: 'string' },
    seed: { type: 'string' },
    'opcua-port': { type: 'string' },
    'no-opcua': { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const say = (line: string) => process.stderr.write(`${line}\n`);
const fail = (message: string): never => {
  say(`${message}\n\n${HELP}`);
  process.exit(2);
};
const scenario = values.scenario
  ? (SCENARIOS.find((candidate) => candidate.name === values.scenario) ?? fail(`no scenario ${values.scenario}`))
  : undefined;
const backfillMs = parseDuration(values.backfill ?? '2h');
const speed = values.speed === undefined || values.speed === 'max' ? Number.POSITIVE_INFINITY : Number(values.speed);
if (!(speed >= 1)) fail('--speed must be ≥ 1 or max');
const seed = Number(values.seed ?? 1);
const residents = Number(values.residents ?? 400);
const opcuaPort = Number(values['opcua-port'] ?? process.env.DEMO_OPCUA_PORT ?? 4840);

// The demo campus (accounts, residents and cards, canteens with stock, the asset register with
// the simulators' equipment) unless told otherwise, so the rules have what they need to conclude.
const env = {
  ...process.env,
  DEVICE_SEED: process.env.DEVICE_SEED ?? 'demo',
  DEMO_DATA: process.env.DEMO_DATA ?? 'true',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};
let config: ReturnType<typeof loadHubConfig>;
try {
  config = loadHubConfig(env);
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
if (config.DEVICE_SEED !== 'demo') fail('the demo needs the demo devices: unset DEVICE_SEED (or set it to demo)');
const dataDir = config.DATA_DIR;

// The simulated world first: the OPC UA server and the MQTT devices share its physics and faults.
const world = new SimWorld({ seed });
const clock = new WallClock({ start: Date.now() - backfillMs, speed });
let opcua: CampusOpcuaServer | undefined;
if (!values['no-opcua']) {
  opcua = new CampusOpcuaServer({
    port: opcuaPort,
    assets: OPCUA_DEMO_ASSETS,
    world,
    clock,
    pkiDir: join(dataDir, 'opcua-sim-pki'),
  });
  await opcua
    .start()
    .catch((err: unknown) =>
      fail(
        `the OPC UA simulator cannot listen on port ${opcuaPort} (${err instanceof Error ? err.message : String(err)}): use --opcua-port, DEMO_OPCUA_PORT or --no-opcua`,
      ),
    );
  if (!process.env.OPCUA_CONFIG) {
    const mappingFile = join(dataDir, 'demo-opcua.json');
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      mappingFile,
      `${JSON.stringify(opcuaMapping({ url: opcua.endpointUrl, assets: OPCUA_DEMO_ASSETS }), null, 2)}\n`,
    );
    config.OPCUA_CONFIG = mappingFile;
  }
}

const root = createRootLogger({ level: config.LOG_LEVEL });
const log = componentLogger(root, 'hub');
const runtime = await startRuntime(config, root).catch((err: unknown) =>
  err instanceof ConfigError ? fail(err.message) : Promise.reject(err),
);
await runtime.app.listen({ host: config.HUB_HOST, port: config.HUB_PORT });
const httpPort = (runtime.app.server.address() as { port: number } | null)?.port ?? config.HUB_PORT;

// A registry that existed before DEVICE_SEED=demo could seed it lacks the demo devices.
for (const device of DEMO_FLEET) {
  if (!runtime.gateway.registry.get(device.id)) {
    await runtime.gateway.registry.register({
      id: device.id,
      kind: device.kind,
      site: device.site,
      secret: device.secret,
      label: device.label ?? null,
    });
  }
}

// What the hub stored, by kind and source: the proof that data flows end to end.
const stored = { gate: 0, terminal: 0, scale: 0, sensor: 0, opcua: 0 };
runtime.gateway.bus.on('ingest.events_stored', 'demo', (events: IngestEvent[]) => {
  for (const event of events) {
    stored[event.kind] += 1;
    if (event.deviceId === DEFAULT_OPCUA_DEVICE_ID) stored.opcua += 1;
  }
});

const campus = await prepareDemoCampus(runtime.services, runtime.db);
const mqttUrl = config.MQTT_URL ?? `mqtt://127.0.0.1:${runtime.gateway.mqttPort ?? config.MQTT_PORT}`;
const sim = new CampusSimulation({ url: mqttUrl, fleet: campus.fleet, seed, world, qos: 1, clientIdSuffix: '-demo' });
const controller = new AbortController();
const profileOptions = {
  residents,
  ...(campus.residents.length > 0 ? { residentCards: campus.residents } : {}),
  stockFloorsKg: campus.stockFloorsKg,
};
const profileRun = sim.runProfile({ clock, profile: profileOptions, signal: controller.signal }).catch((err: unknown) => {
  log.error({ err }, 'the campus simulation stopped');
});

say(
  [
    '',
    'Campus operations hub — demo / 校园后勤运营平台演示',
    `  API + OpenAPI   http://localhost:${httpPort}/docs      (sign in as admin; password in ${join(dataDir, 'admin-password')} or HUB_ADMIN_PASSWORD)`,
    `  dashboard       http://localhost:${httpPort}/   (once built: npm run build)${config.DEMO_DATA ? '; demo accounts demo.<role> / campus-demo-2026' : ''}`,
    `  MQTT            ${mqttUrl}   (demo devices gate-01… secret demo-<id>-secret)`,
    opcua
      ? `  OPC UA          ${opcua.endpointUrl}   (${OPCUA_DEMO_ASSETS.length} assets; the gateway subscribes as device ${DEFAULT_OPCUA_DEVICE_ID})`
      : '  OPC UA          off',
    `  campus          ${DEMO_FLEET.length} MQTT devices, ${campus.residents.length || residents} residents; replaying since ${isoLocal(clock.start, world.utcOffsetMin)}, then live`,
    '  see the data    docs/simulators.md#the-demo (curl examples); scenarios: npm run demo -- --scenario bearing-degradation',
    '',
  ].join('\n'),
);

let scenarioRun: Promise<void> | undefined;
if (scenario) {
  const delay = parseDuration(values['scenario-delay'] ?? '5s');
  scenarioRun = new Promise<void>((resolve) => setTimeout(resolve, delay)).then(async () => {
    if (controller.signal.aborted) return;
    const definition = findScenario(scenario.name);
    const request = {
      runTag: newRunTag(),
      options: {
        ...(values.asset ? { asset: values.asset } : {}),
        castResidents: campus.castResidents,
        ...(campus.stockFloorsKg.rice ? { safetyKg: campus.stockFloorsKg.rice } : {}),
      },
      opcuaAssets: opcua ? OPCUA_DEMO_ASSETS : [],
    };
    let plan = sim.planScenario(definition, request);
    let scenarioSpeed = definition.defaultSpeed;
    if (plan.faults.length > 0 && plan.cast.devices.length === 0) {
      // An OPC UA asset: the server reads the present, so the degradation plays live.
      plan = sim.planScenario(definition, { ...request, start: Date.now(), durationMs: OPCUA_LIVE_DURATION_MS });
      scenarioSpeed = 1;
    }
    say(`scenario ${definition.title}: ${definition.summary}`);
    for (const outcome of plan.expected) {
      say(`  expect ${describeOutcome(outcome)}: ${outcome.why}`);
    }
    await sim.runScenario(plan, { speed: scenarioSpeed, signal: controller.signal });
    say(`scenario ${definition.name} played (${plan.actions.length} device actions)`);
  });
}

const progress = values.quiet
  ? undefined
  : startProgress({
      snapshot: () => sim.stats.snapshot(),
      label: () =>
        `hub stored gate ${stored.gate} order ${stored.terminal} scale ${stored.scale} telemetry ${stored.sensor} (OPC UA ${stored.opcua}) | sims`,
      utcOffsetMin: world.utcOffsetMin,
    });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`\n${signal}: stopping the simulators, then the hub (again to force)`);
    controller.abort();
    void (async () => {
      await Promise.all([profileRun, scenarioRun]);
      progress?.stop();
      await sim.close();
      await runtime.stop();
      await opcua?.stop();
      process.exit(0);
    })();
  });
}
