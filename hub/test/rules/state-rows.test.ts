import { migrate } from '@campus/storage';
import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES_MIGRATIONS } from '../../src/rules/migrations.ts';
import { ruleStateUpsert } from '../../src/rules/state-rows.ts';

describe.each(testAdapters())('IOT-7..10 rule states are saved as they are on %s', (adapter) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    await migrate(database.db, 'rules', RULES_MIGRATIONS);
  });
  afterAll(async () => {
    await database?.drop();
  });

  const save = async (states: Record<string, unknown>) => {
    const upsert = ruleStateUpsert(Object.keys(states), (id) => JSON.stringify(states[id]));
    await database.db.query(upsert.sql, upsert.params);
  };
  const saved = () =>
    database.db.query<{ rule_id: string; site: string; key: string; state: unknown }>(
      'SELECT rule_id, site, key, state FROM rule_state ORDER BY rule_id, key',
    );

  it('saves and overwrites states, keys with bars and text with quotes, commas and control characters included', async () => {
    await save({
      'access.passback|north|card:C1@B1': { lastDirection: 'in', lastSwipe: { cardId: 'C1', reason: 'a "b", {c}\n\u001f' } },
      'equipment.predictive|north|asset:PUMP-1/vibration': { window: [{ t: 1, v: 2.5 }] },
      'access.curfew|north|curfew:B|2026-11-24': { listed: {} },
    });
    await save({ 'access.passback|north|card:C1@B1': { lastDirection: 'out', lastSwipe: null } });
    expect(await saved()).toEqual([
      { rule_id: 'access.curfew', site: 'north', key: 'curfew:B|2026-11-24', state: { listed: {} } },
      { rule_id: 'access.passback', site: 'north', key: 'card:C1@B1', state: { lastDirection: 'out', lastSwipe: null } },
      {
        rule_id: 'equipment.predictive',
        site: 'north',
        key: 'asset:PUMP-1/vibration',
        state: { window: [{ t: 1, v: 2.5 }] },
      },
    ]);
  });

  it('saves a key holding a column mark through the driver’s arrays, the other keys of that save with it', async () => {
    await save({
      'access.curfew|north|curfew:B\u001f2|2026-11-24': { listed: { r1: ['101'] } },
      'access.passback|north|card:C2@B1': { lastDirection: 'in', lastSwipe: null },
    });
    const rows = await saved();
    expect(rows).toContainEqual({
      rule_id: 'access.curfew',
      site: 'north',
      key: 'curfew:B\u001f2|2026-11-24',
      state: { listed: { r1: ['101'] } },
    });
    expect(rows).toContainEqual({
      rule_id: 'access.passback',
      site: 'north',
      key: 'card:C2@B1',
      state: { lastDirection: 'in', lastSwipe: null },
    });
  });
});
