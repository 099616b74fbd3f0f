/**
 * Rules benchmark (issue [4 of 7]): `node bench/rules.ts [--seconds N]`.
 *
 * 1. Pure rule evaluation on one core: every rule over a synthetic stream of gate, scale and
 *    sensor events (with facts), against a reference loop that does the engine's keying and
 *    state bookkeeping with a no-op rule. Printed: events/s and the ratio to the reference.
 * 2. Publish-to-alert latency at a socket.io client while 5,000 events/s of background load
 *    flow through the real hub (embedded broker, embedded TimescaleDB, rule engine, live
 *    channel): a probe swipe every 100 ms that the forbidden-hours rule turns into an alert.
 *    Reference, same run: publish-to-feed latency of the same swipes on the live access feed
 *    (the same path without the rules). Target: p99 under 100 ms.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GateSwipeEvent, IngestEvent } from '@campus/gateway';
import { createRootLogger } from '@campus/gateway';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { EVEN_MIX, planFleet, startLoadProcesses } from '../device-sims/src/load/index.ts';
import { loadHubConfig } from '../hub/src/config.ts';
import { ALL_RULES } from '../hub/src/rules/registry.ts';
import type { AnyRule, Facts, RuleInput } from '../hub/src/rules/types.ts';
import { startRuntime } from '../hub/src/runtime.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, part: { type: 'string', default: 'all' } },
});
const SECONDS = Number(values.seconds);

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

// ── 1. pure evaluation ─────────────────────────────────────────────────────
function syntheticEvents(count: number): Array<{ event: IngestEvent; facts: Facts }> {
  const out: Array<{ event: IngestEvent; facts: Facts }> = [];
  const t0 = Date.UTC(2026, 10, 24, 2);
  for (let i = 0; i < count; i += 1) {
    const ts = new Date(t0 + i * 50);
    const base = { site: 'main', deviceId: `dev-${i % 40}`, eventId: String(i), ts, receivedAt: ts };
    if (i % 3 === 0) {
      const event: GateSwipeEvent = {
        ...base,
        kind: 'gate',
        cardId: `card-${i % 3000}`,
        direction: i % 2 ? 'in' : 'out',
        granted: i % 50 !== 0,
        reason: null,
      };
      out.push({
        event,
        facts: {
          resident: {
            residentId: `r${i % 3000}`,
            name: 'x',
            buildingId: `B${i % 4}`,
            status: 'active',
            cardStatus: 'active',
            onLeave: false,
            visitorPassBuildings: [],
          },
          gate: { buildingId: `B${i % 4}` },
          day: { curfew: '23:00', visitingHours: { from: '08:00', to: '21:00' }, isVacation: false },
        },
      });
    } else if (i % 3 === 1) {
      out.push({
        event: {
          ...base,
          kind: 'scale',
          itemId: `item-${i % 40}`,
          gross: 101,
          net: 100 - (i % 10),
          unit: 'kg',
          netKg: 100 - (i % 10),
        },
        facts: { stockItem: { itemId: `item-${i % 40}`, name: 'x', unit: 'kg', unitWeightKg: 1, safetyStock: 20 } },
      });
    } else {
      out.push({
        event: {
          ...base,
          kind: 'sensor',
          assetId: `A-${i % 60}`,
          metrics: [
            { name: 'vibration', value: 2.5 + Math.sin(i) * 0.2, unit: 'mm/s' },
            { name: 'temperature', value: 40 + Math.cos(i), unit: '°C' },
            { name: 'runtime_hours', value: 1000 + i / 1000, unit: 'h' },
          ],
        },
        facts: {},
      });
    }
  }
  return out;
}

function evaluateAll(rules: AnyRule[], stream: Array<{ event: IngestEvent; facts: Facts }>): number {
  const states = new Map<string, unknown>();
  let effects = 0;
  for (const { event, facts } of stream) {
    if (event.kind === 'terminal') continue;
    const input = { kind: event.kind, event, facts } as Exclude<RuleInput, { kind: 'tick' }>;
    for (const rule of rules) {
      if (!rule.on.includes(event.kind)) continue;
      for (const key of rule.keysOf(input)) {
        const id = `${rule.id}|${event.site}|${key}`;
        const result = rule.evaluate(states.get(id) ?? rule.initial(), input, rule.defaults, key);
        states.set(id, result.state);
        effects += result.effects.length;
      }
    }
  }
  return effects;
}

const NOOP_RULES: AnyRule[] = ALL_RULES.map((rule) => ({ ...rule, evaluate: (state: unknown) => ({ state, effects: [] }) }));

function timeIt(work: () => void, events: number): number {
  const started = process.hrtime.bigint();
  work();
  return events / (Number(process.hrtime.bigint() - started) / 1e9);
}

// `--part latency` skips this part: its 300,000 synthetic events alone exceed the hub's heap
// budget, under which the latency part is meant to run (hub/src/memory-budget.ts).
if (values.part !== 'latency') {
  const stream = syntheticEvents(300_000);
  evaluateAll(ALL_RULES, stream.slice(0, 20_000));
  const real = timeIt(() => evaluateAll(ALL_RULES, stream), stream.length);
  const reference = timeIt(() => evaluateAll(NOOP_RULES, stream), stream.length);
  console.log('Rules benchmark — pure evaluation, one core, all rules on');
  console.log(`  all rules:           ${Math.round(real).toLocaleString('en')} events/s`);
  console.log(
    `  reference (no-op):   ${Math.round(reference).toLocaleString('en')} events/s (keying and state bookkeeping only)`,
  );
  console.log(`  ratio:               ${(real / reference).toFixed(2)}× of the reference`);
}

// ── 2. publish-to-alert latency under load ─────────────────────────────────
if (values.part === 'pure') process.exit(0);
const dataDir = await mkdtemp(join(tmpdir(), 'campus-bench-rules-'));
const log = createRootLogger({ level: 'warn' });
const config = loadHubConfig({
  DATA_DIR: dataDir,
  HUB_HOST: '127.0.0.1',
  HUB_PORT: '0',
  MQTT_HOST: '127.0.0.1',
  MQTT_PORT: '0',
  MQTT_WS_PORT: '0',
  DEVICE_SEED: 'demo',
  LOG_LEVEL: 'warn',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const runtime = await startRuntime(config, log);
await runtime.app.listen({ host: '127.0.0.1', port: 0 });
const httpPort = (runtime.app.server.address() as AddressInfo).port;
const mqttPort = runtime.gateway.mqttPort ?? 0;
const password = readFile(join(dataDir, 'admin-password'), 'utf8');
const login = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: (await password).trim() }),
});
const { token } = (await login.json()) as { token: string };
const hhmm = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    date,
  );
await fetch(`http://127.0.0.1:${httpPort}/api/rules/access.forbidden_hours/sites/main`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({ from: hhmm(new Date(Date.now() - 3_600_000)), to: hhmm(new Date(Date.now() + 3_600_000)) }),
});

// Background load: the bench's own devices at 5,000 events/s in two processes, on a site of
// their own whose forbidden hours are twelve hours away: background, not an alert storm (with
// the probes' window over them, every background swipe raised an alert and the engine spent the
// run writing alerts — a different benchmark).
const LOAD_SITE = 'bench-load';
await fetch(`http://127.0.0.1:${httpPort}/api/rules/access.forbidden_hours/sites/${LOAD_SITE}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify({
    from: hhmm(new Date(Date.now() + 12 * 3_600_000)),
    to: hhmm(new Date(Date.now() + 12 * 3_600_000 + 60_000)),
  }),
});
const fleet = planFleet({
  processes: 2,
  devicesPerKind: 4,
  mix: EVEN_MIX,
  idPrefix: 'rb',
  site: LOAD_SITE,
  secret: 'rules-bench-secret-0001',
});
for (const device of fleet.flat())
  await runtime.gateway.registry.register({ id: device.id, kind: device.kind, site: device.site, secret: device.secret });
const load = await startLoadProcesses(
  fleet.map((devices, index) => ({
    host: '127.0.0.1',
    port: mqttPort,
    devices,
    qos: 1,
    rate: 2500,
    durationMs: SECONDS * 1000 + 2000,
    runTag: `rb${index}`,
  })),
);

const socket = io(`http://127.0.0.1:${httpPort}`, { path: '/live', auth: { token }, transports: ['websocket'] });
const sentAt = new Map<string, number>();
const alertLatency: number[] = [];
const feedLatency: number[] = [];
socket.on('alert', (message: { data: { change: string; alert: { subject: string; ruleId: string } } }) => {
  const card = message.data.alert.subject.replace('card:', '');
  const at = sentAt.get(card);
  if (at !== undefined && message.data.change === 'raised' && message.data.alert.ruleId === 'access.forbidden_hours')
    alertLatency.push(performance.now() - at);
});
socket.on('swipes', (message: { data: Array<{ cardId: string }> }) => {
  for (const swipe of message.data) {
    const at = sentAt.get(swipe.cardId);
    if (at !== undefined) feedLatency.push(performance.now() - at);
  }
});
await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

const probe = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
  username: 'gate-01',
  password: 'demo-gate-01-secret',
  reconnectPeriod: 0,
});
(probe.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
const loadDone = load.go(Date.now() + 200);
await new Promise((resolve) => setTimeout(resolve, 1500));
const rss: number[] = [];
for (let i = 0; i < SECONDS * 10; i += 1) {
  const card = `PROBE-${i}`;
  sentAt.set(card, performance.now());
  probe.publish(
    'campus/main/gate/gate-01/swipe',
    JSON.stringify({ eventId: `probe-${i}`, ts: Date.now(), cardId: card, direction: 'in', result: 'granted' }),
    { qos: 1 },
  );
  if (i % 10 === 0) rss.push(process.memoryUsage().rss);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const reports = await loadDone;
await new Promise((resolve) => setTimeout(resolve, 1500));
const background = reports.reduce((sum, r) => sum + r.acked, 0) / (SECONDS + 2);
alertLatency.sort((a, b) => a - b);
feedLatency.sort((a, b) => a - b);
const p99 = percentile(alertLatency, 0.99);
console.log(
  `\nRules benchmark — publish-to-alert latency at a socket.io client, ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded database'}`,
);
console.log(`  background load:     ${Math.round(background).toLocaleString('en')} events/s acknowledged (target 5,000)`);
console.log(`  probes:              ${sentAt.size} sent, ${alertLatency.length} alerts received`);
console.log(
  `  alert latency:       p50 ${percentile(alertLatency, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${alertLatency.at(-1)?.toFixed(1)} ms`,
);
console.log(
  `  reference (feed):    p50 ${percentile(feedLatency, 0.5).toFixed(1)} ms, p99 ${percentile(feedLatency, 0.99).toFixed(1)} ms (same swipes on the live access feed, no rules)`,
);
console.log(`  ratio p99:           ${(p99 / percentile(feedLatency, 0.99)).toFixed(2)}× of the reference`);
console.log(
  `  target p99 < 100 ms: ${p99 < 100 ? 'PASS' : 'MISS'}; hub process peak RSS ${Math.round(Math.max(...rss) / 1e6)} MB`,
);

socket.close();
await probe.endAsync();
await runtime.stop();
await rm(dataDir, { recursive: true, force: true });
process.exit(0);
