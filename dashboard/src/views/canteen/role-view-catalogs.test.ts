import { describe, expect, it } from 'vitest';
import { type Catalog, placeholdersOf } from '../../i18n/define.ts';
import { messages as approvals } from '../approvals/messages.ts';
import { messages as assets } from '../assets/messages.ts';
import { messages as dorms } from '../dorms/messages.ts';
import { messages as procurement } from '../procurement/messages.ts';
import { messages as canteen } from './messages.ts';

/**
 * The role views' catalogs (canteen, dorms, assets, procurement, approvals). The shell's
 * catalogs.test.ts checks keys, placeholders and emptiness for every view; this also checks
 * that the Chinese is Chinese, not English left in place.
 */
const CATALOGS: Array<[string, Catalog]> = [
  ['canteen', canteen],
  ['dorms', dorms],
  ['assets', assets],
  ['procurement', procurement],
  ['approvals', approvals],
];

const CJK = /[\u3400-\u9fff]/;
/** A word of English left outside placeholders, e.g. "Draft" in "{n} Draft". */
const ENGLISH_WORD = /[A-Za-z]{3,}/;

describe.each(CATALOGS)('the %s catalog', (_name, catalog) => {
  it('has the same keys and placeholders in English and Chinese, none empty', () => {
    expect(Object.keys(catalog.zh).sort()).toEqual(Object.keys(catalog.en).sort());
    for (const [key, en] of Object.entries(catalog.en)) {
      const zh = catalog.zh[key] ?? '';
      expect(placeholdersOf(zh), key).toEqual(placeholdersOf(en));
      expect(en.trim(), key).not.toBe('');
      expect(zh.trim(), key).not.toBe('');
    }
  });

  it('says in Chinese whatever it says in English words', () => {
    for (const [key, en] of Object.entries(catalog.en)) {
      if (!ENGLISH_WORD.test(en.replace(/\{\w+\}/g, ''))) continue;
      expect(catalog.zh[key], key).toMatch(CJK);
    }
  });
});
