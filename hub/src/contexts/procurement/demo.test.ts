import { describe, expect, it } from 'vitest';
import { demoSuppliers } from './demo.ts';
import { expiryFlags } from './qualifications.ts';
import { CREDIT_CODE, SUPPLIER_CODE } from './supplier-csv.ts';

/** A small seeded generator (mulberry32), as the demo runner passes one. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('procurement demo data', () => {
  it('is deterministic for a seed and valid for the register', () => {
    const a = demoSuppliers(seeded(7), '2026-03-01');
    expect(demoSuppliers(seeded(7), '2026-03-01')).toEqual(a);
    expect(demoSuppliers(seeded(8), '2026-03-01')).not.toEqual(a);
    expect(a).toHaveLength(15);
    expect(new Set(a.map((s) => s.category))).toEqual(new Set(['food', 'equipment', 'services']));
    for (const s of a) {
      expect(s.id).toMatch(SUPPLIER_CODE);
      expect(s.creditCode).toMatch(CREDIT_CODE);
      expect(s.nameEn).toBeTruthy();
    }
    const flags = a
      .flatMap((s) => s.qualifications ?? [])
      .map((q) => expiryFlags({ expiresOn: q.expiresOn ?? null }, '2026-03-01', 30));
    expect(flags.some((f) => f.expired)).toBe(true);
    expect(flags.some((f) => f.expiringSoon)).toBe(true);
  });
});
