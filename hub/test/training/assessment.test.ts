import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, OTHER_DEPARTMENT, startHubFixture } from '../helpers/hub-fixture.ts';
import { addStaff, auditActions, loginAs, noContent, ok } from './helpers.ts';

interface AssessmentDto {
  id: number;
  userId: number;
  assessorName: string;
  assessedOn: string;
  scores: Array<{ skill: string; level: number; previousLevel: number | null }>;
}
interface NeedsDto {
  asOf: string;
  horizonDays: number;
  total: number;
  items: Array<{
    userId: number;
    kind: string;
    topic: string;
    reason: string;
    reasonLabel: { zh: string };
    priority: number;
    daysLeft: number | null;
    because: string[];
  }>;
  topics: Array<{ kind: string; topic: string; people: number; score: number }>;
}

const addDays = (date: string, days: number) => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
};

describe.each(testAdapters())('TRN-1 skill assessment and needs analysis on %s', (adapter) => {
  let hub: HubFixture;
  let today: string;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    today = hub.services.calendar.today();
    ids.lift = (
      await addStaff(hub, 'tech.lift', {
        skills: [
          { skill: 'elevator', level: 1 },
          { skill: 'plumbing', level: 4 },
        ],
        certifications: [{ kind: 'elevator', expiresOn: addDays(today, 20) }],
      })
    ).id;
    const volt = await addStaff(hub, 'tech.volt', {
      skills: [
        { skill: 'electrical', level: 4 },
        { skill: 'system_operation', level: 3 },
      ],
      certifications: [{ kind: 'high_voltage', expiresOn: '2099-01-01' }],
    });
    ids.volt = volt.id;
    await hub.services.identity.setCertificationStatus(
      { userId: null, name: 'system:test', roles: ['admin'], departmentId: null },
      volt.certificationIds[0] ?? 0,
      'suspended',
    );
    ids.chemTech = (await addStaff(hub, 'tech.chem', { departmentId: OTHER_DEPARTMENT })).id;
    ids.chemHead = (await addStaff(hub, 'head.chem', { roles: ['department_head'], departmentId: OTHER_DEPARTMENT })).id;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('TRN-1 keeps a requirement\'s null note as no note, not "" (a null in any request body stays null)', async () => {
    // The validator coerces types and used to try the text branch of [Text, Null] first.
    const response = await hub.call('trainer', 'POST', '/api/training/requirements', {
      scope: 'role',
      target: 'technician',
      kind: 'skill',
      name: 'nullable_note',
      minLevel: 1,
      note: null,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'nullable_note', note: null });
    const listed = ok<{ items: Array<{ id: number; name: string; note: string | null }> }>(
      await hub.call('trainer', 'GET', '/api/training/requirements'),
    );
    const stored = listed.items.find((item) => item.name === 'nullable_note');
    expect(stored?.note).toBeNull();
    noContent(await hub.call('trainer', 'DELETE', `/api/training/requirements/${stored?.id}`));
  });

  it('TRN-1 keeps what roles and jobs require, refusing duplicates and nonsense', async () => {
    const add = (body: Record<string, unknown>) => hub.call('trainer', 'POST', '/api/training/requirements', body);
    const sysop = ok<{ id: number }>(
      await add({ scope: 'role', target: 'technician', kind: 'skill', name: 'system_operation', minLevel: 2 }),
      201,
    );
    ok(await add({ scope: 'job', target: 'elevator', kind: 'skill', name: 'elevator', minLevel: 3 }), 201);
    ok(await add({ scope: 'job', target: 'elevator', kind: 'certification', name: 'elevator' }), 201);
    ok(
      await add({
        scope: 'job',
        target: 'high_voltage',
        kind: 'certification',
        name: 'high_voltage',
        note: '特种作业操作证（高压电工）',
      }),
      201,
    );
    const duplicate = await add({ scope: 'role', target: 'technician', kind: 'skill', name: 'system_operation', minLevel: 4 });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'conflict', field: 'name' });
    expect((await add({ scope: 'role', target: 'wizard', kind: 'skill', name: 'spells', minLevel: 2 })).json()).toMatchObject({
      code: 'invalid',
      field: 'target',
    });
    expect((await add({ scope: 'job', target: 'gas', kind: 'skill', name: 'gas' })).json()).toMatchObject({ field: 'minLevel' });
    expect((await add({ scope: 'job', target: 'gas', kind: 'certification', name: 'gas', minLevel: 2 })).json()).toMatchObject({
      field: 'minLevel',
    });
    expect((await add({ scope: 'job', target: 'Gas!', kind: 'certification', name: 'gas' })).json()).toMatchObject({
      field: 'target',
    });
    expect(
      (
        await hub.call('logistics_manager', 'POST', '/api/training/requirements', {
          scope: 'job',
          target: 'gas',
          kind: 'certification',
          name: 'gas',
        })
      ).statusCode,
    ).toBe(403);
    const temporary = ok<{ id: number }>(
      await add({ scope: 'job', target: 'boiler', kind: 'certification', name: 'boiler' }),
      201,
    );
    noContent(await hub.call('trainer', 'DELETE', `/api/training/requirements/${temporary.id}`));
    expect((await hub.call('trainer', 'DELETE', `/api/training/requirements/${temporary.id}`)).statusCode).toBe(404);
    const listed = ok<{ items: Array<{ name: string }> }>(
      await hub.call('logistics_manager', 'GET', '/api/training/requirements'),
    );
    expect(listed.items.map((r) => r.name).sort()).toEqual(['elevator', 'elevator', 'high_voltage', 'system_operation']);
    expect((await hub.call('technician', 'GET', '/api/training/requirements')).statusCode).toBe(403);
    expect(await auditActions(hub, 'training_requirement', sysop.id)).toEqual(['training_requirement.added']);
    expect(await auditActions(hub, 'training_requirement', temporary.id)).toEqual([
      'training_requirement.added',
      'training_requirement.removed',
    ]);
  });

  it('TRN-1 ranks the needs: blocking certifications first, then expiring ones, then skill gaps', async () => {
    const needs = ok<NeedsDto>(await hub.call('trainer', 'GET', '/api/training/needs?horizonDays=60'));
    expect(needs.asOf).toBe(today);
    const lines = needs.items.map((n) => [n.userId, n.topic, n.reason, n.priority]);
    expect(lines).toEqual([
      [ids.volt, 'high_voltage', 'suspended', 100],
      // 20 of 60 days left: 50 + 40 × 40/60.
      [ids.lift, 'elevator', 'expiring', 77],
      [hub.userId('technician'), 'system_operation', 'missing_skill', 40],
      [ids.lift, 'system_operation', 'missing_skill', 40],
      [ids.chemTech, 'system_operation', 'missing_skill', 40],
      [ids.lift, 'elevator', 'below_level', 30],
    ]);
    expect(needs.items[0]?.reasonLabel.zh).toBe('证书已暂停');
    expect(needs.items[1]).toMatchObject({ kind: 'certification', daysLeft: 20, because: ['job elevator'] });
    expect(needs.topics[0]).toMatchObject({ kind: 'skill', topic: 'system_operation', people: 3, score: 120 });

    const shortHorizon = ok<NeedsDto>(await hub.call('logistics_manager', 'GET', '/api/training/needs?horizonDays=10&limit=2'));
    expect(shortHorizon.total).toBe(5);
    expect(shortHorizon.items.map((n) => n.reason)).toEqual(['suspended', 'missing_skill']);
    const byDepartment = ok<NeedsDto>(await hub.call('trainer', 'GET', `/api/training/needs?departmentId=${OTHER_DEPARTMENT}`));
    expect(byDepartment.items.map((n) => n.userId)).toEqual([ids.chemTech]);
    // A department head reads their own department whatever they ask for.
    const chemHead = await loginAs(hub, 'head.chem');
    const scoped = await hub.app.inject({
      method: 'GET',
      url: '/api/training/needs?departmentId=logistics-office',
      headers: chemHead,
    });
    expect(scoped.json<NeedsDto>().items.map((n) => n.userId)).toEqual([ids.chemTech]);
    expect((await hub.call('technician', 'GET', '/api/training/needs')).statusCode).toBe(403);
    expect((await hub.call('trainer', 'GET', '/api/training/needs?asOf=2026-13-01')).statusCode).toBe(400);
  });

  it('TRN-1 records an assessment that sets the assessed levels, keeping the other skills, audited', async () => {
    const response = await hub.call('trainer', 'POST', '/api/training/assessments', {
      userId: ids.lift,
      assessedOn: today,
      scores: [
        { skill: 'elevator', level: 3, comment: 'Handles rescue drill alone' },
        { skill: 'system_operation', level: 2 },
      ],
      note: 'Annual assessment / 年度技能评估',
    });
    const assessment = ok<AssessmentDto>(response, 201);
    expect(assessment).toMatchObject({ userId: ids.lift, assessorName: 'Test trainer', assessedOn: today });
    expect(assessment.scores).toEqual([
      expect.objectContaining({ skill: 'elevator', level: 3, previousLevel: 1 }),
      expect.objectContaining({ skill: 'system_operation', level: 2, previousLevel: null }),
    ]);
    const profile = ok<{ skills: Array<{ skill: string; level: number }> }>(
      await hub.call('logistics_manager', 'GET', `/api/staff/${ids.lift}`),
    );
    expect(profile.skills).toEqual([
      { skill: 'elevator', level: 3 },
      { skill: 'plumbing', level: 4 },
      { skill: 'system_operation', level: 2 },
    ]);
    expect(await auditActions(hub, 'training_assessment', assessment.id)).toEqual(['training_assessment.recorded']);
    expect((await auditActions(hub, 'user', ids.lift ?? 0)).at(-1)).toBe('staff.skills_set');
    // The gaps closed: only the expiring certificate is left for this person.
    const needs = ok<NeedsDto>(await hub.call('trainer', 'GET', '/api/training/needs'));
    expect(needs.items.filter((n) => n.userId === ids.lift).map((n) => n.reason)).toEqual(['expiring']);
  });

  it('TRN-1 refuses future dates, self-assessment, a skill twice, unknown people and other roles', async () => {
    const assess = (body: Record<string, unknown>, role: 'trainer' | 'technician' | 'logistics_manager' = 'trainer') =>
      hub.call(role, 'POST', '/api/training/assessments', {
        userId: hub.userId('technician'),
        assessedOn: today,
        scores: [{ skill: 'system_operation', level: 2 }],
        ...body,
      });
    expect((await assess({ assessedOn: addDays(today, 2) })).json()).toMatchObject({ code: 'invalid', field: 'assessedOn' });
    expect((await assess({ userId: hub.userId('trainer') })).json()).toMatchObject({ code: 'invalid', field: 'userId' });
    expect(
      (
        await assess({
          scores: [
            { skill: 'elevator', level: 2 },
            { skill: 'elevator', level: 3 },
          ],
        })
      ).json(),
    ).toMatchObject({ field: 'scores.1.skill' });
    expect((await assess({ userId: 999999 })).json()).toMatchObject({ code: 'invalid', field: 'userId' });
    expect((await assess({ scores: [{ skill: 'elevator', level: 6 }] })).json()).toMatchObject({ field: 'scores.0.level' });
    expect((await assess({ scores: [] })).json()).toMatchObject({ field: 'scores' });
    expect((await assess({}, 'technician')).statusCode).toBe(403);
    expect((await assess({}, 'logistics_manager')).statusCode).toBe(403);
  });

  it('TRN-1 shows assessments to the person, their department head, trainers and the manager', async () => {
    const chemAssessment = ok<AssessmentDto>(
      await hub.call('trainer', 'POST', '/api/training/assessments', {
        userId: ids.chemTech,
        assessedOn: today,
        scores: [{ skill: 'system_operation', level: 1 }],
      }),
      201,
    );
    const all = ok<{ items: AssessmentDto[] }>(await hub.call('logistics_manager', 'GET', '/api/training/assessments'));
    expect(all.items.map((a) => a.userId)).toEqual([ids.chemTech, ids.lift]);
    const page = ok<{ items: AssessmentDto[]; nextCursor: string }>(
      await hub.call('trainer', 'GET', '/api/training/assessments?limit=1'),
    );
    const rest = ok<{ items: AssessmentDto[] }>(
      await hub.call('trainer', 'GET', `/api/training/assessments?limit=1&cursor=${page.nextCursor}`),
    );
    expect([...page.items, ...rest.items].map((a) => a.userId)).toEqual([ids.chemTech, ids.lift]);
    const officeHead = ok<{ items: AssessmentDto[] }>(await hub.call('department_head', 'GET', '/api/training/assessments'));
    expect(officeHead.items.map((a) => a.userId)).toEqual([ids.lift]);
    expect((await hub.call('department_head', 'GET', `/api/training/assessments/${chemAssessment.id}`)).statusCode).toBe(404);
    const own = await hub.app.inject({
      method: 'GET',
      url: '/api/training/assessments',
      headers: await loginAs(hub, 'tech.chem'),
    });
    expect(own.json<{ items: AssessmentDto[] }>().items.map((a) => a.id)).toEqual([chemAssessment.id]);
    const ownDetail = await hub.app.inject({
      method: 'GET',
      url: `/api/training/assessments/${chemAssessment.id}`,
      headers: await loginAs(hub, 'tech.chem'),
    });
    expect(ownDetail.statusCode).toBe(200);
    // Someone else's assessment is as good as absent.
    expect((await hub.call('technician', 'GET', `/api/training/assessments/${chemAssessment.id}`)).statusCode).toBe(404);
    expect(
      ok<{ items: AssessmentDto[] }>(await hub.call('technician', 'GET', `/api/training/assessments?userId=${ids.lift}`)).items,
    ).toEqual([]);
    expect((await hub.call('requester', 'GET', '/api/training/assessments')).statusCode).toBe(403);
  });
});
