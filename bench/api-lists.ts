import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { GATEWAY_MIGRATIONS, Gateway, loadGatewayConfig } from '@campus/gateway';
import type { Role } from '@campus/protocol';
import { createPgDb, createPgliteDb, type Db, migrate } from '@campus/storage';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { systemActor } from '../hub/src/actor.ts';
import { buildApp } from '../hub/src/app.ts';
import { encodeCursor } from '../hub/src/http/pagination.ts';
import { migrateHub } from '../hub/src/runtime.ts';
import { createServices } from '../hub/src/services.ts';
import { ticketLists } from './api-lists-tickets.ts';
import { createScratchDir, createScratchPg, serverVersion } from './databases.ts';

/**
 * List API benchmark: `node bench/api-lists.ts [--rows 100000] [--requests 300] [--targets pg,embedded] [--lists assets]`.
 * Each list seeds its table set-based (generate_series, not the API) into a throwaway database
 * on the real PostgreSQL and on the embedded one, then times its pages through `app.inject`
 * (routing, auth, validation, SQL, serialisation: everything but the socket). It reports and
 * never asserts; a p99 over the target prints MISS.
 *
 * To bench another list, add a ListBench to LISTS (e.g. maintenance tickets).
 */

export interface ListQuery {
  label: string;
  url: string;
}

export interface ListBench {
  name: string;
  /** The role that reads the list (its user is created before seeding). */
  role: Role;
  /** Fills the list's tables with `rows` rows in a few statements; runs after every migration. */
  seed(db: Db, rows: number): Promise<void>;
  /** The pages to time, once seeded. */
  queries(rows: number): ListQuery[];
}

const TARGET_P99_MS = 50;
const WARMUP_REQUESTS = 20;

// ── assets (AST-1) ──────────────────────────────────────────────────────────

const ASSET_NAMES = [
  'Projector',
  'Desktop computer',
  'Laptop',
  'Air conditioner',
  'Office chair',
  'Desk',
  'Printer',
  'Water heater',
  'Refrigerator',
  'Microscope',
];

export const assetList: ListBench = {
  name: 'GET /api/assets',
  role: 'asset_clerk',
  async seed(db, rows) {
    await db.exec(`
      INSERT INTO departments (id, name) SELECT 'dept-' || lpad(g::text, 2, '0'), 'Department ' || g FROM generate_series(1, 40) g;
      INSERT INTO asset_categories (code, name, path, depreciation_method, useful_life_months, residual_rate)
        SELECT 'C' || lpad(g::text, 2, '0'), 'Category ' || g, '/C' || lpad(g::text, 2, '0') || '/', 'straight_line', 60, 0.05
        FROM generate_series(1, 10) g;
      INSERT INTO asset_categories (code, name, parent_code, path, depreciation_method, useful_life_months, residual_rate)
        SELECT p.code || '.' || lpad(c::text, 2, '0'), p.name || ' / ' || c, p.code, p.path || p.code || '.' || lpad(c::text, 2, '0') || '/',
          'straight_line', 60, 0.05
        FROM asset_categories p CROSS JOIN generate_series(1, 5) c WHERE p.parent_code IS NULL;
    `);
    await db.query(
      `INSERT INTO assets (id, name, category_code, model, specification, department_id, location, status, supplier_name, purchase_date, amount)
       SELECT 'A' || lpad(g::text, 8, '0'),
         ($2::text[])[1 + g % 10] || ' ' || g,
         'C' || lpad((1 + g % 10)::text, 2, '0') || '.' || lpad((1 + (g / 10) % 5)::text, 2, '0'),
         'M-' || (g % 997),
         'spec ' || (g % 50),
         'dept-' || lpad((1 + g % 40)::text, 2, '0'),
         'Building ' || (1 + g % 30) || ' room ' || (100 + g % 400),
         CASE WHEN g % 50 = 0 THEN 'borrowed' WHEN g % 37 = 0 THEN 'under_maintenance' WHEN g % 101 = 0 THEN 'pending_acceptance' ELSE 'in_use' END,
         'Supplier ' || (g % 200),
         date '2015-01-01' + (g % 3650),
         100 + (g % 5000) * 3.17
       FROM generate_series(1, $1::int) g`,
      [rows, ASSET_NAMES],
    );
    await db.query(`SELECT setval('asset_number_seq', $1)`, [rows]);
    await db.exec('ANALYZE assets; ANALYZE asset_categories');
  },
  queries(rows) {
    const deep = `A${String(Math.floor(rows * 0.9)).padStart(8, '0')}`;
    return [
      { label: 'first page', url: '/api/assets?limit=50' },
      { label: 'filtered: department + status', url: '/api/assets?departmentId=dept-07&status=in_use&limit=50' },
      { label: 'filtered: category subtree', url: '/api/assets?categoryCode=C03&limit=50' },
      { label: 'filtered: place prefix', url: `/api/assets?location=${encodeURIComponent('Building 12 room 1')}&limit=50` },
      { label: 'deep cursor page (90 %)', url: `/api/assets?limit=50&cursor=${encodeCursor([deep])}` },
      { label: 'text search, common ("microscope")', url: '/api/assets?q=microscope&limit=50' },
      { label: 'text search, rare ("m-996", 0.1 %)', url: '/api/assets?q=m-996&limit=50' },
      { label: 'text search, no match (whole table)', url: '/api/assets?q=zzzz&limit=50' },
    ];
  },
};

/** Every list this benchmark knows; another context adds its own here. */
export const LISTS: ListBench[] = [assetList, ...ticketLists];

// ── the runner ──────────────────────────────────────────────────────────────

interface Result {
  target: string;
  list: string;
  label: string;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

async function timeQuery(app: FastifyInstance, headers: Record<string, string>, url: string, requests: number) {
  for (let i = 0; i < WARMUP_REQUESTS; i += 1) await app.inject({ method: 'GET', url, headers });
  const durations: number[] = [];
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    const response = await app.inject({ method: 'GET', url, headers });
    durations.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  }
  durations.sort((a, b) => a - b);
  return { p50Ms: quantile(durations, 0.5), p99Ms: quantile(durations, 0.99), maxMs: durations.at(-1) ?? Number.NaN };
}

async function benchTarget(
  target: 'pg' | 'embedded',
  db: Db,
  spoolDir: string,
  rows: number,
  requests: number,
  lists: readonly ListBench[],
): Promise<Result[]> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  await migrate(db, 'gateway', GATEWAY_MIGRATIONS);
  await migrateHub(db);
  const services = createServices(db, { uploadsDir: join(spoolDir, 'uploads') });
  const gateway = new Gateway({
    config: loadGatewayConfig({ SPOOL_DIR: spoolDir, DEVICE_SEED: 'none' }),
    db,
    log: pino({ level: 'silent' }),
  });
  const app = await buildApp({
    db,
    gateway,
    services,
    sessionSecret: 'bench-session-secret-0123456789-abcdefgh',
    loginAttemptsPerMinute: 1000,
  });
  const results: Result[] = [];
  const password = 'bench-password-123';
  const users = new Set<Role>();
  try {
    for (const list of lists) {
      // Lists may share a reader role: one user per role.
      if (!users.has(list.role)) {
        users.add(list.role);
        await services.identity.createUser(systemActor('bench'), {
          username: `bench-${list.role}`,
          displayName: `Bench ${list.role}`,
          password,
          roles: [list.role],
        });
      }
      const started = performance.now();
      await list.seed(db, rows);
      say(`  ${target}: seeded ${rows} rows for ${list.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `bench-${list.role}`, password },
      });
      const headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
      for (const query of list.queries(rows)) {
        const figures = await timeQuery(app, headers, query.url, requests);
        results.push({ target, list: list.name, label: query.label, requests, ...figures });
        say(`  ${target} ${list.name} ${query.label}: p50 ${figures.p50Ms.toFixed(2)} ms, p99 ${figures.p99Ms.toFixed(2)} ms`);
      }
    }
  } finally {
    await app.close();
  }
  return results;
}

function table(results: readonly Result[]): string {
  const lines = ['| target | list | page | p50 ms | p99 ms | max ms | target p99 < 50 ms |', '|---|---|---|---:|---:|---:|---|'];
  for (const r of results) {
    lines.push(
      `| ${r.target} | ${r.list} | ${r.label} | ${r.p50Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.maxMs.toFixed(2)} | ${r.p99Ms < TARGET_P99_MS ? 'ok' : 'MISS'} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: process.env.BENCH_ROWS ?? '100000' },
      requests: { type: 'string', default: process.env.BENCH_REQUESTS ?? '300' },
      targets: { type: 'string', default: process.env.BENCH_TARGETS ?? 'pg,embedded' },
      'pg-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
      // Only the lists whose name contains this text (e.g. --lists assets).
      lists: { type: 'string', default: process.env.BENCH_LISTS ?? '' },
    },
  });
  const lists = LISTS.filter((list) => list.name.includes(values.lists));
  const rows = Number(values.rows);
  const requests = Number(values.requests);
  const targets = values.targets.split(',').map((t) => t.trim());
  const pgVersion = targets.includes('pg') ? await serverVersion(values['pg-url']) : undefined;
  const header = [
    `List API benchmark — ${new Date().toISOString()}`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}${pgVersion ? `, PostgreSQL ${pgVersion}` : ''}`,
    `${rows} rows per list, ${requests} timed requests per page after ${WARMUP_REQUESTS} warm-up, app.inject, one request at a time`,
    // Other processes share the cores: a loaded machine shows in the tail latencies.
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ].join('\n');
  process.stderr.write(`${header}\n`);
  const results: Result[] = [];
  for (const target of targets) {
    const dir = await createScratchDir(`lists-${target}`);
    try {
      if (target === 'pg') {
        const scratch = await createScratchPg(values['pg-url'], 'lists');
        const db = createPgDb({ connectionString: scratch.url, maxConnections: 4 });
        try {
          results.push(...(await benchTarget('pg', db, dir.dir, rows, requests, lists)));
        } finally {
          await db.close();
          await scratch.drop();
        }
      } else if (target === 'embedded') {
        const db = await createPgliteDb(join(dir.dir, 'db'));
        try {
          results.push(...(await benchTarget('embedded', db, dir.dir, rows, requests, lists)));
        } finally {
          await db.close();
        }
      } else throw new Error(`unknown target ${target} (pg, embedded)`);
    } finally {
      await dir.remove();
    }
  }
  const text = `${header}\n\n${table(results)}\n`;
  process.stdout.write(`\n${text}`);
  const resultsDir = join(import.meta.dirname, 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    join(resultsDir, `api-lists-${new Date().toISOString().replaceAll(':', '-')}.json`),
    `${JSON.stringify({ header, results }, null, 2)}\n`,
  );
}
