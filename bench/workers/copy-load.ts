import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { buildEvent, type KindMix, type LoadDevice, loadEventId, WeightedCycle } from '@campus/device-sims/load';
import { DEVICE_KINDS } from '@campus/protocol';
import { openCopyWriter } from '../sinks/copy-writer.ts';
import { CsvBatch } from '../sinks/csv-batch.ts';
import type { DbTarget } from '../sinks/db-target.ts';
import { CommitTracker } from '../tracker.ts';
import { serveWorker } from './serve.ts';

/**
 * Reference (b): the rows the load generator's events become, COPYed straight into the
 * gateway's tables on one connection, one transaction per batch: the database's own ceiling.
 * The next batch is built while the database takes the current one.
 */

export interface CopyArgs {
  target: DbTarget;
  batchEvents: number;
  sensorMetrics: number;
  mix: KindMix;
}

const DEVICES_PER_KIND = 8;
// Events built between two turns of the event loop, so COPY traffic keeps flowing meanwhile.
const BUILD_SLICE = 250;

await serveWorker<CopyArgs, { method: string }>(async (args) => {
  const writer = await openCopyWriter(args.target);
  const devices: LoadDevice[] = DEVICE_KINDS.flatMap((kind) =>
    Array.from({ length: DEVICES_PER_KIND }, (_, index) => ({ id: `copy-${kind}-${index}`, kind, site: 'bench', secret: '' })),
  );
  const cycle = new WeightedCycle(devices.map((item) => ({ item, weight: args.mix[item.kind] / DEVICES_PER_KIND })));
  let sequence = 0;

  const build = async (runTag: string): Promise<CsvBatch> => {
    const csv = new CsvBatch();
    for (let index = 0; index < args.batchEvents; index += 1) {
      if (index % BUILD_SLICE === BUILD_SLICE - 1) await yieldToLoop();
      const device = cycle.next();
      const now = Date.now();
      const event = buildEvent(device.kind, loadEventId(runTag, sequence), now, sequence, { sensorMetrics: args.sensorMetrics });
      sequence += 1;
      csv.add(device.kind, device.site, device.id, event, new Date(now).toISOString());
    }
    return csv;
  };

  return {
    info: { method: writer.method },
    methods: {
      run: async (params) => {
        const { runTag, startAt, durationMs } = params as { runTag: string; startAt: number; durationMs: number };
        const tracker = new CommitTracker();
        let next = await build(runTag);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
        while (Date.now() < startAt + durationMs) {
          const writing = writer.write(next);
          const following = build(runTag);
          await writing;
          tracker.committed(runTag, next.events, next.rows);
          next = await following;
        }
        return { stats: tracker.take(runTag) };
      },
    },
    stop: () => writer.close(),
  };
});
