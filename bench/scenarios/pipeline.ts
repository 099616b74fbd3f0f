import { join } from 'node:path';
import { loadGatewayConfig } from '@campus/gateway';
import { startBareBroker } from '../brokers.ts';
import { measureLoad } from '../measure.ts';
import type { Target } from '../options.ts';
import type { ResultRow } from '../results.ts';
import { WorkerProcess } from '../worker-process.ts';
import type { PipelineArgs } from '../workers/bare-pipeline.ts';
import { type BenchContext, KB_PER_MB, loadRow, plan, withDatabase } from './common.ts';

const PACED_START_RATE = 10_000;
const PACED_BACKLOG = 10_000;

/** Reference (c): bare broker → one subscriber that parses, validates and COPYs. */
export async function pipelineRuns(context: BenchContext, target: Target, qos: 0 | 1): Promise<ResultRow[]> {
  const { options, runDir } = context;
  // The product's effective batch settings, so the pipeline differs from it only in the work per event.
  const product = loadGatewayConfig(options.productEnv);
  return withDatabase(context, target, `pipeline_q${qos}`, async (db) => {
    const broker = await startBareBroker(options.broker, runDir);
    const rows: ResultRow[] = [];
    let worker: WorkerProcess<{ method: string }> | undefined;
    try {
      worker = await WorkerProcess.start<{ method: string }>(
        './workers/bare-pipeline.ts',
        {
          brokerPort: broker.port,
          qos,
          target: db,
          maxBatch: product.INGEST_BATCH_MAX_ROWS,
          lingerMs: product.INGEST_BATCH_LINGER_MS,
          maxQueued: 50_000,
        } satisfies PipelineArgs,
        join(runDir, `pipeline-${target}-q${qos}.log`),
      );
      for (const rate of [0, options.fixedRate]) {
        // At maximum rate the broker would take the flood the pipeline cannot: pace by its backlog.
        const runPlan =
          rate > 0
            ? plan(context, broker.port, qos, rate, db)
            : { ...plan(context, broker.port, qos, PACED_START_RATE, db), pacedBacklog: PACED_BACKLOG };
        const measurement = await measureLoad(runPlan, worker as WorkerProcess<unknown>, broker);
        const row = loadRow(
          {
            target,
            qos,
            reference: 'pipeline',
            ...(rate > 0 ? { fixedRate: rate } : {}),
            label: `(c) bare pipeline${rate > 0 ? ` @ ${rate.toLocaleString('en-US')}/s` : ', max rate'}`,
          },
          measurement,
        );
        if (rate === 0) {
          row.notes.push(
            `${broker.label} → mqtt.js → TypeBox Check → ${worker.info.method}; the product's group commit` +
              ` (≤ ${product.INGEST_BATCH_MAX_ROWS} events, linger ${product.INGEST_BATCH_LINGER_MS} ms, one transaction at a time);` +
              ` publishers paced to keep ~${PACED_BACKLOG.toLocaleString('en-US')} events in flight`,
          );
        }
        rows.push(row);
      }
      const { maxRssKb } = await worker.stop();
      worker = undefined;
      for (const row of rows) row.peakRssMb = maxRssKb / KB_PER_MB;
    } finally {
      worker?.kill();
      await broker.stop().catch(() => {});
    }
    return rows;
  });
}
