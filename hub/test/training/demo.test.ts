import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTrainingDemo } from '../../src/contexts/training/demo.ts';
import { type HubFixture, startHubFixture, TEST_PASSWORD } from '../helpers/hub-fixture.ts';
import { ok, type PerformanceDto } from './helpers.ts';

describe.each(testAdapters())('training demo data on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('TRN-1..5 seeds the 2026 training year deterministically, once', async () => {
    const summary = await seedTrainingDemo(hub.services, { password: TEST_PASSWORD });
    expect(summary).toMatchObject({ seeded: true, sessions: 9, exams: 4, results: 9 });
    expect(await seedTrainingDemo(hub.services, { password: TEST_PASSWORD })).toMatchObject({
      seeded: false,
      planId: summary.planId,
    });
    const zhao = summary.users['tech.zhao'] ?? 0;
    const zhang = summary.users['tech.zhang'] ?? 0;

    const plan = ok<{ plan: { status: string; year: number }; courses: unknown[]; sessions: Record<string, number> }>(
      await hub.call('trainer', 'GET', `/api/training/plans/${summary.planId}`),
    );
    expect(plan).toMatchObject({
      plan: { status: 'in_progress', year: 2026 },
      sessions: { held: 7, scheduled: 2, cancelled: 0 },
    });
    expect(plan.courses).toHaveLength(5);

    const certificationsOf = async (userId: number) =>
      ok<{ certifications: Array<{ kind: string; status: string; expiresOn: string }> }>(
        await hub.call('logistics_manager', 'GET', `/api/staff/${userId}`),
      ).certifications;
    expect(await certificationsOf(zhang)).toEqual([
      expect.objectContaining({ kind: 'elevator', status: 'valid', expiresOn: '2028-11-19' }),
    ]);
    expect(await certificationsOf(zhao)).toEqual([expect.objectContaining({ kind: 'elevator', status: 'suspended' })]);

    const record = ok<{ results: PerformanceDto[]; sessions: Array<{ reason: string; attendance: string | null }> }>(
      await hub.call('logistics_manager', 'GET', `/api/training/staff/${zhao}/record`),
    );
    expect(record.results.map((r) => [r.outcome, r.certificationEffect, r.open])).toEqual([
      ['reassessment', 'suspended', true],
      ['pass', null, false],
      ['reassessment', null, false],
    ]);
    expect(record.sessions.filter((s) => s.reason === 'retraining').map((s) => s.attendance)).toEqual([null, 'present']);

    const needs = ok<{ items: Array<{ userId: number; topic: string; reason: string }> }>(
      await hub.call('logistics_manager', 'GET', '/api/training/needs?asOf=2026-11-24&horizonDays=60'),
    );
    expect(needs.items[0]).toMatchObject({ userId: zhao, topic: 'elevator', reason: 'suspended' });
    expect(needs.items).toContainEqual(
      expect.objectContaining({ userId: summary.users['tech.wang'], topic: 'high_voltage', reason: 'expiring' }),
    );
    const recognised = ok<{ items: PerformanceDto[] }>(
      await hub.call('logistics_manager', 'GET', '/api/training/performance?outcome=recognition'),
    );
    expect(recognised.items.map((p) => p.user.id)).toEqual([summary.users['clerk.chen']]);
  });
});
