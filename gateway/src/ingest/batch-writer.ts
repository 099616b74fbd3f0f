import { isUnavailableError } from '@campus/storage';
import type { Logger } from 'pino';
import type { StoreResult } from './event-repository.ts';
import type { DeadLetter, IngestRecord } from './records.ts';
import type { Spool } from './spool.ts';

export interface BatchWriterOptions {
  /**
   * Writes one batch atomically. `beforeCommit` runs inside the transaction after the rows are
   * written and before COMMIT; if it throws, the transaction rolls back and `store` rejects.
   */
  store(records: readonly IngestRecord[], beforeCommit?: () => Promise<void>): Promise<StoreResult>;
  spool: Spool;
  maxBatch: number;
  lingerMs: number;
  /** Batches written at the same time (each in its own transaction; they still commit in order). */
  maxInFlight?: number;
  retryMs: number;
  log: Logger;
  onStored(result: StoreResult, batchSize: number, from: 'live' | 'spool'): void;
  onSpooled(batchSize: number): void;
}

interface Pending {
  record: IngestRecord;
  resolve(): void;
}

/** How a batch ended: durable (stored or spooled), or held back unacknowledged to be retried. */
type Outcome = 'durable' | 'held';

/** A batch may not commit before the one before it, which went to the spool or was held. */
class OutOfTurn extends Error {
  readonly held: boolean;
  constructor(held: boolean) {
    super(held ? 'the batch before this one was held back' : 'the spool holds older batches');
    this.held = held;
  }
}

/**
 * Group commit with store-and-forward. `submit` resolves once the record is durable: committed
 * to the database, or written to the spool while the database is unreachable. Sources hold
 * the device's PUBACK until then, so nothing acknowledged is lost.
 *
 * Up to `maxInFlight` batches are written at once, each in its own transaction, while what
 * arrives meanwhile forms the next batch (full, or after `lingerMs`; 0: at the end of the
 * event-loop turn). Light traffic thus commits with one round trip of latency, heavy traffic in
 * large batches that overlap their round trips. Receive order still holds wherever it is seen:
 * a batch commits only after the batch before it has committed or been spooled, so the tables,
 * `onStored` (the rules' live feed) and the spool all see batches in the order they were formed.
 * While the spool holds anything, new batches join it behind the older ones.
 */
export class BatchWriter {
  readonly #options: BatchWriterOptions;
  readonly #queue: Pending[] = [];
  readonly #maxInFlight: number;
  #inFlight = 0;
  /** Settles when the most recently started batch has; the next batch waits for it to commit. */
  #tail: Promise<Outcome> = Promise.resolve('durable');
  #sequence = 0;
  /** Batches that neither the database nor the spool took, waiting to be retried in order. */
  readonly #held: Array<{ sequence: number; batch: Pending[] }> = [];
  #retrying = false;
  #cancelTimer: (() => void) | undefined;
  #replaying: Promise<void> | undefined;
  #stopping = false;

  constructor(options: BatchWriterOptions) {
    this.#options = options;
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** Records waiting for a batch (not those being written). */
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
    while (this.#queue.length > 0 || this.#inFlight > 0 || this.#retrying) {
      if (this.#inFlight < this.#maxInFlight && this.#queue.length > 0 && !this.#retrying) this.#startBatch();
      else await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await this.#replaying;
  }

  #kick(): void {
    if (this.#inFlight >= this.#maxInFlight || this.#queue.length === 0 || this.#retrying || this.#held.length > 0) return;
    if (this.#queue.length >= this.#options.maxBatch) {
      this.#startBatch();
    } else if (!this.#cancelTimer) {
      // Linger 0 still waits for the end of this event-loop turn, so every message of the
      // socket reads being processed now joins the batch.
      if (this.#options.lingerMs === 0) {
        const immediate = setImmediate(() => this.#startBatch());
        this.#cancelTimer = () => clearImmediate(immediate);
      } else {
        const timeout = setTimeout(() => this.#startBatch(), this.#options.lingerMs);
        this.#cancelTimer = () => clearTimeout(timeout);
      }
    }
  }

  #clearTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  #startBatch(): void {
    this.#clearTimer();
    if (this.#inFlight >= this.#maxInFlight || this.#queue.length === 0 || this.#retrying || this.#held.length > 0) return;
    const batch = this.#queue.splice(0, this.#options.maxBatch);
    const sequence = this.#sequence++;
    const previous = this.#tail;
    this.#inFlight += 1;
    const outcome = this.#write(batch, sequence, previous);
    this.#tail = outcome;
    void outcome.then(() => {
      this.#inFlight -= 1;
      if (this.#inFlight === 0 && this.#held.length > 0) this.#retryHeld();
      else this.#kick();
    });
    // More may go at once: a full queue starts the next batch now, its transaction overlapping.
    this.#kick();
  }

  /** Never rejects: a batch ends durable, or held (unacknowledged) for a retry in order. */
  async #write(batch: Pending[], sequence: number, previous: Promise<Outcome>): Promise<Outcome> {
    try {
      await this.#persist(
        batch.map((pending) => pending.record),
        previous,
      );
      for (const pending of batch) pending.resolve();
      return 'durable';
    } catch (err) {
      if (!(err instanceof OutOfTurn)) {
        // Neither the database nor the spool took the batch (spool full or disk failing): keep
        // it, unacknowledged, and try again shortly; the batches after it wait behind it.
        this.#options.log.error({ err, batch: batch.length }, 'batch neither stored nor spooled; holding publishers');
      }
      this.#held.push({ sequence, batch });
      return 'held';
    }
  }

  /** Puts the held batches back at the head of the queue in their order and retries after a pause. */
  #retryHeld(): void {
    const held = this.#held.splice(0).sort((a, b) => a.sequence - b.sequence);
    this.#queue.unshift(...held.flatMap((entry) => entry.batch));
    // Nothing is in flight now: the retried batches start a new chain.
    this.#tail = Promise.resolve('durable');
    this.#retrying = true;
    setTimeout(() => {
      this.#retrying = false;
      this.#kick();
    }, this.#options.retryMs);
  }

  async #persist(records: IngestRecord[], previous: Promise<Outcome>): Promise<void> {
    const { spool } = this.#options;
    const inTurn = async () => {
      if ((await previous) === 'held') throw new OutOfTurn(true);
    };
    if (!spool.isEmpty) {
      await inTurn();
      await this.#spool(records);
      return;
    }
    try {
      const result = await this.#options.store(records, async () => {
        await inTurn();
        if (!spool.isEmpty) throw new OutOfTurn(false);
      });
      this.#options.onStored(result, records.length, 'live');
    } catch (err) {
      // Whatever happened, this batch's outcome follows the one before it.
      await inTurn();
      if (err instanceof OutOfTurn || isUnavailableError(err)) {
        if (!(err instanceof OutOfTurn)) {
          this.#options.log.warn({ err: String(err) }, 'database unreachable: spooling accepted events');
        }
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
