/**
 * The academic calendar as pure data and lookups: which term a day belongs to, whether it is a
 * vacation, exam week or public holiday, and the dorm curfew and visiting hours in force.
 *
 * Periods are date ranges, both ends inclusive, in the campus's local dates (YYYY-MM-DD, which
 * compare correctly as strings). Terms and vacations partition the year and never overlap
 * each other; an exam week lies inside one term; holidays fall in terms or vacations but never
 * overlap another holiday. Curfew and visiting hours come from the most specific period that
 * sets them: holiday, then exam week, then the term or vacation, then the site default (days in
 * no term and no vacation, e.g. before the calendar is filled in).
 */

export const PERIOD_KINDS = ['term', 'vacation', 'exam_week', 'holiday'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const PERIOD_KIND_LABELS: Record<PeriodKind, { en: string; zh: string }> = {
  term: { en: 'Term', zh: '学期' },
  vacation: { en: 'Vacation', zh: '假期' },
  exam_week: { en: 'Exam week', zh: '考试周' },
  holiday: { en: 'Public holiday', zh: '法定节假日' },
};

/** Terms and vacations carry the dorm hours of their days; the others may override them. */
export const NEEDS_DORM_HOURS: readonly PeriodKind[] = ['term', 'vacation'];

export interface VisitingHours {
  from: string;
  to: string;
}

export interface Period {
  id: number;
  kind: PeriodKind;
  name: string;
  nameZh: string;
  startsOn: string;
  endsOn: string;
  curfew: string | null;
  visitingHours: VisitingHours | null;
}

export interface DormHours {
  curfew: string;
  visitingHours: VisitingHours;
}

/** For days in no term and no vacation. */
export const DEFAULT_DORM_HOURS: DormHours = { curfew: '23:00', visitingHours: { from: '08:00', to: '21:00' } };

export interface DayInfo {
  date: string;
  termId: number | null;
  term: { en: string; zh: string } | null;
  vacationId: number | null;
  isVacation: boolean;
  isExamWeek: boolean;
  isHoliday: boolean;
  holiday: { en: string; zh: string } | null;
  curfew: string;
  visitingHours: VisitingHours;
  /** Which period set the curfew and visiting hours (or the site default). */
  dormHoursFrom: PeriodKind | 'default';
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A real calendar date in YYYY-MM-DD (2027-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function isClockTime(value: string): boolean {
  return TIME.test(value);
}

export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive, in order. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The campus's local date of an instant (the calendar speaks in local dates). */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const covers = (period: Pick<Period, 'startsOn' | 'endsOn'>, date: string) => period.startsOn <= date && date <= period.endsOn;
const overlaps = (a: Pick<Period, 'startsOn' | 'endsOn'>, b: Pick<Period, 'startsOn' | 'endsOn'>) =>
  a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

/** The facts of one day, from the periods covering it (others are ignored). */
export function dayInfo(date: string, periods: readonly Period[], defaults: DormHours = DEFAULT_DORM_HOURS): DayInfo {
  const on = periods.filter((p) => covers(p, date));
  const find = (kind: PeriodKind) => on.find((p) => p.kind === kind);
  const term = find('term');
  const vacation = find('vacation');
  const examWeek = find('exam_week');
  const holiday = find('holiday');
  let curfew = defaults.curfew;
  let visitingHours = defaults.visitingHours;
  let dormHoursFrom: DayInfo['dormHoursFrom'] = 'default';
  // Least specific first: each later period that sets a value overrides the earlier ones.
  for (const period of [term ?? vacation, examWeek, holiday]) {
    if (!period) continue;
    if (period.curfew !== null) {
      curfew = period.curfew;
      dormHoursFrom = period.kind;
    }
    if (period.visitingHours !== null) {
      visitingHours = period.visitingHours;
      dormHoursFrom = period.kind;
    }
  }
  return {
    date,
    termId: term?.id ?? null,
    term: term ? { en: term.name, zh: term.nameZh } : null,
    vacationId: vacation?.id ?? null,
    isVacation: vacation !== undefined,
    isExamWeek: examWeek !== undefined,
    isHoliday: holiday !== undefined,
    holiday: holiday ? { en: holiday.name, zh: holiday.nameZh } : null,
    curfew,
    visitingHours: { ...visitingHours },
    dormHoursFrom,
  };
}

/** Generous upper bounds that catch a mistyped year (2026-09-01..2062-01-22). */
export const MAX_PERIOD_DAYS: Record<PeriodKind, number> = { term: 250, vacation: 120, exam_week: 31, holiday: 14 };

function daysBetweenCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export interface FieldProblem {
  field: string;
  message: string;
  /** invalid: the input itself is wrong; clash: it contradicts periods already in the calendar. */
  kind: 'invalid' | 'clash';
}

const describe = (p: Period) => `${PERIOD_KIND_LABELS[p.kind].en.toLowerCase()} "${p.name}" (${p.startsOn}..${p.endsOn})`;

/** Which of the candidate's dates lies inside `other`: the field a person should change. */
const clashField = (candidate: Pick<Period, 'startsOn'>, other: Period) =>
  covers(other, candidate.startsOn) ? 'startsOn' : 'endsOn';

/**
 * Checks a new or changed period against the others (the period itself excluded by id) and,
 * for a term, against the exam weeks it must keep containing.
 * @returns the first problem, naming the field to change; null when the period fits.
 */
export function checkPeriod(candidate: Period, others: readonly Period[]): FieldProblem | null {
  if (!isIsoDate(candidate.startsOn)) return { field: 'startsOn', message: 'must be a date YYYY-MM-DD', kind: 'invalid' };
  if (!isIsoDate(candidate.endsOn)) return { field: 'endsOn', message: 'must be a date YYYY-MM-DD', kind: 'invalid' };
  if (candidate.endsOn < candidate.startsOn) return { field: 'endsOn', message: 'must not be before startsOn', kind: 'invalid' };
  if (daysBetweenCount(candidate.startsOn, candidate.endsOn) > MAX_PERIOD_DAYS[candidate.kind]) {
    return {
      field: 'endsOn',
      message: `a ${candidate.kind} lasts at most ${MAX_PERIOD_DAYS[candidate.kind]} days`,
      kind: 'invalid',
    };
  }
  if (candidate.curfew !== null && !isClockTime(candidate.curfew))
    return { field: 'curfew', message: 'must be HH:MM', kind: 'invalid' };
  if (candidate.visitingHours) {
    const { from, to } = candidate.visitingHours;
    if (!isClockTime(from)) return { field: 'visitingHours.from', message: 'must be HH:MM', kind: 'invalid' };
    if (!isClockTime(to)) return { field: 'visitingHours.to', message: 'must be HH:MM', kind: 'invalid' };
    if (to <= from) return { field: 'visitingHours.to', message: 'must be after visitingHours.from', kind: 'invalid' };
  }
  if (NEEDS_DORM_HOURS.includes(candidate.kind)) {
    if (candidate.curfew === null)
      return { field: 'curfew', message: `a ${candidate.kind} needs the dorm curfew`, kind: 'invalid' };
    if (candidate.visitingHours === null) {
      return { field: 'visitingHours', message: `a ${candidate.kind} needs visiting hours`, kind: 'invalid' };
    }
  }
  const rest = others.filter((p) => p.id !== candidate.id);
  const clashing = (kinds: readonly PeriodKind[]) => rest.find((p) => kinds.includes(p.kind) && overlaps(p, candidate));
  const clash = (other: Period): FieldProblem => ({
    field: clashField(candidate, other),
    message: `overlaps ${describe(other)}`,
    kind: 'clash',
  });
  switch (candidate.kind) {
    case 'term':
    case 'vacation': {
      const other = clashing(['term', 'vacation']);
      if (other) return clash(other);
      break;
    }
    case 'exam_week': {
      const other = clashing(['exam_week']);
      if (other) return clash(other);
      if (!rest.some((p) => p.kind === 'term' && covers(p, candidate.startsOn) && covers(p, candidate.endsOn))) {
        return { field: 'startsOn', message: 'an exam week must lie inside one term', kind: 'clash' };
      }
      break;
    }
    case 'holiday': {
      const other = clashing(['holiday']);
      if (other) return clash(other);
      break;
    }
  }
  if (candidate.kind === 'term') {
    // After the change every exam week must still lie inside a term (moving or shortening a
    // term must not strand one).
    const terms = [...rest.filter((p) => p.kind === 'term'), candidate];
    const stranded = rest.find((p) => p.kind === 'exam_week' && !terms.some((t) => covers(t, p.startsOn) && covers(t, p.endsOn)));
    if (stranded) {
      return {
        field: stranded.startsOn < candidate.startsOn ? 'startsOn' : 'endsOn',
        message: `would leave ${describe(stranded)} outside every term`,
        kind: 'clash',
      };
    }
  }
  return null;
}

/**
 * Whether removing a term strands exam weeks (an exam week must lie inside a term).
 * @returns the problem, or null when the period may go.
 */
export function checkRemoval(period: Period, others: readonly Period[]): FieldProblem | null {
  if (period.kind !== 'term') return null;
  const orphan = others.find((p) => p.kind === 'exam_week' && covers(period, p.startsOn));
  return orphan
    ? { field: 'id', message: `${describe(orphan)} lies in this term; remove or move it first`, kind: 'clash' }
    : null;
}
