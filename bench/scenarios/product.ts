import { join } from 'node:path';
import { HUB_NODE_FLAGS } from '../../hub/src/memory-budget.ts';
import { type LoadMeasurement, measureLoad } from '../measure.ts';
import type { Composition, Target } from '../options.ts';
import type { ResultRow } from '../results.ts';
import { WorkerProcess } from '../worker-process.ts';
import type { ProductArgs, ProductInfo, ProductTotals } from '../workers/product.ts';
import { type BenchContext, KB_PER_MB, loadRow, plan, withDatabase } from './common.ts';

// The hub's rule engine finishes its queue before it stops; a backlog of minutes is a finding, not a wait.
const STOP_TIMEOUT_MS = 20_000;

/**
 * The product (the hub runtime, or the gateway alone) in a child process; first the fixed-rate
 * run (the latency target, on a product with nothing queued yet), then the run at maximum rate.
 */
export async function productRuns(
  context: BenchContext,
  composition: Composition,
  target: Target,
  qos: 0 | 1,
): Promise<ResultRow[]> {
  const { options, runDir } = context;
  const name = composition === 'hub' ? 'product' : 'gateway only';
  return withDatabase(context, target, `${composition}_q${qos}`, async (db, scratchDir) => {
    const args: ProductArgs = {
      ...(db.kind === 'pg' ? { databaseUrl: db.url } : {}),
      // With PostgreSQL the data directory holds only the spool and the hub's generated secrets.
      dataDir: db.kind === 'pglite' ? db.dataDir : await scratchDir('product'),
      devices: context.fleet.flat(),
      composition,
      env: options.productEnv,
    };
    const profile = options.cpuProfile
      ? ['--cpu-prof', `--cpu-prof-dir=${join(runDir, `profile-${composition}-${target}-q${qos}`)}`]
      : [];
    const product = await WorkerProcess.start<ProductInfo>(
      './workers/product.ts',
      args,
      join(runDir, `${composition}-${target}-q${qos}.log`),
      // As `npm start` runs it; flags given to the bench come after and win.
      [...(composition === 'hub' ? HUB_NODE_FLAGS : []), ...options.productNodeArgs, ...profile],
    );
    const rows: ResultRow[] = [];
    try {
      const startupRssMb = (await product.usage()).maxRssKb / KB_PER_MB;
      for (const rate of [options.fixedRate, 0]) {
        const before = await product.call<ProductTotals>('totals');
        const measurement = await measureLoad(
          plan(context, product.info.mqttPort, qos, rate, db),
          product as WorkerProcess<unknown>,
        );
        const after = await product.call<ProductTotals>('totals');
        const row = loadRow(
          {
            target,
            qos,
            reference: composition === 'hub' ? 'product' : 'gateway',
            ...(rate > 0 ? { fixedRate: rate } : {}),
            label: rate > 0 ? `${name} @ ${rate.toLocaleString('en-US')}/s` : `${name}, max rate`,
          },
          measurement,
        );
        row.notes.push(...productNotes(before, after, measurement));
        if (rate === 0) {
          const settings = Object.entries(product.info.settings).map(([key, value]) => `${key}=${value}`);
          row.notes.push(`peak RSS after start, before load: ${startupRssMb.toFixed(0)} MB`);
          row.notes.push([...settings, ...options.productNodeArgs].join(' '));
        }
        rows.push(row);
      }
    } finally {
      const { maxRssKb, stopped } = await product.stop(STOP_TIMEOUT_MS).catch(() => ({ maxRssKb: 0, stopped: false }));
      for (const row of rows) row.peakRssMb = maxRssKb / KB_PER_MB;
      if (!stopped) rows.at(-1)?.notes.push(`the product did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed`);
    }
    return rows;
  });
}

function productNotes(before: ProductTotals, after: ProductTotals, measurement: LoadMeasurement): string[] {
  const notes: string[] = [];
  const batches = after.batches - before.batches;
  const transactions = after.ingestTransactions - before.ingestTransactions;
  const transactionMs = after.ingestTransactionMs - before.ingestTransactionMs;
  notes.push(
    `mean batch ${batches > 0 ? Math.round((after.batchEvents - before.batchEvents) / batches) : 0} events (${batches} batches);` +
      ` the writer was inside an ingest transaction ${((100 * transactionMs) / measurement.elapsedMs).toFixed(0)}% of the run,` +
      ` ${transactions > 0 ? (transactionMs / transactions).toFixed(1) : '-'} ms each; its queue peaked at ${after.peakQueued.toLocaleString('en-US')} events`,
  );
  const ruleEvents = after.ruleEvents - before.ruleEvents;
  const rulesDone = after.rulesProcessed - before.rulesProcessed;
  if (ruleEvents > 0) {
    notes.push(
      `rule engine went through ${rulesDone.toLocaleString('en-US')} of the run's ${ruleEvents.toLocaleString('en-US')} gate/scale/sensor events` +
        ` by the end of the run; ${(after.ruleEvents - after.rulesProcessed).toLocaleString('en-US')} still queued`,
    );
  }
  const otherQueries = after.otherQueries - before.otherQueries;
  if (otherQueries > 0)
    notes.push(
      `the hub sent ${otherQueries.toLocaleString('en-US')} other statements meanwhile` +
        (rulesDone > 0 ? ` (${(otherQueries / rulesDone).toFixed(1)} per event the rule engine went through)` : '') +
        `; most sent: ${mostSent(before.statements, after.statements)}`,
    );
  const raised = after.alertsByRule
    .map(([rule, count]): [string, number] => [rule, count - (new Map(before.alertsByRule).get(rule) ?? 0)])
    .filter(([, count]) => count > 0);
  if (raised.length > 0) notes.push(`alerts raised: ${raised.map(([rule, count]) => `${count} ${rule}`).join(', ')}`);
  if (after.spooled > before.spooled) notes.push(`${after.spooled - before.spooled} spooled`);
  const inDatabase = measurement.sinkExtra.inDatabase;
  if (inDatabase !== measurement.committed) notes.push(`database holds ${String(inDatabase)}, bus said ${measurement.committed}`);
  const memory = measurement.sinkUsage.peakMemoryMb;
  notes.push(
    `peak JS heap ${memory.heapUsed.toFixed(0)} MB used of ${memory.heapTotal.toFixed(0)} MB, external ${memory.external.toFixed(0)} MB`,
  );
  return notes;
}

/** The statements sent most often between two probe readings, by their opening words. */
function mostSent(before: Array<[string, number]>, after: Array<[string, number]>): string {
  const earlier = new Map(before);
  return after
    .map(([statement, count]): [string, number] => [statement, count - (earlier.get(statement) ?? 0)])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([statement, count]) => `${count.toLocaleString('en-US')}× "${statement}"`)
    .join(', ');
}
