import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Panel } from '@grafana/schema';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DASHBOARDS_DIR, READER_GRANTS_FILE, renderDashboards, renderReaderGrants } from '../src/render.ts';

const GRAFANA = join(import.meta.dirname, '..');
const rendered = renderDashboards();

interface ProvisionedDataSource {
  uid: string;
  type: string;
  jsonData?: Record<string, unknown>;
}

describe('generated dashboards', () => {
  it('are checked in exactly as grafana/src generates them (run npm run grafana:build)', async () => {
    for (const { file, text } of rendered) {
      const current = await readFile(join(GRAFANA, DASHBOARDS_DIR, file), 'utf8').catch(() => '(missing)');
      expect(current, `grafana/dashboards/${file} is stale: npm run grafana:build`).toBe(text);
    }
    const files = (await readdir(join(GRAFANA, DASHBOARDS_DIR))).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(rendered.map((dashboard) => dashboard.file).sort());
  });

  it('come with the read-only grants they need, checked in as generated', async () => {
    const current = await readFile(join(GRAFANA, '..', READER_GRANTS_FILE), 'utf8').catch(() => '(missing)');
    expect(current, `${READER_GRANTS_FILE} is stale: npm run grafana:build`).toBe(renderReaderGrants());
    // The device registry's secret hashes stay out of Grafana's reach.
    expect(current).not.toMatch(/GRANT SELECT ON devices/);
    expect(current).not.toMatch(/secret_hash/);
  });

  it('cover ingest health, access, canteen, equipment and maintenance', () => {
    expect(rendered.map((dashboard) => dashboard.built.uid)).toEqual([
      'campus-ingest-health',
      'campus-access',
      'campus-canteen',
      'campus-equipment',
      'campus-maintenance',
    ]);
  });

  it('refer only to the provisioned data sources, by uid and type', async () => {
    const yaml = parse(await readFile(join(GRAFANA, 'provisioning/datasources/campus.yaml'), 'utf8')) as {
      datasources: ProvisionedDataSource[];
    };
    const provisioned = new Map(yaml.datasources.map((source) => [source.uid, source.type]));
    const timescale = yaml.datasources.find((source) => source.type === 'grafana-postgresql-datasource');
    expect(timescale?.jsonData?.timescaledb).toBe(true);
    for (const { built } of rendered) {
      const refs = [
        ...(built.json.templating?.list ?? []).map((variable) => variable.datasource),
        ...(built.json.panels ?? []).flatMap((panel) => (panel.type === 'row' ? [] : [(panel as Panel).datasource])),
      ];
      for (const ref of refs) {
        expect(ref?.uid, built.uid).toBeDefined();
        expect(provisioned.get(ref?.uid ?? ''), `${built.uid}: ${ref?.uid}`).toBe(ref?.type);
      }
    }
  });

  it('lay panels out on the 24-column grid without overlaps, with unique ids', () => {
    for (const { built } of rendered) {
      const panels = built.json.panels ?? [];
      const ids = panels.map((panel) => panel.id);
      expect(new Set(ids).size, built.uid).toBe(ids.length);
      const taken = new Set<string>();
      for (const panel of panels) {
        const grid = panel.gridPos;
        if (!grid) throw new Error(`${built.uid}: panel ${panel.id} has no gridPos`);
        expect(grid.x + grid.w, `${built.uid}: ${panel.title}`).toBeLessThanOrEqual(24);
        for (let x = grid.x; x < grid.x + grid.w; x++) {
          for (let y = grid.y; y < grid.y + grid.h; y++) {
            expect(taken.has(`${x},${y}`), `${built.uid}: ${panel.title} overlaps at ${x},${y}`).toBe(false);
            taken.add(`${x},${y}`);
          }
        }
      }
    }
  });

  it('give every panel a description, and every SQL query the tables it reads', () => {
    for (const { built } of rendered) {
      for (const panel of built.json.panels ?? []) {
        if (panel.type !== 'row') expect((panel as Panel).description, `${built.uid}: ${panel.title}`).toBeTruthy();
      }
      for (const { query, panelTitle } of built.queries) {
        if (query.kind !== 'sql') continue;
        expect(query.requires.length, panelTitle).toBeGreaterThan(0);
        for (const relation of query.requires) {
          expect(query.rawSql, `${panelTitle} declares ${relation}`).toMatch(new RegExp(`\\b${relation}\\b`));
        }
        // The same SQL must run on TimescaleDB and plain PostgreSQL: no TimescaleDB-only functions
        // (use the rollups' bucket, date_bin, or $__timeGroup, which the data source expands).
        expect(query.rawSql, panelTitle).not.toMatch(/\btime_bucket\b|\bfirst\(|\blast\(|\bhistogram\(/);
      }
    }
  });
});
