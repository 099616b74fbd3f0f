/**
 * Batch columns as compact text parameters for `unnest`, for the ingest hot path.
 *
 * Why not plain JS arrays: node-postgres serialises an array parameter element by element
 * (`prepareValue`, then `escapeElement`, two regular expressions per element, dates through
 * `dateToString`). At ~45,000 rows/s that was a tenth of the gateway's event loop and made the
 * statements' text twice as large as the data (profile in docs/benchmarks.md). Here a column is
 * one string built with `join`, and the SQL turns it back into an array:
 *
 * - text:       values joined by U+001F → `string_to_array($n, E'\x1f', E'\x1e')` (U+001E = NULL)
 * - numbers:    `{1.5,2}`               → `$n::float8[]` (or numeric[], bigint[])
 * - booleans:   `{t,f}`                 → `$n::boolean[]`
 * - instants:   epoch ms `{1732…,…}`    → `to_timestamp(ms / 1000.0)` (exact to the millisecond)
 *
 * Safe only for text that cannot hold U+001E/U+001F: the ids the device protocol restricts to
 * printable characters (protocol/src/events.ts), enum values, and JSON from `JSON.stringify`,
 * which escapes every control character. Free text (dead letters) keeps the driver's arrays.
 */

const SEPARATOR = '\u001f';
const NULL_MARK = '\u001e';

/** Whether `value` can travel in a `textColumn` (it holds neither mark). */
export function fitsTextColumn(value: string): boolean {
  return !value.includes(SEPARATOR) && !value.includes(NULL_MARK);
}

/** SQL turning the text parameter `$n` back into a text[] (see `textColumn`). */
export const textArray = (n: number) => `string_to_array($${n}::text, E'\\x1f', E'\\x1e')`;

/**
 * Values joined for `textArray`. An empty string would vanish when it is the only value
 * (`string_to_array('', …)` is an empty array), so it travels as NULL, like a missing value.
 */
export function textColumn(values: ReadonlyArray<string | null>): string {
  let out = '';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (i > 0) out += SEPARATOR;
    out += value === null || value === undefined || value === '' ? NULL_MARK : value;
  }
  return out;
}

export function numberColumn(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

export function booleanColumn(values: readonly boolean[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) out += i > 0 ? (values[i] ? ',t' : ',f') : values[i] ? 't' : 'f';
  return `${out}}`;
}

/** Instants as epoch milliseconds, for `to_timestamp(ms / 1000.0)` over a float8[] parameter. */
export function instantColumn(values: readonly Date[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i += 1) out += (i > 0 ? ',' : '') + (values[i] as Date).getTime();
  return `${out}}`;
}
