import { migrate } from '@campus/storage';
import { createTestDatabase, type TestAdapter, type TestDatabase } from '@campus/storage/testing';
import { afterAll, beforeAll } from 'vitest';
import { GATEWAY_MIGRATIONS } from '../../src/schema.ts';

/**
 * A fresh database with the gateway's tables for the enclosing `describe`: created and migrated
 * before its tests, dropped after them. Read `.db` inside tests and hooks (set in beforeAll).
 */
export function useGatewayDatabase(adapter: TestAdapter): { readonly db: TestDatabase['db'] } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(adapter);
    await migrate(database.db, 'gateway', GATEWAY_MIGRATIONS);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get db() {
      if (!database) throw new Error('the gateway test database is used before beforeAll ran');
      return database.db;
    },
  };
}
