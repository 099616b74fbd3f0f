import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, type DetailDto, JPEG, json, multipart, PNG, report, type TicketDto } from './helpers.ts';

describe.each(testAdapters())('maintenance requests and lists on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const upload = async (
    role: 'requester' | 'finance' | 'maintenance_planner',
    id: number,
    files: Parameters<typeof multipart>[0],
  ) => {
    const body = multipart(files);
    return hub.app.inject({
      method: 'POST',
      url: `/api/maintenance/tickets/${id}/photos`,
      headers: { ...(await hub.as(role)), ...body.headers },
      payload: body.payload,
    });
  };

  it('MNT-1 #POST /api/maintenance/tickets takes a fault with place, asset and phone from any signed-in user', async () => {
    const ticket = await report(hub, 'requester', { assetId: 'AST-2026-0042', contactPhone: '+86 138 0000 0000' });
    expect(ticket).toMatchObject({
      status: 'submitted',
      assetId: 'AST-2026-0042',
      requester: { id: hub.userId('requester') },
      technician: null,
      sla: { respondBy: null, overdue: false },
    });
    const detail = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(detail.history.map((e) => e.kind)).toEqual(['opened']);
    expect(detail.ticket).toMatchObject({ place: { buildingId: 'dorm-3', roomId: '402' }, departmentId: 'chemistry' });
    // Staff report faults too.
    expect((await report(hub, 'canteen_manager', { title: 'Freezer alarm' })).status).toBe('submitted');
    expect(await auditActions(hub, ticket.id)).toEqual(['maintenance_ticket.opened']);
  });

  it('MNT-1 refuses bad input, naming the field', async () => {
    const noPlace = await hub.call('requester', 'POST', '/api/maintenance/tickets', { title: 'x', description: 'y' });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.json()).toMatchObject({ field: 'place' });
    const extra = await hub.call('requester', 'POST', '/api/maintenance/tickets', {
      title: 'x',
      description: 'y',
      place: { text: 'Library' },
      urgency: 'critical',
    });
    expect(extra.json()).toMatchObject({ code: 'invalid', field: 'urgency' });
    const blank = await hub.call('requester', 'POST', '/api/maintenance/tickets', {
      title: 'x',
      description: '   ',
      place: { text: 'Library' },
    });
    expect(blank.json()).toMatchObject({ code: 'invalid', field: 'description' });
    const badAsset = await hub.call('requester', 'POST', '/api/maintenance/tickets', {
      title: 'x',
      description: 'y',
      place: { text: 'Library' },
      assetId: '../etc',
    });
    expect(badAsset.json()).toMatchObject({ field: 'assetId' });
    expect((await hub.call(null, 'POST', '/api/maintenance/tickets', {})).statusCode).toBe(401);
  });

  it('MNT-1 stores photos that really are JPEG/PNG/WebP, serves them back, refuses the rest whole', async () => {
    const ticket = await report(hub, 'requester');
    const ok = await upload('requester', ticket.id, [
      { name: 'tap.jpg', type: 'image/jpeg', bytes: JPEG },
      { name: 'pipe.png', type: 'image/png', bytes: PNG },
    ]);
    expect(ok.statusCode).toBe(201);
    const photos = ok.json<{ items: Array<{ url: string; contentType: string; bytes: number }> }>().items;
    expect(photos.map((p) => p.contentType)).toEqual(['image/jpeg', 'image/png']);
    const first = photos[0];
    if (!first) throw new Error('no photo');
    const served = await hub.app.inject({ method: 'GET', url: first.url, headers: await hub.as('requester') });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(JPEG)).toBe(true);

    const disguised = await upload('requester', ticket.id, [
      { name: 'more.png', type: 'image/png', bytes: PNG },
      { name: 'evil.jpg', type: 'image/jpeg', bytes: Buffer.from('<?php system($_GET[1]); ?>') },
    ]);
    expect(disguised.statusCode).toBe(400);
    expect(disguised.json()).toMatchObject({ code: 'invalid', field: 'photos.1' });
    const tooBig = await upload('requester', ticket.id, [
      {
        name: 'huge.jpg',
        type: 'image/jpeg',
        bytes: Buffer.concat([JPEG, Buffer.alloc(hub.services.maintenance.photoLimits.maxBytes)]),
      },
    ]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ field: 'photos' });
    const notMultipart = await hub.call('requester', 'POST', `/api/maintenance/tickets/${ticket.id}/photos`, { photo: 'x' });
    expect(notMultipart.json()).toMatchObject({ code: 'invalid', field: 'photos' });
    const stranger = await upload('finance', ticket.id, [{ name: 'x.png', type: 'image/png', bytes: PNG }]);
    expect(stranger.statusCode).toBe(404);

    const detail = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(detail.photos).toHaveLength(2);
    expect(detail.history.map((e) => e.kind)).toEqual(['opened', 'photos_added']);
    expect(await auditActions(hub, ticket.id)).toEqual(['maintenance_ticket.opened', 'maintenance_ticket.photos_added']);
    const otherEyes = await hub.app.inject({ method: 'GET', url: first.url, headers: await hub.as('finance') });
    expect(otherEyes.statusCode).toBe(404);
  });

  it('MNT-1 shows a requester only their own tickets; planners and the asset office see all', async () => {
    const mine = await report(hub, 'requester', { title: 'Window will not close' });
    const theirs = await report(hub, 'dorm_manager', { title: 'Door lock broken' });
    const ids = async (role: 'requester' | 'dorm_manager' | 'maintenance_planner') =>
      json<{ items: TicketDto[] }>(await hub.call(role, 'GET', '/api/maintenance/tickets?limit=200')).items.map((t) => t.id);
    expect(await ids('requester')).toContain(mine.id);
    expect(await ids('requester')).not.toContain(theirs.id);
    expect(await ids('dorm_manager')).toEqual([theirs.id]);
    expect(await ids('maintenance_planner')).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await hub.call('requester', 'GET', `/api/maintenance/tickets/${theirs.id}`)).statusCode).toBe(404);
    expect((await hub.call('asset_clerk', 'GET', `/api/maintenance/tickets/${theirs.id}`)).statusCode).toBe(200);
  });

  it('MNT-2 out of scope closes the ticket with a reason the requester reads in its history', async () => {
    const ticket = await report(hub, 'requester', { title: 'My laptop is slow' });
    const url = `/api/maintenance/tickets/${ticket.id}/triage`;
    expect((await hub.call('requester', 'POST', url, { inScope: false, reason: 'x' })).statusCode).toBe(403);
    expect((await hub.call('technician', 'POST', url, { inScope: false, reason: 'x' })).statusCode).toBe(403);
    const noReason = await hub.call('maintenance_planner', 'POST', url, { inScope: false });
    expect(noReason.json()).toMatchObject({ code: 'invalid', field: 'reason' });
    const noType = await hub.call('maintenance_planner', 'POST', url, { inScope: true, urgency: 'low' });
    expect(noType.json()).toMatchObject({ code: 'invalid', field: 'faultType' });
    const badType = await hub.call('maintenance_planner', 'POST', url, { inScope: true, faultType: 'magic', urgency: 'low' });
    expect(badType.json()).toMatchObject({ code: 'invalid', field: 'faultType' });

    const closed = await hub.call('maintenance_planner', 'POST', url, {
      inScope: false,
      reason: 'Personal computers go to the IT help desk / 个人电脑请联系信息中心',
    });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      resolution: 'out_of_scope',
      closeReason: expect.stringMatching(/IT help desk/),
    });
    const detail = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`));
    expect(detail.history.at(-1)).toMatchObject({
      kind: 'out_of_scope',
      note: expect.stringMatching(/信息中心/),
      actorName: 'Test maintenance_planner',
    });
    const again = await hub.call('maintenance_planner', 'POST', url, { inScope: true, faultType: 'network', urgency: 'low' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'illegal_transition' });
    expect(await auditActions(hub, ticket.id)).toEqual(['maintenance_ticket.opened', 'maintenance_ticket.out_of_scope']);
  });

  it('lets the requester cancel before work starts, and nobody else but a planner', async () => {
    const ticket = await report(hub, 'requester');
    const url = `/api/maintenance/tickets/${ticket.id}/cancel`;
    expect((await hub.call('finance', 'POST', url, { reason: 'x' })).statusCode).toBe(404);
    expect((await hub.call('requester', 'POST', url, {})).json()).toMatchObject({ field: 'reason' });
    const cancelled = await hub.call('requester', 'POST', url, { reason: 'It fixed itself' });
    expect(cancelled.json()).toMatchObject({ status: 'closed', resolution: 'cancelled' });
    expect((await hub.call('requester', 'POST', url, { reason: 'again' })).statusCode).toBe(409);
    expect(await auditActions(hub, ticket.id)).toEqual(['maintenance_ticket.opened', 'maintenance_ticket.cancelled']);
  });

  it('pages lists by keyset and filters them; an asset’s history by ?assetId=', async () => {
    const asset = 'AST-PAGE-1';
    const created: number[] = [];
    for (let i = 0; i < 5; i += 1) created.push((await report(hub, 'requester', { title: `Paged ${i}`, assetId: asset })).id);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TicketDto[]; nextCursor: string | null } = json(
        await hub.call(
          'asset_clerk',
          'GET',
          `/api/maintenance/tickets?assetId=${asset}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        ),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    const bySource = json<{ items: TicketDto[] }>(
      await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets?source=request&status=submitted&assetId=${asset}`),
    );
    expect(bySource.items).toHaveLength(5);
    const none = json<{ items: TicketDto[] }>(
      await hub.call('maintenance_planner', 'GET', '/api/maintenance/tickets?source=rule'),
    );
    expect(none.items).toEqual([]);
    expect((await hub.call('maintenance_planner', 'GET', '/api/maintenance/tickets?urgency=extreme')).json()).toMatchObject({
      field: 'urgency',
    });
    expect((await hub.call('maintenance_planner', 'GET', '/api/maintenance/tickets?limit=0')).statusCode).toBe(400);
  });

  it('SLA: triage sets respond-by and resolve-by from the urgency; overdue is computed and filterable', async () => {
    const ticket = await report(hub, 'requester', { title: 'Lights out in corridor' });
    const triaged = json<TicketDto>(
      await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${ticket.id}/triage`, {
        inScope: true,
        faultType: 'structure',
        urgency: 'critical',
      }),
    );
    const policy = hub.services.maintenance.slaPolicy.critical;
    const reported = new Date(
      json<{ ticket: { createdAt: string } }>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${ticket.id}`)).ticket
        .createdAt,
    );
    expect(new Date(triaged.sla.respondBy ?? '').getTime() - reported.getTime()).toBe(policy.respondWithinMinutes * 60_000);
    expect(new Date(triaged.sla.resolveBy ?? '').getTime() - reported.getTime()).toBe(policy.resolveWithinMinutes * 60_000);
    expect(triaged.sla.overdue).toBe(false);
    const overdueIds = async (flag: boolean) =>
      json<{ items: TicketDto[] }>(
        await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets?overdue=${flag}&limit=200`),
      ).items.map((t) => t.id);
    expect(await overdueIds(true)).not.toContain(ticket.id);
    // An hour later, nobody has responded to a critical ticket.
    await hub.database.db.query(
      `UPDATE maintenance_tickets SET created_at = created_at - interval '1 hour', respond_due_at = respond_due_at - interval '1 hour' WHERE id = $1`,
      [ticket.id],
    );
    expect(await overdueIds(true)).toContain(ticket.id);
    expect(await overdueIds(false)).not.toContain(ticket.id);
    const late = json<DetailDto>(await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${ticket.id}`)).ticket;
    expect(late.sla).toMatchObject({ respondOverdue: true, resolveOverdue: false, overdue: true });
  });

  it('serves the vocabulary in English and Chinese', async () => {
    const vocabulary = (await hub.call('requester', 'GET', '/api/maintenance/vocabulary')).json<{
      faultTypes: Array<{ key: string; label: { zh: string } }>;
      urgencies: Array<{ key: string; respondWithinMinutes: number }>;
    }>();
    expect(vocabulary.faultTypes.map((f) => f.key)).toEqual([
      'electrical',
      'plumbing',
      'hvac',
      'elevator',
      'carpentry',
      'network',
      'appliance',
      'structure',
      'other',
    ]);
    expect(vocabulary.faultTypes.find((f) => f.key === 'elevator')?.label.zh).toBe('电梯');
    expect(vocabulary.urgencies.find((u) => u.key === 'critical')?.respondWithinMinutes).toBe(30);
  });
});
