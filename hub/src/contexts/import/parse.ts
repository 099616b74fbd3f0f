import { CsvError, parse } from 'csv-parse/sync';
import { columnOf, IMPORT_COLUMNS, type ImportKind } from './columns.ts';

/** One refused row of an import: the file's line number (the header is line 1), the column, why. */
export interface Rejection {
  row: number;
  field: string;
  reason: string;
}

export interface CsvRow {
  /** Line of the file where the record ends (its spreadsheet row when no cell spans lines). */
  row: number;
  values: Record<string, string>;
}

interface InfoRecord {
  record: string[];
  info: { lines: number };
}

function isInfoRecord(value: unknown): value is InfoRecord {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return (
    Array.isArray(record) &&
    record.every((cell) => typeof cell === 'string') &&
    typeof info === 'object' &&
    info !== null &&
    'lines' in info &&
    typeof info.lines === 'number'
  );
}

/** A file of 20,000 rows imports in well under a minute on the embedded database. */
export const MAX_IMPORT_ROWS = 20_000;

/**
 * Parses a CSV of `kind` into rows keyed by column key. Every header and shape problem is
 * reported at once; rows with a wrong number of cells are refused, the others kept for validation.
 */
export function parseImportCsv(kind: ImportKind, text: string): { rows: CsvRow[]; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  let records: InfoRecord[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its typings do not say so, the guard checks.
    const parsed: unknown[] = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
    records = parsed.filter(isInfoRecord);
    if (records.length !== parsed.length) throw new Error('csv-parse returned records without info');
  } catch (err) {
    if (err instanceof CsvError) {
      const line = err.lines;
      return {
        rows: [],
        rejected: [{ row: typeof line === 'number' ? line : 0, field: 'file', reason: `not readable as CSV: ${err.message}` }],
      };
    }
    throw err;
  }
  const [head, ...body] = records;
  if (!head) return { rows: [], rejected: [{ row: 1, field: 'file', reason: 'is empty; the first row names the columns' }] };
  const keys = head.record.map((header) => columnOf(kind, header));
  head.record.forEach((header, index) => {
    if (keys[index] === undefined)
      rejected.push({ row: 1, field: header || `column ${index + 1}`, reason: 'is not a column of this import' });
  });
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (key === undefined) return;
    if (seen.has(key)) rejected.push({ row: 1, field: head.record[index] ?? key, reason: `names column ${key} a second time` });
    seen.add(key);
  });
  for (const spec of IMPORT_COLUMNS[kind]) {
    if (spec.required && !seen.has(spec.key)) rejected.push({ row: 1, field: spec.key, reason: 'required column is missing' });
  }
  if (body.length === 0) rejected.push({ row: 1, field: 'file', reason: 'has no rows below the header' });
  if (body.length > MAX_IMPORT_ROWS)
    rejected.push({
      row: 1,
      field: 'file',
      reason: `has ${body.length} rows; split it into files of at most ${MAX_IMPORT_ROWS}`,
    });
  if (rejected.length > 0) return { rows: [], rejected };
  const rows: CsvRow[] = [];
  for (const { record, info } of body) {
    if (record.length !== keys.length) {
      rejected.push({ row: info.lines, field: 'row', reason: `has ${record.length} cells, the header has ${keys.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    keys.forEach((key, index) => {
      if (key !== undefined) values[key] = record[index] ?? '';
    });
    rows.push({ row: info.lines, values });
  }
  return { rows, rejected };
}
