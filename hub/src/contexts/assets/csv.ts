/**
 * CSV for finance (AST-7 reports): RFC 4180 quoting, CRLF, a BOM so spreadsheet programs read
 * UTF-8 (Chinese names), and text cells that would start a formula are defused with a leading
 * apostrophe (CSV injection, OWASP).
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
