export * from './db.ts';
export * from './migrate.ts';
export * from './open.ts';
export { createPgDb } from './pg-adapter.ts';
export { createPgliteDb } from './pglite-adapter.ts';
