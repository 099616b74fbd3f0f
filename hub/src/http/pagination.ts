import Type, { type Static, type TSchema } from 'typebox';

/** Keyset pagination for every list: `limit` and an opaque `cursor` from the previous page. */
export const PageQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});
export type PageQuery = Static<typeof PageQuerySchema>;

export function PageSchema<Item extends TSchema>(item: Item) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** @returns the cursor's values, or undefined for a malformed cursor (treated as the first page). */
export function decodeCursor(cursor: string | undefined): Array<string | number> | undefined {
  if (!cursor) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {}
  return undefined;
}

/** Splits a `limit + 1` query result into a page and the cursor of the next one. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  cursorOf: (row: Row) => ReadonlyArray<string | number>,
): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(present), nextCursor: more && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
