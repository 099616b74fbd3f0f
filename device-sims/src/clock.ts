/**
 * Simulated time. Devices stamp events with the simulated time, and the gateway refuses
 * events stamped more than a few minutes ahead of its clock (clock_skew), so a clock that
 * runs faster than real time starts in the past and catches up: it runs at `speed` until it
 * reaches the wall clock, then follows the wall clock. "Faster than real time" therefore means
 * replaying recent hours quickly, then going on live.
 */
export interface SimClock {
  /** Simulated now, epoch milliseconds. */
  now(): number;
  /** Resolves once simulated time has reached `t`, or earlier (callers re-read `now`), or when `signal` aborts. */
  sleepUntil(t: number, signal?: AbortSignal): Promise<void>;
  /** Simulated milliseconds per real millisecond while catching up (Infinity: no waiting). */
  readonly speed: number;
  /** Whether simulated time has caught up with the wall clock (then it runs at 1×). */
  isLive(): boolean;
}

const LIVE_MARGIN_MS = 60_000;

export interface WallClockOptions {
  /** Where simulated time starts (epoch ms); later than the wall clock is clamped to it. */
  start: number;
  /** ≥ 1; Infinity replays up to the wall clock as fast as the run goes. */
  speed: number;
  wallNow?: () => number;
}

export class WallClock implements SimClock {
  readonly speed: number;
  readonly #start: number;
  readonly #realStart: number;
  readonly #wallNow: () => number;
  /** Infinite speed: how far the run has jumped (never beyond the wall clock for `now`). */
  #cursor: number;

  constructor(options: WallClockOptions) {
    if (!(options.speed >= 1)) throw new Error('speed must be at least 1');
    this.#wallNow = options.wallNow ?? Date.now;
    this.#realStart = this.#wallNow();
    this.#start = Math.min(options.start, this.#realStart);
    this.#cursor = this.#start;
    this.speed = options.speed;
  }

  now(): number {
    const real = this.#wallNow();
    if (this.speed === Number.POSITIVE_INFINITY) return Math.min(this.#cursor, real);
    return Math.min(this.#start + this.speed * (real - this.#realStart), real);
  }

  isLive(): boolean {
    // At maximum speed time moves only when the run sleeps: within a minute of the wall clock counts as live.
    const margin = this.speed === Number.POSITIVE_INFINITY ? LIVE_MARGIN_MS : 1;
    return this.now() >= this.#wallNow() - margin;
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    const real = this.#wallNow();
    if (this.speed === Number.POSITIVE_INFINITY) {
      this.#cursor = Math.max(this.#cursor, t);
      // Behind the wall clock: jump, yielding once so sockets get read between ticks.
      if (t <= real) return new Promise((resolve) => setImmediate(resolve));
      return sleep(t - real, signal);
    }
    // Simulated time ≥ t once both the accelerated branch and the wall clock have passed t.
    const accelerated = this.#realStart + (t - this.#start) / this.speed;
    return sleep(Math.max(accelerated, t) - real, signal);
  }

  /** The simulated start (after clamping). */
  get start(): number {
    return this.#start;
  }
}

/**
 * A clock the caller moves: `advance`/`set`, or `auto` (sleeping jumps straight to the
 * wake-up time, so a run goes as fast as its consumer accepts events). For tests and
 * for replaying a window of the past as fast as possible.
 */
export class ManualClock implements SimClock {
  readonly speed = Number.POSITIVE_INFINITY;
  readonly #auto: boolean;
  #now: number;
  #waiters: Array<{ t: number; resolve: () => void }> = [];

  constructor(start: number, options: { auto?: boolean } = {}) {
    this.#now = start;
    this.#auto = options.auto ?? false;
  }

  now(): number {
    return this.#now;
  }

  isLive(): boolean {
    return false;
  }

  /** Moves time on and wakes every sleeper (a runner re-reads the time, whether or not its wake-up time came). */
  set(t: number): void {
    if (t < this.#now) throw new Error('a simulated clock does not run backwards');
    this.#now = t;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  sleepUntil(t: number, signal?: AbortSignal): Promise<void> {
    if (t <= this.#now) return Promise.resolve();
    if (this.#auto) {
      this.set(t);
      // Yield, so sockets get read between simulated ticks.
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve) => {
      const waiter = { t, resolve };
      this.#waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          this.#waiters = this.#waiters.filter((entry) => entry !== waiter);
          resolve();
        },
        { once: true },
      );
    });
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
