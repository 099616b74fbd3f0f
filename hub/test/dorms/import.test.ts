import { testAdapters } from '@campus/storage/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { access, building, expectStatus, ok, type ResidentDto } from './helpers.ts';

interface Report {
  kind: string;
  dryRun: boolean;
  imported: boolean;
  total: number;
  accepted: number;
  rejected: Array<{ row: number; field: string; reason: string }>;
  ids: string[];
}

describe.each(testAdapters())('SYS-3 dormitory CSV import on %s', (adapter) => {
  let hub: HubFixture;

  const post = async (
    kind: string,
    csv: string,
    dryRun = false,
    role: 'dorm_manager' | 'asset_clerk' = 'dorm_manager',
  ): Promise<LightMyRequestResponse> =>
    hub.app.inject({
      method: 'POST',
      url: `/api/dorms/import/${kind}${dryRun ? '?dryRun=true' : ''}`,
      payload: csv,
      headers: { ...(await hub.as(role)), 'content-type': 'text/csv' },
    });

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await building(hub, 'B1', 'male');
    await building(hub, 'B2', 'female');
    await ok(hub.call('dorm_manager', 'PUT', '/api/dorms/gates/gate-t1', { buildingId: 'B1' }));
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const ROOMS = '楼栋,楼层,房间号,床位数,设施\nB1,1,101,4,\nB1,1,102,2,desk*;door\nB2,1,101,4,desk*;chair*;door;window\n';

  it('SYS-3 validates rooms in a dry run and stores nothing', async () => {
    const response = await post('rooms', ROOMS, true);
    expectStatus(response, 200);
    expect(response.json<Report>()).toMatchObject({
      dryRun: true,
      imported: false,
      total: 3,
      accepted: 3,
      rejected: [],
      ids: ['B1-101', 'B1-102', 'B2-101'],
    });
    const rooms = await ok<{ items: unknown[] }>(hub.call('dorm_manager', 'GET', '/api/dorms/rooms'));
    expect(rooms.items).toHaveLength(0);
  });

  it('SYS-3 imports nothing when any row is refused, and names every bad row', async () => {
    const bad = `${ROOMS}B9,1,101,4,\nB1,1,103,20,\nB1,1,101,2,\n`;
    const response = await post('rooms', bad);
    expectStatus(response, 422);
    const report = response.json<Report>();
    expect(report.imported).toBe(false);
    expect(report.rejected).toEqual([
      { row: 5, field: 'building_id', reason: 'no building B9' },
      { row: 6, field: 'beds', reason: 'must be 1-12' },
      { row: 7, field: 'number', reason: 'room 101 exists in B1号楼' },
    ]);
    expect((await ok<{ items: unknown[] }>(hub.call('dorm_manager', 'GET', '/api/dorms/rooms'))).items).toHaveLength(0);
    const header = await post('rooms', 'building,floor,colour\nB1,1,red\n');
    expectStatus(header, 422);
    expect(header.json<Report>().rejected.map((r) => r.field)).toEqual(['colour', 'number', 'beds']);
  });

  it('SYS-3 imports rooms, residents (linked to accounts, some already in their beds) and cards', async () => {
    const rooms = await post('rooms', ROOMS);
    expectStatus(rooms, 201);
    const items = await ok<{ facilities: Array<{ kind: string }> }>(hub.call('dorm_manager', 'GET', '/api/dorms/rooms/B1-102'));
    expect(items.facilities.map((f) => f.kind).sort()).toEqual(['bed', 'bed', 'desk', 'desk', 'door']);

    const residents = [
      '学号,姓名,性别,班级,类别,电话,证件后四位,账号,床位号',
      '2026001,王小明,男,2026级计算机1班,学生,13800000001,123X,requester,B1-101-1',
      '2026002,李小红,女,2026级会计1班,,,0042,,',
      'T001,赵老师,男,,教职工,,,,B1-102-1',
    ].join('\n');
    const report = await post('residents', residents);
    expectStatus(report, 201);
    expect(report.json<Report>()).toMatchObject({ imported: true, accepted: 3 });
    const me = await ok<ResidentDto>(hub.call('requester', 'GET', '/api/dorms/me'));
    expect(me).toMatchObject({ personNo: '2026001', status: 'checked_in', place: { bedId: 'B1-101-1' }, hasIdDocument: true });
    const list = await ok<{ items: ResidentDto[] }>(hub.call('dorm_manager', 'GET', '/api/dorms/residents?status=pending'));
    expect(list.items.map((r) => r.personNo)).toEqual(['2026002']);

    const cards = await post('cards', 'card_id,person_no,valid_to\nCARD-1,2026001,2030-07-01\nCARD-2,2026002,\n');
    expectStatus(cards, 201);
    expect(await access(hub, 'CARD-1')).toEqual({ 'gate-t1': { allowed: true, reason: 'resident' } });
    expect(await access(hub, 'CARD-2')).toEqual({ 'gate-t1': { allowed: false, reason: 'not_checked_in' } });
    const audit = await ok<{ items: Array<{ action: string; after: { kind: string } }> }>(
      hub.call('admin', 'GET', '/api/audit?action=import.completed'),
    );
    expect(audit.items.map((e) => e.after.kind).sort()).toEqual(['dorms.cards', 'dorms.residents', 'dorms.rooms']);
  });

  it('SYS-3 refuses residents in a bed of the other gender, unknown accounts, taken beds and duplicate numbers', async () => {
    const csv = [
      'person_no,name,gender,username,bed_id',
      '2026010,A,female,,B1-101-2',
      '2026011,B,male,nobody,',
      '2026012,C,male,,B1-101-1',
      '2026001,D,male,,',
      '2026013,E,x,,',
    ].join('\n');
    const response = await post('residents', csv);
    expectStatus(response, 422);
    expect(response.json<Report>().rejected).toEqual([
      { row: 2, field: 'bed_id', reason: 'bed B1-101-2 is in a room for male' },
      { row: 3, field: 'username', reason: 'no user nobody' },
      { row: 4, field: 'bed_id', reason: 'bed B1-101-1 is taken' },
      { row: 5, field: 'person_no', reason: '2026001 is registered already' },
      { row: 6, field: 'gender', reason: 'must be male or female (男 or 女)' },
    ]);
    const cards = await post('cards', 'card_id,person_no\nCARD-1,2026002\nCARD-9,NOPE\n');
    expectStatus(cards, 422);
    expect(cards.json<Report>().rejected.map((r) => [r.row, r.field])).toEqual([
      [2, 'card_id'],
      [3, 'person_no'],
    ]);
  });

  it('is the dormitory manager’s: other roles are refused, odd bodies answered clearly', async () => {
    expectStatus(await post('rooms', ROOMS, true, 'asset_clerk'), 403);
    const wrongType = await hub.call('dorm_manager', 'POST', '/api/dorms/import/rooms', { rows: [] });
    expectStatus(wrongType, 415);
    const columns = await ok<{ kinds: Record<string, Array<{ key: string }>> }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/import/columns'),
    );
    expect(Object.keys(columns.kinds)).toEqual(['rooms', 'residents', 'cards']);
  });
});
