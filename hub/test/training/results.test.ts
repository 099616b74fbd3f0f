import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  addStaff,
  approvedPlan,
  at,
  auditActions,
  loginAs,
  ok,
  type PerformanceDto,
  type PlanDetailDto,
  SYSTEM,
} from './helpers.ts';

interface ExamDto {
  id: number;
  planId: number | null;
  courseId: number | null;
  excellenceMark: number;
  certification: string | null;
  validityMonths: number | null;
  results: number;
}
interface CertDto {
  id: number;
  kind: string;
  number: string;
  status: string;
  issuedOn: string;
  expiresOn: string;
}

const addMonths = (date: string, months: number) => {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d ?? 1, last));
  return target.toISOString().slice(0, 10);
};
const addDays = (date: string, days: number) => {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
};

describe.each(testAdapters())('TRN-4/TRN-5 exams, results, performance records on %s', (adapter) => {
  let hub: HubFixture;
  let today: string;
  let plan: PlanDetailDto;
  let opsCourse = 0;
  let boilerCourse = 0;
  let opsSession = 0;
  let boilerSession = 0;
  const ids: Record<string, number> = {};
  const certs: Record<string, number> = {};

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    today = hub.services.calendar.today();
    plan = await approvedPlan(hub, 2041);
    opsCourse = plan.courses[0]?.id ?? 0;
    boilerCourse = plan.courses[1]?.id ?? 0;
    const session = async (courseId: number, capacity: number) =>
      ok<{ id: number }>(
        await hub.call('trainer', 'POST', '/api/training/sessions', {
          planId: plan.plan.id,
          courseId,
          startsAt: at(24 * 7),
          endsAt: at(24 * 7 + 3),
          externalTrainer: 'Special equipment institute / 特种设备检验所',
          location: 'Boiler house / 锅炉房',
          capacity,
        }),
        201,
      ).id;
    opsSession = await session(opsCourse, 1);
    boilerSession = await session(boilerCourse, 5);
    for (const name of ['ops.a', 'ops.b', 'ops.c']) ids[name] = (await addStaff(hub, name)).id;
    ids.chem = (await addStaff(hub, 'ops.chem', { departmentId: OTHER_DEPARTMENT })).id;
    await addStaff(hub, 'head.chem', { roles: ['department_head'], departmentId: OTHER_DEPARTMENT });
    const withCert = async (name: string, expiresOn: string) => {
      const staff = await addStaff(hub, name, {
        skills: [{ skill: 'boiler', level: 3 }],
        certifications: [{ kind: 'boiler', expiresOn }],
      });
      ids[name] = staff.id;
      certs[name] = staff.certificationIds[0] ?? 0;
    };
    await withCert('boiler.renew', addDays(today, 30));
    await withCert('boiler.fail', '2099-12-31');
    await withCert('boiler.revoked', '2030-01-01');
    await hub.services.identity.setCertificationStatus(SYSTEM, certs['boiler.revoked'] ?? 0, 'revoked');
    ids['boiler.new'] = (await addStaff(hub, 'boiler.new', { skills: [{ skill: 'boiler', level: 2 }] })).id;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const exam = async (body: Record<string, unknown>) =>
    ok<ExamDto>(
      await hub.call('trainer', 'POST', '/api/training/exams', {
        title: 'System operation theory exam',
        titleZh: '系统操作理论考试',
        kind: 'theory',
        area: 'system_skills',
        maxScore: 100,
        passMark: 60,
        heldOn: today,
        ...body,
      }),
      201,
    );
  const record = (examId: number, results: Array<Record<string, unknown>>, role: 'trainer' | 'technician' = 'trainer') =>
    hub.call(role, 'POST', `/api/training/exams/${examId}/results`, { results });
  const byUser = (items: PerformanceDto[]) => new Map(items.map((item) => [item.user.id, item]));

  it('TRN-4 sets exams and practical checks, refusing bad marks, unapproved plans and other roles', async () => {
    const theory = await exam({ courseId: opsCourse, skill: 'system_operation' });
    expect(theory).toMatchObject({
      planId: plan.plan.id,
      courseId: opsCourse,
      excellenceMark: 90,
      certification: null,
      results: 0,
    });
    const bad = (body: Record<string, unknown>) =>
      hub.call('trainer', 'POST', '/api/training/exams', {
        title: 'Bad',
        kind: 'practical',
        area: 'data_accuracy',
        maxScore: 100,
        passMark: 60,
        heldOn: today,
        ...body,
      });
    expect((await bad({ passMark: 120 })).json()).toMatchObject({ code: 'invalid', field: 'passMark' });
    expect((await bad({ excellenceMark: 50 })).json()).toMatchObject({ code: 'invalid', field: 'excellenceMark' });
    expect((await bad({ validityMonths: 12 })).json()).toMatchObject({ code: 'invalid', field: 'validityMonths' });
    expect((await bad({ heldOn: '2026-02-30' })).json()).toMatchObject({ code: 'invalid', field: 'heldOn' });
    expect((await bad({ area: 'cooking' })).json()).toMatchObject({ code: 'invalid', field: 'area' });
    expect((await bad({ courseId: 999999 })).json()).toMatchObject({ code: 'invalid', field: 'courseId' });
    const draft = ok<PlanDetailDto>(
      await hub.call('trainer', 'POST', '/api/training/plans', { year: 2042, title: 'Draft', goals: [], courses: [] }),
      201,
    );
    const unapproved = await bad({ planId: draft.plan.id });
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json()).toMatchObject({ code: 'illegal_transition' });
    expect((await hub.call('technician', 'POST', '/api/training/exams', { title: 'x' })).statusCode).toBe(403);
    expect((await hub.call('logistics_manager', 'GET', '/api/training/exams')).statusCode).toBe(200);
    expect((await hub.call('technician', 'GET', '/api/training/exams')).statusCode).toBe(403);
    expect(await auditActions(hub, 'training_exam', theory.id)).toEqual(['training_exam.created']);
  });

  it('TRN-5 results decide outcomes: recognition, pass, re-training with a re-assessment date and a session place', async () => {
    const theory = await exam({ courseId: opsCourse, skill: 'system_operation', title: 'System operation, first sitting' });
    const items = ok<{ items: PerformanceDto[] }>(
      await record(theory.id, [
        { userId: ids['ops.c'], score: 50, note: 'Confused the asset and repair screens' },
        { userId: ids['ops.a'], score: 95 },
        { userId: ids['ops.b'], score: 70 },
      ]),
      201,
    ).items;
    const results = byUser(items);
    expect(results.get(ids['ops.a'] ?? 0)).toMatchObject({
      passed: true,
      outcome: 'recognition',
      recognition: true,
      retraining: false,
      open: false,
    });
    expect(results.get(ids['ops.b'] ?? 0)).toMatchObject({ passed: true, outcome: 'pass', reassessmentDueOn: null });
    expect(results.get(ids['ops.c'] ?? 0)).toMatchObject({
      passed: false,
      outcome: 'reassessment',
      retraining: true,
      reassessmentDueOn: addDays(today, 30),
      retrainingSessionId: opsSession,
      topic: 'skill:system_operation',
      open: true,
    });
    const session = ok<{ enrolments: Array<{ userId: number; reason: string }> }>(
      await hub.call('trainer', 'GET', `/api/training/sessions/${opsSession}`),
    );
    expect(session.enrolments).toEqual([expect.objectContaining({ userId: ids['ops.c'], reason: 'retraining' })]);
    const detail = ok<{ exam: ExamDto; results: PerformanceDto[] }>(
      await hub.call('logistics_manager', 'GET', `/api/training/exams/${theory.id}`),
    );
    expect(detail.exam.results).toBe(3);
    expect(detail.results).toHaveLength(3);
    const c = results.get(ids['ops.c'] ?? 0);
    expect(await auditActions(hub, 'training_result', c?.resultId ?? 0)).toEqual(['training_result.recorded']);
    expect(await auditActions(hub, 'training_session', opsSession)).toContain('training_session.enrolled');
  });

  it('TRN-5 a failed re-assessment is referred; a later pass settles the follow-up', async () => {
    const resit = await exam({ courseId: opsCourse, skill: 'system_operation', title: 'System operation, re-sit / 补考' });
    const referral = ok<{ items: PerformanceDto[] }>(await record(resit.id, [{ userId: ids['ops.c'], score: 40 }]), 201).items[0];
    expect(referral).toMatchObject({ outcome: 'referral', referral: true, retraining: true, open: true });
    const open = ok<{ items: PerformanceDto[] }>(
      await hub.call('logistics_manager', 'GET', `/api/training/performance?userId=${ids['ops.c']}&open=true`),
    ).items;
    expect(open.map((p) => p.id)).toEqual([referral?.id]);
    const history = ok<{ items: PerformanceDto[] }>(
      await hub.call('trainer', 'GET', `/api/training/performance?userId=${ids['ops.c']}`),
    ).items;
    expect(history.map((p) => [p.outcome, p.settledBy])).toEqual([
      ['referral', null],
      ['reassessment', referral?.id],
    ]);

    const third = await exam({ courseId: opsCourse, skill: 'system_operation', title: 'System operation, after re-training' });
    const passed = ok<{ items: PerformanceDto[] }>(await record(third.id, [{ userId: ids['ops.c'], score: 75 }]), 201).items[0];
    expect(passed).toMatchObject({ outcome: 'pass', open: false });
    expect(
      ok<{ items: PerformanceDto[] }>(
        await hub.call('trainer', 'GET', `/api/training/performance?userId=${ids['ops.c']}&open=true`),
      ).items,
    ).toEqual([]);
    expect(await auditActions(hub, 'training_performance', referral?.id ?? 0)).toEqual(['training_follow_up.settled']);
    const recognised = ok<{ items: PerformanceDto[] }>(
      await hub.call('logistics_manager', 'GET', '/api/training/performance?outcome=recognition'),
    ).items;
    expect(recognised.map((p) => p.user.id)).toEqual([ids['ops.a']]);
  });

  it('TRN-5 a certification exam renews, grants, respects a revocation, and suspends on failure', async () => {
    const practical = await exam({
      courseId: boilerCourse,
      title: 'Boiler operator practical check',
      titleZh: '锅炉操作实操考核',
      kind: 'practical',
      area: 'safety',
      skill: 'boiler',
      certification: 'boiler',
      validityMonths: 36,
    });
    expect(practical).toMatchObject({ certification: 'boiler', validityMonths: 36 });
    const items = byUser(
      ok<{ items: PerformanceDto[] }>(
        await record(practical.id, [
          { userId: ids['boiler.renew'], score: 85 },
          { userId: ids['boiler.new'], score: 75 },
          { userId: ids['boiler.revoked'], score: 92 },
          { userId: ids['boiler.fail'], score: 30 },
        ]),
        201,
      ).items,
    );
    const expiry = addMonths(today, 36);
    const certsOf = async (name: string) =>
      ok<{ certifications: CertDto[] }>(await hub.call('logistics_manager', 'GET', `/api/staff/${ids[name]}`)).certifications;

    expect(items.get(ids['boiler.renew'] ?? 0)).toMatchObject({
      certificationEffect: 'renewed',
      certificationId: certs['boiler.renew'],
    });
    expect(await certsOf('boiler.renew')).toEqual([expect.objectContaining({ status: 'valid', expiresOn: expiry })]);

    const granted = items.get(ids['boiler.new'] ?? 0);
    expect(granted).toMatchObject({ certificationEffect: 'granted' });
    const newCerts = await certsOf('boiler.new');
    expect(newCerts).toEqual([
      expect.objectContaining({
        id: granted?.certificationId,
        kind: 'boiler',
        status: 'valid',
        issuedOn: today,
        expiresOn: expiry,
      }),
    ]);
    expect(newCerts[0]?.number).toMatch(/^TRN-\d{4}-\d{6}$/);

    expect(items.get(ids['boiler.revoked'] ?? 0)).toMatchObject({ passed: true, certificationEffect: 'blocked_revoked' });
    expect(await certsOf('boiler.revoked')).toEqual([expect.objectContaining({ status: 'revoked' })]);

    const failed = items.get(ids['boiler.fail'] ?? 0);
    expect(failed).toMatchObject({
      outcome: 'reassessment',
      certificationEffect: 'suspended',
      certificationId: certs['boiler.fail'],
      retrainingSessionId: boilerSession,
    });
    expect(await certsOf('boiler.fail')).toEqual([expect.objectContaining({ status: 'suspended', expiresOn: '2099-12-31' })]);

    // Identity audits the certificate changes, with before and after.
    expect(await auditActions(hub, 'certification', certs['boiler.fail'] ?? 0)).toEqual([
      'certification.added',
      'certification.suspended',
    ]);
    expect(await auditActions(hub, 'certification', certs['boiler.renew'] ?? 0)).toEqual([
      'certification.added',
      'certification.valid',
    ]);
    expect(await auditActions(hub, 'certification', granted?.certificationId ?? 0)).toEqual(['certification.added']);
    // The suspension shows in the needs analysis once boilers require the certificate.
    ok(
      await hub.call('trainer', 'POST', '/api/training/requirements', {
        scope: 'job',
        target: 'boiler',
        kind: 'certification',
        name: 'boiler',
      }),
      201,
    );
    const needs = ok<{ items: Array<{ userId: number; reason: string }> }>(
      await hub.call('trainer', 'GET', '/api/training/needs'),
    );
    expect(needs.items.filter((n) => n.reason !== 'missing_skill')).toEqual([
      expect.objectContaining({ userId: ids['boiler.fail'], reason: 'suspended' }),
      expect.objectContaining({ userId: ids['boiler.revoked'], reason: 'revoked' }),
    ]);

    // Passing the re-assessment lifts the suspension.
    const resit = await exam({
      courseId: boilerCourse,
      title: 'Boiler re-check',
      kind: 'practical',
      area: 'safety',
      certification: 'boiler',
    });
    const lifted = ok<{ items: PerformanceDto[] }>(await record(resit.id, [{ userId: ids['boiler.fail'], score: 80 }]), 201)
      .items[0];
    expect(lifted).toMatchObject({ certificationEffect: 'renewed', outcome: 'pass' });
    expect(await certsOf('boiler.fail')).toEqual([expect.objectContaining({ status: 'valid', expiresOn: '2099-12-31' })]);
  });

  it('TRN-5 refuses a second result, impossible scores, early recording, self-grading and other roles', async () => {
    const theory = await exam({ title: 'Data accuracy check', area: 'data_accuracy', kind: 'practical' });
    ok(await record(theory.id, [{ userId: ids['ops.a'], score: 80 }]), 201);
    const again = await record(theory.id, [{ userId: ids['ops.a'], score: 90 }]);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'results.0.userId' });
    expect((await record(theory.id, [{ userId: ids['ops.b'], score: 101 }])).json()).toMatchObject({
      code: 'invalid',
      field: 'results.0.score',
    });
    expect((await record(theory.id, [{ userId: ids['ops.b'], score: -1 }])).json()).toMatchObject({ field: 'results.0.score' });
    expect((await record(theory.id, [{ userId: hub.userId('trainer'), score: 80 }])).json()).toMatchObject({
      field: 'results.0.userId',
    });
    expect((await record(theory.id, [{ userId: 999999, score: 80 }])).json()).toMatchObject({
      code: 'invalid',
      field: 'results.0.userId',
    });
    const twice = await record(theory.id, [
      { userId: ids['ops.b'], score: 80 },
      { userId: ids['ops.b'], score: 70 },
    ]);
    expect(twice.json()).toMatchObject({ field: 'results.1.userId' });
    expect((await record(theory.id, [{ userId: ids['ops.b'], score: 80 }], 'technician')).statusCode).toBe(403);
    expect(
      (await hub.call('trainer', 'POST', '/api/training/exams/999999/results', { results: [{ userId: ids['ops.b'], score: 1 }] }))
        .statusCode,
    ).toBe(404);
    // Nothing of a refused batch was written.
    expect(ok<{ exam: ExamDto }>(await hub.call('trainer', 'GET', `/api/training/exams/${theory.id}`)).exam.results).toBe(1);

    const future = await exam({ title: 'Next month', heldOn: addDays(today, 5) });
    expect((await record(future.id, [{ userId: ids['ops.b'], score: 80 }])).json()).toMatchObject({ code: 'illegal_transition' });
    const notStarted = await approvedPlan(hub, 2043, false);
    const waiting = await exam({ planId: notStarted.plan.id, title: 'Before the start' });
    const early = await record(waiting.id, [{ userId: ids['ops.b'], score: 80 }]);
    expect(early.json()).toMatchObject({
      code: 'illegal_transition',
      message: expect.stringMatching(/start it before recording results/),
    });
  });

  it('TRN-5 shows each person their own record; heads their department; trainers and the manager everyone', async () => {
    const c = await loginAs(hub, 'ops.c');
    const mine = await hub.app.inject({ method: 'GET', url: '/api/training/me/record', headers: c });
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json<{
      user: { id: number };
      results: PerformanceDto[];
      sessions: Array<{ session: { id: number }; reason: string }>;
      summary: Record<string, number>;
    }>();
    expect(body.user.id).toBe(ids['ops.c']);
    expect(body.results.map((r) => r.outcome)).toEqual(['pass', 'referral', 'reassessment']);
    expect(body.sessions).toEqual([
      expect.objectContaining({ session: expect.objectContaining({ id: opsSession }), reason: 'retraining' }),
    ]);
    expect(body.summary).toEqual({ results: 3, passed: 1, recognitions: 0, openFollowUps: 0, sessionsAttended: 0 });
    const other = await hub.app.inject({ method: 'GET', url: `/api/training/staff/${ids['ops.a']}/record`, headers: c });
    expect(other.statusCode).toBe(404);
    expect(
      ok<{ summary: { recognitions: number } }>(
        await hub.call('logistics_manager', 'GET', `/api/training/staff/${ids['ops.a']}/record`),
      ).summary.recognitions,
    ).toBe(1);
    expect((await hub.call('department_head', 'GET', `/api/training/staff/${ids['ops.c']}/record`)).statusCode).toBe(200);
    const chemHead = await loginAs(hub, 'head.chem');
    expect(
      (await hub.app.inject({ method: 'GET', url: `/api/training/staff/${ids['ops.c']}/record`, headers: chemHead })).statusCode,
    ).toBe(404);
    const chemView = await hub.app.inject({ method: 'GET', url: '/api/training/performance', headers: chemHead });
    expect(chemView.json<{ items: PerformanceDto[] }>().items).toEqual([]);
    expect((await hub.call('technician', 'GET', '/api/training/performance')).statusCode).toBe(403);
    expect((await hub.call('requester', 'GET', '/api/training/me/record')).statusCode).toBe(403);
    expect((await hub.call('trainer', 'GET', '/api/training/staff/999999/record')).statusCode).toBe(404);
  });
});
