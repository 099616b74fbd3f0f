/** Messages between the bench driver and its worker processes (workers/serve.ts). */
export type ToWorker = { id: number; method: string; params?: unknown };

export type FromWorker =
  | { type: 'ready'; info: unknown }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'fatal'; message: string };

export interface WorkerUsage {
  cpuMs: number;
  elapsedMs: number;
  /** Share of the time the main thread was busy (1 = saturated). */
  eventLoopUtilization: number;
  maxRssKb: number;
  /** Peaks of process.memoryUsage() since `begin`, sampled every 100 ms, in MB. */
  peakMemoryMb: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}
