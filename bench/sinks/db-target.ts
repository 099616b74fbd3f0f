/** Where a bench sink writes: a database on the PostgreSQL server, or an embedded TimescaleDB directory. */
export type DbTarget = { kind: 'pg'; url: string } | { kind: 'pglite'; dataDir: string };
