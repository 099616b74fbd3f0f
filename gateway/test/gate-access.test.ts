import { deviceTopic, type GateAuthorizeResult } from '@campus/protocol';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice } from './helpers/devices.ts';
import { type GatewayFixture, startTestGateway, TEST_DEVICES, TEST_SITE } from './helpers/gateway-fixture.ts';

const gate = TEST_DEVICES[0] as (typeof TEST_DEVICES)[0];
const terminal = TEST_DEVICES[2] as (typeof TEST_DEVICES)[0];

describe.each(testAdapters())('DRM-6 gate authorization through the gateway on %s', (adapter) => {
  let database: TestDatabase;
  let fixture: GatewayFixture;
  let client: MqttClient;
  const answers: GateAuthorizeResult[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    fixture = await startTestGateway(database.db);
    client = await connectDevice(fixture.port, gate);
    client.on('message', (_topic, payload) => answers.push(JSON.parse(payload.toString()) as GateAuthorizeResult));
    await client.subscribeAsync(deviceTopic(TEST_SITE, 'gate', gate.id, 'command'), { qos: 1 });
  });
  afterAll(async () => {
    await client?.endAsync();
    await fixture?.stop();
    await database?.drop();
  });

  async function ask(requestId: string, cardId: string): Promise<GateAuthorizeResult> {
    await client.publishAsync(
      deviceTopic(TEST_SITE, 'gate', gate.id, 'authorize'),
      JSON.stringify({ requestId, ts: new Date().toISOString(), cardId, direction: 'in' }),
      { qos: 1 },
    );
    for (let i = 0; i < 200; i += 1) {
      const answer = answers.find((a) => a.requestId === requestId);
      if (answer) return answer;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no answer to ${requestId}`);
  }

  it('says no, with the reason, while there is no access list', async () => {
    expect(await ask('r0', 'C1')).toEqual({
      type: 'authorize_result',
      requestId: 'r0',
      cardId: 'C1',
      allowed: false,
      reason: 'access_list_unavailable',
    });
  });

  it('answers from gate_card_access: granted, revoked, unknown — and a revocation bites at once', async () => {
    // The dormitories context owns the real view; these are its contract's columns.
    await database.db.exec(`CREATE TABLE gate_card_access (card_id text, gate_device_id text, allowed boolean, reason text);
      INSERT INTO gate_card_access VALUES ('C1', '${gate.id}', true, NULL), ('C2', '${gate.id}', false, 'revoked')`);
    expect(await ask('r1', 'C1')).toMatchObject({ allowed: true, reason: 'granted' });
    expect(await ask('r2', 'C2')).toMatchObject({ allowed: false, reason: 'revoked' });
    expect(await ask('r3', 'C9')).toMatchObject({ allowed: false, reason: 'unknown_card' });
    await database.db.query("UPDATE gate_card_access SET allowed = false, reason = 'checked_out' WHERE card_id = 'C1'");
    expect(await ask('r4', 'C1')).toMatchObject({ allowed: false, reason: 'checked_out' });
    const decisions = await fixture.gateway.metrics.gateDecisions.get();
    expect(decisions.values.find((v) => v.labels.reason === 'revoked')?.value).toBe(1);
  });

  it('keeps a malformed question as a dead letter and answers nothing', async () => {
    await client.publishAsync(deviceTopic(TEST_SITE, 'gate', gate.id, 'authorize'), JSON.stringify({ requestId: 'bad' }), {
      qos: 1,
    });
    const rows = await database.db.query<{ reason: string; topic: string }>(
      "SELECT reason, topic FROM dead_letters WHERE topic LIKE '%/authorize'",
    );
    expect(rows).toEqual([{ reason: 'schema_invalid', topic: deviceTopic(TEST_SITE, 'gate', gate.id, 'authorize') }]);
    expect(answers.find((a) => a.requestId === 'bad')).toBeUndefined();
  });

  it('does not let a terminal ask for gate decisions', async () => {
    const pos = await connectDevice(fixture.port, terminal);
    const closed = new Promise<void>((resolve) => pos.once('close', () => resolve()));
    pos.publish(deviceTopic(TEST_SITE, 'terminal', terminal.id, 'authorize'), '{}', { qos: 1 });
    await closed;
    pos.end(true);
  });
});
