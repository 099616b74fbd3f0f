import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '@campus/storage';
import type { Actor } from '../actor.ts';
import { type AuditContext, recordAudit } from '../contexts/audit/repository.ts';
import { AppError } from '../errors.ts';
import type { Rejection } from './csv-import.ts';

/** Thrown to roll the transaction back on purpose (dry run, or any row refused). */
class Rollback extends Error {}

/** Integrity violations (SQLSTATE class 23) are the row's fault; anything else is ours. */
function isIntegrityError(err: unknown): err is Error {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('23');
}

/** The parts of an import's report the storing phase fills in. */
export interface ImportOutcome {
  /** True only when every row was stored. */
  imported: boolean;
  accepted: number;
  rejected: Rejection[];
  /** Ids of what was stored (or, in a dry run, would be). */
  ids: string[];
}

export interface StoreRowsOptions<R> {
  actor: Actor;
  context: AuditContext;
  dryRun: boolean;
  /** What the batch's audit entry names: the import kind and the uploaded file's name. */
  batch: { kind: string; source: string | undefined };
  /** Stores one record through the owning service; returns the id of what was stored. */
  store: (tx: Queryable, record: R) => Promise<string>;
  /** The CSV column holding a service error's field, so the report names the column. */
  columnOf: (field: string) => string;
}

/**
 * The storing phase of a CSV import (SYS-3), after the format checks: all rows in one
 * transaction through the owning services (references, uniqueness, audit), each behind a
 * savepoint so one bad row is reported without hiding the others. If any row is refused (by
 * the format checks already in `report.rejected`, or now), or on a dry run, the transaction
 * rolls back: nothing is half-imported. Rejections end up sorted by row.
 */
export async function storeImportRows<R>(
  db: Db,
  report: ImportOutcome,
  rows: ReadonlyArray<{ row: number; record: R }>,
  options: StoreRowsOptions<R>,
): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      for (const { row, record } of rows) {
        await tx.query('SAVEPOINT import_row');
        try {
          report.ids.push(await options.store(tx, record));
          await tx.query('RELEASE SAVEPOINT import_row');
        } catch (err) {
          await tx.query('ROLLBACK TO SAVEPOINT import_row');
          if (err instanceof AppError && err.statusCode < 500) {
            const reason = err.field ? err.message.slice(err.field.length + 2) : err.message;
            report.rejected.push({ row, field: err.field ? options.columnOf(err.field) : 'row', reason });
          } else if (isIntegrityError(err)) {
            report.rejected.push({ row, field: 'row', reason: `refused by the database: ${err.message}` });
          } else throw err;
        }
      }
      report.accepted = report.ids.length;
      if (report.rejected.length > 0 || options.dryRun) throw new Rollback();
      // One batch entry ties the per-record entries (each service writes its own) to this file.
      await recordAudit(
        tx,
        options.actor,
        {
          action: 'import.completed',
          entityType: 'import',
          entityId: randomUUID(),
          after: { kind: options.batch.kind, source: options.batch.source ?? null, rows: report.ids.length, ids: report.ids },
        },
        options.context,
      );
    });
    report.imported = true;
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  report.rejected.sort((a, b) => a.row - b.row);
}
