import { randomBytes } from 'node:crypto';
import { listSource } from './actions.ts';
import { CampusProfile, type CampusProfileOptions, DEFAULT_PROFILE } from './campus/profile.ts';
import { type SimClock, WallClock } from './clock.ts';
import type { AssetSpec } from './equipment/assets.ts';
import type { SimDevice } from './fleet.ts';
import { MqttFleet, type Publisher } from './mqtt/fleet-links.ts';
import { runSimulation } from './runner.ts';
import type { ScenarioDefinition, ScenarioOptions, ScenarioPlan } from './scenarios/types.ts';
import { SimStats } from './stats.ts';
import { SimWorld } from './world.ts';

export interface CampusSimulationOptions {
  /** Broker URL devices connect to (mqtt://127.0.0.1:1883). */
  url: string;
  fleet: readonly SimDevice[];
  seed: number;
  utcOffsetMin?: number;
  qos?: 0 | 1;
  clientIdSuffix?: string;
  /** Another transport (tests); default: one MQTT connection per device. */
  publisher?: Publisher;
  /** A world shared with other parts (the demo's OPC UA server); default: a new one. */
  world?: SimWorld;
  onError?: (deviceId: string, message: string) => void;
}

export interface ProfileRun {
  /** Simulated start (default now). */
  start?: number;
  /** ≥ 1, Infinity for as fast as possible (up to the wall clock, then live). */
  speed?: number;
  /** Simulated duration; unset runs until aborted. */
  durationMs?: number;
  profile?: Partial<Omit<CampusProfileOptions, 'start'>>;
  clock?: SimClock;
  signal?: AbortSignal;
}

export interface ScenarioRun {
  speed?: number;
  clock?: SimClock;
  /** Also run the campus profile over the scenario's window. */
  background?: Partial<Omit<CampusProfileOptions, 'start'>> | false;
  signal?: AbortSignal;
}

export interface PlanRequest {
  start?: number;
  durationMs?: number;
  runTag?: string;
  options?: ScenarioOptions;
  /** Assets an OPC UA server of this process serves (equipment scenarios may degrade them). */
  opcuaAssets?: readonly AssetSpec[];
  /** Wall-clock now, for the default start. */
  now?: number;
}

/**
 * One simulated campus: a world (seed, time zone, equipment faults), one MQTT connection per
 * device, and counters. Runs the campus profile and scenarios, together or apart; the CLI, the
 * demo and the tests all drive it.
 */
export class CampusSimulation {
  readonly world: SimWorld;
  readonly stats = new SimStats();
  readonly fleet: readonly SimDevice[];
  readonly publisher: Publisher;

  constructor(options: CampusSimulationOptions) {
    this.world =
      options.world ??
      new SimWorld({ seed: options.seed, ...(options.utcOffsetMin === undefined ? {} : { utcOffsetMin: options.utcOffsetMin }) });
    this.fleet = options.fleet;
    this.publisher =
      options.publisher ??
      new MqttFleet({
        url: options.url,
        fleet: options.fleet,
        stats: this.stats,
        qos: options.qos ?? 1,
        ...(options.clientIdSuffix === undefined ? {} : { clientIdSuffix: options.clientIdSuffix }),
        ...(options.onError ? { onError: options.onError } : {}),
      });
  }

  profile(start: number, overrides: Partial<Omit<CampusProfileOptions, 'start'>> = {}): CampusProfile {
    return new CampusProfile(this.fleet, this.world, { ...DEFAULT_PROFILE, ...overrides, start });
  }

  /** Runs the campus profile until `durationMs` of simulated time have passed (or forever). */
  async runProfile(run: ProfileRun = {}): Promise<void> {
    const clock = run.clock ?? new WallClock({ start: run.start ?? Date.now(), speed: run.speed ?? 1 });
    const start = clock.now();
    const profile = this.profile(start, run.profile);
    await runSimulation({
      clock,
      sources: profile.sources(),
      publisher: this.publisher,
      stats: this.stats,
      world: this.world,
      from: start,
      ...(run.durationMs === undefined ? {} : { until: start + run.durationMs }),
      ...(run.signal ? { signal: run.signal } : {}),
    });
  }

  /** A scenario's plan: pure data (actions, faults, claims, expected outcomes). */
  planScenario(definition: ScenarioDefinition, request: PlanRequest = {}): ScenarioPlan {
    const durationMs = request.durationMs ?? definition.durationMs;
    const start = request.start ?? definition.defaultStart(request.now ?? Date.now(), this.world.utcOffsetMin, durationMs);
    return definition.plan({
      start,
      durationMs,
      fleet: this.fleet,
      world: this.world,
      runTag: request.runTag ?? newRunTag(),
      options: request.options ?? {},
      opcuaAssets: request.opcuaAssets ?? [],
    });
  }

  /**
   * Plays a plan: registers its faults, takes its devices over from any background profile,
   * performs its actions in simulated time (plus the profile's, with `background`).
   */
  async runScenario(plan: ScenarioPlan, run: ScenarioRun = {}): Promise<void> {
    for (const ramp of plan.faults) this.world.faults.add(ramp);
    const release = this.world.claim(plan.claims);
    try {
      const clock = run.clock ?? new WallClock({ start: plan.start, speed: run.speed ?? Number.POSITIVE_INFINITY });
      const sources = [listSource(plan.scenario, plan.actions)];
      if (run.background) sources.push(...this.profile(plan.start, run.background).sources());
      await runSimulation({
        clock,
        sources,
        publisher: this.publisher,
        stats: this.stats,
        world: this.world,
        from: plan.start,
        // The last action sits at `end` for some plans: include it.
        until: plan.end + 1,
        ...(run.signal ? { signal: run.signal } : {}),
      });
    } finally {
      release();
    }
  }

  async close(): Promise<void> {
    await this.publisher.close();
  }
}

/** A short run tag (event-id prefix) unique to this run. */
export function newRunTag(): string {
  return `s${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}
