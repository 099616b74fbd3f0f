import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, type DetailDto, hoursFromNow, json, ON_SHIFT, qualify, report, type TicketDto } from './helpers.ts';

type Planned = TicketDto & { plannedWindow: { from: string; to: string } | null };

describe.each(testAdapters())('MNT-3 #POST /api/maintenance/tickets/:id/schedule on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await qualify(hub, hub.userId('technician'), { skills: [{ skill: 'plumbing', level: 3 }], shifts: [ON_SHIFT] });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const url = (id: number, step: string) => `/api/maintenance/tickets/${id}/${step}`;
  const triaged = async () => {
    const ticket = await report(hub, 'requester');
    return json<TicketDto>(
      await hub.call('maintenance_planner', 'POST', url(ticket.id, 'triage'), {
        inScope: true,
        faultType: 'plumbing',
        urgency: 'normal',
      }),
    );
  };

  it('books a window, shows it on the ticket and keeps each booking in history and audit', async () => {
    const ticket = await triaged();
    const window = { from: hoursFromNow(24), to: hoursFromNow(27) };
    const response = await hub.call('maintenance_planner', 'POST', url(ticket.id, 'schedule'), {
      ...window,
      note: 'Parts arrive Tuesday',
    });
    expect(response.statusCode).toBe(200);
    expect(json<Planned>(response)).toMatchObject({ status: 'assigned', plannedWindow: window, scheduledAt: null });

    const moved = { from: hoursFromNow(48), to: hoursFromNow(50) };
    const again = json<Planned>(await hub.call('maintenance_planner', 'POST', url(ticket.id, 'schedule'), moved));
    expect(again.plannedWindow).toEqual(moved);

    const detail = json<DetailDto>(await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    const planned = detail.history.filter((h) => h.kind === 'planned');
    expect(planned).toHaveLength(2);
    expect(planned[0]).toMatchObject({ note: 'Parts arrive Tuesday', data: { ...window, previousFrom: null } });
    expect(planned[1]?.data).toMatchObject({ ...moved, previousFrom: window.from, previousTo: window.to });
    expect((await auditActions(hub, ticket.id)).filter((a) => a === 'maintenance_ticket.planned')).toHaveLength(2);

    // The technician sees the window on their own ticket.
    const mine = json<{ ticket: Planned }>(await hub.call('technician', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(mine.ticket.plannedWindow).toEqual(moved);
  });

  it('lets only planners book: 403 for the technician and the requester', async () => {
    const ticket = await triaged();
    const body = { from: hoursFromNow(2), to: hoursFromNow(4) };
    expect((await hub.call('technician', 'POST', url(ticket.id, 'schedule'), body)).statusCode).toBe(403);
    expect((await hub.call('requester', 'POST', url(ticket.id, 'schedule'), body)).statusCode).toBe(403);
    expect((await hub.call('logistics_manager', 'POST', url(ticket.id, 'schedule'), body)).statusCode).toBe(403);
  });

  it('rejects 400 naming the field for a missing, reversed, past or too long window', async () => {
    const ticket = await triaged();
    const call = (body: unknown) => hub.call('maintenance_planner', 'POST', url(ticket.id, 'schedule'), body);
    expect((await call({ to: hoursFromNow(3) })).json()).toMatchObject({ field: 'from' });
    expect((await call({ from: 'tomorrow', to: hoursFromNow(3) })).json()).toMatchObject({ field: 'from' });
    const reversed = await call({ from: hoursFromNow(5), to: hoursFromNow(3) });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ code: 'invalid', field: 'to', message: expect.stringContaining('after from') });
    expect((await call({ from: hoursFromNow(-5), to: hoursFromNow(-3) })).json()).toMatchObject({
      code: 'invalid',
      field: 'to',
      message: expect.stringContaining('future'),
    });
    expect((await call({ from: hoursFromNow(1), to: hoursFromNow(24 * 15) })).json()).toMatchObject({
      code: 'invalid',
      field: 'to',
      message: expect.stringContaining('14 days'),
    });
    const after = json<{ ticket: Planned }>(
      await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${ticket.id}`),
    );
    expect(after.ticket.plannedWindow).toBeNull();
  });

  it('refuses 409 before triage and after the work is done or closed', async () => {
    const body = { from: hoursFromNow(2), to: hoursFromNow(4) };
    const fresh = await report(hub, 'requester');
    const untriaged = await hub.call('maintenance_planner', 'POST', url(fresh.id, 'schedule'), body);
    expect(untriaged.statusCode).toBe(409);
    expect(untriaged.json()).toMatchObject({ code: 'illegal_transition' });
    await hub.call('maintenance_planner', 'POST', url(fresh.id, 'cancel'), { reason: 'duplicate' });
    expect((await hub.call('maintenance_planner', 'POST', url(fresh.id, 'schedule'), body)).statusCode).toBe(409);
    expect((await hub.call('maintenance_planner', 'POST', url(999_999, 'schedule'), body)).statusCode).toBe(404);
  });
});
