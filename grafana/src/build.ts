import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DASHBOARDS_DIR, READER_GRANTS_FILE, renderDashboards, renderReaderGrants } from './render.ts';

/**
 * `npm run grafana:build`: writes grafana/dashboards/*.json from the TypeScript definitions
 * (and removes JSON files no definition produces), and the read-only role's grants
 * (deploy/timescaledb/grafana-reader.sql). `--check` writes nothing and exits 1 when a file
 * is stale, which is what the tests check too.
 */
const dir = join(import.meta.dirname, '..', DASHBOARDS_DIR);
const check = process.argv.includes('--check');
const rendered = renderDashboards();
const wanted = new Set(rendered.map((dashboard) => dashboard.file));
let stale = 0;

for (const { file, text } of rendered) {
  const path = join(dir, file);
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) continue;
  stale++;
  if (check) process.stderr.write(`stale: grafana/${DASHBOARDS_DIR}/${file}\n`);
  else {
    await writeFile(path, text);
    process.stdout.write(`wrote grafana/${DASHBOARDS_DIR}/${file}\n`);
  }
}
const grantsPath = join(import.meta.dirname, '..', '..', READER_GRANTS_FILE);
const grants = renderReaderGrants();
if ((await readFile(grantsPath, 'utf8').catch(() => undefined)) !== grants) {
  stale++;
  if (check) process.stderr.write(`stale: ${READER_GRANTS_FILE}\n`);
  else {
    await writeFile(grantsPath, grants);
    process.stdout.write(`wrote ${READER_GRANTS_FILE}\n`);
  }
}
for (const file of await readdir(dir)) {
  if (!file.endsWith('.json') || wanted.has(file)) continue;
  stale++;
  if (check) process.stderr.write(`no definition for grafana/${DASHBOARDS_DIR}/${file}\n`);
  else {
    await rm(join(dir, file));
    process.stdout.write(`removed grafana/${DASHBOARDS_DIR}/${file}\n`);
  }
}
if (check && stale > 0) {
  process.stderr.write('run: npm run grafana:build\n');
  process.exitCode = 1;
} else if (stale === 0) {
  process.stdout.write(`grafana/${DASHBOARDS_DIR}: ${rendered.length} dashboards and ${READER_GRANTS_FILE} up to date\n`);
}
