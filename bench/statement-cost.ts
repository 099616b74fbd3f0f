/**
 * What one stored event costs PostgreSQL: `node bench/statement-cost.ts [--batches N] [--pg-url URL]`.
 *
 * The ingest bench shows the server's cores for the whole product; this isolates the batch
 * statement. The same load-generator events (2,000 per batch, even mix, 3 metrics per sensor
 * event) are written into empty gateway tables of a throwaway database, one transaction per
 * batch, three ways, and the server's CPU (its processes in /proc) is divided by the events:
 *
 * - product:     the gateway's `storeBatch` (plain INSERTs under a savepoint: no resend in the batch)
 * - resend path: the same with one already-stored event per batch, so every batch is rolled back
 *                to its savepoint and written again with ON CONFLICT DO NOTHING
 * - reference:   COPY of the same rows (the database's own ceiling, as in the ingest bench)
 */
import { parseArgs } from 'node:util';
import { buildEvent, loadEventId } from '@campus/device-sims/load';
import { GATEWAY_MIGRATIONS, type IngestEvent } from '@campus/gateway';
import { DEVICE_KINDS, type DeviceKind, deviceTopic, EVENT_STREAM_BY_KIND } from '@campus/protocol';
import { createPgDb, type Db, migrate } from '@campus/storage';
import { storeBatch } from '../gateway/src/ingest/event-repository.ts';
import { validateMessage } from '../gateway/src/ingest/validate.ts';
import { createScratchPg } from './databases.ts';
import { postgresCpuMs } from './proc.ts';
import { openCopyWriter } from './sinks/copy-writer.ts';
import { CsvBatch } from './sinks/csv-batch.ts';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '50' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const BATCHES = Number(values.batches);
const BATCH_EVENTS = 2_000;
const LIMITS = { maxPayloadBytes: 65_536, maxFutureSkewMs: 60_000, maxAgeMs: 3_600_000 };
const devices = DEVICE_KINDS.flatMap((kind) =>
  [0, 1].map((index) => ({ id: `cost-${kind}-${index}`, kind, site: 'bench', label: null, enabled: true })),
);

interface Batch {
  events: IngestEvent[];
  csv: CsvBatch;
}

let sequence = 0;
/** Events as the gateway makes them (validated device payloads) and the same rows as CSV. */
function makeBatch(runTag: string): Batch {
  const events: IngestEvent[] = [];
  const csv = new CsvBatch();
  for (let index = 0; index < BATCH_EVENTS; index += 1) {
    const device = devices[index % devices.length] as (typeof devices)[number];
    const now = Date.now();
    const payload = buildEvent(device.kind as DeviceKind, loadEventId(runTag, sequence), now, sequence, { sensorMetrics: 3 });
    sequence += 1;
    const topic = deviceTopic(device.site, device.kind, device.id, EVENT_STREAM_BY_KIND[device.kind]);
    const verdict = validateMessage(topic, Buffer.from(JSON.stringify(payload)), () => device, new Date(), LIMITS);
    if (!verdict.ok || !('event' in verdict))
      throw new Error(`the load generator made an invalid event: ${JSON.stringify(verdict)}`);
    events.push(verdict.event);
    csv.add(device.kind, device.site, device.id, payload, new Date(now).toISOString());
  }
  return { events, csv };
}

interface Writer {
  write(batch: Batch): Promise<void>;
  close?(): Promise<void>;
}

async function measure(label: string, open: (db: Db, url: string) => Promise<Writer>): Promise<number> {
  const scratch = await createScratchPg(values['pg-url'], 'cost');
  const database = new URL(scratch.url).pathname.slice(1);
  let db: Db | undefined;
  let writer: Writer | undefined;
  try {
    db = createPgDb({ connectionString: scratch.url, maxConnections: 2 });
    await migrate(db, 'gateway', GATEWAY_MIGRATIONS);
    const batches = Array.from({ length: BATCHES }, (_, index) => makeBatch(`${label.replace(/\W/g, '')}${index}`));
    writer = await open(db, scratch.url);
    const cpuBefore = postgresCpuMs(database);
    const started = performance.now();
    for (const batch of batches) await writer.write(batch);
    const wallMs = performance.now() - started;
    const cpuMs = postgresCpuMs(database) - cpuBefore;
    const events = BATCHES * BATCH_EVENTS;
    const perEvent = (cpuMs * 1000) / events;
    process.stdout.write(
      `${label.padEnd(40)} ${perEvent.toFixed(1).padStart(6)} µs/event   ${Math.round((events / wallMs) * 1000)
        .toLocaleString('en-US')
        .padStart(7)} events/s on one connection\n`,
    );
    return perEvent;
  } finally {
    await writer?.close?.();
    await db?.close();
    await scratch.drop();
  }
}

process.stdout.write(
  `PostgreSQL CPU per stored event, ${BATCHES} batches of ${BATCH_EVENTS.toLocaleString('en-US')} events (server processes, /proc)\n`,
);
const reference = await measure('reference: COPY (csv)', async (_db, url) => {
  const copy = await openCopyWriter({ kind: 'pg', url });
  return { write: (batch) => copy.write(batch.csv), close: () => copy.close() };
});
const product = await measure('product: storeBatch', async (db) => ({
  write: async (batch) => void (await db.transaction((tx) => storeBatch(tx, batch.events))),
}));
let previous: IngestEvent | undefined;
const resend = await measure('resend path: storeBatch, one resend each', async (db) => ({
  async write(batch) {
    const records = previous ? [...batch.events, previous] : batch.events;
    previous = batch.events[0];
    await db.transaction((tx) => storeBatch(tx, records));
  },
}));
process.stdout.write(
  `product = ${(product / reference).toFixed(2)}× the COPY reference's CPU per event; resend path = ${(resend / reference).toFixed(2)}×\n`,
);
