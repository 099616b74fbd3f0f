import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVENT_TABLE_BY_KIND, GATEWAY_MIGRATIONS } from '@campus/gateway';
import { DEVICE_KINDS, type DeviceKind } from '@campus/protocol';
import { createPgDb, migrate } from '@campus/storage';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_COLUMNS, type CsvBatch } from './csv-batch.ts';
import type { DbTarget } from './db-target.ts';
import { openRawPglite } from './pglite-raw.ts';

/** Writes CSV batches with COPY, one transaction per batch, into the gateway's own tables. */
export interface CopyWriter {
  readonly method: string;
  write(batch: CsvBatch): Promise<void>;
  close(): Promise<void>;
}

const copySql = (kind: DeviceKind, source: string) =>
  `COPY ${EVENT_TABLE_BY_KIND[kind]} (${COPY_COLUMNS[kind]}) FROM ${source} WITH (FORMAT csv)`;

/** Creates the gateway's schema (same migrations, same unique indexes) and opens a writer. */
export async function openCopyWriter(target: DbTarget): Promise<CopyWriter> {
  return target.kind === 'pg' ? openPgCopyWriter(target.url) : openPgliteCopyWriter(target.dataDir);
}

async function openPgCopyWriter(url: string): Promise<CopyWriter> {
  const schemaDb = createPgDb({ connectionString: url, maxConnections: 1 });
  try {
    await migrate(schemaDb, 'gateway', GATEWAY_MIGRATIONS);
  } finally {
    await schemaDb.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    method: 'pg-copy-streams COPY FROM STDIN (csv)',
    async write(batch) {
      await client.query('BEGIN');
      try {
        for (const kind of DEVICE_KINDS) {
          const lines = batch.lines[kind];
          if (lines.length === 0) continue;
          await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(copySql(kind, 'STDIN'))));
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    },
    close: () => client.end(),
  };
}

async function openPgliteCopyWriter(dataDir: string): Promise<CopyWriter> {
  const { lite, db } = await openRawPglite(dataDir);
  await migrate(db, 'gateway', GATEWAY_MIGRATIONS);
  return {
    method: "PGlite COPY FROM '/dev/blob' (csv)",
    async write(batch) {
      await lite.transaction(async (tx) => {
        for (const kind of DEVICE_KINDS) {
          const lines = batch.lines[kind];
          if (lines.length === 0) continue;
          await tx.query(copySql(kind, "'/dev/blob'"), [], { blob: new Blob([lines.join('')]) });
        }
      });
    },
    close: () => lite.close(),
  };
}
