import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GateAccess } from '../../../gateway/src/access/gate-access.ts';
import { silentLog } from '../../../gateway/test/helpers/gateway-fixture.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  access,
  auditActions,
  building,
  checkIn,
  decide,
  expectStatus,
  must,
  ok,
  type ResidentDto,
  resident,
  room,
  roomItems,
  SYSTEM,
} from './helpers.ts';

interface CheckoutDto {
  id: number;
  status: string;
  approvalId: number;
  residentId: number;
  charged: number | null;
  reportId: number | null;
}

describe.each(testAdapters())('dormitory workflows on %s', (adapter) => {
  let hub: HubFixture;
  const people: Record<string, ResidentDto> = {};
  /** The desk the requester found damaged at check-in. */
  let damagedAtCheckIn = 0;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await building(hub, 'B1', 'male');
    await building(hub, 'B2', 'female');
    await room(hub, 'B1', 1, '101');
    await room(hub, 'B1', 1, '102');
    await room(hub, 'B1', 2, '201');
    await room(hub, 'B2', 1, '101');
    await ok(hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-t1', { buildingId: 'B1' }));
    await ok(hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-t2', { buildingId: 'B2' }));
    // The requester user is a student of class A: they see their own allocation and file requests.
    people.me = await resident(hub, { gender: 'male', cohort: 'A', name: '张三', userId: hub.userId('requester') });
    for (let i = 0; i < 4; i++) people[`a${i}`] = await resident(hub, { gender: 'male', cohort: 'A' });
    for (let i = 0; i < 2; i++) people[`b${i}`] = await resident(hub, { gender: 'male', cohort: 'B' });
    for (let i = 0; i < 3; i++) people[`f${i}`] = await resident(hub, { gender: 'female', cohort: 'A-F' });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('DRM-1 plans in a dry run without storing, then allocates gender-separated, class by class', async () => {
    const plan = await ok<{ runId: number | null; placed: number; assignments: Array<{ residentId: number; roomId: string }> }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/allocations', { dryRun: true }),
    );
    expect(plan.runId).toBeNull();
    expect(plan.placed).toBe(10);
    expect((await ok<ResidentDto>(hub.call('dorm_manager', 'GET', `/api/dorms/residents/${people.me?.id}`))).status).toBe(
      'pending',
    );

    const run = await ok<typeof plan & { cohorts: Array<{ cohort: string; rooms: number; sharedRooms: number }> }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/allocations', {}),
      201,
    );
    expect(run.runId).toBeGreaterThan(0);
    // The stored run is exactly the plan: the algorithm is deterministic.
    expect(run.assignments).toEqual(plan.assignments);
    const roomOf = (id: number | undefined) => run.assignments.find((a) => a.residentId === id)?.roomId;
    // Class A (5 boys) fills room 101 and starts 102; class B (2) gets a room of its own; girls go to B2.
    expect(new Set(['me', 'a0', 'a1', 'a2'].map((k) => roomOf(people[k]?.id)))).toEqual(new Set(['B1-101']));
    expect(roomOf(people.a3?.id)).toBe('B1-102');
    expect(new Set(['b0', 'b1'].map((k) => roomOf(people[k]?.id)))).toEqual(new Set(['B1-201']));
    expect(new Set(['f0', 'f1', 'f2'].map((k) => roomOf(people[k]?.id)))).toEqual(new Set(['B2-101']));
    expect(run.cohorts.every((c) => c.sharedRooms === 0)).toBe(true);

    expect(await auditActions(hub, 'dorm_resident', people.me?.id ?? 0)).toEqual([
      'dorm_resident.created',
      'dorm_resident.allocated',
    ]);
    expect(await auditActions(hub, 'dorm_allocation_run', run.runId ?? 0)).toEqual(['dorm_allocation.run']);
    // Nobody is left to allocate.
    expect(
      (await ok<{ candidates: number }>(hub.call('dorm_manager', 'POST', '/api/dorms/allocations', { dryRun: true }))).candidates,
    ).toBe(0);
  });

  it('DRM-1 publishes the result to each student: their allocation and a bilingual notice', async () => {
    const mine = await ok<{ status: string; place: { buildingId: string; roomNumber: string; bedLabel: string } }>(
      hub.call('requester', 'GET', '/api/dorms/me/allocation'),
    );
    expect(mine.status).toBe('allocated');
    expect(mine.place).toMatchObject({ buildingId: 'B1', roomNumber: '101' });
    const notices = await ok<{
      items: Array<{ kind: string; title: { en: string; zh: string }; body: { en: string; zh: string } }>;
    }>(hub.call('requester', 'GET', '/api/dorms/me/notifications'));
    expect(notices.items).toHaveLength(1);
    expect(notices.items[0]).toMatchObject({ kind: 'allocation', title: { zh: '宿舍分配结果' } });
    expect(notices.items[0]?.body.zh).toContain(`101室${mine.place.bedLabel}号床`);
    expect(notices.items[0]?.body.en).toContain('room 101');
  });

  it('DRM-1 refuses allocation to other roles and answers 404 to a user who is no resident', async () => {
    expectStatus(await hub.call('requester', 'POST', '/api/dorms/allocations', {}), 403);
    expectStatus(await hub.call('security_officer', 'POST', '/api/dorms/allocations', {}), 403);
    const response = await hub.call('technician', 'GET', '/api/dorms/me/allocation');
    expectStatus(response, 404);
    expectStatus(await hub.call('dorm_manager', 'POST', '/api/dorms/allocations', { buildingIds: ['NOPE'] }), 400);
  });

  it('DAT-6 shows identities only to dorm and security staff, and each resident their own', async () => {
    expectStatus(await hub.call('requester', 'GET', '/api/dorms/residents'), 403);
    expectStatus(await hub.call('maintenance_planner', 'GET', '/api/dorms/residents'), 403);
    expectStatus(await hub.call('requester', 'GET', `/api/dorms/residents/${people.a0?.id}`), 403);
    const list = await ok<{ items: ResidentDto[] }>(hub.call('security_officer', 'GET', '/api/dorms/residents?q=张&limit=10'));
    expect(list.items.map((r) => r.id)).toEqual([people.me?.id]);
    expect(list.items[0]).not.toHaveProperty('idLast4');
    expect(list.items[0]?.hasIdDocument).toBe(true);
    const seenByPlanner = await ok<{ beds: Array<{ occupied: boolean; resident: unknown }> }>(
      hub.call('maintenance_planner', 'GET', '/api/dorms/rooms/B1-101'),
    );
    expect(seenByPlanner.beds.filter((b) => b.occupied)).toHaveLength(4);
    expect(seenByPlanner.beds.every((b) => b.resident === null)).toBe(true);
    const seenByManager = await ok<{ beds: Array<{ resident: { name: string } | null }> }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/rooms/B1-101'),
    );
    expect(seenByManager.beds.map((b) => b.resident?.name)).toContain('张三');
    const me = await ok<ResidentDto>(hub.call('requester', 'GET', '/api/dorms/me'));
    expect(me).toMatchObject({ id: people.me?.id, name: '张三' });
  });

  it('DRM-2 checks in with identity and a condition report covering the room register', async () => {
    const r = must(people.me);
    const items = await roomItems(hub, 'B1-101');
    expect(items.filter((i) => i.kind === 'bed')).toHaveLength(4);
    const desk = must(items.find((i) => i.kind === 'desk'));
    const report = items.map((i) =>
      i.id === desk.id ? { itemId: i.id, condition: 'damaged', note: 'scratched top' } : { itemId: i.id, condition: 'ok' },
    );

    const wrongId = await hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
      personNo: r.personNo,
      idLast4: '9999',
      items: report,
    });
    expectStatus(wrongId, 400);
    expect(wrongId.json()).toMatchObject({ code: 'invalid', field: 'idLast4' });
    const partial = await hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
      personNo: r.personNo,
      idLast4: '1234',
      items: report.slice(1),
    });
    expectStatus(partial, 400);
    expect(partial.json()).toMatchObject({ field: 'items' });
    expectStatus(
      await hub.call('requester', 'POST', '/api/dorms/check-ins', { personNo: r.personNo, idLast4: '1234', items: report }),
      403,
    );

    const done = await ok<{
      resident: ResidentDto;
      report: { id: number; kind: string; bedId: string; items: Array<{ itemId: number; condition: string }> };
    }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
        personNo: r.personNo,
        idLast4: '1234',
        items: report,
        cardId: 'CARD-ME',
      }),
      201,
    );
    expect(done.resident.status).toBe('checked_in');
    expect(done.report).toMatchObject({ kind: 'check_in', bedId: r.place?.bedId ?? done.resident.place?.bedId });
    expect(done.report.items.find((i) => i.itemId === desk.id)?.condition).toBe('damaged');
    // The register keeps the damage noted at check-in.
    expect((await roomItems(hub, 'B1-101')).find((i) => i.id === desk.id)?.condition).toBe('damaged');
    people.me = done.resident;
    damagedAtCheckIn = desk.id;

    const again = await hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
      personNo: r.personNo,
      idLast4: '1234',
      items: report,
    });
    expectStatus(again, 409);
    expect(again.json()).toMatchObject({ code: 'illegal_transition' });
    expect(await auditActions(hub, 'dorm_resident', r.id)).toContain('dorm_resident.checked_in');
    expect(await auditActions(hub, 'access_card', 'CARD-ME')).toEqual(['access_card.issued']);
    expect(await access(hub, 'CARD-ME')).toEqual({
      'gate-t1': { allowed: true, reason: 'resident' },
      'gate-t2': { allowed: false, reason: 'other_building' },
    });
  });

  it('DRM-2 refuses to check in someone without an allocation', async () => {
    const newcomer = await resident(hub, { gender: 'male', cohort: 'C' });
    const response = await hub.call('dorm_manager', 'POST', '/api/dorms/check-ins', {
      personNo: newcomer.personNo,
      idLast4: '1234',
      items: [],
    });
    expectStatus(response, 409);
    expect(response.json()).toMatchObject({ code: 'illegal_transition' });
  });

  it('leave requests go through the dormitory manager and feed the curfew reads', async () => {
    const body = {
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      reason: 'Family visit',
      destination: 'Home',
    };
    const bad = await hub.call('requester', 'POST', '/api/dorms/leaves', { ...body, endsAt: body.startsAt });
    expectStatus(bad, 400);
    const leave = await ok<{ id: number; status: string; approvalId: number }>(
      hub.call('requester', 'POST', '/api/dorms/leaves', body),
      201,
    );
    expect(leave.status).toBe('requested');
    // Someone else's leave is not the requester's to file.
    expectStatus(await hub.call('requester', 'POST', '/api/dorms/leaves', { ...body, residentId: people.a0?.id }), 404);
    expectStatus(await decide(hub, 'requester', leave.approvalId, 'approve'), 403);
    expectStatus(await decide(hub, 'dorm_manager', leave.approvalId, 'approve'), 200);
    const mine = await ok<{ items: Array<{ id: number; status: string }> }>(hub.call('requester', 'GET', '/api/dorms/leaves'));
    expect(mine.items).toEqual([expect.objectContaining({ id: leave.id, status: 'approved' })]);
    const all = await ok<{ items: unknown[] }>(hub.call('security_officer', 'GET', '/api/dorms/leaves'));
    expect(all.items).toHaveLength(1);
    const meId = people.me?.id ?? 0;
    expect(await hub.services.dorms.activeLeave(meId)).toMatchObject({
      leaveId: leave.id,
      residentId: meId,
      destination: 'Home',
    });
    expect(await hub.services.dorms.activeLeave(meId, new Date(Date.now() + 3 * 86_400_000))).toBeUndefined();
    const expected = await hub.services.dorms.residentsExpectedTonight('B1');
    expect(expected.map((e) => e.residentId)).not.toContain(meId);
    const later = await hub.services.dorms.residentsExpectedTonight('B1', new Date(Date.now() + 3 * 86_400_000));
    expect(later.map((e) => e.residentId)).toContain(meId);
    expect(later.find((e) => e.residentId === meId)?.cardIds).toEqual(['CARD-ME']);
    expect(await auditActions(hub, 'dorm_leave', leave.id)).toEqual(['dorm_leave.requested', 'dorm_leave.approved']);
  });

  it('visitor passes open the host’s building to the visitor’s card while valid', async () => {
    const girl = await checkIn(hub, must(people.f0), 'CARD-F0');
    const pass = await ok<{ id: number; buildingId: string }>(
      hub.call('security_officer', 'POST', '/api/dorms/visitor-passes', {
        hostResidentId: people.me?.id,
        visitorName: '李四',
        cardId: 'VISITOR-1',
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      201,
    );
    expect(pass.buildingId).toBe('B1');
    expect(await access(hub, 'VISITOR-1')).toEqual({
      'gate-t1': { allowed: true, reason: 'visitor_pass' },
      'gate-t2': { allowed: false, reason: 'no_valid_pass' },
    });
    // A resident of another building visiting: her card opens B1 while the pass is valid.
    await ok(
      hub.call('dorm_manager', 'POST', '/api/dorms/visitor-passes', {
        hostResidentId: people.me?.id,
        visitorName: girl.name,
        cardId: 'CARD-F0',
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      201,
    );
    expect(await access(hub, 'CARD-F0')).toEqual({
      'gate-t1': { allowed: true, reason: 'visitor_pass' },
      'gate-t2': { allowed: true, reason: 'resident' },
    });
    expect(await hub.services.dorms.activeVisitorPass('VISITOR-1', 'B1')).toMatchObject({
      visitorName: '李四',
      buildingId: 'B1',
      cardId: 'VISITOR-1',
    });
    expectStatus(
      await hub.call('dorm_manager', 'POST', '/api/dorms/visitor-passes', {
        hostResidentId: people.me?.id,
        visitorName: 'X',
        validFrom: new Date().toISOString(),
        validTo: new Date(Date.now() - 1000).toISOString(),
      }),
      400,
    );
    expectStatus(
      await hub.call('requester', 'POST', '/api/dorms/visitor-passes', {
        hostResidentId: 1,
        visitorName: 'X',
        validFrom: new Date().toISOString(),
        validTo: new Date().toISOString(),
      }),
      403,
    );
    await ok(hub.call('security_officer', 'POST', `/api/dorms/visitor-passes/${pass.id}/revoke`, {}));
    expect((await access(hub, 'VISITOR-1'))['gate-t1']).toEqual({ allowed: false, reason: 'no_valid_pass' });
    expectStatus(await hub.call('security_officer', 'POST', `/api/dorms/visitor-passes/${pass.id}/revoke`, {}), 409);
    expect(await auditActions(hub, 'dorm_visitor_pass', pass.id)).toEqual([
      'dorm_visitor_pass.issued',
      'dorm_visitor_pass.revoked',
    ]);
    const active = await ok<{ items: unknown[] }>(
      hub.call('security_officer', 'GET', `/api/dorms/visitor-passes?activeAt=${encodeURIComponent(new Date().toISOString())}`),
    );
    expect(active.items).toHaveLength(1);
  });

  it('DRM-3 a rejected check-out leaves the resident in place and tells them why', async () => {
    const other = await checkIn(hub, must(people.a0));
    const request = await ok<CheckoutDto>(
      hub.call('dorm_manager', 'POST', '/api/dorms/checkouts', { residentId: other.id, reason: 'Transfers to another campus' }),
      201,
    );
    // The dormitory manager filed it, so another approver decides (admin here).
    expectStatus(await decide(hub, 'dorm_manager', request.approvalId, 'approve'), 403);
    expectStatus(await decide(hub, 'admin', request.approvalId, 'reject', 'Transfer not confirmed yet'), 200);
    const detail = await ok<{ checkout: CheckoutDto & { decisionNote: string } }>(
      hub.call('dorm_manager', 'GET', `/api/dorms/checkouts/${request.id}`),
    );
    expect(detail.checkout).toMatchObject({ status: 'rejected', decisionNote: 'Transfer not confirmed yet' });
    expect((await ok<ResidentDto>(hub.call('dorm_manager', 'GET', `/api/dorms/residents/${other.id}`))).status).toBe(
      'checked_in',
    );
    const complete = await hub.call('dorm_manager', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: [] });
    expectStatus(complete, 409);
    expect(await auditActions(hub, 'dorm_checkout', request.id)).toEqual(['dorm_checkout.requested', 'dorm_checkout.rejected']);
    // The requester cannot see (nor file for) another resident's check-out.
    expectStatus(await hub.call('requester', 'GET', `/api/dorms/checkouts/${request.id}`), 404);
    expectStatus(await hub.call('requester', 'POST', '/api/dorms/checkouts', { residentId: other.id, reason: 'x' }), 404);
  });

  it('DRM-3 SYS-1 check-out: request → approval → condition report → damage charged to the asset → bed released → card revoked at every gate', async (context) => {
    // The damage goes to the asset register and the repair to maintenance: both contexts must run.
    if (!('assets' in hub.services) || !('maintenance' in hub.services)) return context.skip();
    const me = must(people.me);
    // A desk of room 101 is a registered asset.
    await hub.services.assets.saveCategory(SYSTEM, {
      code: 'FURN',
      name: 'Furniture',
      depreciationMethod: 'straight_line',
      usefulLifeMonths: 96,
    });
    const { assetId } = await hub.database.db.transaction((tx) =>
      hub.services.assets.registerReceivedAsset(tx, SYSTEM, {
        name: 'Desk',
        categoryCode: 'FURN',
        departmentId: 'logistics-office',
        purchaseDate: '2024-09-01',
        amount: 450,
      }),
    );
    const items = await roomItems(hub, 'B1-101');
    const desks = items.filter((i) => i.kind === 'desk');
    const newDamage = must(desks.find((d) => d.id !== damagedAtCheckIn));
    const oldDamage = must(desks.find((d) => d.id === damagedAtCheckIn));
    await ok(hub.call('dorm_manager', 'PATCH', `/api/dorms/facility-items/${newDamage.id}`, { assetId }));

    const request = await ok<CheckoutDto>(
      hub.call('requester', 'POST', '/api/dorms/checkouts', { reason: 'Graduation', plannedOn: '2026-07-01' }),
      201,
    );
    expect(request.status).toBe('requested');
    expectStatus(await hub.call('requester', 'POST', '/api/dorms/checkouts', { reason: 'again' }), 409);
    const early = await hub.call('dorm_manager', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: [] });
    expectStatus(early, 409);
    expect(early.json<{ message: string }>().message).toContain('awaits approval');
    expectStatus(await hub.call('requester', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: [] }), 403);
    expectStatus(await decide(hub, 'dorm_manager', request.approvalId, 'approve'), 200);
    expect(
      (await ok<{ checkout: CheckoutDto }>(hub.call('requester', 'GET', `/api/dorms/checkouts/${request.id}`))).checkout.status,
    ).toBe('approved');
    expect((await access(hub, 'CARD-ME'))['gate-t1']).toEqual({ allowed: true, reason: 'resident' });
    // The gateway's own decision path (GateAccess reads the view for every authorization request).
    const gate = new GateAccess(hub.database.db, silentLog);
    expect(await gate.decide('CARD-ME', 'gate-t1')).toEqual({ allowed: true, reason: 'granted' });

    const report = items.map((i) => ({
      itemId: i.id,
      condition: i.id === newDamage.id || i.id === oldDamage.id ? 'damaged' : 'ok',
    }));
    const claimOld = report.map((r) => (r.itemId === oldDamage.id ? { ...r, damageCost: 50 } : r));
    const refused = await hub.call('dorm_manager', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: claimOld });
    expectStatus(refused, 400);
    expect(refused.json<{ message: string }>().message).toContain('already damaged at check-in');

    const withCost = report.map((r) => (r.itemId === newDamage.id ? { ...r, note: 'leg broken', damageCost: 120 } : r));
    const done = await ok<{
      checkout: CheckoutDto;
      report: { charged: number; items: Array<{ itemId: number; charged?: number; ticketId?: number | null }> };
      revokedCards: string[];
    }>(hub.call('dorm_manager', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: withCost }));
    expect(done.checkout).toMatchObject({ status: 'completed', charged: 120 });
    expect(done.revokedCards).toEqual(['CARD-ME']);
    const line = done.report.items.find((i) => i.itemId === newDamage.id);
    expect(line?.charged).toBe(120);
    expect(line?.ticketId).toBeGreaterThan(0);

    // The gate contract: the card is refused everywhere, with the reason.
    expect(await gate.decide('CARD-ME', 'gate-t1')).toEqual({ allowed: false, reason: 'revoked' });
    expect(await access(hub, 'CARD-ME')).toEqual({
      'gate-t1': { allowed: false, reason: 'revoked' },
      'gate-t2': { allowed: false, reason: 'revoked' },
    });
    const after = await ok<ResidentDto>(hub.call('dorm_manager', 'GET', `/api/dorms/residents/${me.id}`));
    expect(after).toMatchObject({ status: 'checked_out', place: null });
    const room101 = await ok<{ room: { free: number } }>(hub.call('dorm_manager', 'GET', '/api/dorms/rooms/B1-101'));
    expect(room101.room.free).toBe(1);
    // Damage went to the asset register, the repair to maintenance.
    expect(await auditActions(hub, 'asset', assetId)).toContain('asset.damage_recorded');
    const ticket = await ok<{ ticket: { source: string; assetId: string; place: { roomId: string } } }>(
      hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${line?.ticketId}`),
    );
    expect(ticket.ticket).toMatchObject({ source: 'checkout', assetId, place: { roomId: 'B1-101' } });
    expect(await auditActions(hub, 'dorm_checkout', request.id)).toEqual([
      'dorm_checkout.requested',
      'dorm_checkout.approved',
      'dorm_checkout.completed',
    ]);
    expect(await auditActions(hub, 'access_card', 'CARD-ME')).toEqual(['access_card.issued', 'access_card.revoked']);
    expect(await auditActions(hub, 'dorm_resident', me.id)).toContain('dorm_resident.checked_out');
    const notices = await ok<{ items: Array<{ kind: string; body: { en: string } }> }>(
      hub.call('requester', 'GET', '/api/dorms/me/notifications'),
    );
    expect(notices.items[0]?.body.en).toContain('¥120.00');
    // Completed is final.
    expectStatus(await hub.call('dorm_manager', 'POST', `/api/dorms/checkouts/${request.id}/complete`, { items: withCost }), 409);
    const mine = await ok<{ items: CheckoutDto[] }>(hub.call('requester', 'GET', '/api/dorms/checkouts'));
    expect(mine.items.map((c) => c.id)).toEqual([request.id]);
  });

  it('CardRegistry.revokeCardsOf revokes a resident’s active cards inside the caller’s transaction', async () => {
    const girl = must(people.f0);
    const n = await hub.database.db.transaction((tx) => hub.services.dorms.revokeCardsOf(tx, SYSTEM, String(girl.id), 'test'));
    expect(n).toBe(1);
    expect((await access(hub, 'CARD-F0'))['gate-t2']).toEqual({ allowed: false, reason: 'revoked' });
  });
});
