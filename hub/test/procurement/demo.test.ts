import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProcurementDemo } from '../../src/contexts/procurement/demo.ts';
import { type HubFixture, startHubFixture } from '../helpers/hub-fixture.ts';
import { type ContractDetailDto, ok, type SupplierDto, SYSTEM } from './helpers.ts';

/** A fixed sequence is enough for a seed: the demo only needs determinism. */
const sequence = () => {
  let i = 0;
  return () => ((i++ * 7919) % 1000) / 1000;
};

describe.each(testAdapters())('procurement demo data on %s', (adapter) => {
  let hub: HubFixture;

  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('PRC-5 seeds suppliers with qualifications and contracts with instalments, once', async () => {
    expect(await seedProcurementDemo(hub.services, SYSTEM, sequence())).toEqual({ seeded: true, suppliers: 15, contracts: 4 });
    expect(await seedProcurementDemo(hub.services, SYSTEM, sequence())).toEqual({ seeded: false, suppliers: 0, contracts: 0 });
    const suppliers = ok<{ items: SupplierDto[] }>(
      await hub.call('procurement_officer', 'GET', '/api/procurement/suppliers?limit=100'),
    ).items;
    expect(suppliers).toHaveLength(15);
    expect(suppliers.some((s) => s.qualifications.some((q) => q.expired))).toBe(true);
    expect(suppliers.some((s) => s.qualifications.some((q) => q.expiringSoon))).toBe(true);
    const contracts = ok<{ items: Array<{ id: number; number: string; overdue: boolean }> }>(
      await hub.call('finance', 'GET', '/api/procurement/contracts'),
    ).items;
    expect(contracts).toHaveLength(4);
    const cleaning = contracts.find((c) => c.number.endsWith('D003'));
    expect(cleaning?.overdue).toBe(true);
    const detail = ok<ContractDetailDto>(await hub.call('finance', 'GET', `/api/procurement/contracts/${cleaning?.id}`));
    expect(detail.deliveries[0]).toMatchObject({ acceptance: 'passed', quantity: 1 });
    expect(detail.instalments.map((i) => i.status)).toEqual(['paid', 'due']);
  });
});
