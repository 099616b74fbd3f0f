import { join } from 'node:path';
import { type Db, migrate, openDatabase } from '@campus/storage';
import Type, { type Static } from 'typebox';
import { parseEnv } from '../env.ts';
import { DeviceRegistry } from '../registry/device-registry.ts';
import { GATEWAY_MIGRATIONS } from '../schema.ts';

/**
 * The two variables that say where the registry lives. They mirror hub/src/config.ts
 * (DATABASE_URL, DATA_DIR) because the hub's schema cannot be imported from here (STYLE 1:
 * arrows point protocol ← gateway ← hub); keep descriptions and defaults in step.
 */
export const DevicesCliConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL/TimescaleDB URL. Unset: the embedded TimescaleDB under DATA_DIR is used.',
    }),
  ),
  DATA_DIR: Type.String({ default: './data', description: 'Embedded database, spool and generated secrets live here.' }),
});
export type DevicesCliConfig = Static<typeof DevicesCliConfigSchema>;

export interface OpenedRegistry {
  registry: DeviceRegistry;
  /** Which database the registry came from, for messages to the operator. */
  where: string;
  close(): Promise<void>;
}

/**
 * Opens the database exactly as the hub does (hub/src/runtime.ts), brings the gateway schema
 * up to date and loads the registry.
 *
 * The embedded database is a single-process PGlite without a lock file: a hub running on the
 * same DATA_DIR must be stopped first, or both processes write the same files.
 * @throws ConfigError naming each invalid variable.
 */
export async function openRegistry(env: Readonly<Record<string, string | undefined>>): Promise<OpenedRegistry> {
  const config = parseEnv(DevicesCliConfigSchema, env);
  const dataDir = join(config.DATA_DIR, 'timescaledb');
  const db: Db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir, maxConnections: 1 });
  try {
    await migrate(db, 'gateway', GATEWAY_MIGRATIONS);
    const registry = new DeviceRegistry(db);
    await registry.load();
    return {
      registry,
      where: config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : `embedded database in ${dataDir}`,
      close: () => db.close(),
    };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
