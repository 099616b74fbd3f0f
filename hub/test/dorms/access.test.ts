import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  access,
  allocateAll,
  auditActions,
  building,
  checkIn,
  expectStatus,
  ok,
  type ResidentDto,
  resident,
  room,
} from './helpers.ts';

interface CardDto {
  cardId: string;
  residentId: number;
  status: string;
  revokedReason: string | null;
}

describe.each(testAdapters())('DRM-6 cards, gates and movements on %s', (adapter) => {
  let hub: HubFixture;
  let inB1: ResidentDto;
  let inB2: ResidentDto;
  let pending: ResidentDto;
  let swipeSeq = 0;

  const swipe = (cardId: string, deviceId: string, direction: 'in' | 'out', minutesAgo: number, granted = true) => {
    swipeSeq += 1;
    const ts = new Date(Date.now() - minutesAgo * 60_000);
    return hub.database.db.query(
      `INSERT INTO gate_swipes (ts, received_at, site, device_id, event_id, card_id, direction, granted, reason)
       VALUES ($1, $1, 'testsite', $2, $3, $4, $5, $6, $7)`,
      [ts, deviceId, `e${swipeSeq}`, cardId, direction, granted, granted ? null : 'revoked'],
    );
  };

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await building(hub, 'B1', 'male');
    await building(hub, 'B2', 'male');
    await room(hub, 'B1', 1, '101', 1);
    await room(hub, 'B2', 1, '101', 1);
    inB1 = await resident(hub, { gender: 'male', cohort: 'A' });
    inB2 = await resident(hub, { gender: 'male', cohort: 'B' });
    pending = await resident(hub, { gender: 'male', cohort: 'C' });
    await allocateAll(hub, [inB1.id]);
    await allocateAll(hub, [inB2.id]);
    inB1 = await checkIn(hub, inB1);
    inB2 = await checkIn(hub, inB2);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('maps gate devices to buildings; the map is audited and limited to dorm and security staff', async () => {
    await ok(hub.call('security_officer', 'PUT', '/api/dorms/gates/gate-t1', { buildingId: 'B1' }));
    await ok(hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-t2', { buildingId: 'B2' }));
    await ok(hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-x', { buildingId: 'B2' }));
    expectStatus(await hub.call('dorm_manager', 'DELETE', '/api/dorms/gates/gate-x'), 204);
    expectStatus(await hub.call('dorm_manager', 'DELETE', '/api/dorms/gates/gate-x'), 404);
    const gates = await ok<{ items: Array<{ deviceId: string; buildingId: string }> }>(
      hub.call('security_officer', 'GET', '/api/dorms/gates'),
    );
    expect(gates.items.map((g) => [g.deviceId, g.buildingId])).toEqual([
      ['gate-t1', 'B1'],
      ['gate-t2', 'B2'],
    ]);
    expectStatus(await hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-t3', { buildingId: 'NOPE' }), 400);
    expectStatus(await hub.call('requester', 'PUT', '/api/dorms/gates/gate-t3', { buildingId: 'B1' }), 403);
    expect(await auditActions(hub, 'building_gate', 'gate-x')).toEqual(['building_gate.assigned', 'building_gate.removed']);
  });

  it('DRM-6 the gate_card_access view gives every card × gate a decision and its reason', async () => {
    const issue = (cardId: string, residentId: number, extra: Record<string, unknown> = {}) =>
      ok<CardDto>(hub.call('security_officer', 'POST', '/api/dorms/cards', { cardId, residentId, ...extra }), 201);
    await issue('C-B1', inB1.id);
    await issue('C-B2', inB2.id);
    await issue('C-PENDING', pending.id);
    await issue('C-LATER', inB1.id, { validFrom: new Date(Date.now() + 86_400_000).toISOString() });
    await issue('C-OLD', inB1.id, {
      validFrom: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      validTo: new Date(Date.now() - 86_400_000).toISOString(),
    });
    await issue('C-LOST', inB1.id);
    await ok(
      hub.call('dorm_manager', 'POST', '/api/dorms/cards/C-LOST/status', { status: 'lost', reason: 'Reported lost at the desk' }),
    );

    expect(await access(hub, 'C-B1')).toEqual({
      'gate-t1': { allowed: true, reason: 'resident' },
      'gate-t2': { allowed: false, reason: 'other_building' },
    });
    expect(await access(hub, 'C-B2')).toEqual({
      'gate-t1': { allowed: false, reason: 'other_building' },
      'gate-t2': { allowed: true, reason: 'resident' },
    });
    expect((await access(hub, 'C-PENDING'))['gate-t1']).toEqual({ allowed: false, reason: 'not_checked_in' });
    expect((await access(hub, 'C-LATER'))['gate-t1']).toEqual({ allowed: false, reason: 'not_yet_valid' });
    expect((await access(hub, 'C-OLD'))['gate-t1']).toEqual({ allowed: false, reason: 'expired' });
    expect((await access(hub, 'C-LOST'))['gate-t1']).toEqual({ allowed: false, reason: 'lost' });
    // An unknown card has no row: the gateway refuses it as unknown.
    expect(await access(hub, 'NOBODY')).toEqual({});

    const viaApi = await ok<{
      items: Array<{ gateDeviceId: string; allowed: boolean; reason: string; reasonLabel: { zh: string } }>;
    }>(hub.call('security_officer', 'GET', '/api/dorms/cards/C-B1/access?gateDeviceId=gate-t2'));
    expect(viaApi.items).toEqual([
      {
        cardId: 'C-B1',
        gateDeviceId: 'gate-t2',
        allowed: false,
        reason: 'other_building',
        reasonLabel: { en: 'Lives in another building', zh: '非本楼住宿' },
      },
    ]);
    expectStatus(await hub.call('requester', 'GET', '/api/dorms/cards/C-B1/access'), 403);
  });

  it('DRM-6 refuses a card id already in use, and revoking twice', async () => {
    const dup = await hub.call('dorm_manager', 'POST', '/api/dorms/cards', { cardId: 'C-B1', residentId: inB2.id });
    expectStatus(dup, 409);
    expect(dup.json()).toMatchObject({ code: 'conflict', field: 'cardId' });
    expectStatus(await hub.call('dorm_manager', 'POST', '/api/dorms/cards', { cardId: 'C-NEW', residentId: 999999 }), 400);
    expectStatus(
      await hub.call('dorm_manager', 'POST', '/api/dorms/cards/C-LOST/status', { status: 'revoked', reason: 'again' }),
      409,
    );
    expectStatus(await hub.call('dorm_manager', 'POST', '/api/dorms/cards/NOPE/status', { status: 'revoked', reason: 'x' }), 404);
    expectStatus(
      await hub.call('maintenance_planner', 'POST', '/api/dorms/cards', { cardId: 'C-NEW', residentId: inB1.id }),
      403,
    );
    expect(await auditActions(hub, 'access_card', 'C-LOST')).toEqual(['access_card.issued', 'access_card.lost']);
    const cards = await ok<{ items: CardDto[] }>(hub.call('dorm_manager', 'GET', `/api/dorms/cards?residentId=${inB1.id}`));
    expect(cards.items.map((c) => c.cardId)).toEqual(['C-B1', 'C-LATER', 'C-LOST', 'C-OLD']);
    expect(await hub.services.dorms.residentByCard('C-B1')).toMatchObject({
      residentId: inB1.id,
      personNo: inB1.personNo,
      status: 'checked_in',
      buildingId: 'B1',
      card: { cardId: 'C-B1', status: 'active', validTo: null },
    });
    expect(await hub.services.dorms.residentByCard('NOBODY')).toBeUndefined();
    // The rules ask for a whole batch of swipes at once: known cards answered, unknown left out.
    const holders = await hub.services.dorms.residentsByCards(['C-B1', 'NOBODY', 'C-LOST', 'C-B1']);
    expect([...holders.keys()].sort()).toEqual(['C-B1', 'C-LOST']);
    expect(holders.get('C-B1')).toEqual(await hub.services.dorms.residentByCard('C-B1'));
    expect(holders.get('C-LOST')).toMatchObject({ residentId: inB1.id, card: { status: 'lost' } });
    expect((await hub.services.dorms.residentsByCards([])).size).toBe(0);
  });

  it('DRM-6 keeps entry and exit time and place: a resident’s movements, for security and dorm staff only', async () => {
    await swipe('C-B1', 'gate-t1', 'out', 120);
    await swipe('C-B1', 'gate-t1', 'in', 60);
    await swipe('C-B1', 'gate-t2', 'in', 30, false);
    await swipe('C-B2', 'gate-t2', 'out', 10);
    const first = await ok<{
      items: Array<{ deviceId: string; buildingId: string; direction: string; granted: boolean }>;
      nextCursor: string;
    }>(hub.call('security_officer', 'GET', `/api/dorms/residents/${inB1.id}/movements?limit=2`));
    expect(first.items.map((m) => [m.deviceId, m.buildingId, m.direction, m.granted])).toEqual([
      ['gate-t2', 'B2', 'in', false],
      ['gate-t1', 'B1', 'in', true],
    ]);
    const rest = await ok<{ items: Array<{ direction: string }>; nextCursor: string | null }>(
      hub.call('security_officer', 'GET', `/api/dorms/residents/${inB1.id}/movements?limit=2&cursor=${first.nextCursor}`),
    );
    expect(rest.items.map((m) => m.direction)).toEqual(['out']);
    expect(rest.nextCursor).toBeNull();
    expectStatus(await hub.call('requester', 'GET', `/api/dorms/residents/${inB1.id}/movements`), 403);
    expectStatus(await hub.call('logistics_manager', 'GET', `/api/dorms/residents/${inB1.id}/movements`), 403);
    const wide = await hub.call(
      'dorm_manager',
      'GET',
      `/api/dorms/residents/${inB1.id}/movements?from=2025-01-01T00:00:00Z&to=2025-12-31T00:00:00Z`,
    );
    expectStatus(wide, 400);
    expect(wide.json()).toMatchObject({ field: 'from' });
  });

  it('counts per building who is in and who is out by the last swipe (dashboard occupancy)', async () => {
    const occupancy = await ok<{
      buildings: Array<{ buildingId: string; residents: number; inside: number; outside: number; unknown: number }>;
    }>(hub.call('logistics_manager', 'GET', '/api/dorms/occupancy'));
    expect(occupancy.buildings).toEqual([
      { buildingId: 'B1', buildingName: 'B1号楼', residents: 1, inside: 1, outside: 0, unknown: 0, onLeave: 0 },
      { buildingId: 'B2', buildingName: 'B2号楼', residents: 1, inside: 0, outside: 1, unknown: 0, onLeave: 0 },
    ]);
    expectStatus(await hub.call('requester', 'GET', '/api/dorms/occupancy'), 403);
  });
});
