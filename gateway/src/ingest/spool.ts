import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestRecord } from './records.ts';

/**
 * Store-and-forward spool: batches accepted while the database is unreachable, one file per
 * batch, replayed oldest first. A file is written to a temporary name, fsynced and renamed,
 * so a crash leaves either a whole batch or none. Replay is idempotent (the event tables'
 * unique keys absorb a batch written twice), so deleting after commit is enough.
 */
export class Spool {
  readonly #dir: string;
  readonly #maxBytes: number;
  #files: string[] = [];
  #bytes = 0;
  #rows = 0;
  #sequence = 0;

  constructor(dir: string, maxBytes: number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
  }

  async open(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const names = (await readdir(this.#dir)).filter((name) => name.endsWith('.batch')).sort();
    this.#files = names;
    this.#bytes = 0;
    this.#rows = 0;
    for (const name of names) {
      const info = await stat(join(this.#dir, name));
      this.#bytes += info.size;
      this.#rows += rowsInName(name);
    }
    const last = names.at(-1);
    this.#sequence = last ? Number.parseInt(last.slice(0, 16), 10) : 0;
  }

  get isEmpty(): boolean {
    return this.#files.length === 0;
  }

  get depth(): { batches: number; rows: number; bytes: number } {
    return { batches: this.#files.length, rows: this.#rows, bytes: this.#bytes };
  }

  /** @throws SpoolFullError when the batch would exceed the bound; nothing is written then. */
  async append(records: readonly IngestRecord[]): Promise<void> {
    const body = Buffer.from(JSON.stringify(records.map(encodeRecord)));
    if (this.#bytes + body.length > this.#maxBytes) throw new SpoolFullError(this.#bytes, this.#maxBytes);
    this.#sequence += 1;
    const name = `${String(this.#sequence).padStart(16, '0')}-${records.length}.batch`;
    const temporary = join(this.#dir, `${name}.tmp`);
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(body);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(this.#dir, name));
    this.#files.push(name);
    this.#bytes += body.length;
    this.#rows += records.length;
  }

  /** The oldest batch, left in place until `removeOldest`. */
  async peekOldest(): Promise<IngestRecord[] | undefined> {
    const name = this.#files[0];
    if (!name) return undefined;
    const raw = JSON.parse(await readFile(join(this.#dir, name), 'utf8')) as EncodedRecord[];
    return raw.map(decodeRecord);
  }

  async removeOldest(): Promise<void> {
    const name = this.#files.shift();
    if (!name) return;
    const path = join(this.#dir, name);
    const info = await stat(path);
    await unlink(path);
    this.#bytes -= info.size;
    this.#rows -= rowsInName(name);
  }
}

export class SpoolFullError extends Error {
  constructor(bytes: number, maxBytes: number) {
    super(`spool is full (${bytes} of ${maxBytes} bytes)`);
    this.name = 'SpoolFullError';
  }
}

function rowsInName(name: string): number {
  const match = /-(\d+)\.batch$/.exec(name);
  return match ? Number(match[1]) : 0;
}

type EncodedRecord = Record<string, unknown> & { kind: IngestRecord['kind'] };

function encodeRecord(record: IngestRecord): EncodedRecord {
  if (record.kind === 'dead_letter') return { ...record, payload: record.payload.toString('base64') };
  return { ...record };
}

function decodeRecord(raw: EncodedRecord): IngestRecord {
  if (raw.kind === 'dead_letter') {
    return {
      ...(raw as unknown as IngestRecord),
      receivedAt: new Date(raw.receivedAt as string),
      payload: Buffer.from(raw.payload as string, 'base64'),
    } as IngestRecord;
  }
  return {
    ...(raw as unknown as IngestRecord),
    ts: new Date(raw.ts as string),
    receivedAt: new Date(raw.receivedAt as string),
  } as IngestRecord;
}
