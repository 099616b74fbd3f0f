import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, publishEvent, samplePayloads } from './helpers/devices.ts';
import { type GatewayFixture, startTestGateway, TEST_DEVICES } from './helpers/gateway-fixture.ts';

const sensor = TEST_DEVICES[4] as (typeof TEST_DEVICES)[0];
const EVENTS = 2000;

describe.each(testAdapters())('gateway restart with QoS 1 messages in flight on %s', (adapter) => {
  let database: TestDatabase;
  let fixture: GatewayFixture;

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    fixture = await startTestGateway(database.db);
  });

  afterAll(async () => {
    await fixture?.stop();
    await database?.drop();
  });

  it('IOT-5 stores every acknowledged and every resent event exactly once', async () => {
    const client = await connectDevice(fixture.port, sensor, { clean: false, reconnectPeriod: 50 });
    let acked = 0;
    const sends = Array.from({ length: EVENTS }, (_, n) =>
      publishEvent(client, sensor, samplePayloads.sensor(n)).then(() => {
        acked += 1;
      }),
    );
    // Restart while part of the stream is acknowledged and the rest is still in flight.
    while (acked < EVENTS / 10) await new Promise((resolve) => setTimeout(resolve, 1));
    const ackedBeforeRestart = acked;
    await fixture.restart();
    await Promise.all(sends);
    expect(ackedBeforeRestart).toBeLessThan(EVENTS);

    const rows = await database.db.query<{ events: string; readings: string }>(
      'SELECT count(DISTINCT event_id) AS events, count(*) AS readings FROM sensor_readings',
    );
    expect(Number(rows[0]?.events)).toBe(EVENTS);
    // Two metrics per event, none doubled by the resends.
    expect(Number(rows[0]?.readings)).toBe(EVENTS * 2);
    await client.endAsync();
  });
});
