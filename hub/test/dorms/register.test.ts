import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalService } from '../../src/contexts/approvals/service.ts';
import { DormService } from '../../src/contexts/dorms/service.ts';
import { AppError } from '../../src/errors.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import {
  allocateAll,
  auditActions,
  building,
  checkIn,
  expectStatus,
  type ItemDto,
  must,
  ok,
  resident,
  room,
  roomItems,
  SYSTEM,
} from './helpers.ts';

interface RoomDto {
  id: string;
  buildingId: string;
  floor: number;
  gender: string | null;
  beds: number;
  occupied: number;
  free: number;
}

describe.each(testAdapters())('dormitory register and facility faults on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('keeps buildings gender-separated: by building, or by floor in a mixed building', async () => {
    await building(hub, 'B1', 'male', 4);
    const mixed = await ok<{ floorGenders: Array<{ floor: number; gender: string }> }>(
      hub.call('dorm_manager', 'PUT', '/api/dorms/buildings/M1', {
        name: '综合楼',
        nameEn: 'Mixed hall',
        gender: 'mixed',
        floors: 2,
        floorGenders: [
          { floor: 1, gender: 'female' },
          { floor: 2, gender: 'male' },
        ],
      }),
    );
    expect(mixed.floorGenders).toEqual([
      { floor: 1, gender: 'female' },
      { floor: 2, gender: 'male' },
    ]);
    const badFloor = await hub.call('dorm_manager', 'PUT', '/api/dorms/buildings/M2', {
      name: 'x',
      gender: 'mixed',
      floors: 2,
      floorGenders: [{ floor: 3, gender: 'male' }],
    });
    expectStatus(badFloor, 400);
    expect(badFloor.json()).toMatchObject({ field: 'floorGenders.0.floor' });
    expectStatus(
      await hub.call('dorm_manager', 'PUT', '/api/dorms/buildings/M2', {
        name: 'x',
        gender: 'male',
        floors: 2,
        floorGenders: [{ floor: 1, gender: 'male' }],
      }),
      400,
    );
    expectStatus(await hub.call('requester', 'PUT', '/api/dorms/buildings/B9', { name: 'x', gender: 'male', floors: 2 }), 403);
    await room(hub, 'M1', 1, '101', 2);
    await room(hub, 'M1', 2, '201', 2);
    const rooms = await ok<{ items: RoomDto[] }>(hub.call('maintenance_planner', 'GET', '/api/dorms/rooms?buildingId=M1'));
    expect(rooms.items.map((r) => [r.id, r.gender])).toEqual([
      ['M1-101', 'female'],
      ['M1-201', 'male'],
    ]);
    // Fewer floors than rooms use is refused.
    expectStatus(
      await hub.call('dorm_manager', 'PUT', '/api/dorms/buildings/M1', { name: '综合楼', gender: 'mixed', floors: 1 }),
      409,
    );
    expect(await auditActions(hub, 'dorm_building', 'M1')).toEqual(['dorm_building.created']);
  });

  it('DRM-4 registers a room with its beds and a facility register; refuses duplicates and bad floors', async () => {
    const created = await ok<RoomDto>(
      hub.call('dorm_manager', 'POST', '/api/dorms/rooms', {
        buildingId: 'B1',
        floor: 4,
        number: '402',
        beds: 4,
        facilities: 'desk*;chair*;door;window;water;power',
      }),
      201,
    );
    expect(created).toMatchObject({ id: 'B1-402', beds: 4, occupied: 0, free: 4, gender: 'male' });
    const items = await roomItems(hub, 'B1-402');
    expect(items.map((i) => i.kind).sort()).toEqual([
      'bed',
      'bed',
      'bed',
      'bed',
      'chair',
      'chair',
      'chair',
      'chair',
      'desk',
      'desk',
      'desk',
      'desk',
      'door',
      'power',
      'water',
      'window',
    ]);
    expect(items.find((i) => i.kind === 'desk')?.label).toBe('Desk 1 / 书桌1');
    const dup = await hub.call('dorm_manager', 'POST', '/api/dorms/rooms', {
      buildingId: 'B1',
      floor: 4,
      number: '402',
      beds: 2,
    });
    expectStatus(dup, 409);
    expect(dup.json()).toMatchObject({ code: 'conflict', field: 'number' });
    const floor = await hub.call('dorm_manager', 'POST', '/api/dorms/rooms', {
      buildingId: 'B1',
      floor: 9,
      number: '901',
      beds: 2,
    });
    expectStatus(floor, 400);
    expect(floor.json()).toMatchObject({ field: 'floor' });
    const spec = await hub.call('dorm_manager', 'POST', '/api/dorms/rooms', {
      buildingId: 'B1',
      floor: 1,
      number: '101',
      beds: 2,
      facilities: 'desk;sofa',
    });
    expectStatus(spec, 400);
    expect(spec.json()).toMatchObject({ field: 'facilities' });
    expectStatus(
      await hub.call('maintenance_planner', 'POST', '/api/dorms/rooms', { buildingId: 'B1', floor: 1, number: '101', beds: 2 }),
      403,
    );
    expect(await auditActions(hub, 'dorm_room', 'B1-402')).toEqual(['dorm_room.created']);

    const added = await ok<ItemDto>(
      hub.call('dorm_manager', 'POST', '/api/dorms/rooms/B1-402/facilities', { kind: 'air_conditioner', assetId: 'AC-0042' }),
      201,
    );
    expect(added).toMatchObject({
      kind: 'air_conditioner',
      assetId: 'AC-0042',
      condition: 'ok',
      label: 'Air conditioner 1 / 空调1',
    });
    const patched = await ok<ItemDto>(
      hub.call('dorm_manager', 'PATCH', `/api/dorms/facility-items/${added.id}`, { label: 'Split AC / 分体空调' }),
    );
    expect(patched.label).toBe('Split AC / 分体空调');
    expect(await auditActions(hub, 'dorm_facility_item', added.id)).toEqual(['dorm_facility.added', 'dorm_facility.updated']);
    const buildings = await ok<{ items: Array<{ id: string; rooms: number; beds: number }> }>(
      hub.call('logistics_manager', 'GET', '/api/dorms/buildings'),
    );
    expect(buildings.items.find((b) => b.id === 'B1')).toMatchObject({ rooms: 1, beds: 4 });
  });

  it('pages rooms with a cursor and filters those with a free bed', async () => {
    for (const n of ['403', '404', '405']) await room(hub, 'B1', 4, n, 2);
    const first = await ok<{ items: RoomDto[]; nextCursor: string }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/rooms?buildingId=B1&limit=2'),
    );
    expect(first.items.map((r) => r.id)).toEqual(['B1-402', 'B1-403']);
    const second = await ok<{ items: RoomDto[]; nextCursor: string | null }>(
      hub.call('dorm_manager', 'GET', `/api/dorms/rooms?buildingId=B1&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.items.map((r) => r.id)).toEqual(['B1-404', 'B1-405']);
    expect(second.nextCursor).toBeNull();
    const free = await ok<{ items: RoomDto[] }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/rooms?buildingId=B1&hasFreeBed=true'),
    );
    expect(free.items).toHaveLength(4);
  });

  it('DRM-4 MNT-1 a resident reports a fault of their room: one ticket per item while open, in their name', async (context) => {
    if (!('maintenance' in hub.services)) return context.skip();
    const me = await resident(hub, { gender: 'male', cohort: 'X', userId: hub.userId('requester') });
    await allocateAll(hub, [me.id]);
    const placed = await checkIn(hub, me);
    const roomId = placed.place?.roomId ?? '';
    const mine = await ok<{ facilities: ItemDto[] }>(hub.call('requester', 'GET', '/api/dorms/me/room'));
    expect(mine.facilities.every((i) => i.roomId === roomId)).toBe(true);
    const tap = must(mine.facilities.find((i) => i.kind === 'door'));

    const first = await ok<{ ticketId: number; created: boolean; item: ItemDto }>(
      hub.call('requester', 'POST', `/api/dorms/facility-items/${tap.id}/faults`, {
        description: 'The lock jams',
        urgency: 'high',
      }),
      201,
    );
    expect(first.created).toBe(true);
    expect(first.item.condition).toBe('damaged');
    const again = await ok<{ ticketId: number; created: boolean }>(
      hub.call('dorm_manager', 'POST', `/api/dorms/facility-items/${tap.id}/faults`, { description: 'Still jams' }),
      201,
    );
    expect(again).toMatchObject({ ticketId: first.ticketId, created: false });
    const ticket = await ok<{
      ticket: {
        source: string;
        dedupeKey: string;
        requester: { id: number };
        place: { buildingId: string; roomId: string };
        faultType: string;
      };
    }>(hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${first.ticketId}`));
    expect(ticket.ticket).toMatchObject({
      source: 'facility',
      dedupeKey: `facility:${tap.id}`,
      requester: { id: hub.userId('requester') },
      place: { buildingId: 'B1', roomId },
      faultType: 'carpentry',
    });
    // The resident follows the repair as their own request.
    expectStatus(await hub.call('requester', 'GET', `/api/maintenance/tickets/${first.ticketId}`), 200);
    const detail = await ok<{ faults: Array<{ ticketId: number }> }>(
      hub.call('dorm_manager', 'GET', `/api/dorms/rooms/${roomId}`),
    );
    expect(detail.faults.map((f) => f.ticketId)).toEqual([first.ticketId, first.ticketId]);
    expect(await auditActions(hub, 'dorm_facility_item', tap.id)).toEqual([
      'dorm_facility.fault_reported',
      'dorm_facility.fault_reported',
    ]);

    // Another room's item is not the resident's to report.
    const other = must((await roomItems(hub, 'B1-405'))[0]);
    expectStatus(await hub.call('requester', 'POST', `/api/dorms/facility-items/${other.id}/faults`, { description: 'x' }), 404);
    expectStatus(await hub.call('technician', 'POST', `/api/dorms/facility-items/${other.id}/faults`, { description: 'x' }), 404);
    expectStatus(await hub.call('requester', 'POST', `/api/dorms/facility-items/${tap.id}/faults`, { description: '' }), 400);
  });

  it('answers 409 rather than faking a ticket when maintenance is not running', async () => {
    const item = must((await roomItems(hub, 'B1-405'))[0]);
    const alone = new DormService(hub.database.db, {
      identity: hub.services.identity,
      approvals: new ApprovalService(hub.database.db),
      uploadsDir: hub.uploadsDir,
    });
    const error = await alone.register.reportFault(SYSTEM, item.id, { description: 'Broken' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      statusCode: 409,
      code: 'dependency_unavailable',
      message: expect.stringContaining('Maintenance is not available'),
    });
    const inspection = await alone.inspections
      .recordInspection(SYSTEM, { buildingId: 'B1', findings: [{ roomId: 'B1-405', description: 'Window cracked' }] })
      .catch((err: unknown) => err);
    expect(inspection).toMatchObject({ statusCode: 409, code: 'dependency_unavailable' });
  });
});
