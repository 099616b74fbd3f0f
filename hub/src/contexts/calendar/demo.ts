import type { Db } from '@campus/storage';
import { type Actor, systemActor } from '../../actor.ts';
import type { VisitingHours } from './lookup.ts';
import type { CalendarService, PeriodInput } from './service.ts';

const TERM_HOURS = { curfew: '23:00', visitingHours: { from: '08:00', to: '21:30' } satisfies VisitingHours };
const VACATION_HOURS = { curfew: '22:00', visitingHours: { from: '09:00', to: '18:00' } satisfies VisitingHours };

/**
 * The 2026-2027 academic year of a Chinese school. Festival dates follow the lunar calendar
 * (Spring Festival 2027 falls on 6 February); the State Council publishes the official days off
 * each November, so the holidays here are the customary spans and are meant to be adjusted
 * through the API once the notice is out.
 */
export const CALENDAR_DEMO_2026_2027: readonly PeriodInput[] = [
  {
    kind: 'term',
    name: 'Autumn term 2026',
    nameZh: '2026年秋季学期',
    startsOn: '2026-09-01',
    endsOn: '2027-01-22',
    ...TERM_HOURS,
  },
  {
    kind: 'vacation',
    name: 'Winter vacation 2027',
    nameZh: '2027年寒假',
    startsOn: '2027-01-23',
    endsOn: '2027-02-28',
    ...VACATION_HOURS,
  },
  {
    kind: 'term',
    name: 'Spring term 2027',
    nameZh: '2027年春季学期',
    startsOn: '2027-03-01',
    endsOn: '2027-07-09',
    ...TERM_HOURS,
  },
  {
    kind: 'vacation',
    name: 'Summer vacation 2027',
    nameZh: '2027年暑假',
    startsOn: '2027-07-10',
    endsOn: '2027-08-31',
    ...VACATION_HOURS,
  },
  { kind: 'exam_week', name: 'Autumn mid-term exams', nameZh: '秋季学期期中考试', startsOn: '2026-11-02', endsOn: '2026-11-06' },
  {
    kind: 'exam_week',
    name: 'Autumn final exams',
    nameZh: '秋季学期期末考试',
    startsOn: '2027-01-11',
    endsOn: '2027-01-22',
    // Libraries and study rooms stay open later in the final weeks.
    curfew: '23:30',
  },
  { kind: 'exam_week', name: 'Spring mid-term exams', nameZh: '春季学期期中考试', startsOn: '2027-04-19', endsOn: '2027-04-23' },
  {
    kind: 'exam_week',
    name: 'Spring final exams',
    nameZh: '春季学期期末考试',
    startsOn: '2027-06-28',
    endsOn: '2027-07-09',
    curfew: '23:30',
  },
  { kind: 'holiday', name: 'Mid-Autumn Festival', nameZh: '中秋节', startsOn: '2026-09-25', endsOn: '2026-09-27' },
  {
    kind: 'holiday',
    name: 'National Day',
    nameZh: '国庆节',
    startsOn: '2026-10-01',
    endsOn: '2026-10-07',
    // Most students go home: the long-holiday hours apply.
    ...VACATION_HOURS,
  },
  { kind: 'holiday', name: "New Year's Day", nameZh: '元旦', startsOn: '2027-01-01', endsOn: '2027-01-03' },
  { kind: 'holiday', name: 'Spring Festival', nameZh: '春节', startsOn: '2027-02-06', endsOn: '2027-02-12', curfew: '21:00' },
  { kind: 'holiday', name: 'Qingming Festival', nameZh: '清明节', startsOn: '2027-04-03', endsOn: '2027-04-05' },
  { kind: 'holiday', name: 'Labour Day', nameZh: '劳动节', startsOn: '2027-05-01', endsOn: '2027-05-05' },
  { kind: 'holiday', name: 'Dragon Boat Festival', nameZh: '端午节', startsOn: '2027-06-09', endsOn: '2027-06-11' },
];

/**
 * Loads the demo academic year through the service (validated and audited like any entry), in
 * one transaction. Idempotent: does nothing when the calendar already has periods in that year.
 * @returns how many periods were added.
 */
export async function seedCalendarDemo(db: Db, calendar: CalendarService, actor: Actor = systemActor('demo')): Promise<number> {
  const existing = await calendar.list({ from: '2026-09-01', to: '2027-08-31', limit: 1 });
  if (existing.length > 0) return 0;
  // Terms first: exam weeks must find their term.
  const ordered = [...CALENDAR_DEMO_2026_2027].sort((a, b) => Number(b.kind === 'term') - Number(a.kind === 'term'));
  await db.transaction(async (tx) => {
    for (const period of ordered) await calendar.create(actor, period, {}, tx);
  });
  return ordered.length;
}
