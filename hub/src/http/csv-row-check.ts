import type { CsvRow, Rejection } from './csv-import.ts';

/** A checked row: the typed record, or every rejection of the row. */
export type RowResult<T> = { ok: true; value: T } | { ok: false; rejected: Rejection[] };

/**
 * Collects a row's problems while its cells are read, so a row is refused with all of them at
 * once, each naming the row and the column. Used by the imports that word their messages alike
 * (the import context and the dormitories).
 */
export class RowCheck {
  readonly rejected: Rejection[] = [];
  readonly #row: CsvRow;

  constructor(row: CsvRow) {
    this.#row = row;
  }

  /** The trimmed cell, or undefined when empty. */
  optional(key: string, max = 200): string | undefined {
    const value = this.#row.values[key]?.trim() ?? '';
    if (value === '') return undefined;
    if (value.length > max) this.refuse(key, `is longer than ${max} characters`);
    return value;
  }

  required(key: string, max = 200): string {
    const value = this.optional(key, max);
    if (value === undefined) this.refuse(key, 'is required');
    return value ?? '';
  }

  pattern(key: string, value: string | undefined, re: RegExp, what: string): void {
    if (value !== undefined && value !== '' && !re.test(value)) this.refuse(key, `must be ${what}`);
  }

  refuse(field: string, reason: string): void {
    this.rejected.push({ row: this.#row.row, field, reason });
  }

  result<T>(value: T): RowResult<T> {
    return this.rejected.length > 0 ? { ok: false, rejected: this.rejected } : { ok: true, value };
  }
}
