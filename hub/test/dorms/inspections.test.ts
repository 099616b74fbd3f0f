import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  allocateAll,
  auditActions,
  building,
  checkIn,
  expectStatus,
  hoursFromNow,
  JPEG,
  multipart,
  must,
  ok,
  PNG,
  resident,
  room,
  roomItems,
} from './helpers.ts';

interface SafetyDetail {
  check: {
    id: number;
    status: string;
    deadline: string | null;
    overdue: boolean;
    reinspections: number;
    findings: Array<{ kind: string; ticketId: number | null }>;
  };
  photos: Array<{ id: number; phase: string; url: string }>;
  reinspections: Array<{ passed: boolean }>;
}

describe.each(testAdapters())('DRM-5 inspections and DRM-7 safety checks on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await building(hub, 'B1', 'male');
    await building(hub, 'B2', 'female');
    await room(hub, 'B1', 1, '101', 2);
    await room(hub, 'B1', 1, '102', 2);
    await room(hub, 'B2', 1, '101', 2);
    const me = await resident(hub, { gender: 'male', cohort: 'A', userId: hub.userId('requester') });
    await allocateAll(hub, [me.id]);
    await checkIn(hub, me);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const uploadPhotos = (
    role: 'requester' | 'dorm_manager' | 'security_officer',
    id: number,
    phase: string,
    files: Array<{ name: string; type: string; bytes: Buffer }>,
  ) =>
    hub.as(role).then((headers) => {
      const body = multipart(files);
      return hub.app.inject({
        method: 'POST',
        url: `/api/dorms/safety-checks/${id}/photos?phase=${phase}`,
        payload: body.payload,
        headers: { ...headers, ...body.headers },
      });
    });

  it('DRM-5 plans inspections on a schedule and shows when each is due', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const plan = await ok<{ id: number; nextDue: string; overdue: boolean; checklist: string[] }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/inspection-plans', {
        name: 'Weekly round B1',
        buildingId: 'B1',
        everyDays: 7,
        checklist: ['Doors', 'Windows'],
        startsOn: '2026-01-05',
      }),
      201,
    );
    expect(plan).toMatchObject({ nextDue: '2026-01-05', overdue: today > '2026-01-05', checklist: ['Doors', 'Windows'] });
    expectStatus(
      await hub.call('dorm_manager', 'POST', '/api/dorms/inspection-plans', {
        name: 'x',
        buildingId: 'NOPE',
        everyDays: 7,
        checklist: ['a'],
        startsOn: today,
      }),
      400,
    );
    expectStatus(
      await hub.call('maintenance_planner', 'POST', '/api/dorms/inspection-plans', {
        name: 'x',
        everyDays: 7,
        checklist: ['a'],
        startsOn: today,
      }),
      403,
    );
    const plans = await ok<{ items: Array<{ id: number }> }>(
      hub.call('maintenance_planner', 'GET', '/api/dorms/inspection-plans'),
    );
    expect(plans.items.map((p) => p.id)).toEqual([plan.id]);
    expect(await auditActions(hub, 'dorm_inspection_plan', plan.id)).toEqual(['dorm_inspection_plan.created']);
  });

  it('DRM-5 SYS-1 an inspection finding opens a maintenance ticket, one per finding', async (context) => {
    if (!('maintenance' in hub.services)) return context.skip();
    const [plan] = (await ok<{ items: Array<{ id: number }> }>(hub.call('dorm_manager', 'GET', '/api/dorms/inspection-plans')))
      .items;
    const window = must((await roomItems(hub, 'B1-102')).find((i) => i.kind === 'window'));
    const recorded = await ok<{
      inspection: { id: number; planId: number; findings: number };
      findings: Array<{
        id: number;
        roomId: string;
        itemId: number | null;
        ticketId: number;
        ticketCreated: boolean;
        faultType: string | null;
      }>;
    }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/inspections', {
        planId: plan?.id,
        buildingId: 'B1',
        checklist: [
          { point: 'Doors', ok: true },
          { point: 'Windows', ok: false, note: 'one cracked pane' },
        ],
        findings: [
          { itemId: window.id, description: 'Cracked pane', urgency: 'high' },
          { roomId: 'B1-101', description: 'Ceiling stain above bed 2' },
        ],
      }),
      201,
    );
    expect(recorded.inspection).toMatchObject({ planId: plan?.id, findings: 2 });
    const [pane, stain] = recorded.findings;
    expect(pane).toMatchObject({ roomId: 'B1-102', itemId: window.id, faultType: 'carpentry', ticketCreated: true });
    expect(stain).toMatchObject({ roomId: 'B1-101', itemId: null, ticketCreated: true });
    const ticket = await ok<{
      ticket: {
        source: string;
        dedupeKey: string;
        place: { buildingId: string; roomId: string };
        urgency: string | null;
        status: string;
      };
    }>(hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${pane?.ticketId}`));
    expect(ticket.ticket).toMatchObject({
      source: 'inspection',
      dedupeKey: `inspection-finding:${pane?.id}`,
      place: { buildingId: 'B1', roomId: 'B1-102' },
      urgency: 'high',
    });
    const untriaged = await ok<{ ticket: { source: string; urgency: string | null } }>(
      hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${stain?.ticketId}`),
    );
    expect(untriaged.ticket).toMatchObject({ source: 'inspection', urgency: null });
    expect(stain?.ticketId).not.toBe(pane?.ticketId);
    expect(await auditActions(hub, 'dorm_inspection', recorded.inspection.id)).toEqual(['dorm_inspection.recorded']);
    expect(await auditActions(hub, 'maintenance_ticket', pane?.ticketId ?? 0)).toContain('maintenance_ticket.opened');
    const plans = await ok<{ items: Array<{ lastDoneOn: string; nextDue: string; inspections: number }> }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/inspection-plans'),
    );
    expect(plans.items[0]).toMatchObject({ inspections: 1, lastDoneOn: new Date().toISOString().slice(0, 10) });
    const listed = await ok<{ items: Array<{ id: number }> }>(
      hub.call('logistics_manager', 'GET', '/api/dorms/inspections?buildingId=B1'),
    );
    expect(listed.items.map((i) => i.id)).toEqual([recorded.inspection.id]);
  });

  it('DRM-5 refuses a round with a finding outside its building, and opens nothing', async () => {
    const before = await hub.database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM maintenance_tickets WHERE source = 'inspection'",
    );
    const response = await hub.call('dorm_manager', 'POST', '/api/dorms/inspections', {
      buildingId: 'B1',
      findings: [
        { roomId: 'B1-101', description: 'Loose socket' },
        { roomId: 'B2-101', description: 'Wrong building' },
      ],
    });
    expectStatus(response, 400);
    expect(response.json()).toMatchObject({ field: 'findings.1.roomId' });
    const after = await hub.database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM maintenance_tickets WHERE source = 'inspection'",
    );
    expect(after[0]?.n).toBe(before[0]?.n);
    expectStatus(await hub.call('security_officer', 'POST', '/api/dorms/inspections', { buildingId: 'B1', findings: [] }), 403);
  });

  it('DRM-7 a passed safety check needs no rectification', async () => {
    const passed = await ok<SafetyDetail>(
      hub.call('security_officer', 'POST', '/api/dorms/safety-checks', { roomId: 'B1-102', findings: [] }),
      201,
    );
    expect(passed.check).toMatchObject({ status: 'passed', deadline: null, overdue: false });
    expectStatus(
      await hub.call('security_officer', 'POST', `/api/dorms/safety-checks/${passed.check.id}/reinspection`, {
        passed: true,
        note: 'x',
      }),
      409,
    );
  });

  it('DRM-7 safety check → rectification notice with a deadline → before/after photos → re-inspection → closed', async () => {
    const noDeadline = await hub.call('dorm_manager', 'POST', '/api/dorms/safety-checks', {
      roomId: 'B1-101',
      findings: [{ kind: 'forbidden_appliance', description: 'Electric hot pot' }],
    });
    expectStatus(noDeadline, 400);
    expect(noDeadline.json()).toMatchObject({ field: 'deadline' });

    const created = await ok<SafetyDetail>(
      hub.call('security_officer', 'POST', '/api/dorms/safety-checks', {
        roomId: 'B1-101',
        deadline: hoursFromNow(48),
        findings: [
          { kind: 'forbidden_appliance', description: 'Electric hot pot under the desk' },
          { kind: 'fire_equipment_expired', description: 'Extinguisher expired 2025-12' },
        ],
      }),
      201,
    );
    const id = created.check.id;
    expect(created.check).toMatchObject({ status: 'rectifying', overdue: false });
    // Residents remove the appliance; the school replaces the extinguisher through maintenance.
    expect(created.check.findings.map((f) => [f.kind, f.ticketId !== null])).toEqual([
      ['forbidden_appliance', false],
      ['fire_equipment_expired', true],
    ]);
    const notices = await ok<{
      items: Array<{ kind: string; title: { zh: string }; body: { zh: string }; data: { checkId: number } }>;
    }>(hub.call('requester', 'GET', '/api/dorms/me/notifications'));
    expect(notices.items[0]).toMatchObject({ kind: 'rectification', title: { zh: '安全隐患整改通知' }, data: { checkId: id } });
    expect(notices.items[0]?.body.zh).toContain('违规电器');

    // The room's resident reads it; another user does not.
    expectStatus(await hub.call('requester', 'GET', `/api/dorms/safety-checks/${id}`), 200);
    expectStatus(await hub.call('technician', 'GET', `/api/dorms/safety-checks/${id}`), 404);

    const before = await uploadPhotos('security_officer', id, 'before', [{ name: 'pot.jpg', type: 'image/jpeg', bytes: JPEG }]);
    expectStatus(before, 201);
    expectStatus(await uploadPhotos('requester', id, 'before', [{ name: 'x.jpg', type: 'image/jpeg', bytes: JPEG }]), 404);
    const fake = await uploadPhotos('requester', id, 'after', [
      { name: 'evil.png', type: 'image/png', bytes: Buffer.from('#!/bin/sh\necho hi') },
    ]);
    expectStatus(fake, 400);
    expect(fake.json()).toMatchObject({ field: 'photos.0' });

    // Closing needs the rectification shown.
    const early = await hub.call('dorm_manager', 'POST', `/api/dorms/safety-checks/${id}/reinspection`, {
      passed: true,
      note: 'Looks fine',
    });
    expectStatus(early, 409);
    expect(early.json<{ message: string }>().message).toContain('after');
    const failed = await ok<SafetyDetail>(
      hub.call('dorm_manager', 'POST', `/api/dorms/safety-checks/${id}/reinspection`, {
        passed: false,
        note: 'Pot still there',
        deadline: hoursFromNow(24),
      }),
    );
    expect(failed.check).toMatchObject({ status: 'rectifying', reinspections: 1 });
    expectStatus(
      await hub.call('dorm_manager', 'POST', `/api/dorms/safety-checks/${id}/reinspection`, { passed: false, note: 'x' }),
      400,
    );

    const after = await ok<{ items: Array<{ id: number; phase: string; url: string }> }>(
      uploadPhotos('requester', id, 'after', [{ name: 'clean.png', type: 'image/png', bytes: PNG }]),
      201,
    );
    expect(after.items[0]?.phase).toBe('after');
    const image = await hub.app.inject({ method: 'GET', url: after.items[0]?.url ?? '', headers: await hub.as('requester') });
    expectStatus(image, 200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.rawPayload.equals(PNG)).toBe(true);

    const closed = await ok<SafetyDetail>(
      hub.call('security_officer', 'POST', `/api/dorms/safety-checks/${id}/reinspection`, { passed: true, note: 'Removed' }),
    );
    expect(closed.check).toMatchObject({ status: 'closed', reinspections: 2, overdue: false });
    expect(closed.photos.map((p) => p.phase)).toEqual(['before', 'after']);
    expect(closed.reinspections.map((r) => r.passed)).toEqual([false, true]);
    expectStatus(await uploadPhotos('requester', id, 'after', [{ name: 'late.png', type: 'image/png', bytes: PNG }]), 409);
    expectStatus(
      await hub.call('dorm_manager', 'POST', `/api/dorms/safety-checks/${id}/reinspection`, { passed: true, note: 'again' }),
      409,
    );
    expect(await auditActions(hub, 'dorm_safety_check', id)).toEqual([
      'dorm_safety_check.recorded',
      'dorm_safety_check.photos_added',
      'dorm_safety_check.reinspection_failed',
      'dorm_safety_check.photos_added',
      'dorm_safety_check.closed',
    ]);
    const residentNotices = await ok<{ items: Array<{ title: { en: string } }> }>(
      hub.call('requester', 'GET', '/api/dorms/me/notifications'),
    );
    expect(residentNotices.items.map((n) => n.title.en).slice(0, 3)).toEqual([
      'Rectification accepted',
      'Rectification not yet accepted',
      'Safety rectification notice',
    ]);
  });

  it('DRM-7 flags a rectification past its deadline as overdue', async () => {
    const open = await ok<SafetyDetail>(
      hub.call('dorm_manager', 'POST', '/api/dorms/safety-checks', {
        roomId: 'B1-102',
        deadline: hoursFromNow(1),
        findings: [{ kind: 'blocked_exit', description: 'Boxes in front of the door' }],
      }),
      201,
    );
    // Time passes: the deadline is now behind us.
    await hub.database.db.query("UPDATE dorm_safety_checks SET deadline = now() - interval '1 hour' WHERE id = $1", [
      open.check.id,
    ]);
    const overdue = await ok<{ items: Array<{ id: number; overdue: boolean }> }>(
      hub.call('security_officer', 'GET', '/api/dorms/safety-checks?overdue=true'),
    );
    expect(overdue.items).toEqual([expect.objectContaining({ id: open.check.id, overdue: true })]);
    const detail = await ok<SafetyDetail>(hub.call('security_officer', 'GET', `/api/dorms/safety-checks/${open.check.id}`));
    expect(detail.check.overdue).toBe(true);
    const openOnes = await ok<{ items: unknown[] }>(
      hub.call('security_officer', 'GET', '/api/dorms/safety-checks?status=rectifying'),
    );
    expect(openOnes.items).toHaveLength(1);
    expectStatus(await hub.call('requester', 'GET', '/api/dorms/safety-checks'), 403);
  });
});
