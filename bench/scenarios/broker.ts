import { join } from 'node:path';
import { startBareBroker } from '../brokers.ts';
import { measureLoad } from '../measure.ts';
import type { ResultRow } from '../results.ts';
import { WorkerProcess } from '../worker-process.ts';
import { type BenchContext, KB_PER_MB, loadRow, plan } from './common.ts';

/** Reference (a): the same publishers against the bare broker, counted by one bare subscriber. */
export async function brokerRun(context: BenchContext, qos: 0 | 1): Promise<ResultRow> {
  const broker = await startBareBroker(context.options.broker, context.runDir);
  let counter: WorkerProcess<unknown> | undefined;
  try {
    const runPlan = plan(context, broker.port, qos, 0);
    counter = await WorkerProcess.start(
      './workers/bare-subscriber.ts',
      { brokerPort: broker.port, qos, runTag: runPlan.runTag },
      join(context.runDir, `counter-q${qos}.log`),
    );
    const measurement = await measureLoad(runPlan, counter, broker);
    const row = loadRow({ qos, reference: 'broker', label: `(a) bare broker: ${broker.label} → 1 subscriber` }, measurement);
    row.rowsPerSec = 0;
    const counterRss = (await counter.stop()).maxRssKb / KB_PER_MB;
    counter = undefined;
    row.notes.push(`subscriber peak RSS ${counterRss.toFixed(0)} MB`);
    row.peakRssMb = (await broker.stop()).peakRssKb / KB_PER_MB;
    return row;
  } catch (err) {
    counter?.kill();
    await broker.stop().catch(() => {});
    throw err;
  }
}
