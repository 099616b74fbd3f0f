import { createTestDatabase, type TestDatabase, testAdapters } from '@campus/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Migration, migrate, splitStatements } from '../src/migrate.ts';
import { createPgDb } from '../src/pg-adapter.ts';

describe('splitStatements', () => {
  it('splits on semicolons that end a line only', () => {
    expect(splitStatements("SELECT 'a;b';\nCREATE TABLE t (x int);\n\n")).toEqual(["SELECT 'a;b'", 'CREATE TABLE t (x int)']);
  });
});

describe.each(testAdapters())('migrate on %s', (adapter) => {
  let database: TestDatabase;
  const MIGRATIONS: Migration[] = [
    { version: 2, name: 'second', up: () => 'ALTER TABLE widgets ADD COLUMN colour text;' },
    {
      version: 1,
      name: 'first',
      up: () => 'CREATE TABLE widgets (id int PRIMARY KEY);\nCREATE INDEX widgets_id ON widgets (id);',
    },
  ];

  beforeAll(async () => {
    database = await createTestDatabase(adapter);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('DAT-3 applies each version once, in order, and records it', async () => {
    expect(await migrate(database.db, 'widgets', MIGRATIONS)).toEqual([1, 2]);
    expect(await migrate(database.db, 'widgets', MIGRATIONS)).toEqual([]);
    const rows = await database.db.query<{ version: number; name: string }>(
      "SELECT version, name FROM schema_migrations WHERE component = 'widgets' ORDER BY version",
    );
    expect(rows).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
    await database.db.query("INSERT INTO widgets (id, colour) VALUES (1, 'red')");
  });

  it('detects the TimescaleDB extension: bundled in the embedded build, absent on the CI server', () => {
    expect(database.db.timescale).toBe(adapter === 'pglite');
  });

  it('rolls a failing migration back whole', async () => {
    const broken: Migration[] = [
      { version: 1, name: 'half', up: () => 'CREATE TABLE half_done (x int);\nSELECT no_such_function();' },
    ];
    await expect(migrate(database.db, 'broken', broken)).rejects.toThrow(/no_such_function/);
    const exists = await database.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(exists).toHaveLength(0);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('migrate from several processes at once (real PostgreSQL)', () => {
  it('DAT-3 serialises concurrent starts on a fresh database', async () => {
    const database = await createTestDatabase('pg');
    const url = database.url ?? '';
    const pools = [0, 1, 2].map(() => createPgDb({ connectionString: url, maxConnections: 2 }));
    const migrations: Migration[] = [{ version: 1, name: 'one', up: () => 'CREATE TABLE once (x int);' }];
    try {
      const applied = await Promise.all(pools.map((db) => migrate(db, 'concurrent', migrations)));
      expect(applied.flat()).toEqual([1]);
    } finally {
      for (const db of pools) await db.close();
      await database.drop();
    }
  });
});

describe.each(testAdapters())('column types on %s', (adapter) => {
  it('returns a date column as the calendar day it is, whatever the time zone', async () => {
    const database = await createTestDatabase(adapter);
    try {
      const rows = await database.db.query<{ day: unknown }>("SELECT DATE '2026-11-24' AS day");
      expect(rows[0]?.day).toBe('2026-11-24');
    } finally {
      await database.drop();
    }
  });
});
