import type { Db } from './db.ts';

export interface MigrationContext {
  /** The timescaledb extension is present: hypertables, policies and continuous aggregates. */
  timescale: boolean;
}

export interface Migration {
  version: number;
  name: string;
  /** SQL for this database; may differ with and without TimescaleDB, never in meaning. */
  up(ctx: MigrationContext): string;
}

// An arbitrary constant: every process migrating the same database serialises on it.
const MIGRATION_LOCK_KEY = 727_274_001;

/**
 * Applies a component's migrations in version order, each once, each in its own
 * transaction, recording them in `schema_migrations`. Safe to run from several processes.
 * @returns the versions applied now.
 */
export async function migrate(db: Db, component: string, migrations: readonly Migration[]): Promise<number[]> {
  // Several processes may start at once on a fresh database: even creating the extension and
  // the bookkeeping table must happen under the lock, or they race on the catalog.
  db.timescale = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const available = await tx.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'timescaledb'",
    );
    const timescale = (available[0]?.n ?? 0) > 0;
    if (timescale) await tx.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      component text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version)
    )`);
    return timescale;
  });
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  for (const migration of ordered) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE component = $1 AND version = $2', [
        component,
        migration.version,
      ]);
      if (done.length > 0) return false;
      for (const statement of splitStatements(migration.up({ timescale: db.timescale }))) {
        await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration script on `;` at line ends. Migrations are ours, so the rule is simple:
 * a statement ends with `;` as the last character of a line (function bodies keep theirs inside).
 */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
