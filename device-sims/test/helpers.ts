import type { Db } from '@campus/storage';
import { type GatewayFixture, startTestGateway } from '../../gateway/test/helpers/gateway-fixture.ts';
import { DEMO_FLEET, type SimDevice } from '../src/fleet.ts';

export { waitFor } from '../../gateway/test/helpers/wait.ts';

/** The real gateway (embedded broker) on a free port, with the simulators' demo fleet registered. */
export async function startGatewayWithFleet(
  db: Db,
  overrides: Record<string, string> = {},
  fleet: readonly SimDevice[] = DEMO_FLEET,
): Promise<GatewayFixture> {
  const fixture = await startTestGateway(db, overrides);
  for (const device of fleet) {
    await fixture.gateway.registry.register({ id: device.id, kind: device.kind, site: device.site, secret: device.secret });
  }
  return fixture;
}

export type Row = Record<string, unknown>;

export async function rows(db: Db, sql: string, params: unknown[] = []): Promise<Row[]> {
  return db.query<Row>(sql, params);
}

export const ms = (value: unknown): number =>
  typeof value === 'number' ? value : value instanceof Date ? value.getTime() : new Date(String(value)).getTime();
