import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  addStaff,
  auditActions,
  type DetailDto,
  hoursFromNow,
  json,
  ON_SHIFT,
  qualify,
  report,
  type TicketDto,
} from './helpers.ts';

describe.each(testAdapters())('MNT-3..5 a ticket from visit to acceptance on %s', (adapter) => {
  let hub: HubFixture;
  let otherTech: Record<string, string>;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await qualify(hub, hub.userId('technician'), { skills: [{ skill: 'plumbing', level: 3 }], shifts: [ON_SHIFT] });
    otherTech = (await addStaff(hub, 'tech.other', { skills: [{ skill: 'carpentry', level: 3 }], shifts: [ON_SHIFT] })).headers;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const url = (id: number, step: string) => `/api/maintenance/tickets/${id}/${step}`;
  const assigned = async () => {
    const ticket = await report(hub, 'requester');
    const triaged = json<TicketDto>(
      await hub.call('maintenance_planner', 'POST', url(ticket.id, 'triage'), {
        inScope: true,
        faultType: 'plumbing',
        urgency: 'normal',
      }),
    );
    expect(triaged).toMatchObject({ status: 'assigned', technician: { id: hub.userId('technician') } });
    return triaged;
  };
  const confirm = (id: number) =>
    hub.call('technician', 'POST', url(id, 'confirm'), {
      scheduledAt: hoursFromNow(2),
      contactMethod: 'phone',
      note: 'Called, will come at 10',
    });
  const decide = (approvalId: number, decision: 'approve' | 'reject', comment?: string) =>
    hub.call('maintenance_planner', 'POST', `/api/approvals/requests/${approvalId}/decision`, {
      decision,
      ...(comment ? { comment } : {}),
    });

  it('MNT-3 the assigned technician confirms time and place; others may not; work needs a confirmed visit', async () => {
    const ticket = await assigned();
    const early = await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), { steps: 'x', minutes: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'illegal_transition' });
    const stranger = await hub.app.inject({
      method: 'POST',
      url: url(ticket.id, 'confirm'),
      headers: otherTech,
      payload: { scheduledAt: hoursFromNow(1), contactMethod: 'phone' },
    });
    expect(stranger.statusCode).toBe(404);
    expect(
      (await hub.call('requester', 'POST', url(ticket.id, 'confirm'), { scheduledAt: hoursFromNow(1), contactMethod: 'phone' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await hub.call('technician', 'POST', url(ticket.id, 'confirm'), { scheduledAt: hoursFromNow(1), contactMethod: 'fax' })
      ).json(),
    ).toMatchObject({ field: 'contactMethod' });
    expect(
      (
        await hub.call('technician', 'POST', url(ticket.id, 'confirm'), { scheduledAt: hoursFromNow(-3), contactMethod: 'phone' })
      ).json(),
    ).toMatchObject({ code: 'invalid', field: 'scheduledAt' });
    const confirmed = (await confirm(ticket.id)).json<TicketDto & { visitPlace: string }>();
    expect(confirmed).toMatchObject({ status: 'scheduled', visitPlace: 'Dorm 3, room 402 / 3号楼402室' });
    expect(confirmed.sla.respondedAt).not.toBeNull();
    expect(confirmed.sla.respondOverdue).toBe(false);
    expect((await confirm(ticket.id)).json()).toMatchObject({ code: 'illegal_transition' });
    // The technician sees the ticket assigned to them; the other technician does not.
    const mine = json<{ items: TicketDto[] }>(await hub.call('technician', 'GET', '/api/maintenance/tickets')).items.map(
      (t) => t.id,
    );
    expect(mine).toContain(ticket.id);
    const theirs = await hub.app.inject({ method: 'GET', url: '/api/maintenance/tickets', headers: otherTech });
    expect(theirs.json<{ items: TicketDto[] }>().items).toEqual([]);
    expect(await auditActions(hub, ticket.id)).toContain('maintenance_ticket.confirmed');
  });

  it('MNT-4 postponement changes the schedule only once approved; a rejection keeps it', async () => {
    const ticket = await assigned();
    const scheduled = (await confirm(ticket.id)).json<TicketDto>();
    const newTime = hoursFromNow(30);
    const noReason = await hub.call('technician', 'POST', url(ticket.id, 'change-requests'), { scheduledAt: newTime });
    expect(noReason.json()).toMatchObject({ field: 'reason' });
    const nothing = await hub.call('technician', 'POST', url(ticket.id, 'change-requests'), { reason: 'why not' });
    expect(nothing.json()).toMatchObject({ code: 'invalid', field: 'scheduledAt' });
    expect(
      (await hub.call('requester', 'POST', url(ticket.id, 'change-requests'), { reason: 'x', scheduledAt: newTime })).statusCode,
    ).toBe(403);

    const asked = await hub.call('technician', 'POST', url(ticket.id, 'change-requests'), {
      reason: 'The replacement valve arrives tomorrow / 配件明天到货',
      scheduledAt: newTime,
    });
    expect(asked.statusCode).toBe(202);
    const { ticket: pending, approvalId } = asked.json<{ ticket: TicketDto; approvalId: number }>();
    expect(pending.scheduledAt).toBe(scheduled.scheduledAt);
    expect(pending.pendingChange).toMatchObject({ approvalId, reason: expect.stringMatching(/valve/) });
    const second = await hub.call('technician', 'POST', url(ticket.id, 'change-requests'), {
      reason: 'again',
      plan: 'other plan',
    });
    expect(second.json()).toMatchObject({ code: 'illegal_transition' });
    // The technician cannot approve their own request; the planner can.
    expect(
      (await hub.call('technician', 'POST', `/api/approvals/requests/${approvalId}/decision`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect((await decide(approvalId, 'approve')).json()).toMatchObject({ status: 'approved' });
    const moved = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`)).ticket;
    expect(moved.scheduledAt).toBe(new Date(newTime).toISOString());
    expect(moved.pendingChange).toBeNull();
    // resolve-by moved by the approved delay.
    const delay = new Date(newTime).getTime() - new Date(scheduled.scheduledAt ?? '').getTime();
    expect(new Date(moved.sla.resolveBy ?? '').getTime() - new Date(scheduled.sla.resolveBy ?? '').getTime()).toBe(delay);

    const plan = await hub.call('technician', 'POST', url(ticket.id, 'change-requests'), {
      reason: 'Pipe is corroded',
      plan: 'Replace the whole pipe section',
    });
    const planApproval = plan.json<{ approvalId: number }>().approvalId;
    expect(
      (await decide(planApproval, 'reject', 'Patch it for now; the pipe is replaced in the summer works')).json(),
    ).toMatchObject({
      status: 'rejected',
    });
    const kept = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(kept.ticket).toMatchObject({ plan: null, pendingChange: null, scheduledAt: moved.scheduledAt });
    expect(kept.history.map((e) => e.kind).slice(-4)).toEqual([
      'change_requested',
      'change_approved',
      'change_requested',
      'change_rejected',
    ]);
    expect(kept.history.at(-1)?.note).toMatch(/summer works/);
    expect(await auditActions(hub, ticket.id)).toEqual(
      expect.arrayContaining([
        'maintenance_ticket.change_requested',
        'maintenance_ticket.change_approved',
        'maintenance_ticket.change_rejected',
      ]),
    );
  });

  it('MNT-4/5 logs work and parts, the requester rejects into rework and then accepts with a rating', async () => {
    const ticket = await assigned();
    await confirm(ticket.id);
    const badPart = await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), {
      steps: 'Replaced washer',
      minutes: 20,
      parts: [{ name: 'Washer', quantity: 0, cost: 1 }],
    });
    expect(badPart.json()).toMatchObject({ code: 'invalid', field: 'parts.0.quantity' });
    expect(
      (await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), { steps: 'x', minutes: 2000 })).json(),
    ).toMatchObject({
      field: 'minutes',
    });
    const logged = await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), {
      steps: 'Closed the valve, replaced the washer and the cartridge',
      minutes: 45,
      parts: [
        { name: 'Washer 1/2"', quantity: 2, cost: 3.5 },
        { name: 'Ceramic cartridge', quantity: 1, cost: 48 },
      ],
    });
    expect(logged.statusCode).toBe(201);
    expect(logged.json()).toMatchObject({ status: 'in_progress', labourMinutes: 45, partsCost: 51.5 });
    const done = await hub.call('technician', 'POST', url(ticket.id, 'done'), { summary: 'No more drip' });
    expect(done.json()).toMatchObject({ status: 'awaiting_acceptance' });
    expect(done.json<TicketDto>().sla.resolvedAt).not.toBeNull();

    expect((await hub.call('technician', 'POST', url(ticket.id, 'accept'), { rating: 5 })).statusCode).toBe(403);
    expect((await hub.call('requester', 'POST', url(ticket.id, 'accept'), {})).json()).toMatchObject({
      code: 'invalid',
      field: 'rating',
    });
    expect((await hub.call('requester', 'POST', url(ticket.id, 'accept'), { rating: 6 })).json()).toMatchObject({
      field: 'rating',
    });
    expect((await hub.call('requester', 'POST', url(ticket.id, 'reject'), {})).json()).toMatchObject({ field: 'reason' });
    const rejected = await hub.call('requester', 'POST', url(ticket.id, 'reject'), { reason: 'Still drips in the morning' });
    expect(rejected.json()).toMatchObject({ status: 'rework', reworkCount: 1, technician: { id: hub.userId('technician') } });
    expect(rejected.json<TicketDto>().sla.resolvedAt).toBeNull();
    expect((await hub.call('requester', 'POST', url(ticket.id, 'accept'), { rating: 4 })).json()).toMatchObject({
      code: 'illegal_transition',
    });
    expect((await hub.call('technician', 'POST', url(ticket.id, 'done'), {})).json()).toMatchObject({
      code: 'illegal_transition',
    });
    await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), {
      steps: 'Re-seated the cartridge, new O-ring',
      minutes: 15,
    });
    await hub.call('technician', 'POST', url(ticket.id, 'done'), {});

    const onBehalf = await hub.call('maintenance_planner', 'POST', url(ticket.id, 'accept'), { rating: 4 });
    expect(onBehalf.json()).toMatchObject({ code: 'invalid', field: 'onBehalfReason' });
    const accepted = await hub.call('requester', 'POST', url(ticket.id, 'accept'), { rating: 4, feedback: 'Quick and tidy' });
    expect(accepted.json()).toMatchObject({
      status: 'closed',
      resolution: 'accepted',
      rating: 4,
      labourMinutes: 60,
      partsCost: 51.5,
    });

    const detail = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(detail.workLogs.map((w) => [w.minutes, w.reworkRound, w.parts.length])).toEqual([
      [45, 0, 2],
      [15, 1, 0],
    ]);
    expect(detail.history.map((e) => e.kind)).toEqual([
      'opened',
      'triaged',
      'dispatched',
      'confirmed',
      'work_logged',
      'done',
      'rejected',
      'work_logged',
      'done',
      'accepted',
    ]);
    expect(await auditActions(hub, ticket.id)).toEqual([
      'maintenance_ticket.opened',
      'maintenance_ticket.triaged',
      'maintenance_ticket.dispatched',
      'maintenance_ticket.confirmed',
      'maintenance_ticket.work_logged',
      'maintenance_ticket.done',
      'maintenance_ticket.rejected',
      'maintenance_ticket.work_logged',
      'maintenance_ticket.done',
      'maintenance_ticket.accepted',
    ]);
    expect((await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), { steps: 'x', minutes: 1 })).statusCode).toBe(409);
  });

  it('MNT-5 a planner accepts on behalf of an unreachable requester, saying why', async () => {
    const ticket = await assigned();
    await confirm(ticket.id);
    await hub.call('technician', 'POST', url(ticket.id, 'work-logs'), { steps: 'Unblocked the drain', minutes: 30 });
    await hub.call('technician', 'POST', url(ticket.id, 'done'), {});
    expect(
      (await hub.call('logistics_manager', 'POST', url(ticket.id, 'accept'), { rating: 3, onBehalfReason: 'x' })).statusCode,
    ).toBe(403);
    const accepted = await hub.call('maintenance_planner', 'POST', url(ticket.id, 'accept'), {
      rating: 3,
      onBehalfReason: 'Requester graduated and left campus; checked on site',
    });
    expect(accepted.json()).toMatchObject({ status: 'closed', rating: 3 });
    const audit = (
      await hub.call(
        'admin',
        'GET',
        `/api/audit?entityType=maintenance_ticket&entityId=${ticket.id}&action=maintenance_ticket.accepted`,
      )
    ).json<{ items: Array<{ actorName: string; after: { onBehalfReason: string } }> }>().items;
    expect(audit[0]).toMatchObject({
      actorName: 'Test maintenance_planner',
      after: { onBehalfReason: expect.stringMatching(/graduated/) },
    });
  });
});
