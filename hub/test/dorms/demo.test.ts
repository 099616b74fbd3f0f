import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDormsDemo } from '../../src/contexts/dorms/demo.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { access, ok, SYSTEM } from './helpers.ts';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testAdapters())('dormitory demo data on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('seeds four buildings, a few thousand residents with cards and the demo gates in seconds, once', async () => {
    const started = performance.now();
    const summary = await seedDormsDemo(hub.services, SYSTEM, seeded(1));
    const seconds = (performance.now() - started) / 1000;
    expect(summary).toMatchObject({ seeded: true, buildings: 4, rooms: 720, beds: 2880, gates: 4 });
    expect(summary.residents).toBeGreaterThan(2000);
    // Bulk inserts: seconds even on the embedded database of a busy machine.
    expect(seconds).toBeLessThan(30);
    expect((await seedDormsDemo(hub.services, SYSTEM, seeded(1))).seeded).toBe(false);

    const buildings = await ok<{ items: Array<{ id: string; gates: string[]; checkedIn: number }> }>(
      hub.call('dorm_manager', 'GET', '/api/dorms/buildings'),
    );
    expect(buildings.items.map((b) => [b.id, b.gates])).toEqual([
      ['B1', ['gate-01', 'gate-02']],
      ['B2', ['gate-03']],
      ['B3', ['gate-04']],
      ['B4', []],
    ]);
    expect(buildings.items.reduce((n, b) => n + b.checkedIn, 0)).toBe(summary.cards);
    const card0 = await hub.services.dorms.residentByCard('card-0');
    const home = card0?.buildingId;
    const decisions = await access(hub, 'card-0');
    for (const [gate, decision] of Object.entries(decisions)) {
      const gateBuilding = { 'gate-01': 'B1', 'gate-02': 'B1', 'gate-03': 'B2', 'gate-04': 'B3' }[gate];
      expect(decision.allowed).toBe(gateBuilding === home);
    }
    // The view answers a gate's question fast even over thousands of cards.
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) {
      await hub.database.db.query('SELECT allowed, reason FROM gate_card_access WHERE card_id = $1 AND gate_device_id = $2', [
        `card-${i * 37}`,
        'gate-03',
      ]);
    }
    expect((performance.now() - t0) / 50).toBeLessThan(50);
    const residents = await ok<{ items: unknown[]; nextCursor: string }>(
      hub.call('security_officer', 'GET', '/api/dorms/residents?status=checked_in&buildingId=B2&limit=100'),
    );
    expect(residents.items).toHaveLength(100);
    const occupancy = await ok<{ buildings: Array<{ residents: number; unknown: number }> }>(
      hub.call('security_officer', 'GET', '/api/dorms/occupancy'),
    );
    expect(occupancy.buildings.reduce((n, b) => n + b.residents, 0)).toBe(summary.cards);
    const allocation = await ok<{ candidates: number; placed: number }>(
      hub.call('dorm_manager', 'POST', '/api/dorms/allocations', { dryRun: true }),
    );
    expect(allocation.candidates).toBeGreaterThan(0);
    expect(allocation.placed).toBe(allocation.candidates);
  });
});
