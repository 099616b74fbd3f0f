import { testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubFixture, startHubFixture } from './helpers/hub-fixture.ts';

describe.each(testAdapters())('a null in a request body stays null on %s', (adapter) => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHubFixture(adapter);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('is stored as no value, not as "" or 0 (the validator coerces types, and tried the value first)', async () => {
    const response = await hub.call('trainer', 'POST', '/api/training/requirements', {
      scope: 'role',
      target: 'technician',
      kind: 'skill',
      name: 'nullable_note',
      minLevel: 1,
      note: null,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'nullable_note', note: null });
    const listed = (await hub.call('trainer', 'GET', '/api/training/requirements')).json() as {
      items: Array<{ name: string; note: string | null }>;
    };
    expect(listed.items.find((item) => item.name === 'nullable_note')?.note).toBeNull();
  });
});
