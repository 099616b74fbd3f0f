import { type CsvRow, type ParsedCsv, parseCsvImport, type Rejection } from '../../http/csv-import.ts';
import { IMPORT_COLUMNS, type ImportKind } from './columns.ts';

export type { CsvRow, Rejection };

/** A file of 20,000 rows imports in well under a minute on the embedded database. */
export const MAX_IMPORT_ROWS = 20_000;

/**
 * Parses a CSV of `kind` into rows keyed by column key. Every header and shape problem is
 * reported at once; rows with a wrong number of cells are refused, the others kept for validation.
 */
export function parseImportCsv(kind: ImportKind, text: string): ParsedCsv {
  return parseCsvImport(text, {
    columns: IMPORT_COLUMNS[kind],
    maxRows: MAX_IMPORT_ROWS,
    tooManyRows: (max) => `has more than ${max} rows; split it into files of at most ${max}`,
  });
}
