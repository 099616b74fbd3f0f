import Type from 'typebox';

/**
 * The columns of a CSV import (SYS-3). Each context keeps its own list; they share the
 * conventions: one header row, names match case-insensitively, and the Chinese headers of the
 * school's existing spreadsheets are accepted as aliases.
 */
export interface ColumnSpec {
  key: string;
  aliases: readonly string[];
  required: boolean;
  description: string;
}

export const column = (key: string, aliases: string[], required: boolean, description: string): ColumnSpec => ({
  key,
  aliases,
  required,
  description,
});

/** Column key of a header cell, or undefined for an unknown column. */
export function columnKeyOf(columns: readonly ColumnSpec[], header: string): string | undefined {
  const wanted = header.trim().toLowerCase();
  return columns.find((c) => c.key === wanted || c.aliases.some((a) => a.toLowerCase() === wanted))?.key;
}

/** How the `…/columns` endpoints describe a column, so clients can build a template. */
export const ColumnSpecSchema = Type.Object({
  key: Type.String(),
  aliases: Type.Array(Type.String()),
  required: Type.Boolean(),
  description: Type.String(),
});

/** The columns as the response schema wants them (a mutable copy of the readonly aliases). */
export function describeColumns(columns: readonly ColumnSpec[]) {
  return columns.map((c) => ({ ...c, aliases: [...c.aliases] }));
}
