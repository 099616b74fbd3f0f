import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenTicketInput } from '../../src/contracts.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { auditActions, type DetailDto, hoursFromNow, json, ON_SHIFT, qualify, report, SYSTEM } from './helpers.ts';

describe.each(testAdapters())('TicketOpener, acceptance guards, statistics and failure analysis on %s', (adapter) => {
  let hub: HubFixture;
  let sensorsBackInRange = false;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
    await qualify(hub, hub.userId('technician'), {
      skills: [
        { skill: 'plumbing', level: 3 },
        { skill: 'electrical', level: 2 },
      ],
      shifts: [ON_SHIFT],
    });
    // What the rules engine will register (IOT-9): sensor-raised tickets close only on good readings.
    hub.services.maintenance.registerAcceptanceGuard('test.readings', {
      appliesTo: (ticket) => ticket.source === 'rule',
      check: async (tx) => {
        await tx.query('SELECT 1');
        return sensorsBackInRange ? { ok: true } : { ok: false, reason: 'vibration still above 7.1 mm/s' };
      },
    });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const open = (input: Partial<OpenTicketInput>) =>
    hub.database.db.transaction((tx) =>
      hub.services.maintenance.openTicket(tx, SYSTEM, {
        source: 'rule',
        title: 'Pump 7 vibration rising',
        description: 'Vibration trend crosses 7.1 mm/s within 5 days',
        place: { buildingId: 'plant', roomId: 'B1', text: 'Boiler house, basement / 锅炉房地下室' },
        ...input,
      }),
    );
  const work = async (id: number, minutes: number, cost: number) => {
    await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/confirm`, {
      scheduledAt: hoursFromNow(1),
      contactMethod: 'in_person',
    });
    await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/work-logs`, {
      steps: 'Work',
      minutes,
      parts: cost > 0 ? [{ name: 'Bearing', quantity: 1, cost }] : [],
    });
    await hub.call('technician', 'POST', `/api/maintenance/tickets/${id}/done`, {});
  };

  it('opens one ticket per dedupe key while it is open, dispatches at once when typed, keeps the evidence', async () => {
    const evidence = { metric: 'vibration_mm_s', last: 6.8, slope: 0.12, predictedCrossing: '2026-03-07T00:00:00Z' };
    const first = await open({
      assetId: 'PUMP-7',
      faultType: 'plumbing',
      urgency: 'high',
      dedupeKey: 'rule:PUMP-7:vibration',
      evidence,
    });
    expect(first.created).toBe(true);
    const again = await open({ assetId: 'PUMP-7', faultType: 'plumbing', urgency: 'high', dedupeKey: 'rule:PUMP-7:vibration' });
    expect(again).toEqual({ id: first.id, created: false });
    ids.pumpA = first.id;
    const detail = json<DetailDto>(await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${first.id}`));
    expect(detail.ticket).toMatchObject({
      status: 'assigned',
      technician: { id: hub.userId('technician') },
      requester: null,
      evidence,
      urgency: 'high',
    });
    expect(await auditActions(hub, first.id)).toEqual([
      'maintenance_ticket.opened',
      'maintenance_ticket.triaged',
      'maintenance_ticket.dispatched',
    ]);
    // Untyped tickets (an inspection finding) wait for triage; the resident behind a fault is the requester.
    const finding = await open({
      source: 'facility',
      title: 'Desk drawer broken',
      requesterUserId: hub.userId('requester'),
      dedupeKey: 'facility:dorm-3/402:desk',
    });
    const facility = json<DetailDto>(await hub.call('requester', 'GET', `/api/maintenance/tickets/${finding.id}`)).ticket;
    expect(facility).toMatchObject({ status: 'submitted', source: 'facility', requester: { id: hub.userId('requester') } });
    await expect(open({ title: ' ' })).rejects.toMatchObject({ code: 'invalid', field: 'title' });
    await expect(open({ faultType: 'teleporter' })).rejects.toMatchObject({ code: 'invalid', field: 'faultType' });
    await expect(open({ requesterUserId: 999_999 })).rejects.toMatchObject({ field: 'requesterUserId' });
  });

  it('MNT-5 an acceptance guard holds back a sensor ticket until its evidence is good', async () => {
    const id = ids.pumpA ?? 0;
    await work(id, 30, 100);
    const blocked = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/accept`, { rating: 5 });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({
      code: 'acceptance_blocked',
      message: 'test.readings: vibration still above 7.1 mm/s',
    });
    sensorsBackInRange = true;
    // No requester to stand in for: the planner accepts without an on-behalf reason.
    const accepted = await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${id}/accept`, { rating: 5 });
    expect(accepted.json()).toMatchObject({ status: 'closed', resolution: 'accepted' });
    // Closed, the key is free again: the next episode opens a new ticket.
    const next = await open({ assetId: 'PUMP-7', faultType: 'plumbing', urgency: 'normal', dedupeKey: 'rule:PUMP-7:vibration' });
    expect(next.created).toBe(true);
    expect(next.id).not.toBe(id);
    ids.pumpB = next.id;
  });

  it('MNT-6 counts by status, type, building and technician, times and costs, by period', async () => {
    const lamp = await open({
      source: 'inspection',
      title: 'Lamp flickers',
      assetId: 'LAMP-1',
      faultType: 'electrical',
      urgency: 'low',
      place: { buildingId: 'library', text: 'Library hall / 图书馆大厅' },
    });
    await work(lamp.id, 90, 0);
    await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${lamp.id}/accept`, { rating: 3 });
    const refused = await report(hub, 'requester', { title: 'Phone charger broken' });
    await hub.call('maintenance_planner', 'POST', `/api/maintenance/tickets/${refused.id}/triage`, {
      inScope: false,
      reason: 'Personal item',
    });

    expect((await hub.call('requester', 'GET', '/api/maintenance/stats')).statusCode).toBe(403);
    expect((await hub.call('technician', 'GET', '/api/maintenance/stats')).statusCode).toBe(403);
    const stats = (await hub.call('logistics_manager', 'GET', '/api/maintenance/stats?bucket=day')).json<{
      total: number;
      byStatus: Array<{ key: string; count: number }>;
      byFaultType: Array<{ key: string | null; label: { zh: string } | null; count: number }>;
      byResolution: Array<{ key: string | null; count: number }>;
      byBuilding: Array<{ buildingId: string | null; count: number }>;
      byTechnician: Array<{ technicianId: number; count: number; accepted: number; labourMinutes: number; meanRating: number }>;
      meanMinutesToRespond: number | null;
      meanMinutesToRepair: number | null;
      meanRating: number;
      costs: { parts: number; labourMinutes: number; labour: number; total: number; labourRatePerHour: number };
      byPeriod: Array<{ count: number; cost: number }>;
    }>();
    // pump A (closed), facility (submitted), pump B (assigned), lamp (closed), refused (closed).
    expect(stats.total).toBe(5);
    expect(stats.byStatus).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'closed', count: 3 }),
        expect.objectContaining({ key: 'submitted', count: 1 }),
        expect.objectContaining({ key: 'assigned', count: 1 }),
      ]),
    );
    expect(stats.byFaultType.find((r) => r.key === 'plumbing')).toMatchObject({ count: 2, label: { zh: '给排水' } });
    expect(stats.byResolution.find((r) => r.key === 'out_of_scope')?.count).toBe(1);
    expect(stats.byBuilding.find((r) => r.buildingId === 'plant')?.count).toBe(3);
    expect(stats.byTechnician).toEqual([
      {
        technicianId: hub.userId('technician'),
        name: 'Test technician',
        count: 3,
        accepted: 2,
        labourMinutes: 120,
        meanRating: 4,
      },
    ]);
    expect(stats.costs).toEqual({ parts: 100, labourMinutes: 120, labourRatePerHour: 60, labour: 120, total: 220 });
    expect(stats.meanRating).toBe(4);
    expect(stats.meanMinutesToRespond).toBeGreaterThanOrEqual(0);
    expect(stats.meanMinutesToRepair).toBeGreaterThanOrEqual(0);
    expect(stats.byPeriod.reduce((sum, p) => sum + p.count, 0)).toBe(5);
    expect(stats.byPeriod.reduce((sum, p) => sum + p.cost, 0)).toBe(220);

    const future = (await hub.call('maintenance_planner', 'GET', `/api/maintenance/stats?from=${hoursFromNow(1)}`)).json<{
      total: number;
    }>();
    expect(future.total).toBe(0);
    expect((await hub.call('maintenance_planner', 'GET', '/api/maintenance/stats?from=yesterday')).json()).toMatchObject({
      field: 'from',
    });
  });

  it('MNT-7 finds frequent fault types, hot spots and assets failing again within N days', async () => {
    const older = await open({ assetId: 'PUMP-7', faultType: 'plumbing', urgency: 'low', title: 'Pump 7 seal leak' });
    // The older failure happened 45 days ago.
    await hub.database.db.query(`UPDATE maintenance_tickets SET created_at = created_at - interval '45 days' WHERE id = $1`, [
      older.id,
    ]);
    const analysis = async (query: string) =>
      (await hub.call('maintenance_planner', 'GET', `/api/maintenance/analysis${query}`)).json<{
        topFaultTypes: Array<{ faultType: string; count: number }>;
        hotSpotAssets: Array<{ assetId: string; count: number; faultTypes: string[] }>;
        hotSpotPlaces: Array<{ buildingId: string | null; placeText: string; count: number }>;
        repeatFailures: Array<{ assetId: string; repeats: number; ticketIds: number[] }>;
      }>();
    const month = await analysis('');
    expect(month.topFaultTypes).toEqual([
      { faultType: 'plumbing', label: { en: 'Plumbing', zh: '给排水' }, count: 3 },
      { faultType: 'electrical', label: { en: 'Electrical', zh: '电气' }, count: 1 },
    ]);
    expect(month.hotSpotAssets[0]).toMatchObject({ assetId: 'PUMP-7', count: 3, faultTypes: ['plumbing'] });
    expect(month.hotSpotPlaces[0]).toMatchObject({ buildingId: 'plant', count: 4 });
    // The out-of-scope phone charger is no failure of ours.
    expect(month.hotSpotPlaces.reduce((sum, p) => sum + p.count, 0)).toBe(5);
    expect(month.repeatFailures).toEqual([{ assetId: 'PUMP-7', repeats: 1, ticketIds: [ids.pumpB], lastAt: expect.any(String) }]);
    const quarter = await analysis('?repeatWithinDays=60');
    expect(quarter.repeatFailures[0]).toMatchObject({ assetId: 'PUMP-7', repeats: 2, ticketIds: [ids.pumpA, ids.pumpB] });
    const recent = await analysis(`?from=${hoursFromNow(-24)}`);
    expect(recent.hotSpotAssets[0]).toMatchObject({ assetId: 'PUMP-7', count: 2 });
    expect((await hub.call('maintenance_planner', 'GET', '/api/maintenance/analysis?repeatWithinDays=0')).json()).toMatchObject({
      field: 'repeatWithinDays',
    });
    expect((await hub.call('requester', 'GET', '/api/maintenance/analysis')).statusCode).toBe(403);
  });

  // Last: it adds a ticket the statistics above do not count.
  it('IOT-9 a condition ticket opened on anomalies takes the later trend prediction as its evidence, once', async () => {
    const anomaly = { ruleId: 'equipment.predictive', cause: 'anomaly', metric: 'current', z: 4.6 };
    const trend = { ruleId: 'equipment.predictive', cause: 'trend', metric: 'vibration', predictedAt: '2026-11-30T08:00:00Z' };
    const key = 'rule:PUMP-9:condition';
    const first = await open({ assetId: 'PUMP-9', dedupeKey: key, evidence: anomaly });
    const sharper = await open({
      assetId: 'PUMP-9',
      dedupeKey: key,
      evidence: trend,
      title: 'PUMP-9 vibration predicted to cross',
    });
    // Findings repeat on every reading: neither another trend nor an anomaly changes it again.
    await open({ assetId: 'PUMP-9', dedupeKey: key, evidence: { ...trend, predictedAt: '2026-12-01T00:00:00Z' } });
    await open({ assetId: 'PUMP-9', dedupeKey: key, evidence: anomaly });
    expect(sharper).toEqual({ id: first.id, created: false });
    const detail = json<DetailDto>(await hub.call('maintenance_planner', 'GET', `/api/maintenance/tickets/${first.id}`));
    expect(detail.ticket).toMatchObject({ evidence: trend, title: 'PUMP-9 vibration predicted to cross' });
    const audit = await auditActions(hub, first.id);
    expect(audit.filter((action) => action === 'maintenance_ticket.evidence_updated')).toHaveLength(1);
  });
});
