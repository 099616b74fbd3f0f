import { invalid } from '../../errors.ts';

/** What every part of the catering context shares: the campus clock. */
export interface CateringClock {
  /** IANA zone of the campus: meal dates, cut-offs and "tomorrow" are its wall-clock notions. */
  timeZone: string;
  now(): Date;
}

/** Master-data codes: what terminals and scales send as `dishId` / `itemId`. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkCode(field: string, value: string): void {
  if (!CODE_PATTERN.test(value)) throw invalid(field, 'must be a code of 1-64 letters, digits, . _ - (starting alphanumeric)');
}

/** SQLSTATE 23505: a unique index refused the row (a race the service's own check lost). */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === '23505';
}
