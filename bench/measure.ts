import {
  type KindMix,
  type LoadDevice,
  type LoadProcessGroup,
  type LoadReport,
  startLoadProcesses,
} from '@campus/device-sims/load';
import { machineBusyMs, postgresCpuMs } from './proc.ts';
import { quantile, sustainedRate } from './stats.ts';
import type { RunStats } from './tracker.ts';
import type { WorkerProcess } from './worker-process.ts';
import type { WorkerUsage } from './worker-protocol.ts';

/** One load run against one sink: publisher processes → broker → sink, measured at the sink. */

export interface LoadPlan {
  brokerPort: number;
  fleet: LoadDevice[][];
  qos: 0 | 1;
  /** Events per second over all publisher processes; 0 for as fast as possible. */
  totalRate: number;
  durationMs: number;
  /** The first part of the run, left out of the sustained rate. */
  warmupMs: number;
  mix: KindMix;
  sensorMetrics: number;
  window: number;
  runTag: string;
  /** The PostgreSQL database the sink writes to, so only its backends count as the sink's database CPU. */
  database?: string;
  /**
   * Pace the publishers so that about this many events wait between publishers and sink,
   * starting at `totalRate`. For sinks behind a broker that acknowledges on its own (no
   * end-to-end backpressure): unpaced, the publishers would flood the broker and take the
   * CPU the sink needs, measuring the flood instead of the sink.
   */
  pacedBacklog?: number;
}

export interface CpuShare {
  publishersMs: number;
  brokerMs?: number;
  sinkMs: number;
  postgresMs: number;
  /** Everything else the machine ran meanwhile (other people's work): a run with much of it is disturbed. */
  otherMs: number;
}

export interface LoadMeasurement {
  runTag: string;
  qos: 0 | 1;
  targetRate: number;
  eventsPerSec: number;
  rowsPerSec: number;
  sent: number;
  acked: number;
  committed: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
  p999Ms: number | undefined;
  /** From the start of publishing until the sink had caught up. */
  elapsedMs: number;
  cpu: CpuShare;
  sinkUsage: WorkerUsage;
  publishers: LoadReport[];
  /** What the sink's `collect` returned besides its stats. */
  sinkExtra: Record<string, unknown>;
}

const START_DELAY_MS = 300;
const SETTLE_MS = 2000;
// A product that cannot keep up is a finding, not a reason to wait: waits scale with the run.
const waitFor = (durationMs: number) => Math.min(30_000, Math.max(5_000, 2 * durationMs));

export async function measureLoad(
  plan: LoadPlan,
  sink: WorkerProcess<unknown>,
  broker?: { cpuMs(): Promise<number> },
): Promise<LoadMeasurement> {
  const group = await startLoadProcesses(
    plan.fleet.map((devices) => ({
      host: '127.0.0.1',
      port: plan.brokerPort,
      devices,
      qos: plan.qos,
      rate: plan.totalRate / plan.fleet.length,
      durationMs: plan.durationMs,
      runTag: plan.runTag,
      mix: plan.mix,
      sensorMetrics: plan.sensorMetrics,
      window: plan.window,
      drainMs: waitFor(plan.durationMs),
    })),
  );
  await sink.begin();
  const postgresBefore = postgresCpuMs(plan.database);
  const machineBefore = machineBusyMs();
  const brokerBefore = await broker?.cpuMs();
  const startAt = Date.now() + START_DELAY_MS;
  const running = group.go(startAt);
  if (plan.pacedBacklog !== undefined) await paceBySink(group, sink, plan.runTag, plan.pacedBacklog, running);
  const publishers = await running;
  const sent = sum(publishers.map((report) => report.sent));
  const acked = sum(publishers.map((report) => report.acked));
  await catchUp(sink, plan.runTag, plan.qos === 1 ? acked : sent, waitFor(plan.durationMs));
  const elapsedMs = Date.now() - startAt;
  const sinkUsage = await sink.usage();
  const postgresMs = postgresCpuMs(plan.database) - postgresBefore;
  const machineMs = machineBusyMs() - machineBefore;
  const brokerAfter = await broker?.cpuMs();
  const { stats, ...sinkExtra } = await sink.call<{ stats: RunStats } & Record<string, unknown>>('collect', {
    runTag: plan.runTag,
  });
  const publishersMs = sum(publishers.map((report) => report.cpuMs));
  const brokerMs = brokerBefore === undefined || brokerAfter === undefined ? undefined : brokerAfter - brokerBefore;
  const eventsPerSec = sustainedRate(stats, startAt + plan.warmupMs, startAt + plan.durationMs);
  return {
    runTag: plan.runTag,
    qos: plan.qos,
    targetRate: plan.totalRate,
    eventsPerSec,
    rowsPerSec: stats.events === 0 ? 0 : (eventsPerSec * stats.rows) / stats.events,
    sent,
    acked,
    committed: stats.events,
    p50Ms: quantile(stats.latency, 0.5),
    p99Ms: quantile(stats.latency, 0.99),
    p999Ms: quantile(stats.latency, 0.999),
    elapsedMs,
    cpu: {
      publishersMs,
      ...(brokerMs === undefined ? {} : { brokerMs }),
      sinkMs: sinkUsage.cpuMs,
      postgresMs,
      otherMs: Math.max(0, machineMs - publishersMs - (brokerMs ?? 0) - sinkUsage.cpuMs - postgresMs),
    },
    sinkUsage,
    publishers,
    sinkExtra,
  };
}

const PACE_TICK_MS = 100;
// The backlog error is corrected over this long: shorter oscillates, longer lags.
const PACE_HORIZON_S = 0.5;

/** A proportional controller on the backlog: rate = drain rate + (target - backlog) / horizon. */
async function paceBySink(
  group: LoadProcessGroup,
  sink: WorkerProcess<unknown>,
  runTag: string,
  backlogTarget: number,
  running: Promise<unknown>,
): Promise<void> {
  let finished = false;
  running.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  let last = { committed: 0, at: performance.now() };
  let drain: number | undefined;
  while (!finished) {
    await new Promise((resolve) => setTimeout(resolve, PACE_TICK_MS));
    const committed = await sink.call<number>('progress', { runTag });
    const now = performance.now();
    const rate = ((committed - last.committed) * 1000) / (now - last.at);
    drain = drain === undefined ? rate : 0.7 * drain + 0.3 * rate;
    last = { committed, at: now };
    const backlog = group.sent() - committed;
    group.setRate(Math.min(1_000_000, Math.max(500, drain + (backlogTarget - backlog) / PACE_HORIZON_S)));
  }
}

/** Waits until the sink has everything the publishers had acknowledged, or stops progressing. */
async function catchUp(sink: WorkerProcess<unknown>, runTag: string, expected: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let lastChange = Date.now();
  while (Date.now() < deadline) {
    const seen = await sink.call<number>('progress', { runTag });
    if (seen >= expected) return;
    if (seen !== last) {
      last = seen;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > SETTLE_MS) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
