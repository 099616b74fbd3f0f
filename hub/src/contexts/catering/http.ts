import { decodeCursor } from '../../http/pagination.ts';

/** Cursor of a list ordered by a numeric id. */
export function cursorId(cursor: string | undefined): number | undefined {
  const value = decodeCursor(cursor)?.[0];
  return typeof value === 'number' ? value : undefined;
}

/** Cursor of a list ordered by a code. */
export function cursorCode(cursor: string | undefined): string | undefined {
  const value = decodeCursor(cursor)?.[0];
  return typeof value === 'string' ? value : undefined;
}

export const tags = ['catering'];
