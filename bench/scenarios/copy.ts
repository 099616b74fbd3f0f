import { join } from 'node:path';
import type { Target } from '../options.ts';
import { machineBusyMs, postgresCpuMs } from '../proc.ts';
import type { ResultRow } from '../results.ts';
import { sustainedRate } from '../stats.ts';
import type { RunStats } from '../tracker.ts';
import { WorkerProcess } from '../worker-process.ts';
import { type BenchContext, KB_PER_MB, withDatabase } from './common.ts';

/** Reference (b): the same rows COPYed straight into the same kind of database. */
export async function copyRun(context: BenchContext, target: Target): Promise<ResultRow> {
  const { options, runDir } = context;
  return withDatabase(context, target, 'copy', async (db) => {
    const worker = await WorkerProcess.start<{ method: string }>(
      './workers/copy-load.ts',
      { target: db, batchEvents: options.batchEvents, sensorMetrics: options.sensorMetrics, mix: options.mix },
      join(runDir, `copy-${target}.log`),
    );
    try {
      const runTag = context.nextTag();
      const database = db.kind === 'pg' ? new URL(db.url).pathname.slice(1) : undefined;
      await worker.begin();
      const before = { postgres: postgresCpuMs(database), machine: machineBusyMs() };
      const startAt = Date.now() + 300;
      const { stats } = await worker.call<{ stats: RunStats }>('run', { runTag, startAt, durationMs: options.durationMs });
      const usage = await worker.usage();
      const postgresMs = postgresCpuMs(database) - before.postgres;
      const otherMs = Math.max(0, machineBusyMs() - before.machine - usage.cpuMs - postgresMs);
      const eventsPerSec = sustainedRate(stats, startAt + options.warmupMs, startAt + options.durationMs);
      const row: ResultRow = {
        target,
        reference: 'copy',
        label: `(b) COPY, ${options.batchEvents.toLocaleString('en-US')}-event batches`,
        eventsPerSec,
        rowsPerSec: stats.events === 0 ? 0 : (eventsPerSec * stats.rows) / stats.events,
        committed: stats.events,
        publisherPeakRssMb: [],
        cores: {
          publishers: 0,
          sink: usage.cpuMs / usage.elapsedMs,
          postgres: postgresMs / usage.elapsedMs,
          other: otherMs / usage.elapsedMs,
        },
        eventLoop: usage.eventLoopUtilization,
        notes: [worker.info.method],
      };
      row.peakRssMb = (await worker.stop()).maxRssKb / KB_PER_MB;
      return row;
    } catch (err) {
      worker.kill();
      throw err;
    }
  });
}
