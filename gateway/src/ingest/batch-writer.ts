import { isUnavailableError } from '@campus/storage';
import type { Logger } from 'pino';
import type { StoreResult } from './event-repository.ts';
import type { DeadLetter, IngestRecord } from './records.ts';
import type { Spool } from './spool.ts';

export interface BatchWriterOptions {
  /** Writes one batch atomically. */
  store(records: readonly IngestRecord[]): Promise<StoreResult>;
  spool: Spool;
  maxBatch: number;
  lingerMs: number;
  retryMs: number;
  log: Logger;
  onStored(result: StoreResult, batchSize: number, from: 'live' | 'spool'): void;
  onSpooled(batchSize: number): void;
}

interface Pending {
  record: IngestRecord;
  resolve(): void;
}

/**
 * Group commit with store-and-forward. `submit` resolves once the record is durable: committed
 * to the database, or written to the spool while the database is unreachable. Sources hold
 * the device's PUBACK until then, so nothing acknowledged is lost.
 *
 * Only one batch is written at a time; what arrives meanwhile forms the next batch, which goes
 * when full or after `lingerMs` (0: at the end of the event-loop turn). Light traffic thus
 * commits with one round trip of latency, heavy traffic in large batches.
 * While the spool holds anything, new batches join it behind the older ones to keep order.
 */
export class BatchWriter {
  readonly #options: BatchWriterOptions;
  readonly #queue: Pending[] = [];
  #flushing = false;
  #cancelTimer: (() => void) | undefined;
  #replaying: Promise<void> | undefined;
  #stopping = false;

  constructor(options: BatchWriterOptions) {
    this.#options = options;
  }

  get queued(): number {
    return this.#queue.length;
  }

  get replaying(): boolean {
    return this.#replaying !== undefined;
  }

  async start(): Promise<void> {
    this.#stopping = false;
    if (!this.#options.spool.isEmpty) this.#ensureReplay();
  }

  submit(record: IngestRecord): Promise<void> {
    return new Promise((resolve) => {
      this.#queue.push({ record, resolve });
      this.#kick();
    });
  }

  /** Writes out everything queued (to the database or the spool) and stops retrying. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#clearTimer();
    while (this.#queue.length > 0 || this.#flushing) {
      if (!this.#flushing) await this.#flush();
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.#replaying;
  }

  #kick(): void {
    if (this.#flushing || this.#queue.length === 0) return;
    if (this.#queue.length >= this.#options.maxBatch) {
      void this.#flush();
    } else if (!this.#cancelTimer) {
      // Linger 0 still waits for the end of this event-loop turn, so every message of the
      // socket reads being processed now joins the batch.
      if (this.#options.lingerMs === 0) {
        const immediate = setImmediate(() => void this.#flush());
        this.#cancelTimer = () => clearImmediate(immediate);
      } else {
        const timeout = setTimeout(() => void this.#flush(), this.#options.lingerMs);
        this.#cancelTimer = () => clearTimeout(timeout);
      }
    }
  }

  #clearTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  async #flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    this.#clearTimer();
    const batch = this.#queue.splice(0, this.#options.maxBatch);
    try {
      await this.#persist(batch.map((pending) => pending.record));
      for (const pending of batch) pending.resolve();
    } catch (err) {
      // Neither the database nor the spool took the batch (spool full or disk failing):
      // keep it at the head of the queue, unacknowledged, and try again shortly.
      this.#queue.unshift(...batch);
      this.#options.log.error({ err, batch: batch.length }, 'batch neither stored nor spooled; holding publishers');
      await new Promise((resolve) => setTimeout(resolve, this.#options.retryMs));
    } finally {
      this.#flushing = false;
    }
    if (!this.#stopping || this.#queue.length > 0) this.#kick();
  }

  async #persist(records: IngestRecord[]): Promise<void> {
    const { spool } = this.#options;
    if (!spool.isEmpty) {
      await this.#spool(records);
      return;
    }
    try {
      this.#options.onStored(await this.#options.store(records), records.length, 'live');
    } catch (err) {
      if (isUnavailableError(err)) {
        this.#options.log.warn({ err: String(err) }, 'database unreachable: spooling accepted events');
        await this.#spool(records);
      } else {
        await this.#storeOneByOne(records, 'live', err);
      }
    }
  }

  async #spool(records: IngestRecord[]): Promise<void> {
    await this.#options.spool.append(records);
    this.#options.onSpooled(records.length);
    this.#ensureReplay();
  }

  /**
   * A batch the database refused for its content, not its availability: find the records it
   * refuses and keep each as a dead letter with the database's reason, so one bad record
   * never blocks or loses the others.
   */
  async #storeOneByOne(records: IngestRecord[], from: 'live' | 'spool', batchError: unknown): Promise<void> {
    this.#options.log.error({ err: batchError, batch: records.length }, 'database refused a batch; storing record by record');
    for (const [index, record] of records.entries()) {
      try {
        this.#options.onStored(await this.#options.store([record]), 1, from);
      } catch (err) {
        if (isUnavailableError(err)) {
          await this.#spool(records.slice(index));
          return;
        }
        const dead = toDeadLetter(record, err);
        try {
          this.#options.onStored(await this.#options.store([dead]), 1, from);
        } catch (deadErr) {
          // Last resort: the record goes to the log in full rather than vanish silently.
          this.#options.log.error({ err: deadErr, record: dead }, 'record refused by the database even as a dead letter');
        }
      }
    }
  }

  #ensureReplay(): void {
    if (this.#replaying !== undefined) return;
    this.#replaying = this.#replay().finally(() => {
      this.#replaying = undefined;
      if (!this.#options.spool.isEmpty && !this.#stopping) this.#ensureReplay();
    });
  }

  async #replay(): Promise<void> {
    const { spool, log } = this.#options;
    while (!spool.isEmpty) {
      const records = await spool.peekOldest();
      if (!records) break;
      try {
        this.#options.onStored(await this.#options.store(records), records.length, 'spool');
        await spool.removeOldest();
      } catch (err) {
        if (!isUnavailableError(err)) {
          await this.#storeOneByOne(records, 'spool', err);
          await spool.removeOldest();
          continue;
        }
        if (this.#stopping) return;
        log.debug({ err: String(err), depth: spool.depth }, 'database still unreachable');
        await new Promise((resolve) => setTimeout(resolve, this.#options.retryMs));
        if (this.#stopping) return;
      }
    }
    log.info('spool drained: database writes are live again');
  }
}

function toDeadLetter(record: IngestRecord, err: unknown): DeadLetter {
  const reason = err instanceof Error ? err.message : String(err);
  if (record.kind === 'dead_letter') {
    // A dead letter the database refuses (e.g. a NUL byte in text) is kept with its text made safe.
    return {
      ...record,
      detail: `${record.detail} [stored after: ${reason}]`.replaceAll('\u0000', ''),
      topic: record.topic.replaceAll('\u0000', ''),
    };
  }
  return {
    kind: 'dead_letter',
    receivedAt: record.receivedAt,
    deviceId: record.deviceId,
    topic: `${record.site}/${record.kind}/${record.deviceId}`,
    reason: 'storage_rejected',
    detail: reason.slice(0, 500),
    payload: Buffer.from(JSON.stringify(record).replaceAll('\\u0000', '')),
  };
}
