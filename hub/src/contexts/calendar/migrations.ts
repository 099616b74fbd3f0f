import type { Migration } from '@campus/storage';

/**
 * One table for every kind of period: the lookup of a day reads the few rows covering it
 * (a calendar holds some twenty periods a year). Dates are local campus dates; times are
 * 'HH:MM' text because they are wall-clock rules, not instants.
 */
export const CALENDAR_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'academic calendar periods',
    up: () => `
      CREATE TABLE calendar_periods (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('term', 'vacation', 'exam_week', 'holiday')),
        name text NOT NULL,
        name_zh text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        curfew text CHECK (curfew ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        visiting_from text CHECK (visiting_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        visiting_to text CHECK (visiting_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        CHECK ((visiting_from IS NULL) = (visiting_to IS NULL)),
        CHECK (kind NOT IN ('term', 'vacation') OR (curfew IS NOT NULL AND visiting_from IS NOT NULL))
      );
      CREATE INDEX calendar_periods_starts ON calendar_periods (starts_on, id);
      CREATE INDEX calendar_periods_ends ON calendar_periods (ends_on);
      CREATE INDEX calendar_periods_kind ON calendar_periods (kind, starts_on, id);`,
  },
];
