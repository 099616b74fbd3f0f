import { CsvError, parse } from 'csv-parse/sync';
import { type ColumnSpec, columnKeyOf } from './csv-columns.ts';

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

export interface CsvImportFormat {
  columns: readonly ColumnSpec[];
  maxRows: number;
  /** The reason given for a file of more than `maxRows` rows: each context words its own advice. */
  tooManyRows: (maxRows: number) => string;
}

export interface ParsedCsv {
  rows: CsvRow[];
  rejected: Rejection[];
  /**
   * Records below the header, refused ones included; 0 when the file is unreadable or empty;
   * maxRows + 1 when the file has more (it is not read further).
   */
  total: number;
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

/**
 * Parses an import CSV into rows keyed by column key. Every header and shape problem is
 * reported at once, header problems in column order; when the header is wrong no row is
 * returned, otherwise rows with a wrong number of cells are refused and the others kept for
 * the context's own row checks.
 */
export function parseCsvImport(text: string, format: CsvImportFormat): ParsedCsv {
  let records: InfoRecord[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its typings do not say so, the guard checks.
    const parsed: unknown[] = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
      // The header, maxRows rows and one more to tell the file is too long: parsing all of a
      // long file first held hundreds of MB (300,000 rows: ~450 MB) only to refuse it.
      to: format.maxRows + 2,
    });
    records = parsed.filter(isInfoRecord);
    if (records.length !== parsed.length) throw new Error('csv-parse returned records without info');
  } catch (err) {
    if (err instanceof CsvError) {
      const line = err.lines;
      return {
        rows: [],
        total: 0,
        rejected: [{ row: typeof line === 'number' ? line : 0, field: 'file', reason: `not readable as CSV: ${err.message}` }],
      };
    }
    throw err;
  }
  const [head, ...body] = records;
  if (!head)
    return { rows: [], total: 0, rejected: [{ row: 1, field: 'file', reason: 'is empty; the first row names the columns' }] };
  const rejected: Rejection[] = [];
  const keys = head.record.map((header) => columnKeyOf(format.columns, header));
  const seen = new Set<string>();
  head.record.forEach((header, index) => {
    const key = keys[index];
    if (key === undefined)
      rejected.push({ row: 1, field: header || `column ${index + 1}`, reason: 'is not a column of this import' });
    else if (seen.has(key)) rejected.push({ row: 1, field: header, reason: `names column ${key} a second time` });
    else seen.add(key);
  });
  for (const spec of format.columns) {
    if (spec.required && !seen.has(spec.key)) rejected.push({ row: 1, field: spec.key, reason: 'required column is missing' });
  }
  if (body.length === 0) rejected.push({ row: 1, field: 'file', reason: 'has no rows below the header' });
  if (body.length > format.maxRows) rejected.push({ row: 1, field: 'file', reason: format.tooManyRows(format.maxRows) });
  if (rejected.length > 0) return { rows: [], rejected, total: body.length };
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
  return { rows, rejected, total: body.length };
}
