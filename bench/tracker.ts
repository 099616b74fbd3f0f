/**
 * What a sink committed, per load run (the run tag prefixing each event id): a timeline of
 * committed events in 100 ms buckets of wall-clock time and a 1 ms latency histogram, both
 * small enough to send over IPC and merged by the driver.
 */
export const BUCKET_MS = 100;

export interface RunStats {
  events: number;
  rows: number;
  /** [bucket start (epoch ms), events committed in it], ascending. */
  timeline: Array<[number, number]>;
  /** [latency ms, events], ascending; empty when the sink cannot tell publish times. */
  latency: Array<[number, number]>;
}

interface Run {
  events: number;
  rows: number;
  timeline: Map<number, number>;
  latency: Map<number, number>;
}

export class CommitTracker {
  readonly #runs = new Map<string, Run>();

  committed(runTag: string, events: number, rows: number, now = Date.now()): void {
    const run = this.#run(runTag);
    run.events += events;
    run.rows += rows;
    const bucket = now - (now % BUCKET_MS);
    run.timeline.set(bucket, (run.timeline.get(bucket) ?? 0) + events);
  }

  latency(runTag: string, ms: number): void {
    const latency = this.#run(runTag).latency;
    const key = Math.max(0, Math.round(ms));
    latency.set(key, (latency.get(key) ?? 0) + 1);
  }

  events(runTag: string): number {
    return this.#runs.get(runTag)?.events ?? 0;
  }

  /** The run's figures; the tracker forgets the run. */
  take(runTag: string): RunStats {
    const run = this.#run(runTag);
    this.#runs.delete(runTag);
    const sorted = (map: Map<number, number>) => [...map.entries()].sort((a, b) => a[0] - b[0]);
    return { events: run.events, rows: run.rows, timeline: sorted(run.timeline), latency: sorted(run.latency) };
  }

  #run(runTag: string): Run {
    let run = this.#runs.get(runTag);
    if (!run) {
      run = { events: 0, rows: 0, timeline: new Map(), latency: new Map() };
      this.#runs.set(runTag, run);
    }
    return run;
  }
}
