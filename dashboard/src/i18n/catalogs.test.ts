import { describe, expect, it } from 'vitest';
import { common } from './common.ts';
import { type Catalog, placeholdersOf } from './define.ts';

// Every catalog of the app: the shell's and each view's (same glob as the i18n registry, read from disk here).
const modules = import.meta.glob<{ messages: Catalog }>('../views/*/messages.ts', { eager: true });
const catalogs: Array<[string, Catalog]> = [
  ['common', common],
  ...Object.entries(modules).map(([path, m]): [string, Catalog] => [path, m.messages]),
];

describe('message catalogs', () => {
  it('finds the views', () => {
    expect(catalogs.length).toBeGreaterThan(5);
  });

  for (const [name, catalog] of catalogs) {
    describe(name, () => {
      it('has a Chinese text for every English key and no extra keys', () => {
        expect(Object.keys(catalog.zh).sort()).toEqual(Object.keys(catalog.en).sort());
      });
      it('uses the same placeholders in both languages', () => {
        for (const key of Object.keys(catalog.en)) {
          expect(placeholdersOf(catalog.zh[key] ?? ''), `${name} ${key}`).toEqual(placeholdersOf(catalog.en[key] ?? ''));
        }
      });
      it('has no empty text', () => {
        for (const locale of ['en', 'zh'] as const)
          for (const [key, text] of Object.entries(catalog[locale])) expect(text.trim(), `${name} ${locale} ${key}`).not.toBe('');
      });
    });
  }
});
