import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { addStaff, auditActions, json, OFF_SHIFT, ON_SHIFT, report, type TicketDto } from './helpers.ts';

describe.each(testAdapters())('MNT-3 dispatch on %s', (adapter) => {
  let hub: HubFixture;
  const ids: Record<string, number> = {};
  let suspendedCert = 0;
  let validLiftCert = 0;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    ids.h1 = (await addStaff(hub, 'tech.h1', { skills: [{ skill: 'hvac', level: 2 }], shifts: [ON_SHIFT] })).id;
    ids.h2 = (await addStaff(hub, 'tech.h2', { skills: [{ skill: 'hvac', level: 4 }], shifts: [ON_SHIFT] })).id;
    ids.h3 = (await addStaff(hub, 'tech.h3', { skills: [{ skill: 'hvac', level: 5 }], shifts: [OFF_SHIFT] })).id;
    const lift = await addStaff(hub, 'tech.lift', {
      skills: [{ skill: 'elevator', level: 3 }],
      certifications: [{ kind: 'elevator', expiresOn: '2099-12-31' }],
      shifts: [ON_SHIFT],
    });
    ids.lift = lift.id;
    validLiftCert = lift.certificationIds[0] ?? 0;
    const lift2 = await addStaff(hub, 'tech.lift2', {
      skills: [{ skill: 'elevator', level: 5 }],
      certifications: [{ kind: 'elevator', expiresOn: '2099-12-31' }],
      shifts: [ON_SHIFT],
    });
    ids.lift2 = lift2.id;
    suspendedCert = lift2.certificationIds[0] ?? 0;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const triage = async (id: number, faultType: string, urgency: string, flags?: string[]) => {
    const response = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/triage`, {
      inScope: true,
      faultType,
      urgency,
      ...(flags ? { flags } : {}),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<TicketDto>();
  };
  const fresh = async (faultType: string, urgency: string, flags?: string[]) =>
    triage((await report(hub, 'requester', { title: `${faultType} fault` })).id, faultType, urgency, flags);

  it('MNT-3 picks among the qualified on shift the lowest weighted workload, ties by skill level', async () => {
    // Both idle: the higher level wins the tie; h3 (level 5) is off shift.
    const first = await fresh('hvac', 'normal');
    expect(first).toMatchObject({ status: 'assigned', technician: { id: ids.h2 }, dispatchFlag: null });
    expect(first.dispatchReason).toMatch(/skill hvac level 4, on shift, workload 0/);
    // h2 now carries a normal ticket (2): the idle h1 is next.
    expect((await fresh('hvac', 'normal')).technician?.id).toBe(ids.h1);
    // Both carry 2 again: level decides.
    expect((await fresh('hvac', 'high')).technician?.id).toBe(ids.h2);
    // h2 carries 5, h1 2.
    expect((await fresh('hvac', 'low')).technician?.id).toBe(ids.h1);
    expect(await auditActions(hub, first.id)).toEqual([
      'maintenance_ticket.opened',
      'maintenance_ticket.triaged',
      'maintenance_ticket.dispatched',
    ]);
  });

  it('MNT-3 honours certifications: suspended or expired ones do not count', async () => {
    const suspend = await hub.call('logistics_manager', 'PATCH', `/api/certifications/${suspendedCert}`, { status: 'suspended' });
    expect(suspend.statusCode).toBe(200);
    // lift2 has the higher level but a suspended certificate.
    expect((await fresh('elevator', 'critical')).technician?.id).toBe(ids.lift);
    const expire = await hub.call('logistics_manager', 'PATCH', `/api/certifications/${validLiftCert}`, {
      status: 'valid',
      expiresOn: '2021-06-30',
    });
    expect(expire.statusCode).toBe(200);
    const stuck = await fresh('elevator', 'high');
    expect(stuck).toMatchObject({
      status: 'awaiting_assignment',
      technician: null,
      dispatchFlag: 'unassigned_no_qualified_technician',
    });
    expect(stuck.dispatchReason).toBe(
      'no technician qualifies for a high elevator job: 4 technicians lack skill elevator; 2 technicians lack a valid elevator certification',
    );
    const queue = json<{ items: TicketDto[] }>(
      await hub.call('maintenance_planner', 'GET', '/api/maintenance/tickets?unassignable=true'),
    );
    expect(queue.items.map((t) => t.id)).toContain(stuck.id);
    const history = json<{ history: Array<{ kind: string; note: string }> }>(
      await hub.call('requester', 'GET', `/api/maintenance/tickets/${stuck.id}`),
    ).history;
    expect(history.map((e) => e.kind)).toEqual(['opened', 'triaged', 'dispatch_failed']);
    expect(await auditActions(hub, stuck.id)).toContain('maintenance_ticket.dispatch_failed');

    // Renewed: dispatch again succeeds.
    await hub.call('logistics_manager', 'PATCH', `/api/certifications/${validLiftCert}`, {
      status: 'valid',
      expiresOn: '2030-06-30',
    });
    const again = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${stuck.id}/dispatch`);
    expect(again.json()).toMatchObject({ status: 'assigned', technician: { id: ids.lift }, dispatchFlag: null });
    const twice = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${stuck.id}/dispatch`);
    expect(twice.json()).toMatchObject({ code: 'illegal_transition' });
  });

  it('MNT-3 demands the certification of a hazard flag (high voltage)', async () => {
    const sparky = await addStaff(hub, 'tech.volt', { skills: [{ skill: 'electrical', level: 2 }], shifts: [ON_SHIFT] });
    expect((await fresh('electrical', 'normal')).technician?.id).toBe(sparky.id);
    const hv = await fresh('electrical', 'high', ['high_voltage']);
    expect(hv.dispatchReason).toMatch(/1 technician lacks a valid high_voltage certification/);
    const certified = await addStaff(hub, 'tech.hv', {
      skills: [{ skill: 'electrical', level: 1 }],
      certifications: [{ kind: 'high_voltage', expiresOn: '2099-01-01' }],
      shifts: [ON_SHIFT],
    });
    expect((await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${hv.id}/dispatch`)).json()).toMatchObject({
      technician: { id: certified.id },
    });
  });

  it('MNT-3 manual assignment checks qualification unless overridden with a reason', async () => {
    const ticket = await fresh('network', 'normal');
    expect(ticket.dispatchFlag).toBe('unassigned_no_qualified_technician');
    const url = `/api/maintenance/tickets/${ticket.id}/assign`;
    const unqualified = await hub.call('maintenance_planner', 'POST', url, { technicianId: ids.h1 });
    expect(unqualified.statusCode).toBe(409);
    expect(unqualified.json()).toMatchObject({ code: 'not_qualified', field: 'technicianId' });
    const notTech = await hub.call('maintenance_planner', 'POST', url, { technicianId: hub.userId('finance') });
    expect(notTech.json()).toMatchObject({ code: 'invalid', field: 'technicianId' });
    expect((await hub.call('technician', 'POST', url, { technicianId: ids.h1 })).statusCode).toBe(403);
    expect((await hub.call('maintenance_planner', 'POST', url, {})).json()).toMatchObject({ field: 'technicianId' });
    const overridden = await hub.call('maintenance_planner', 'POST', url, {
      technicianId: ids.h1,
      overrideReason: 'The network contractor is away; h1 resets the switch under phone guidance',
    });
    expect(overridden.json()).toMatchObject({ status: 'assigned', technician: { id: ids.h1 }, dispatchFlag: null });
    // Reassign to someone qualified (h3 is off shift, which manual assignment allows).
    await hub.services.identity.setSkills(
      { userId: null, name: 'system:test', roles: ['admin'], departmentId: null },
      ids.h3 ?? 0,
      [
        { skill: 'hvac', level: 5 },
        { skill: 'network', level: 2 },
      ],
    );
    const reassigned = await hub.call('maintenance_planner', 'POST', url, { technicianId: ids.h3 });
    expect(reassigned.json()).toMatchObject({ technician: { id: ids.h3 } });
    expect((await hub.call('maintenance_planner', 'POST', url, { technicianId: ids.h3 })).json()).toMatchObject({
      field: 'technicianId',
    });
    const audit = (
      await hub.call(
        'admin',
        'GET',
        `/api/audit?entityType=maintenance_ticket&entityId=${ticket.id}&action=maintenance_ticket.assigned`,
      )
    ).json<{ items: Array<{ after: { technicianId: number; override?: string } }> }>().items;
    expect(audit.map((e) => e.after.technicianId)).toEqual([ids.h3, ids.h1]);
    expect(audit[1]?.after.override).toMatch(/contractor is away/);
  });

  it('shows planners the technicians with shift and workload', async () => {
    const response = await hub.call('maintenance_planner', 'GET', '/api/maintenance/technicians');
    const items = response.json<{
      items: Array<{ id: number; onShift: boolean; workload: { weighted: number; open: number } }>;
    }>().items;
    expect(items.find((t) => t.id === ids.h3)).toMatchObject({ onShift: false });
    expect(items.find((t) => t.id === ids.h2)).toMatchObject({ onShift: true, workload: { weighted: 5, open: 2 } });
    expect((await hub.call('technician', 'GET', '/api/maintenance/technicians')).statusCode).toBe(403);
  });
});
