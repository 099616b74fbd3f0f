import { performance } from 'node:perf_hooks';
import type { FromWorker, ToWorker, WorkerUsage } from '../worker-protocol.ts';

type Method = (params: unknown) => unknown;

/**
 * The child side of a bench worker: reads its arguments from argv[2] (JSON), runs `setup`,
 * reports `ready` with what setup returned, then answers calls. Every worker also answers
 * `begin` (start measuring CPU and event-loop use) and `usage` (what was used since).
 * `stop` runs the worker's own stop, answers, and lets the process exit.
 */
export async function serveWorker<Args, Info>(
  setup: (args: Args) => Promise<{ info: Info; methods: Record<string, Method>; stop(): Promise<void> }>,
): Promise<void> {
  const send = (message: FromWorker) =>
    new Promise<void>((resolve) => {
      if (process.send) process.send(message, undefined, undefined, () => resolve());
      else resolve();
    });
  let stopping = false;
  // The driver is gone (killed, crashed), even while this worker is still starting: nobody will ever call stop.
  process.on('disconnect', () => {
    if (!stopping) process.exit(1);
  });
  try {
    const worker = await setup(JSON.parse(process.argv[2] ?? '{}') as Args);
    let cpu = process.cpuUsage();
    let elu = performance.eventLoopUtilization();
    let since = performance.now();
    const peak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = Math.max(peak[key], memory[key] / 2 ** 20);
    }, 100);
    sampler.unref();
    const builtIn: Record<string, Method> = {
      begin: () => {
        cpu = process.cpuUsage();
        elu = performance.eventLoopUtilization();
        since = performance.now();
        for (const key of Object.keys(peak) as Array<keyof typeof peak>) peak[key] = 0;
      },
      usage: (): WorkerUsage => {
        const used = process.cpuUsage(cpu);
        return {
          cpuMs: (used.user + used.system) / 1000,
          elapsedMs: performance.now() - since,
          eventLoopUtilization: performance.eventLoopUtilization(elu).utilization,
          maxRssKb: process.resourceUsage().maxRSS,
          peakMemoryMb: { ...peak },
        };
      },
      stop: () => worker.stop(),
    };
    process.on('message', async (message: ToWorker) => {
      if (message.method === 'stop') stopping = true;
      const method = builtIn[message.method] ?? worker.methods[message.method];
      try {
        if (!method) throw new Error(`no method ${message.method}`);
        await send({ type: 'result', id: message.id, value: await method(message.params) });
      } catch (err) {
        await send({ type: 'error', id: message.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
      if (message.method === 'stop') {
        process.disconnect();
        // Whatever still holds the event loop (a socket in TIME_WAIT, a stray timer) must not hold the bench.
        setTimeout(() => process.exit(), 3000).unref();
      }
    });
    await send({ type: 'ready', info: worker.info });
  } catch (err) {
    await send({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
    process.disconnect?.();
  }
}
