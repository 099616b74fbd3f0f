import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RaiseAlertInput } from '../../src/contexts/alerts/service.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';

const T0 = new Date('2026-11-24T02:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const nightSwipe = (subject: string, overrides: Partial<RaiseAlertInput> = {}): RaiseAlertInput => ({
  ruleId: 'access.forbidden_hours',
  category: 'access',
  subject,
  site: 'main',
  severity: 'critical',
  title: 'Entry at a forbidden hour / 禁止时段通行',
  message: `card ${subject} at 02:00`,
  evidence: { swipes: [{ gate: 'gate-01', at: T0.toISOString() }] },
  at: T0,
  ...overrides,
});

describe.each(testAdapters())('IOT-8 alerts: lifecycle, escalation, handover on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('keeps one open alert per rule and subject, counting recurrences; severity only rises', async () => {
    const first = await hub.services.alerts.raise(nightSwipe('card:C1', { severity: 'warning' }));
    const again = await hub.services.alerts.raise(nightSwipe('card:C1', { severity: 'critical', at: minutes(1) }));
    const calmer = await hub.services.alerts.raise(nightSwipe('card:C1', { severity: 'info', at: minutes(2) }));
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(Number(calmer.alert.id)).toBe(Number(first.alert.id));
    expect(calmer.alert).toMatchObject({ occurrences: 3, severity: 'critical' });
  });

  it('shows alerts only to the roles of their category', async () => {
    const security = (await hub.call('security_officer', 'GET', '/api/alerts?status=open')).json<{
      items: Array<{ subject: string }>;
    }>();
    expect(security.items.map((a) => a.subject)).toContain('card:C1');
    const canteen = (await hub.call('canteen_manager', 'GET', '/api/alerts?status=open')).json<{ items: unknown[] }>();
    expect(canteen.items).toEqual([]);
    const id =
      security.items.length > 0
        ? (await hub.call('security_officer', 'GET', '/api/alerts')).json<{ items: Array<{ id: number }> }>().items[0]?.id
        : 0;
    expect((await hub.call('canteen_manager', 'GET', `/api/alerts/${id}`)).statusCode).toBe(404);
    expect((await hub.call('canteen_manager', 'POST', `/api/alerts/${id}/acknowledge`)).statusCode).toBe(403);
  });

  it('acknowledges (who, when), then resolves with a note; illegal steps answer 409', async () => {
    const { alert } = await hub.services.alerts.raise(nightSwipe('card:C2'));
    const id = Number(alert.id);
    const ack = await hub.call('security_officer', 'POST', `/api/alerts/${id}/acknowledge`);
    expect(ack.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: hub.userId('security_officer'),
      acknowledgedAt: expect.any(String),
    });
    expect((await hub.call('security_officer', 'POST', `/api/alerts/${id}/acknowledge`)).statusCode).toBe(409);
    const noNote = await hub.call('security_officer', 'POST', `/api/alerts/${id}/resolve`, { note: ' ' });
    expect(noNote.json()).toMatchObject({ code: 'invalid', field: 'note' });
    const resolved = await hub.call('security_officer', 'POST', `/api/alerts/${id}/resolve`, {
      note: 'student back from the library; told the dorm office',
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolutionNote: expect.stringMatching(/library/) });
    // A new episode for the same subject is a new alert.
    const next = await hub.services.alerts.raise(nightSwipe('card:C2', { at: minutes(30) }));
    expect(next.created).toBe(true);
    const audit = (await hub.call('admin', 'GET', `/api/audit?entityType=alert&entityId=${id}`)).json<{
      items: Array<{ action: string }>;
    }>();
    expect(audit.items.map((e) => e.action)).toEqual(['alert.resolved', 'alert.acknowledged', 'alert.raised']);
  });

  it('resolves automatically when the rule says the condition cleared', async () => {
    await hub.services.alerts.raise(nightSwipe('card:C3'));
    const resolved = await hub.services.alerts.autoResolve(
      'access.forbidden_hours',
      'card:C3',
      'resident checked in at the dorm office',
      minutes(10),
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolved_by: null });
    expect(await hub.services.alerts.autoResolve('access.forbidden_hours', 'card:C3', 'again', minutes(11))).toBeUndefined();
  });

  it('escalates an unacknowledged critical alert: severity up, the next person on the rota notified', async () => {
    const rota = [hub.userId('security_officer'), hub.userId('dorm_manager'), hub.userId('logistics_manager')];
    for (const [position, userId] of rota.entries()) {
      const response = await hub.call('logistics_manager', 'POST', '/api/alerts/duty-rota', {
        site: 'north',
        category: 'access',
        userId,
        position,
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 8 * 3_600_000).toISOString(),
      });
      expect(response.statusCode).toBe(201);
    }
    await hub.call('logistics_manager', 'PUT', '/api/alerts/policies/north/critical', { ackWithinMinutes: 5 });
    const { alert } = await hub.services.alerts.raise(nightSwipe('gate:gate-09', { site: 'north' }));
    const id = Number(alert.id);

    expect(await hub.services.alerts.escalateDue(minutes(4))).toBe(0);
    expect(await hub.services.alerts.escalateDue(minutes(5))).toBeGreaterThanOrEqual(1);
    const detail = (await hub.call('security_officer', 'GET', `/api/alerts/${id}`)).json<{
      alert: { severity: string; escalationLevel: number };
      notifications: Array<{ userId: number; kind: string; level: number }>;
    }>();
    expect(detail.alert).toMatchObject({ severity: 'emergency', escalationLevel: 1 });
    expect(detail.notifications).toEqual([
      { userId: rota[0], kind: 'raised', level: 0 },
      { userId: rota[1], kind: 'escalated', level: 1 },
    ]);
    // Acknowledged alerts stop escalating.
    await hub.call('dorm_manager', 'POST', `/api/alerts/${id}/acknowledge`);
    await hub.services.alerts.escalateDue(minutes(60));
    const after = (await hub.call('security_officer', 'GET', `/api/alerts/${id}`)).json<{ alert: { escalationLevel: number } }>();
    expect(after.alert.escalationLevel).toBe(1);
  });

  it('lists the handover: raised and resolved in the shift, and what is still open', async () => {
    // Alerts were raised at the fixed T0 but resolved by people at the wall clock: the shift spans both.
    const now = Date.now();
    const shiftStart = new Date(Math.min(minutes(-60).getTime(), now - 3_600_000));
    const shiftEnd = new Date(Math.max(minutes(120).getTime(), now + 3_600_000));
    const handover = (
      await hub.call(
        'security_officer',
        'GET',
        `/api/alerts/handover?site=main&from=${shiftStart.toISOString()}&to=${shiftEnd.toISOString()}`,
      )
    ).json<{ raised: number; resolved: number; open: Array<{ subject: string; status: string }> }>();
    expect(handover.raised).toBeGreaterThanOrEqual(4);
    expect(handover.resolved).toBeGreaterThanOrEqual(2);
    expect(handover.open.map((a) => a.subject)).toEqual(expect.arrayContaining(['card:C1', 'card:C2']));
    expect(handover.open.every((a) => a.status !== 'resolved')).toBe(true);
    const backwards = await hub.call(
      'security_officer',
      'GET',
      `/api/alerts/handover?site=main&from=${minutes(10).toISOString()}&to=${minutes(0).toISOString()}`,
    );
    expect(backwards.json()).toMatchObject({ field: 'to' });
  });
});
