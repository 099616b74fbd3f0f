import { describe, expect, it } from 'vitest';
import { CALENDAR_DEMO_2026_2027 } from './demo.ts';
import { addDays, checkPeriod, checkRemoval, dayInfo, daysBetween, isIsoDate, localDate, type Period } from './lookup.ts';

const HOURS = { curfew: '23:00', visitingHours: { from: '08:00', to: '21:30' } };
const period = (id: number, overrides: Partial<Period> & Pick<Period, 'kind' | 'startsOn' | 'endsOn'>): Period => ({
  id,
  name: `P${id}`,
  nameZh: `时段${id}`,
  curfew: null,
  visitingHours: null,
  ...overrides,
});

const autumn = period(1, { kind: 'term', startsOn: '2026-09-01', endsOn: '2027-01-22', ...HOURS, name: 'Autumn term 2026' });
const winter = period(2, {
  kind: 'vacation',
  startsOn: '2027-01-23',
  endsOn: '2027-02-28',
  curfew: '22:00',
  visitingHours: { from: '09:00', to: '18:00' },
});
const finals = period(3, { kind: 'exam_week', startsOn: '2027-01-11', endsOn: '2027-01-22', curfew: '23:30' });
const nationalDay = period(4, {
  kind: 'holiday',
  startsOn: '2026-10-01',
  endsOn: '2026-10-07',
  name: 'National Day',
  nameZh: '国庆节',
  visitingHours: { from: '09:00', to: '18:00' },
});
const springFestival = period(5, {
  kind: 'holiday',
  startsOn: '2027-02-06',
  endsOn: '2027-02-12',
  curfew: '21:00',
  name: 'Spring Festival',
  nameZh: '春节',
});
const CALENDAR = [autumn, winter, finals, nationalDay, springFestival];

describe('calendar day lookup', () => {
  it('reads a plain term day: the term, its curfew and visiting hours', () => {
    expect(dayInfo('2026-11-24', CALENDAR)).toEqual({
      date: '2026-11-24',
      termId: 1,
      term: { en: 'Autumn term 2026', zh: '时段1' },
      vacationId: null,
      isVacation: false,
      isExamWeek: false,
      isHoliday: false,
      holiday: null,
      curfew: '23:00',
      visitingHours: { from: '08:00', to: '21:30' },
      dormHoursFrom: 'term',
    });
  });

  it('lets a holiday override only what it sets (visiting hours, keeping the term curfew)', () => {
    const day = dayInfo('2026-10-03', CALENDAR);
    expect(day).toMatchObject({ termId: 1, isHoliday: true, holiday: { en: 'National Day', zh: '国庆节' }, curfew: '23:00' });
    expect(day.visitingHours).toEqual({ from: '09:00', to: '18:00' });
    expect(day.dormHoursFrom).toBe('holiday');
  });

  it('applies an exam week curfew inside the term, and the holiday beats the vacation', () => {
    expect(dayInfo('2027-01-15', CALENDAR)).toMatchObject({
      isExamWeek: true,
      termId: 1,
      curfew: '23:30',
      dormHoursFrom: 'exam_week',
    });
    expect(dayInfo('2027-02-08', CALENDAR)).toMatchObject({
      termId: null,
      vacationId: 2,
      isVacation: true,
      isHoliday: true,
      curfew: '21:00',
      visitingHours: { from: '09:00', to: '18:00' },
    });
    expect(dayInfo('2027-02-20', CALENDAR)).toMatchObject({ isVacation: true, isHoliday: false, curfew: '22:00' });
  });

  it('treats both ends as inclusive and falls back to the site default outside every period', () => {
    expect(dayInfo('2026-09-01', CALENDAR).termId).toBe(1);
    expect(dayInfo('2027-01-22', CALENDAR)).toMatchObject({ termId: 1, isExamWeek: true });
    expect(dayInfo('2027-01-23', CALENDAR)).toMatchObject({ termId: null, isVacation: true, isExamWeek: false });
    const gap = dayInfo('2026-08-15', CALENDAR, { curfew: '22:30', visitingHours: { from: '10:00', to: '16:00' } });
    expect(gap).toMatchObject({ termId: null, isVacation: false, curfew: '22:30', dormHoursFrom: 'default' });
  });

  it('date helpers: real dates only, day arithmetic across months, campus local date', () => {
    expect(isIsoDate('2027-02-28')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2026-9-1')).toBe(false);
    expect(addDays('2027-01-31', 1)).toBe('2027-02-01');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    // 20:00 UTC on 30 September is already National Day in Beijing.
    expect(localDate(new Date('2026-09-30T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-10-01');
  });
});

describe('calendar period checks', () => {
  it('refuses a term overlapping another term or a vacation, naming the date to change', () => {
    const spring = period(0, { kind: 'term', startsOn: '2027-02-20', endsOn: '2027-07-09', ...HOURS });
    expect(checkPeriod(spring, CALENDAR)).toEqual({
      field: 'startsOn',
      message: 'overlaps vacation "P2" (2027-01-23..2027-02-28)',
      kind: 'clash',
    });
    const early = period(0, { kind: 'vacation', startsOn: '2026-07-10', endsOn: '2026-09-02', ...HOURS });
    expect(checkPeriod(early, CALENDAR)).toMatchObject({ field: 'endsOn', kind: 'clash' });
    expect(checkPeriod({ ...spring, startsOn: '2027-03-01' }, CALENDAR)).toBeNull();
  });

  it('allows holidays inside terms and vacations but not over another holiday', () => {
    expect(checkPeriod(period(0, { kind: 'holiday', startsOn: '2026-09-25', endsOn: '2026-09-27' }), CALENDAR)).toBeNull();
    expect(checkPeriod(period(0, { kind: 'holiday', startsOn: '2026-10-07', endsOn: '2026-10-08' }), CALENDAR)).toMatchObject({
      field: 'startsOn',
      message: 'overlaps public holiday "National Day" (2026-10-01..2026-10-07)',
    });
  });

  it('keeps exam weeks inside one term, and a term from stranding its exam weeks', () => {
    const straddling = period(0, { kind: 'exam_week', startsOn: '2027-01-20', endsOn: '2027-01-26' });
    expect(checkPeriod(straddling, [autumn, winter])).toEqual({
      field: 'startsOn',
      message: 'an exam week must lie inside one term',
      kind: 'clash',
    });
    expect(checkPeriod(period(0, { kind: 'exam_week', startsOn: '2027-01-18', endsOn: '2027-01-20' }), CALENDAR)).toMatchObject({
      message: expect.stringMatching(/^overlaps exam week/),
    });
    const shortened = { ...autumn, endsOn: '2027-01-15' };
    expect(checkPeriod(shortened, CALENDAR)).toMatchObject({
      field: 'endsOn',
      message: expect.stringMatching(/outside every term$/),
    });
    expect(checkRemoval(autumn, CALENDAR)).toMatchObject({ field: 'id', kind: 'clash' });
    expect(checkRemoval(winter, CALENDAR)).toBeNull();
  });

  it('refuses bad input: reversed dates, missing dorm hours of a term, visiting hours backwards, too long', () => {
    expect(checkPeriod(period(0, { kind: 'holiday', startsOn: '2026-05-05', endsOn: '2026-05-01' }), [])).toMatchObject({
      field: 'endsOn',
      kind: 'invalid',
    });
    expect(checkPeriod(period(0, { kind: 'term', startsOn: '2030-03-01', endsOn: '2030-07-01' }), [])).toMatchObject({
      field: 'curfew',
    });
    expect(
      checkPeriod(period(0, { kind: 'term', startsOn: '2030-03-01', endsOn: '2030-07-01', curfew: '23:00' }), []),
    ).toMatchObject({ field: 'visitingHours' });
    expect(
      checkPeriod(
        period(0, {
          kind: 'term',
          startsOn: '2030-03-01',
          endsOn: '2030-07-01',
          curfew: '23:00',
          visitingHours: { from: '21:00', to: '08:00' },
        }),
        [],
      ),
    ).toMatchObject({ field: 'visitingHours.to' });
    expect(checkPeriod(period(0, { kind: 'holiday', startsOn: '2030-01-01', endsOn: '2030-03-01' }), [])).toMatchObject({
      field: 'endsOn',
      message: 'a holiday lasts at most 14 days',
    });
  });

  it('accepts the whole demo academic year 2026-2027 without a clash', () => {
    const accepted: Period[] = [];
    const ordered = [...CALENDAR_DEMO_2026_2027].sort((a, b) => Number(b.kind === 'term') - Number(a.kind === 'term'));
    for (const [index, input] of ordered.entries()) {
      const candidate: Period = {
        id: index + 1,
        kind: input.kind,
        name: input.name,
        nameZh: input.nameZh,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        curfew: input.curfew ?? null,
        visitingHours: input.visitingHours ?? null,
      };
      expect(checkPeriod(candidate, accepted), input.name).toBeNull();
      accepted.push(candidate);
    }
    expect(dayInfo('2027-02-10', accepted)).toMatchObject({ isHoliday: true, holiday: { zh: '春节' }, curfew: '21:00' });
    expect(dayInfo('2027-05-03', accepted)).toMatchObject({ term: { zh: '2027年春季学期' }, holiday: { zh: '劳动节' } });
  });
});
