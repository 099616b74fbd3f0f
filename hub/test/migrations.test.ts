import { readFile } from 'node:fs/promises';
import { GATEWAY_MIGRATIONS } from '@campus/gateway';
import type { Migration } from '@campus/storage';
import { describe, expect, it } from 'vitest';
import { HUB_CONTEXTS } from '../src/contexts/registry.ts';

/**
 * Every component migrates on its own (storage's bookkeeping, the gateway, each hub context),
 * so nothing but this test notices two of them creating the same table: the second would only
 * fail at start-up on a fresh database, after a release. Tables and views share one namespace
 * in PostgreSQL, so views count too.
 */

const CREATED =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:UNLOGGED|MATERIALIZED)\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)/gi;

/** The tables and views a script creates, by unqualified lower-case name, as often as it creates them. */
function createdRelations(sql: string): string[] {
  // A comment that mentions CREATE TABLE creates nothing.
  const code = sql.replace(/--[^\n]*/g, '');
  return [...code.matchAll(CREATED)].map((m) => {
    const name = (m[2] ?? '').replaceAll('"', '').split('.').at(-1) ?? '';
    return name.toLowerCase();
  });
}

/** What one migration creates, with and without TimescaleDB (the two may differ in form, never in meaning). */
function createdBy(migration: Migration): string[] {
  const withTimescale = createdRelations(migration.up({ timescale: true }));
  const without = createdRelations(migration.up({ timescale: false }));
  // Each name as often as the variant that creates it most often: a table created twice within
  // one script is caught too, one created by both variants counts once.
  const counts = new Map<string, number>();
  for (const variant of [withTimescale, without]) {
    const here = new Map<string, number>();
    for (const name of variant) here.set(name, (here.get(name) ?? 0) + 1);
    for (const [name, n] of here) counts.set(name, Math.max(counts.get(name) ?? 0, n));
  }
  return [...counts].flatMap(([name, n]) => Array.from({ length: n }, () => name));
}

async function storageBookkeeping(): Promise<string[]> {
  // storage creates schema_migrations itself, outside any Migration: read it from its source.
  const source = await readFile(new URL('../../storage/src/migrate.ts', import.meta.url), 'utf8');
  return createdRelations(source);
}

describe('migrations across components', () => {
  it('never create the same table twice', async () => {
    const creators = new Map<string, string[]>();
    const note = (name: string, where: string) => creators.set(name, [...(creators.get(name) ?? []), where]);
    for (const name of await storageBookkeeping()) note(name, 'storage (schema_migrations bookkeeping)');
    const components: Array<{ name: string; migrations: readonly Migration[] }> = [
      { name: 'gateway', migrations: GATEWAY_MIGRATIONS },
      ...HUB_CONTEXTS,
    ];
    for (const component of components) {
      for (const migration of component.migrations) {
        for (const name of createdBy(migration)) note(name, `${component.name} v${migration.version} (${migration.name})`);
      }
    }

    // The parse found what it should, or an empty map would pass.
    expect(creators.get('schema_migrations')).toHaveLength(1);
    for (const known of ['devices', 'gate_swipes', 'gate_swipes_5m', 'users', 'assets', 'audit_log']) {
      expect(creators.has(known), known).toBe(true);
    }
    expect(creators.size).toBeGreaterThan(50);

    const twice = [...creators].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });
});
