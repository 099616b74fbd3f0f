import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVICE_KINDS } from '@campus/protocol';
import { type SimClock, WallClock } from './clock.ts';
import { OPCUA_DEMO_ASSETS } from './equipment/assets.ts';
import { FAULT_KINDS, type FaultKind } from './equipment/physics.ts';
import { DEMO_FLEET, FleetError, loadFleetFile, type SimDevice } from './fleet.ts';
import {
  EVEN_MIX,
  type KindMix,
  type LoadDevice,
  type LoadOptions,
  type LoadReport,
  parseMix,
  startLoadProcesses,
} from './load/index.ts';
import { formatProgress, startProgress } from './progress.ts';
import { OPCUA_LIVE_DURATION_MS } from './scenarios/equipment.ts';
import { describeOutcome, findScenario, SCENARIOS } from './scenarios/index.ts';
import type { ScenarioPlan } from './scenarios/types.ts';
import { CampusSimulation, newRunTag } from './simulation.ts';
import type { StatsSnapshot } from './stats.ts';
import { DEFAULT_UTC_OFFSET_MIN, isoLocal, parseDuration, parseOffset, parseStart } from './time.ts';
import { SimWorld } from './world.ts';

/**
 * `npm run sims -- <command> [options]`: the campus simulators (docs/simulators.md).
 * Exit codes: 0 done, 1 failed, 2 invalid command or option.
 */

const HELP = `Campus device simulators / 校园设备模拟器

Usage: npm run sims -- <command> [options]

Commands / 命令:
  profile              a living campus: gates, canteens, store scales, equipment sensors   校园一日
  scenario NAME        one scripted situation (see "scenario --list")                       场景脚本
  scenario --list      the scenarios, what they do and what rules should conclude
  load                 benchmark load: fixed rate, several processes, QoS 0 or 1             压力测试
  opcua-server         the OPC UA equipment server alone                                     OPC UA 设备服务器
  opcua-mapping        print the gateway's OPCUA_CONFIG mapping for the simulator's equipment

Common options:
  --url URL            broker devices connect to (default $SIMS_MQTT_URL or mqtt://127.0.0.1:1883)
  --devices FILE       JSON fleet (id, kind, site, secret, building, assetId, assetType, items);
                       default: the hub's demo devices (gate-01…, secret demo-<id>-secret)
  --seed N             random seed (default 1): same seed, same start → same events
  --utc-offset +08:00  the campus time zone (default +08:00)
  --qos 0|1            MQTT QoS of events (default 1: with the hub's broker, PUBACK = stored)
  --start WHEN         simulated start: now, -6h, 06:00 (latest past one) or ISO-8601
  --speed N|max        simulated seconds per real second while behind the wall clock
                       (it then follows the wall clock: devices never stamp the future)
  --duration D         simulated duration, e.g. 90s, 15m, 2h, 1d (profile default: until Ctrl-C)
  --quiet              no progress display        --json   final report as JSON on stdout

profile:
  --residents N        dorm residents (default 400)   --curfew HH:MM (default 23:00)
  --residents-file F   real residents instead: JSON [{ "cardId", "gates": [gate ids] }]
  --sensor-interval D  equipment telemetry period (default 10s)
  --scale-interval D   store scale reading period (default 15m)
  --opcua-port N       also serve the OPC UA equipment on this port (4840 is standard)

scenario NAME:
  --background         run the campus profile over the same window too
  --asset ID           equipment scenarios: the asset to degrade (MQTT: pump-1, chiller-1, boiler-1;
                       OPC UA with --opcua-port: ${OPCUA_DEMO_ASSETS.map((asset) => asset.id).join(', ')})
  --gate ID            access scenarios: the gate to use      --offline-for D  gate-offline (5m)
  --run-tag TAG        event-id prefix (default: unique per run)
  --residents-file F   cast residents (and --background residents) from this file
  --opcua-port N       serve the OPC UA equipment during the scenario (its values follow the scenario)

load:
  --rate N             events per second over all processes (0 = as fast as acknowledged; default 1000)
  --count N            devices of the fleet that publish (default all)
  --processes N        publisher processes (default 2)         --duration D (default 10s)
  --mix gate=1,...     kind weights (default even)             --sensor-metrics N (1-6, default 3)
  --window N           QoS 1 publishes in flight per device (default 1000)

opcua-server:
  --port N (default 4840)  --host NAME (default 127.0.0.1)  --pki DIR (default ./data/opcua-sim-pki)
  --fault ASSET:KIND:D     degrade an asset from now to failure in D (KIND: ${FAULT_KINDS.join(', ')})
  --mapping FILE           write the gateway's OPCUA_CONFIG mapping for this server to FILE

opcua-mapping:
  --endpoint URL (default opc.tcp://127.0.0.1:4840/campus)  --device-id ID  --site SITE  --out FILE

Exit codes: 0 done, 1 failed, 2 invalid command or option.`;

class UsageError extends Error {}

const OPTIONS = {
  url: { type: 'string' },
  devices: { type: 'string' },
  seed: { type: 'string' },
  'utc-offset': { type: 'string' },
  qos: { type: 'string' },
  start: { type: 'string' },
  speed: { type: 'string' },
  duration: { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  residents: { type: 'string' },
  'residents-file': { type: 'string' },
  curfew: { type: 'string' },
  'sensor-interval': { type: 'string' },
  'scale-interval': { type: 'string' },
  'opcua-port': { type: 'string' },
  'opcua-host': { type: 'string' },
  'opcua-pki': { type: 'string' },
  background: { type: 'boolean' },
  asset: { type: 'string' },
  gate: { type: 'string' },
  'offline-for': { type: 'string' },
  'run-tag': { type: 'string' },
  list: { type: 'boolean' },
  rate: { type: 'string' },
  count: { type: 'string' },
  processes: { type: 'string' },
  mix: { type: 'string' },
  'sensor-metrics': { type: 'string' },
  window: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  pki: { type: 'string' },
  fault: { type: 'string', multiple: true },
  mapping: { type: 'string' },
  endpoint: { type: 'string' },
  'device-id': { type: 'string' },
  site: { type: 'string' },
  out: { type: 'string' },
  'client-id-suffix': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const say = (line: string) => process.stderr.write(`${line}\n`);

function integer(value: string | undefined, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

function duration(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (err) {
    throw new UsageError(`--${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function speedOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === 'max') return Number.POSITIVE_INFINITY;
  const speed = Number(value);
  if (!(speed >= 1)) throw new UsageError('--speed must be a number ≥ 1, or max');
  return speed;
}

function common(values: Values) {
  let utcOffsetMin = DEFAULT_UTC_OFFSET_MIN;
  try {
    if (values['utc-offset'] !== undefined) utcOffsetMin = parseOffset(values['utc-offset']);
  } catch (err) {
    throw new UsageError(`--utc-offset: ${err instanceof Error ? err.message : String(err)}`);
  }
  const qos = integer(values.qos, 'qos', 1, 0, 1) as 0 | 1;
  return {
    url: values.url ?? process.env.SIMS_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    seed: integer(values.seed, 'seed', 1),
    utcOffsetMin,
    qos,
  };
}

function startOf(values: Values, utcOffsetMin: number): number | undefined {
  if (values.start === undefined) return undefined;
  try {
    return parseStart(values.start, Date.now(), utcOffsetMin);
  } catch (err) {
    throw new UsageError(`--start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function fleetOf(values: Values): Promise<SimDevice[]> {
  return values.devices ? await loadFleetFile(values.devices) : DEMO_FLEET;
}

/** `--residents-file`: JSON [{ "cardId": "…", "gates": ["gate-01", …] }], real residents and the gates they may pass. */
async function residentCardsOf(values: Values): Promise<Array<{ cardId: string; gates: string[] }> | undefined> {
  if (!values['residents-file']) return undefined;
  const body: unknown = JSON.parse(await readFile(values['residents-file'], 'utf8'));
  const valid =
    Array.isArray(body) &&
    body.every(
      (entry: unknown) =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as { cardId?: unknown }).cardId === 'string' &&
        Array.isArray((entry as { gates?: unknown }).gates) &&
        (entry as { gates: unknown[] }).gates.every((gate) => typeof gate === 'string'),
    );
  if (!valid)
    throw new UsageError(`--residents-file ${values['residents-file']}: must be a JSON array of { cardId, gates: [gate ids] }`);
  return body as Array<{ cardId: string; gates: string[] }>;
}

function profileOptions(values: Values, residentCards?: ReadonlyArray<{ cardId: string; gates: readonly string[] }>) {
  return {
    ...(residentCards ? { residentCards } : {}),
    residents: integer(values.residents, 'residents', 400, 0, 100_000),
    ...(values.curfew ? { curfew: values.curfew } : {}),
    ...(values['sensor-interval'] ? { sensorIntervalMs: duration(values['sensor-interval'], 'sensor-interval') ?? 10_000 } : {}),
    ...(values['scale-interval'] ? { scaleIntervalMs: duration(values['scale-interval'], 'scale-interval') ?? 900_000 } : {}),
  };
}

/** Aborts on the first SIGINT/SIGTERM; a second one exits at once. */
function interruption(): AbortController {
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(130);
      say(`\n${signal}: stopping (again to force)`);
      controller.abort();
    });
  }
  return controller;
}

async function startOpcua(
  values: Values,
  world: SimWorld,
  clock: Pick<SimClock, 'now'> | undefined,
  portOption: 'opcua-port' | 'port',
) {
  const port = integer(values[portOption], portOption, 4840, 1, 65535);
  const { CampusOpcuaServer } = await import('./opcua/server.ts');
  const server = new CampusOpcuaServer({
    port,
    hostname: values['opcua-host'] ?? values.host ?? '127.0.0.1',
    assets: OPCUA_DEMO_ASSETS,
    world,
    ...(clock ? { clock } : {}),
    pkiDir: values['opcua-pki'] ?? values.pki ?? './data/opcua-sim-pki',
  });
  await server.start();
  say(`OPC UA equipment server: ${server.endpointUrl} (${OPCUA_DEMO_ASSETS.length} assets)`);
  return server;
}

function finalReport(label: string, snapshot: StatsSnapshot, json: boolean, extra: Record<string, unknown> = {}): void {
  if (json) process.stdout.write(`${JSON.stringify({ ...extra, stats: snapshot })}\n`);
  else say(formatProgress(snapshot, snapshot.sent / Math.max(0.001, snapshot.elapsedMs / 1000), { label: `${label} done` }));
}

async function profileCommand(values: Values): Promise<number> {
  const base = common(values);
  const fleet = await fleetOf(values);
  const speed = speedOf(values.speed) ?? 1;
  const start = startOf(values, base.utcOffsetMin) ?? Date.now();
  const durationMs = duration(values.duration, 'duration');
  const sim = new CampusSimulation({
    ...base,
    fleet,
    ...(values['client-id-suffix'] ? { clientIdSuffix: values['client-id-suffix'] } : {}),
  });
  const clock = new WallClock({ start, speed });
  const controller = interruption();
  const opcua = values['opcua-port'] ? await startOpcua(values, sim.world, clock, 'opcua-port') : undefined;
  say(
    `campus profile: ${fleet.length} devices → ${base.url}, seed ${base.seed}, from ${isoLocal(clock.start, base.utcOffsetMin)}` +
      ` at ×${speed === Number.POSITIVE_INFINITY ? 'max' : speed}${durationMs ? ` for ${values.duration}` : ' until Ctrl-C'}`,
  );
  const progress = values.quiet
    ? undefined
    : startProgress({ snapshot: () => sim.stats.snapshot(), utcOffsetMin: base.utcOffsetMin });
  try {
    await sim.runProfile({
      clock,
      ...(durationMs ? { durationMs } : {}),
      profile: profileOptions(values, await residentCardsOf(values)),
      signal: controller.signal,
    });
  } finally {
    progress?.stop();
    await sim.close();
    await opcua?.stop();
  }
  finalReport('profile', sim.stats.snapshot(), values.json ?? false);
  return sim.stats.failed > 0 ? 1 : 0;
}

function describePlan(plan: ScenarioPlan, utcOffsetMin: number): string {
  const lines = [
    `window: ${isoLocal(plan.start, utcOffsetMin)} → ${isoLocal(plan.end, utcOffsetMin)}`,
    `devices: ${plan.cast.devices.join(', ') || '(OPC UA only)'}; ${plan.actions.length} actions`,
  ];
  for (const card of plan.cast.cards ?? []) lines.push(`card ${card.cardId} (${card.role}): ${card.note}`);
  for (const ramp of plan.faults)
    lines.push(
      `fault: ${ramp.assetId} ${ramp.kind} from ${isoLocal(ramp.from, utcOffsetMin)} to failure at ${isoLocal(ramp.to, utcOffsetMin)}`,
    );
  lines.push('a rules engine should conclude:');
  for (const outcome of plan.expected) {
    lines.push(
      `  ${describeOutcome(outcome)} between ${isoLocal(outcome.notBefore, utcOffsetMin).slice(11, 19)} and ${isoLocal(outcome.notAfter, utcOffsetMin).slice(11, 19)}: ${outcome.why}` +
        (outcome.needs ? ` (needs ${outcome.needs})` : ''),
    );
  }
  return lines.join('\n  ');
}

function listScenarios(json: boolean): number {
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        SCENARIOS.map((scenario) => ({
          name: scenario.name,
          title: scenario.title,
          summary: scenario.summary,
          durationMs: scenario.durationMs,
          expected: scenario.expected,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  for (const scenario of SCENARIOS) {
    process.stdout.write(`${scenario.name.padEnd(20)} ${scenario.title}\n${''.padEnd(20)} ${scenario.summary}\n`);
    for (const outcome of scenario.expected) {
      process.stdout.write(`${''.padEnd(20)} ${describeOutcome(outcome)}\n`);
    }
  }
  return 0;
}

async function scenarioCommand(values: Values, positionals: string[]): Promise<number> {
  if (values.list) return listScenarios(values.json ?? false);
  const name = positionals[0];
  if (!name) throw new UsageError(`scenario needs a NAME (one of: ${SCENARIOS.map((scenario) => scenario.name).join(', ')})`);
  let definition: ReturnType<typeof findScenario>;
  try {
    definition = findScenario(name);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const base = common(values);
  const fleet = await fleetOf(values);
  const sim = new CampusSimulation({
    ...base,
    fleet,
    ...(values['client-id-suffix'] ? { clientIdSuffix: values['client-id-suffix'] } : {}),
  });
  const serveOpcua = values['opcua-port'] !== undefined;
  const offlineMs = duration(values['offline-for'], 'offline-for');
  const residentCards = await residentCardsOf(values);
  const request = {
    runTag: values['run-tag'] ?? newRunTag(),
    options: {
      ...(values.asset ? { asset: values.asset } : {}),
      ...(values.gate ? { gate: values.gate } : {}),
      ...(values.curfew ? { curfew: values.curfew } : {}),
      ...(offlineMs ? { offlineMs } : {}),
      ...(residentCards ? { castResidents: residentCards } : {}),
    },
    opcuaAssets: serveOpcua ? OPCUA_DEMO_ASSETS : [],
  };
  const durationMs = duration(values.duration, 'duration');
  let start = startOf(values, base.utcOffsetMin);
  let speed = speedOf(values.speed);
  let plan = sim.planScenario(definition, {
    ...request,
    ...(start === undefined ? {} : { start }),
    ...(durationMs ? { durationMs } : {}),
  });
  // An OPC UA asset is sampled by the server in real time: degrade it live unless told otherwise.
  const opcuaOnly = plan.faults.length > 0 && plan.cast.devices.length === 0;
  if (opcuaOnly && start === undefined && speed === undefined) {
    start = Date.now();
    speed = 1;
    plan = sim.planScenario(definition, { ...request, start, durationMs: durationMs ?? OPCUA_LIVE_DURATION_MS });
  }
  const clock = new WallClock({ start: plan.start, speed: speed ?? definition.defaultSpeed });
  const controller = interruption();
  const opcua = serveOpcua ? await startOpcua(values, sim.world, clock, 'opcua-port') : undefined;
  if (!values.json) say(`${definition.title}: ${definition.summary}\n  ${describePlan(plan, base.utcOffsetMin)}`);
  const progress = values.quiet
    ? undefined
    : startProgress({ snapshot: () => sim.stats.snapshot(), utcOffsetMin: base.utcOffsetMin, label: name });
  try {
    await sim.runScenario(plan, {
      clock,
      background: values.background ? profileOptions(values, residentCards) : false,
      signal: controller.signal,
    });
  } finally {
    progress?.stop();
    await sim.close();
    await opcua?.stop();
  }
  finalReport(name, sim.stats.snapshot(), values.json ?? false, {
    scenario: name,
    start: plan.start,
    end: plan.end,
    cast: plan.cast,
    expected: plan.expected,
  });
  return sim.stats.failed > 0 ? 1 : 0;
}

/** Splits the fleet over processes, kinds spread evenly, each device in exactly one process (its client id is its own). */
export function splitFleet(fleet: readonly SimDevice[], processes: number): LoadDevice[][] {
  const groups: LoadDevice[][] = Array.from({ length: processes }, () => []);
  let next = 0;
  for (const kind of DEVICE_KINDS) {
    for (const device of fleet.filter((candidate) => candidate.kind === kind)) {
      groups[next % processes]?.push({ id: device.id, kind: device.kind, site: device.site, secret: device.secret });
      next += 1;
    }
  }
  return groups.filter((group) => group.length > 0);
}

async function loadCommand(values: Values): Promise<number> {
  const base = common(values);
  const url = new URL(base.url);
  if (url.protocol !== 'mqtt:') throw new UsageError('load publishes over mqtt://host:port only');
  const fleet = (await fleetOf(values)).slice(0, integer(values.count, 'count', Number.MAX_SAFE_INTEGER, 1));
  const processes = integer(values.processes, 'processes', 2, 1, 64);
  const rate = integer(values.rate, 'rate', 1000, 0);
  const durationMs = duration(values.duration, 'duration') ?? 10_000;
  let mix: KindMix = EVEN_MIX;
  try {
    if (values.mix) mix = parseMix(values.mix);
  } catch (err) {
    throw new UsageError(`--mix: ${err instanceof Error ? err.message : String(err)}`);
  }
  const runTag = values['run-tag'] ?? `load${Date.now().toString(36)}`;
  const groups = splitFleet(
    fleet.filter((device) => mix[device.kind] > 0),
    processes,
  );
  if (groups.length === 0) throw new UsageError('no device of the fleet has a kind the mix weighs');
  const all: LoadOptions[] = groups.map((devices) => ({
    host: url.hostname,
    port: Number(url.port || 1883),
    devices,
    qos: base.qos,
    rate: rate / groups.length,
    durationMs,
    runTag,
    // Each process weighs only the kinds it has.
    mix: Object.fromEntries(
      DEVICE_KINDS.map((kind) => [kind, devices.some((device) => device.kind === kind) ? mix[kind] : 0]),
    ) as KindMix,
    ...(values.window ? { window: integer(values.window, 'window', 1000, 1) } : {}),
    ...(values['sensor-metrics'] ? { sensorMetrics: integer(values['sensor-metrics'], 'sensor-metrics', 3, 1, 6) } : {}),
  }));
  say(
    `load: ${fleet.length} devices in ${groups.length} processes → ${base.url}, ${rate || 'max'} events/s, QoS ${base.qos}, ${durationMs / 1000} s, run ${runTag}`,
  );
  const group = await startLoadProcesses(all);
  const controller = interruption();
  controller.signal.addEventListener('abort', () => group.kill());
  const started = Date.now();
  const progress = values.quiet
    ? undefined
    : startProgress({
        snapshot: () => ({
          sent: group.sent(),
          acked: 0,
          failed: 0,
          skipped: 0,
          sentByKind: { gate: 0, terminal: 0, scale: 0, sensor: 0, raw: 0, status: 0 },
          simTime: 0,
          elapsedMs: Date.now() - started,
        }),
        label: 'load',
      });
  let reports: LoadReport[];
  try {
    reports = await group.go(Date.now() + 200);
  } finally {
    progress?.stop();
  }
  const total = summariseLoad(reports);
  if (values.json) process.stdout.write(`${JSON.stringify({ runTag, ...total, reports })}\n`);
  else {
    say(
      `load done: sent ${total.sent}, acknowledged ${total.acked}, failed ${total.failed}, disconnects ${total.disconnects}, ` +
        `${Math.round(total.eventsPerSec)} events/s over ${(total.publishMs / 1000).toFixed(1)} s ` +
        `(${Object.entries(total.sentByKind)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ')})`,
    );
  }
  return total.failed > 0 || total.acked < total.sent ? 1 : 0;
}

export function summariseLoad(reports: readonly LoadReport[]) {
  const sentByKind = { gate: 0, terminal: 0, scale: 0, sensor: 0 };
  for (const report of reports) for (const kind of DEVICE_KINDS) sentByKind[kind] += report.sentByKind[kind];
  const sum = (pick: (report: LoadReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  const publishMs = Math.max(0, ...reports.map((report) => report.publishMs));
  return {
    sent: sum((report) => report.sent),
    acked: sum((report) => report.acked),
    failed: sum((report) => report.failed),
    disconnects: sum((report) => report.disconnects),
    publishMs,
    eventsPerSec: sum((report) => report.sent) / Math.max(0.001, publishMs / 1000),
    sentByKind,
  };
}

async function opcuaServerCommand(values: Values): Promise<number> {
  const base = common(values);
  const world = new SimWorld({ seed: base.seed, utcOffsetMin: base.utcOffsetMin });
  const now = Date.now();
  for (const fault of values.fault ?? []) {
    const [assetId, kind, span] = fault.split(':');
    if (!assetId || !OPCUA_DEMO_ASSETS.some((asset) => asset.id === assetId)) {
      throw new UsageError(`--fault ${fault}: asset must be one of ${OPCUA_DEMO_ASSETS.map((asset) => asset.id).join(', ')}`);
    }
    if (!(FAULT_KINDS as readonly string[]).includes(kind ?? ''))
      throw new UsageError(`--fault ${fault}: kind must be one of ${FAULT_KINDS.join(', ')}`);
    world.faults.add({ assetId, kind: kind as FaultKind, from: now, to: now + (duration(span ?? '10m', 'fault') ?? 600_000) });
  }
  const controller = interruption();
  const server = await startOpcua(values, world, undefined, 'port');
  const { opcuaMapping } = await import('./opcua/server.ts');
  if (values.mapping) {
    await mkdir(dirname(values.mapping), { recursive: true });
    await writeFile(
      values.mapping,
      `${JSON.stringify(opcuaMapping({ url: server.endpointUrl, assets: OPCUA_DEMO_ASSETS }), null, 2)}\n`,
    );
    say(`gateway mapping written to ${values.mapping} (set OPCUA_CONFIG=${values.mapping})`);
  }
  say('serving until Ctrl-C');
  await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
  await server.stop();
  return 0;
}

async function opcuaMappingCommand(values: Values): Promise<number> {
  const { opcuaMapping } = await import('./opcua/server.ts');
  const mapping = opcuaMapping({
    url: values.endpoint ?? 'opc.tcp://127.0.0.1:4840/campus',
    assets: OPCUA_DEMO_ASSETS,
    ...(values['device-id'] ? { deviceId: values['device-id'] } : {}),
    ...(values.site ? { site: values.site } : {}),
  });
  const text = `${JSON.stringify(mapping, null, 2)}\n`;
  if (values.out) {
    await mkdir(dirname(values.out), { recursive: true });
    await writeFile(values.out, text);
  } else process.stdout.write(text);
  return 0;
}

/** `--start -6h` reads as a negative offset, not as an option (parseArgs would call it ambiguous). */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const next = argv[index + 1];
    if (arg === '--start' && next !== undefined && /^-\d/.test(next)) {
      joined.push(`--start=${next}`);
      index += 1;
    } else joined.push(arg);
  }
  return joined;
}

export async function main(argv: string[]): Promise<number> {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    say(`${err instanceof Error ? err.message : String(err)}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  try {
    switch (command) {
      case 'profile':
        return await profileCommand(values);
      case 'scenario':
        return await scenarioCommand(values, rest);
      case 'scenarios':
        return listScenarios(values.json ?? false);
      case 'load':
        return await loadCommand(values);
      case 'opcua-server':
        return await opcuaServerCommand(values);
      case 'opcua-mapping':
        return await opcuaMappingCommand(values);
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof FleetError) {
      say(`${err.message}\n(npm run sims -- --help)`);
      return 2;
    }
    say(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 1;
  }
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  // Open handles (sockets being torn down) must not keep a finished run alive.
  process.exit(code);
}
