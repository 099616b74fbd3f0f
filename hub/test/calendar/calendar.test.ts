import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/actor.ts';
import { seedCalendarDemo } from '../../src/contexts/calendar/demo.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';

interface PeriodDto {
  id: number;
  kind: string;
  name: string;
  nameZh: string;
  startsOn: string;
  endsOn: string;
  curfew: string | null;
  visitingHours: { from: string; to: string } | null;
}

const TERM_HOURS = { curfew: '23:00', visitingHours: { from: '08:00', to: '21:30' } };
const autumn = {
  kind: 'term',
  name: 'Autumn term 2030',
  nameZh: '2030年秋季学期',
  startsOn: '2030-09-01',
  endsOn: '2031-01-17',
  ...TERM_HOURS,
};

describe.each(testAdapters())('academic calendar on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const audit = async (id: number) =>
    (await hub.call('admin', 'GET', `/api/audit?entityType=calendar_period&entityId=${id}`))
      .json<{ items: Array<{ action: string; actorName: string; before: unknown; after: unknown }> }>()
      .items.reverse();
  const create = async (body: Record<string, unknown>, role: 'logistics_manager' | 'admin' = 'logistics_manager') => {
    const response = await hub.call(role, 'POST', '/api/calendar/periods', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<PeriodDto>();
  };

  it('keeps terms, vacations, exam weeks and holidays, and answers what a day is', async () => {
    const term = await create(autumn);
    expect(term).toMatchObject({ kind: 'term', kindLabel: { en: 'Term', zh: '学期' }, curfew: '23:00', startsOn: '2030-09-01' });
    await create({
      kind: 'vacation',
      name: 'Winter vacation 2031',
      nameZh: '2031年寒假',
      startsOn: '2031-01-18',
      endsOn: '2031-02-23',
      curfew: '22:00',
      visitingHours: { from: '09:00', to: '18:00' },
    });
    await create({
      kind: 'exam_week',
      name: 'Autumn finals',
      nameZh: '期末考试',
      startsOn: '2031-01-06',
      endsOn: '2031-01-17',
      curfew: '23:30',
    });
    const nationalDay = await create({
      kind: 'holiday',
      name: 'National Day',
      nameZh: '国庆节',
      startsOn: '2030-10-01',
      endsOn: '2030-10-07',
    });

    const day = await hub.call('requester', 'GET', '/api/calendar/days/2030-10-03');
    expect(day.statusCode).toBe(200);
    expect(day.json()).toEqual({
      date: '2030-10-03',
      termId: term.id,
      term: { en: 'Autumn term 2030', zh: '2030年秋季学期' },
      vacationId: null,
      isVacation: false,
      isExamWeek: false,
      isHoliday: true,
      holiday: { en: 'National Day', zh: '国庆节' },
      curfew: '23:00',
      visitingHours: { from: '08:00', to: '21:30' },
      dormHoursFrom: 'term',
    });
    expect((await hub.call('technician', 'GET', '/api/calendar/days/2031-01-10')).json()).toMatchObject({
      isExamWeek: true,
      curfew: '23:30',
    });
    expect(await hub.services.calendar.dayInfo('2031-02-01')).toMatchObject({ isVacation: true, termId: null, curfew: '22:00' });
    // An instant is read in the campus time zone: 18:00 UTC on 30 September is 1 October in Beijing.
    expect(await hub.services.calendar.dayInfo(new Date('2030-09-30T18:00:00Z'))).toMatchObject({ isHoliday: true });

    const range = await hub.call('canteen_manager', 'GET', '/api/calendar/days?from=2031-01-16&to=2031-01-19');
    expect(range.json<{ items: Array<{ date: string; isExamWeek: boolean; isVacation: boolean }> }>().items).toEqual([
      expect.objectContaining({ date: '2031-01-16', isExamWeek: true, isVacation: false }),
      expect.objectContaining({ date: '2031-01-17', isExamWeek: true, isVacation: false }),
      expect.objectContaining({ date: '2031-01-18', isExamWeek: false, isVacation: true }),
      expect.objectContaining({ date: '2031-01-19', isExamWeek: false, isVacation: true }),
    ]);

    const page1 = (await hub.call('dorm_manager', 'GET', '/api/calendar/periods?from=2030-01-01&to=2031-12-31&limit=2')).json<{
      items: PeriodDto[];
      nextCursor: string | null;
    }>();
    expect(page1.items.map((p) => p.startsOn)).toEqual(['2030-09-01', '2030-10-01']);
    const page2 = (
      await hub.call(
        'dorm_manager',
        'GET',
        `/api/calendar/periods?from=2030-01-01&to=2031-12-31&limit=2&cursor=${page1.nextCursor}`,
      )
    ).json<{ items: PeriodDto[]; nextCursor: string | null }>();
    expect(page2.items.map((p) => p.startsOn)).toEqual(['2031-01-06', '2031-01-18']);
    expect(page2.nextCursor).toBeNull();
    const holidays = (await hub.call('security_officer', 'GET', '/api/calendar/periods?kind=holiday')).json<{
      items: PeriodDto[];
    }>();
    expect(holidays.items.map((p) => p.id)).toEqual([nationalDay.id]);

    const entries = await audit(term.id);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'calendar_period.created', actorName: 'Test logistics_manager' }),
    ]);
  });

  it('refuses overlaps with a field error naming the date to change, and bad input', async () => {
    const overlap = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      ...autumn,
      name: 'Spring term 2031',
      nameZh: '2031年春季学期',
      startsOn: '2031-02-20',
      endsOn: '2031-07-04',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toEqual({
      code: 'conflict',
      field: 'startsOn',
      message: 'startsOn: overlaps vacation "Winter vacation 2031" (2031-01-18..2031-02-23)',
    });
    const holiday = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      kind: 'holiday',
      name: 'Golden week',
      nameZh: '黄金周',
      startsOn: '2030-09-28',
      endsOn: '2030-10-02',
    });
    expect(holiday.json()).toMatchObject({ code: 'conflict', field: 'endsOn' });
    const strayExams = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      kind: 'exam_week',
      name: 'Make-up exams',
      nameZh: '补考',
      startsOn: '2031-02-24',
      endsOn: '2031-02-28',
    });
    expect(strayExams.json()).toMatchObject({
      code: 'conflict',
      field: 'startsOn',
      message: 'startsOn: an exam week must lie inside one term',
    });
    const noCurfew = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      ...autumn,
      startsOn: '2035-09-01',
      endsOn: '2036-01-10',
      curfew: null,
    });
    expect(noCurfew.json()).toMatchObject({ code: 'invalid', field: 'curfew' });
    const reversed = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      kind: 'holiday',
      name: 'Backwards',
      nameZh: '倒序',
      startsOn: '2032-05-05',
      endsOn: '2032-05-01',
    });
    expect(reversed.json()).toMatchObject({ code: 'invalid', field: 'endsOn' });
    const badTime = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', { ...autumn, curfew: '25:00' });
    expect(badTime.json()).toMatchObject({ code: 'invalid', field: 'curfew' });
    const notADate = await hub.call('logistics_manager', 'POST', '/api/calendar/periods', {
      ...autumn,
      startsOn: '2033-02-30',
      endsOn: '2033-06-01',
    });
    expect(notADate.json()).toMatchObject({ code: 'invalid', field: 'startsOn' });
    expect((await hub.call('requester', 'GET', '/api/calendar/days/2030-13-01')).json()).toMatchObject({
      code: 'invalid',
      field: 'date',
    });
    expect((await hub.call('requester', 'GET', '/api/calendar/days?from=2030-01-01&to=2031-12-31')).json()).toMatchObject({
      field: 'to',
    });
  });

  it('lets only the logistics manager change the calendar, and dorm managers set curfews', async () => {
    expect((await hub.call('dorm_manager', 'POST', '/api/calendar/periods', autumn)).statusCode).toBe(403);
    expect((await hub.call('canteen_manager', 'POST', '/api/calendar/periods', autumn)).statusCode).toBe(403);
    expect((await hub.call(null, 'GET', '/api/calendar/today')).statusCode).toBe(401);
    const term = (await hub.call('requester', 'GET', '/api/calendar/periods?kind=term')).json<{ items: PeriodDto[] }>().items[0];
    if (!term) throw new Error('no term');
    const url = `/api/calendar/periods/${term.id}/dorm-hours`;
    expect((await hub.call('technician', 'PUT', url, { curfew: '22:30' })).statusCode).toBe(403);
    const set = await hub.call('dorm_manager', 'PUT', url, { curfew: '22:30', visitingHours: { from: '09:00', to: '21:00' } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ curfew: '22:30', visitingHours: { from: '09:00', to: '21:00' } });
    expect((await hub.call('dorm_manager', 'PUT', url, { curfew: null })).json()).toMatchObject({
      code: 'invalid',
      field: 'curfew',
    });
    expect((await hub.call('dorm_manager', 'PUT', url, { name: 'Renamed' })).json()).toMatchObject({
      code: 'invalid',
      field: 'name',
    });
    expect((await hub.call('dorm_manager', 'PATCH', `/api/calendar/periods/${term.id}`, { name: 'Renamed' })).statusCode).toBe(
      403,
    );
    expect((await hub.call('requester', 'GET', '/api/calendar/days/2030-11-11')).json()).toMatchObject({ curfew: '22:30' });
    const entries = await audit(term.id);
    expect(entries.at(-1)).toMatchObject({
      action: 'calendar_period.dorm_hours_set',
      actorName: 'Test dorm_manager',
      before: { curfew: '23:00' },
      after: { curfew: '22:30' },
    });
  });

  it('moves, guards and removes periods, auditing each change', async () => {
    const list = (await hub.call('requester', 'GET', '/api/calendar/periods?from=2030-01-01&to=2031-12-31')).json<{
      items: PeriodDto[];
    }>().items;
    const term = list.find((p) => p.kind === 'term');
    const exams = list.find((p) => p.kind === 'exam_week');
    const holiday = list.find((p) => p.kind === 'holiday');
    if (!term || !exams || !holiday) throw new Error('fixture periods missing');
    const cut = await hub.call('logistics_manager', 'PATCH', `/api/calendar/periods/${term.id}`, { endsOn: '2031-01-10' });
    expect(cut.statusCode).toBe(409);
    expect(cut.json()).toMatchObject({ field: 'endsOn', message: expect.stringMatching(/Autumn finals.*outside every term/) });
    const removeTerm = await hub.call('logistics_manager', 'DELETE', `/api/calendar/periods/${term.id}`);
    expect(removeTerm.json()).toMatchObject({ code: 'conflict', field: 'id' });

    const moved = await hub.call('logistics_manager', 'PATCH', `/api/calendar/periods/${exams.id}`, {
      startsOn: '2031-01-08',
      note: 'Moved by two days / 推迟两天',
    });
    expect(moved.json()).toMatchObject({ startsOn: '2031-01-08', endsOn: '2031-01-17', note: 'Moved by two days / 推迟两天' });
    expect((await hub.call('logistics_manager', 'PATCH', `/api/calendar/periods/${exams.id}`, {})).statusCode).toBe(400);
    expect((await hub.call('logistics_manager', 'DELETE', `/api/calendar/periods/${holiday.id}`)).statusCode).toBe(204);
    expect((await hub.call('requester', 'GET', `/api/calendar/periods/${holiday.id}`)).statusCode).toBe(404);
    expect((await hub.call('requester', 'GET', '/api/calendar/days/2030-10-03')).json()).toMatchObject({ isHoliday: false });
    expect((await audit(exams.id)).map((e) => e.action)).toEqual(['calendar_period.created', 'calendar_period.updated']);
    expect((await audit(holiday.id)).map((e) => e.action)).toEqual(['calendar_period.created', 'calendar_period.deleted']);
    expect((await hub.call('logistics_manager', 'DELETE', '/api/calendar/periods/999999')).statusCode).toBe(404);
  });

  it('loads the 2026-2027 demo year once: Spring Festival in the winter vacation, holidays in term', async () => {
    const added = await seedCalendarDemo(hub.database.db, hub.services.calendar, systemActor('demo'));
    expect(added).toBe(15);
    expect(await seedCalendarDemo(hub.database.db, hub.services.calendar)).toBe(0);
    expect(await hub.services.calendar.dayInfo('2027-02-08')).toMatchObject({
      isVacation: true,
      isHoliday: true,
      holiday: { en: 'Spring Festival', zh: '春节' },
      curfew: '21:00',
    });
    expect(await hub.services.calendar.dayInfo('2026-10-01')).toMatchObject({
      term: { zh: '2026年秋季学期' },
      holiday: { zh: '国庆节' },
      visitingHours: { from: '09:00', to: '18:00' },
    });
    expect(await hub.services.calendar.dayInfo('2027-05-03')).toMatchObject({ holiday: { en: 'Labour Day' }, curfew: '23:00' });
    expect(await hub.services.calendar.dayInfo('2027-07-01')).toMatchObject({ isExamWeek: true, curfew: '23:30' });
    expect(await hub.services.calendar.dayInfo('2027-08-01')).toMatchObject({ isVacation: true, curfew: '22:00' });
  });
});
