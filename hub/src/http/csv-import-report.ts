import type { CsvRow, ParsedCsv, Rejection } from './csv-import.ts';
import type { ImportOutcome } from './csv-import-store.ts';
import type { RowResult } from './csv-row-check.ts';

/** The report every CSV import answers with, before its own additions. */
export interface ImportReportBase<K extends string> extends ImportOutcome {
  kind: K;
  dryRun: boolean;
  /** Records below the header, refused ones included. */
  total: number;
}

/** A fresh report for a parsed file: every record below the header counted, the format's refusals kept. */
export function openImportReport<K extends string>(
  kind: K,
  dryRun: boolean,
  parsed: Pick<ParsedCsv, 'rows' | 'rejected'>,
): ImportReportBase<K> {
  return {
    kind,
    dryRun,
    imported: false,
    total: parsed.rows.length + parsed.rejected.filter((r) => r.row > 1).length,
    accepted: 0,
    rejected: [...parsed.rejected],
    ids: [],
  };
}

/** The file itself was refused (its header, line 1): there are no rows to check. */
export function fileRefused(report: { rejected: readonly Rejection[] }): boolean {
  return report.rejected.some((r) => r.row <= 1);
}

/** Every row's format first, so the report lists all problems of the file at once. */
export function checkImportRows<R>(
  rows: readonly CsvRow[],
  check: (row: CsvRow) => RowResult<R>,
  report: { rejected: Rejection[] },
): Array<{ row: number; record: R }> {
  const valid: Array<{ row: number; record: R }> = [];
  for (const row of rows) {
    const checked = check(row);
    if (checked.ok) valid.push({ row: row.row, record: checked.value });
    else report.rejected.push(...checked.rejected);
  }
  return valid;
}
