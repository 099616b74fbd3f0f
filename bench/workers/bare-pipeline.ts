import type { Socket } from 'node:net';
import { runTagOf } from '@campus/device-sims/load';
import {
  ALL_DEVICE_TOPICS,
  type DeviceEventByKind,
  type DeviceKind,
  EVENT_SCHEMA_BY_KIND,
  parseDeviceTopic,
} from '@campus/protocol';
import mqtt from 'mqtt';
import { Compile } from 'typebox/compile';
import { openCopyWriter } from '../sinks/copy-writer.ts';
import { CsvBatch } from '../sinks/csv-batch.ts';
import type { DbTarget } from '../sinks/db-target.ts';
import { CommitTracker } from '../tracker.ts';
import { serveWorker } from './serve.ts';

/**
 * Reference (c): the least an ingest pipeline must do. One subscriber on the bare broker
 * parses each message, validates it with the same compiled TypeBox schemas, and COPYs group
 * commits (the product's batch bound and linger) into the gateway's tables. No auth,
 * no registry, no dead letters, no metrics, no spool; acknowledgements do not wait for commits.
 */

export interface PipelineArgs {
  brokerPort: number;
  qos: 0 | 1;
  target: DbTarget;
  maxBatch: number;
  lingerMs: number;
  /** Events buffered before the subscriber stops reading (backpressure to the broker). */
  maxQueued: number;
}

interface Batch {
  csv: CsvBatch;
  runTags: string[];
  publishedAt: number[];
}

const VALIDATORS = {
  gate: Compile(EVENT_SCHEMA_BY_KIND.gate),
  terminal: Compile(EVENT_SCHEMA_BY_KIND.terminal),
  scale: Compile(EVENT_SCHEMA_BY_KIND.scale),
  sensor: Compile(EVENT_SCHEMA_BY_KIND.sensor),
};

const newBatch = (): Batch => ({ csv: new CsvBatch(), runTags: [], publishedAt: [] });

await serveWorker<PipelineArgs, { method: string }>(async (args) => {
  const writer = await openCopyWriter(args.target);
  const tracker = new CommitTracker();
  const full: Batch[] = [];
  let open = newBatch();
  let queued = 0;
  let rejected = 0;
  let flushing = false;
  /** Cancels the flush already scheduled, if any. */
  let scheduled: (() => void) | undefined;
  let held: Array<() => void> = [];

  const ingest = (topicText: string, payload: Buffer) => {
    const topic = parseDeviceTopic(topicText);
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      rejected += 1;
      return;
    }
    if (!topic || !VALIDATORS[topic.kind].Check(body)) {
      rejected += 1;
      return;
    }
    const event = body as DeviceEventByKind[DeviceKind];
    open.csv.add(topic.kind, topic.site, topic.deviceId, event, new Date().toISOString());
    open.runTags.push(runTagOf(String(event.eventId)) ?? 'other');
    open.publishedAt.push(typeof event.ts === 'number' ? event.ts : Date.parse(event.ts));
    queued += 1;
    if (open.csv.events >= args.maxBatch) {
      full.push(open);
      open = newBatch();
    }
    kick();
  };

  // The product's group-commit rule: a full batch goes at once, otherwise after the linger
  // (0: at the end of the event-loop turn), one transaction at a time.
  const kick = () => {
    if (flushing || queued === 0) return;
    if (full.length > 0) {
      void flush();
    } else if (!scheduled && args.lingerMs === 0) {
      const handle = setImmediate(() => void flush());
      scheduled = () => clearImmediate(handle);
    } else if (!scheduled) {
      const handle = setTimeout(() => void flush(), args.lingerMs);
      scheduled = () => clearTimeout(handle);
    }
  };

  const flush = async () => {
    scheduled?.();
    scheduled = undefined;
    const batch = full.shift() ?? open;
    if (batch === open) open = newBatch();
    if (batch.csv.events === 0) return;
    flushing = true;
    try {
      await writer.write(batch.csv);
      const now = Date.now();
      const perRun = new Map<string, number>();
      batch.runTags.forEach((runTag, index) => {
        tracker.latency(runTag, now - (batch.publishedAt[index] ?? now));
        perRun.set(runTag, (perRun.get(runTag) ?? 0) + 1);
      });
      for (const [runTag, events] of perRun) {
        tracker.committed(runTag, events, Math.round((batch.csv.rows * events) / batch.csv.events), now);
      }
    } catch (err) {
      process.stderr.write(`bare pipeline: batch of ${batch.csv.events} lost: ${String(err)}\n`);
    } finally {
      queued -= batch.csv.events;
      flushing = false;
    }
    if (queued < args.maxQueued) {
      const release = held;
      held = [];
      for (const done of release) done();
    }
    kick();
  };

  const client = await mqtt.connectAsync({
    host: '127.0.0.1',
    port: args.brokerPort,
    protocolVersion: 4,
    clientId: 'bench-pipeline',
    clean: true,
    reconnectPeriod: 0,
  });
  (client.stream as unknown as Socket).setNoDelay(true);
  // mqtt.js reads the next packet only after this callback: holding it is the backpressure.
  client.handleMessage = (packet, done) => {
    ingest(packet.topic, packet.payload as Buffer);
    if (queued >= args.maxQueued) held.push(() => done());
    else done();
  };
  await client.subscribeAsync(ALL_DEVICE_TOPICS, { qos: args.qos });

  return {
    info: { method: writer.method },
    methods: {
      progress: (params) => tracker.events((params as { runTag: string }).runTag),
      collect: (params) => ({ stats: tracker.take((params as { runTag: string }).runTag), rejected }),
    },
    async stop() {
      await client.endAsync(true);
      while (queued > 0 || flushing) {
        if (!flushing) await flush();
        else await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await writer.close();
    },
  };
});
