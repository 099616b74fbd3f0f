import type { Queryable } from '@campus/storage';
import { MAX_PERIOD_DAYS, type PeriodKind } from './lookup.ts';

/**
 * No period is longer than this (lookup.ts refuses longer ones), so a period covering a day
 * starts at most this many days before it: a lower bound that turns the date lookups into
 * short range scans of the starts_on index instead of walks from the first period ever.
 */
const LONGEST_PERIOD_DAYS = Math.max(...Object.values(MAX_PERIOD_DAYS));

export interface PeriodRow {
  id: string | number;
  kind: PeriodKind;
  name: string;
  name_zh: string;
  starts_on: string;
  ends_on: string;
  curfew: string | null;
  visiting_from: string | null;
  visiting_to: string | null;
  note: string | null;
  updated_at: Date;
}

// Dates as text: a calendar date must not travel through a JavaScript Date and a time zone. The
// text keeps the column's name, so ORDER BY and WHERE name the table's columns through alias p.
const COLUMNS = `id, kind, name, name_zh, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
  curfew, visiting_from, visiting_to, note, updated_at`;

export interface PeriodValues {
  kind: PeriodKind;
  name: string;
  nameZh: string;
  startsOn: string;
  endsOn: string;
  curfew: string | null;
  visitingFrom: string | null;
  visitingTo: string | null;
  note: string | null;
}

function one(rows: PeriodRow[]): PeriodRow {
  const row = rows[0];
  if (!row) throw new Error('calendar statement returned nothing');
  return row;
}

/** Writers serialise on the table: the overlap check and the write must see the same periods. */
export async function lockCalendar(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE calendar_periods IN SHARE ROW EXCLUSIVE MODE');
}

export async function findPeriod(q: Queryable, id: number): Promise<PeriodRow | undefined> {
  return (await q.query<PeriodRow>(`SELECT ${COLUMNS} FROM calendar_periods WHERE id = $1`, [id]))[0];
}

/** Periods overlapping [from, to], in date order. */
export async function periodsBetween(q: Queryable, from: string, to: string): Promise<PeriodRow[]> {
  return q.query<PeriodRow>(
    `SELECT ${COLUMNS} FROM calendar_periods p
     WHERE p.starts_on <= $2::date AND p.starts_on >= $1::date - $3::int AND p.ends_on >= $1::date ORDER BY p.starts_on, p.id`,
    [from, to, LONGEST_PERIOD_DAYS],
  );
}

export interface PeriodFilter {
  kind?: PeriodKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  after?: { startsOn: string; id: number } | undefined;
  limit: number;
}

/** In date order; keyset on (starts_on, id). */
export async function listPeriods(q: Queryable, filter: PeriodFilter): Promise<PeriodRow[]> {
  return q.query<PeriodRow>(
    `SELECT ${COLUMNS} FROM calendar_periods p
     WHERE ($1::text IS NULL OR p.kind = $1)
       AND ($2::date IS NULL OR (p.ends_on >= $2 AND p.starts_on >= $2::date - $7::int)) AND ($3::date IS NULL OR p.starts_on <= $3)
       AND ($4::date IS NULL OR (p.starts_on, p.id) > ($4::date, $5::bigint))
     ORDER BY p.starts_on, p.id LIMIT $6`,
    [
      filter.kind ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.after?.startsOn ?? null,
      filter.after?.id ?? null,
      filter.limit,
      LONGEST_PERIOD_DAYS,
    ],
  );
}

export async function insertPeriod(tx: Queryable, values: PeriodValues): Promise<PeriodRow> {
  return one(
    await tx.query<PeriodRow>(
      `INSERT INTO calendar_periods (kind, name, name_zh, starts_on, ends_on, curfew, visiting_from, visiting_to, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        values.kind,
        values.name,
        values.nameZh,
        values.startsOn,
        values.endsOn,
        values.curfew,
        values.visitingFrom,
        values.visitingTo,
        values.note,
      ],
    ),
  );
}

export async function updatePeriod(tx: Queryable, id: number, values: PeriodValues): Promise<PeriodRow> {
  return one(
    await tx.query<PeriodRow>(
      `UPDATE calendar_periods SET name = $2, name_zh = $3, starts_on = $4, ends_on = $5, curfew = $6,
         visiting_from = $7, visiting_to = $8, note = $9, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        values.name,
        values.nameZh,
        values.startsOn,
        values.endsOn,
        values.curfew,
        values.visitingFrom,
        values.visitingTo,
        values.note,
      ],
    ),
  );
}

export async function deletePeriod(tx: Queryable, id: number): Promise<void> {
  await tx.query('DELETE FROM calendar_periods WHERE id = $1', [id]);
}
