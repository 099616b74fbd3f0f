import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { addStaff, approvedPlan, at, auditActions, COURSES, loginAs, noContent, ok, type PlanDetailDto } from './helpers.ts';

interface SessionDto {
  id: number;
  status: string;
  format: string;
  formatLabel: { en: string; zh: string };
  trainer: { id: number; name: string } | null;
  externalTrainer: string | null;
  enrolled: number;
  capacity: number;
}
interface SessionDetailDto {
  session: SessionDto;
  enrolments: Array<{ userId: number; attendance: string | null; reason: string }>;
}

describe.each(testAdapters())('TRN-2/TRN-3 annual plans and sessions on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const plan = (year: number, overrides: Record<string, unknown> = {}) => ({
    year,
    title: `Digital skills training ${year}`,
    titleZh: `${year}年后勤数字化技能培训计划`,
    goals: ['All clerks enter data without rework', 'Certified operators keep valid cards'],
    courses: COURSES,
    ...overrides,
  });

  it('TRN-2 drafts, edits and submits a plan; the logistics manager approves it through approvals', async () => {
    const created = ok<PlanDetailDto & { courses: Array<{ formatLabel: { zh: string }; areaLabel: { en: string } }> }>(
      await hub.call('trainer', 'POST', '/api/training/plans', plan(2031)),
      201,
    );
    expect(created.plan).toMatchObject({ year: 2031, status: 'draft', approvalId: null });
    expect(created.courses.map((c) => [c.title, c.format, c.months])).toEqual([
      ['Logistics system operation', 'class', [3, 9]],
      ['Boiler operator refresher', 'hands_on', [5]],
    ]);
    expect(created.courses[0]?.formatLabel.zh).toBe('集中授课');
    const id = created.plan.id;

    const edited = ok<PlanDetailDto>(
      await hub.call('trainer', 'PUT', `/api/training/plans/${id}`, {
        ...plan(2031),
        courses: [
          ...COURSES,
          { title: 'Data accuracy cases', area: 'data_accuracy', format: 'case_study', months: [11, 6], hours: 2 },
        ],
      }),
    );
    expect(edited.courses.map((c) => c.months)).toEqual([[3, 9], [5], [6, 11]]);

    const submitted = ok<{ status: string; approvalId: number }>(
      await hub.call('trainer', 'POST', `/api/training/plans/${id}/submit`),
    );
    expect(submitted.status).toBe('submitted');
    const inbox = ok<{ items: Array<{ id: number; kind: string; subjectId: string }> }>(
      await hub.call('logistics_manager', 'GET', '/api/approvals/inbox'),
    );
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ id: submitted.approvalId, kind: 'training.plan', subjectId: String(id) }),
    );
    // The trainer cannot approve; the logistics manager does.
    const decision = `/api/approvals/requests/${submitted.approvalId}/decision`;
    expect((await hub.call('trainer', 'POST', decision, { decision: 'approve' })).statusCode).toBe(403);
    ok(await hub.call('logistics_manager', 'POST', decision, { decision: 'approve' }));
    const approved = ok<PlanDetailDto>(await hub.call('technician', 'GET', `/api/training/plans/${id}`));
    expect(approved.plan.status).toBe('approved');
    expect(await auditActions(hub, 'training_plan', id)).toEqual([
      'training_plan.created',
      'training_plan.updated',
      'training_plan.submitted',
      'training_plan.approved',
    ]);

    const listed = ok<{ items: Array<{ id: number }> }>(
      await hub.call('dorm_manager', 'GET', '/api/training/plans?status=approved'),
    );
    expect(listed.items.map((p) => p.id)).toEqual([id]);
  });

  it('TRN-2 returns a rejected plan to draft with the reason; it can be fixed and resubmitted', async () => {
    const id = ok<PlanDetailDto>(await hub.call('trainer', 'POST', '/api/training/plans', plan(2032)), 201).plan.id;
    const { approvalId } = ok<{ approvalId: number }>(await hub.call('trainer', 'POST', `/api/training/plans/${id}/submit`));
    // Submitted: no more edits, no second submission.
    expect((await hub.call('trainer', 'PUT', `/api/training/plans/${id}`, plan(2032))).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect((await hub.call('trainer', 'POST', `/api/training/plans/${id}/submit`)).json()).toMatchObject({
      code: 'illegal_transition',
    });
    const noReason = await hub.call('logistics_manager', 'POST', `/api/approvals/requests/${approvalId}/decision`, {
      decision: 'reject',
    });
    expect(noReason.json()).toMatchObject({ field: 'comment' });
    ok(
      await hub.call('logistics_manager', 'POST', `/api/approvals/requests/${approvalId}/decision`, {
        decision: 'reject',
        comment: 'Add a data security course / 请增加数据安全课程',
      }),
    );
    const returned = ok<PlanDetailDto>(await hub.call('trainer', 'GET', `/api/training/plans/${id}`));
    expect(returned.plan).toMatchObject({ status: 'draft', returnReason: 'Add a data security course / 请增加数据安全课程' });
    ok(await hub.call('trainer', 'PUT', `/api/training/plans/${id}`, plan(2032)));
    const again = ok<{ status: string; returnReason: string | null }>(
      await hub.call('trainer', 'POST', `/api/training/plans/${id}/submit`),
    );
    expect(again).toMatchObject({ status: 'submitted', returnReason: null });
    expect(await auditActions(hub, 'training_plan', id)).toEqual([
      'training_plan.created',
      'training_plan.submitted',
      'training_plan.returned',
      'training_plan.updated',
      'training_plan.submitted',
    ]);
  });

  it('TRN-2 refuses bad plans, a second plan for a year, and other roles', async () => {
    expect((await hub.call('trainer', 'POST', '/api/training/plans', plan(2031))).json()).toMatchObject({
      code: 'conflict',
      field: 'year',
    });
    const badMonth = await hub.call(
      'trainer',
      'POST',
      '/api/training/plans',
      plan(2033, { courses: [{ ...COURSES[0], months: [13] }] }),
    );
    expect(badMonth.json()).toMatchObject({ code: 'invalid', field: 'courses.0.months.0' });
    const twice = await hub.call(
      'trainer',
      'POST',
      '/api/training/plans',
      plan(2033, { courses: [{ ...COURSES[0], months: [3, 3] }] }),
    );
    expect(twice.json()).toMatchObject({ code: 'invalid', field: 'courses.0.months' });
    const badFormat = await hub.call(
      'trainer',
      'POST',
      '/api/training/plans',
      plan(2033, { courses: [{ ...COURSES[0], format: 'lecture' }] }),
    );
    expect(badFormat.json()).toMatchObject({ code: 'invalid', field: 'courses.0.format' });
    const empty = ok<PlanDetailDto>(await hub.call('trainer', 'POST', '/api/training/plans', plan(2033, { courses: [] })), 201);
    expect((await hub.call('trainer', 'POST', `/api/training/plans/${empty.plan.id}/submit`)).json()).toMatchObject({
      code: 'invalid',
      field: 'courses',
    });
    for (const role of ['technician', 'logistics_manager', 'requester'] as const) {
      expect((await hub.call(role, 'POST', '/api/training/plans', plan(2034))).statusCode, role).toBe(403);
    }
    expect((await hub.call('requester', 'GET', '/api/training/plans')).statusCode).toBe(403);
    expect((await hub.call('trainer', 'POST', '/api/training/plans/999999/start')).statusCode).toBe(404);
  });

  it('TRN-3 schedules sessions only under an approved plan, with a trainer or an external one', async () => {
    const draft = ok<PlanDetailDto>(await hub.call('trainer', 'POST', '/api/training/plans', plan(2035)), 201);
    const session = (planDto: PlanDetailDto, overrides: Record<string, unknown> = {}) => ({
      planId: planDto.plan.id,
      courseId: planDto.courses[0]?.id,
      startsAt: at(-3),
      endsAt: at(-1),
      trainerId: hub.userId('trainer'),
      location: 'Admin building 301 / 行政楼301',
      capacity: 2,
      ...overrides,
    });
    const unapproved = await hub.call('trainer', 'POST', '/api/training/sessions', session(draft));
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json()).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/once it is approved/),
    });

    const running = await approvedPlan(hub, 2036, false);
    const both = await hub.call(
      'trainer',
      'POST',
      '/api/training/sessions',
      session(running, { externalTrainer: 'Vendor support' }),
    );
    expect(both.json()).toMatchObject({ code: 'invalid', field: 'externalTrainer' });
    const nobody = await hub.call('trainer', 'POST', '/api/training/sessions', session(running, { trainerId: undefined }));
    expect(nobody.json()).toMatchObject({ code: 'invalid', field: 'trainerId' });
    const notTrainer = await hub.call(
      'trainer',
      'POST',
      '/api/training/sessions',
      session(running, { trainerId: hub.userId('technician') }),
    );
    expect(notTrainer.json()).toMatchObject({
      code: 'invalid',
      field: 'trainerId',
      message: expect.stringMatching(/not an active trainer/),
    });
    const noLink = await hub.call(
      'trainer',
      'POST',
      '/api/training/sessions',
      session(running, { format: 'online', location: undefined }),
    );
    expect(noLink.json()).toMatchObject({ code: 'invalid', field: 'onlineLink' });
    const otherPlan = await hub.call(
      'trainer',
      'POST',
      '/api/training/sessions',
      session(running, { courseId: draft.courses[0]?.id }),
    );
    expect(otherPlan.json()).toMatchObject({ code: 'invalid', field: 'courseId' });
    const backwards = await hub.call('trainer', 'POST', '/api/training/sessions', session(running, { endsAt: at(-4) }));
    expect(backwards.json()).toMatchObject({ code: 'invalid', field: 'endsAt' });
    expect((await hub.call('technician', 'POST', '/api/training/sessions', session(running))).statusCode).toBe(403);

    const classroom = ok<SessionDto>(await hub.call('trainer', 'POST', '/api/training/sessions', session(running)), 201);
    expect(classroom).toMatchObject({
      status: 'scheduled',
      format: 'class',
      formatLabel: { en: 'Classroom', zh: '集中授课' },
      trainer: { id: hub.userId('trainer'), name: 'Test trainer' },
      externalTrainer: null,
      capacity: 2,
      enrolled: 0,
    });
    const online = ok<SessionDto>(
      await hub.call(
        'trainer',
        'POST',
        '/api/training/sessions',
        session(running, {
          startsAt: at(48),
          endsAt: at(50),
          format: 'online',
          trainerId: undefined,
          externalTrainer: 'Hengtai Software support / 恒泰软件技术支持',
          location: undefined,
          onlineLink: 'https://meeting.example.edu.cn/room/42',
        }),
      ),
      201,
    );
    expect(online).toMatchObject({
      format: 'online',
      trainer: null,
      externalTrainer: 'Hengtai Software support / 恒泰软件技术支持',
    });
    expect(await auditActions(hub, 'training_session', classroom.id)).toEqual(['training_session.scheduled']);
  });

  it('TRN-3 enrols within capacity, takes attendance once delivery started and the session began, scoped to participants', async () => {
    const running = await approvedPlan(hub, 2037, false);
    const courseId = running.courses[0]?.id;
    const past = ok<SessionDto>(
      await hub.call('trainer', 'POST', '/api/training/sessions', {
        planId: running.plan.id,
        courseId,
        startsAt: at(-3),
        endsAt: at(-1),
        externalTrainer: 'Backbone clerk Wang / 业务骨干王老师',
        location: 'Canteen meeting room',
        capacity: 2,
      }),
      201,
    );
    const future = ok<SessionDto>(
      await hub.call('trainer', 'POST', '/api/training/sessions', {
        planId: running.plan.id,
        courseId,
        startsAt: at(72),
        endsAt: at(74),
        trainerId: hub.userId('trainer'),
        location: 'Workshop',
        capacity: 5,
      }),
      201,
    );
    const clerk = await addStaff(hub, 'clerk.li', { roles: ['asset_clerk'] });
    const enrolUrl = `/api/training/sessions/${past.id}/enrolments`;
    const tooMany = await hub.call('trainer', 'POST', enrolUrl, {
      userIds: [hub.userId('technician'), hub.userId('asset_clerk'), clerk.id],
    });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json()).toMatchObject({ code: 'conflict', field: 'userIds', message: expect.stringMatching(/2 places/) });
    const unknown = await hub.call('trainer', 'POST', enrolUrl, { userIds: [999999] });
    expect(unknown.json()).toMatchObject({ code: 'invalid', field: 'userIds.0' });
    const enrolled = ok<{ items: Array<{ userId: number }> }>(
      await hub.call('trainer', 'POST', enrolUrl, { userIds: [hub.userId('technician'), clerk.id] }),
      201,
    );
    expect(enrolled.items.map((e) => e.userId).sort()).toEqual([hub.userId('technician'), clerk.id].sort());
    // Enrolling someone already there is a no-op, even when full.
    ok(await hub.call('trainer', 'POST', enrolUrl, { userIds: [clerk.id] }), 201);
    ok(
      await hub.call('trainer', 'POST', `/api/training/sessions/${future.id}/enrolments`, {
        userIds: [hub.userId('technician')],
      }),
      201,
    );

    const attendanceUrl = `/api/training/sessions/${past.id}/attendance`;
    const records = {
      records: [
        { userId: hub.userId('technician'), attendance: 'present' },
        { userId: clerk.id, attendance: 'late' },
      ],
    };
    const notStarted = await hub.call('trainer', 'PUT', attendanceUrl, records);
    expect(notStarted.json()).toMatchObject({ code: 'illegal_transition', message: expect.stringMatching(/start it before/) });
    ok(await hub.call('trainer', 'POST', `/api/training/plans/${running.plan.id}/start`));
    const early = await hub.call('trainer', 'PUT', `/api/training/sessions/${future.id}/attendance`, {
      records: [{ userId: hub.userId('technician'), attendance: 'present' }],
    });
    expect(early.json()).toMatchObject({ code: 'illegal_transition', message: expect.stringMatching(/once it has begun/) });
    const stranger = await hub.call('trainer', 'PUT', attendanceUrl, {
      records: [{ userId: hub.userId('finance'), attendance: 'present' }],
    });
    expect(stranger.json()).toMatchObject({ code: 'invalid', field: 'records.0.userId' });
    const badStatus = await hub.call('trainer', 'PUT', attendanceUrl, { records: [{ userId: clerk.id, attendance: 'asleep' }] });
    expect(badStatus.json()).toMatchObject({ code: 'invalid', field: 'records.0.attendance' });
    const held = ok<SessionDetailDto>(await hub.call('trainer', 'PUT', attendanceUrl, records));
    expect(held.session.status).toBe('held');
    expect(held.enrolments.map((e) => e.attendance).sort()).toEqual(['late', 'present']);
    // A correction after the fact is allowed and audited.
    ok(
      await hub.call('trainer', 'PUT', attendanceUrl, {
        records: [{ userId: clerk.id, attendance: 'excused', note: 'Sick leave' }],
      }),
    );
    // Held: no more enrolment changes.
    expect((await hub.call('trainer', 'DELETE', `${enrolUrl}/${clerk.id}`)).json()).toMatchObject({ code: 'illegal_transition' });

    // A participant sees their sessions and only their own line; others see nothing of it.
    const technician = ok<{ items: SessionDto[] }>(await hub.call('technician', 'GET', '/api/training/sessions'));
    expect(technician.items.map((s) => s.id)).toEqual([past.id, future.id]);
    const own = ok<SessionDetailDto>(await hub.call('technician', 'GET', `/api/training/sessions/${past.id}`));
    expect(own.enrolments).toEqual([expect.objectContaining({ userId: hub.userId('technician'), attendance: 'present' })]);
    expect((await hub.call('canteen_manager', 'GET', `/api/training/sessions/${past.id}`)).statusCode).toBe(404);
    expect(ok<{ items: SessionDto[] }>(await hub.call('canteen_manager', 'GET', '/api/training/sessions')).items).toEqual([]);
    const manager = ok<SessionDetailDto>(await hub.call('logistics_manager', 'GET', `/api/training/sessions/${past.id}`));
    expect(manager.enrolments).toHaveLength(2);
    const page = ok<{ items: SessionDto[]; nextCursor: string | null }>(
      await hub.call('logistics_manager', 'GET', `/api/training/sessions?planId=${running.plan.id}&limit=1`),
    );
    expect(page.items.map((s) => s.id)).toEqual([past.id]);
    const next = ok<{ items: SessionDto[] }>(
      await hub.call(
        'logistics_manager',
        'GET',
        `/api/training/sessions?planId=${running.plan.id}&limit=1&cursor=${page.nextCursor}`,
      ),
    );
    expect(next.items.map((s) => s.id)).toEqual([future.id]);

    // Closing waits for the scheduled session: cancel it first.
    const closeUrl = `/api/training/plans/${running.plan.id}/close`;
    expect((await hub.call('trainer', 'POST', closeUrl, { summary: 'Done' })).json()).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/still scheduled/),
    });
    noContent(await hub.call('trainer', 'DELETE', `/api/training/sessions/${future.id}/enrolments/${hub.userId('technician')}`));
    expect((await hub.call('trainer', 'POST', `/api/training/sessions/${future.id}/cancel`, {})).json()).toMatchObject({
      field: 'reason',
    });
    const cancelled = ok<SessionDto>(
      await hub.call('trainer', 'POST', `/api/training/sessions/${future.id}/cancel`, { reason: 'Trainer ill / 讲师生病' }),
    );
    expect(cancelled.status).toBe('cancelled');
    expect(
      (await hub.call('trainer', 'POST', `/api/training/sessions/${future.id}/cancel`, { reason: 'again' })).statusCode,
    ).toBe(409);
    const closed = ok<{ status: string; summary: string }>(
      await hub.call('trainer', 'POST', closeUrl, { summary: 'All courses held; one session cancelled / 全部完成' }),
    );
    expect(closed).toMatchObject({ status: 'closed' });
    expect((await hub.call('trainer', 'POST', closeUrl, { summary: 'again' })).statusCode).toBe(409);

    expect(await auditActions(hub, 'training_session', past.id)).toEqual([
      'training_session.scheduled',
      'training_session.enrolled',
      'training_session.attendance_recorded',
      'training_session.attendance_recorded',
    ]);
    expect(await auditActions(hub, 'training_session', future.id)).toEqual([
      'training_session.scheduled',
      'training_session.enrolled',
      'training_session.unenrolled',
      'training_session.cancelled',
    ]);
    expect((await auditActions(hub, 'training_plan', running.plan.id)).slice(-2)).toEqual([
      'training_plan.started',
      'training_plan.closed',
    ]);
    const mine = await hub.app.inject({ method: 'GET', url: '/api/training/sessions', headers: await loginAs(hub, 'clerk.li') });
    expect(mine.json<{ items: SessionDto[] }>().items.map((s) => s.id)).toEqual([past.id]);
  });
});
