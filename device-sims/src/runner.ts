import type { ActionSource, SimAction } from './actions.ts';
import type { SimClock } from './clock.ts';
import type { Publisher } from './mqtt/fleet-links.ts';
import type { SimStats } from './stats.ts';
import type { SimWorld } from './world.ts';

export interface RunOptions {
  clock: SimClock;
  sources: readonly ActionSource[];
  publisher: Publisher;
  stats: SimStats;
  world: SimWorld;
  /** Simulated start of the first window (default: the clock's now). */
  from?: number;
  /** Simulated end (exclusive); unset runs until aborted. */
  until?: number;
  signal?: AbortSignal;
  /** Actions in flight at most (then the run waits for acknowledgements). */
  maxInFlight?: number;
  /** Called with each batch of actions performed (tests, the progress display). */
  onActions?: (actions: readonly SimAction[]) => void;
}

/** Real milliseconds between windows at most, so a live run publishes promptly. */
const TICK_REAL_MS = 200;
/** Simulated milliseconds per window at least, so a replay does not crawl. */
const TICK_SIM_MIN_MS = 1000;
const DEFAULT_MAX_IN_FLIGHT = 2000;
const TICK_LIVE_MS = 1000;

/**
 * Runs sources against a transport: advances simulated time window by window, asks every
 * source for its actions in the window, and performs them in time order. Background actions
 * on a device a scenario has claimed are skipped. Resolves once everything sent is settled.
 */
export async function runSimulation(options: RunOptions): Promise<void> {
  const { clock, sources, publisher, stats, world, signal } = options;
  const until = options.until ?? Number.POSITIVE_INFINITY;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const tickSim = Math.max(TICK_SIM_MIN_MS, clock.speed === Number.POSITIVE_INFINITY ? 60_000 : TICK_REAL_MS * clock.speed);
  const inFlight = new Set<Promise<void>>();
  let cursor = options.from ?? clock.now();

  while (!signal?.aborted && cursor < until) {
    const target = Math.min(clock.now(), until);
    if (target <= cursor) {
      // Live: a window per second, so events leave when they happen. Replaying: bigger windows.
      await clock.sleepUntil(Math.min(cursor + (clock.isLive() ? TICK_LIVE_MS : tickSim), until), signal);
      continue;
    }
    const batch = sources
      .flatMap((source) =>
        source.actions(cursor, target).filter((action) => {
          if (!source.background || !world.isClaimed(action.deviceId)) return true;
          stats.skipped += 1;
          return false;
        }),
      )
      .sort((a, b) => a.at - b.at);
    cursor = target;
    for (const action of batch) {
      if (signal?.aborted) break;
      const work = publisher.perform(action);
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    }
    options.onActions?.(batch);
  }
  await Promise.all(inFlight);
}
