import { describe, expect, it } from 'vitest';
import { DEMO_BUILDINGS, planDormsDemo } from './demo.ts';

/** mulberry32: the seeded generator the demo is given. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('dormitory demo data', () => {
  const plan = planDormsDemo(seeded(42));

  it('is the same campus for the same seed', () => {
    expect(planDormsDemo(seeded(42))).toEqual(plan);
    expect(planDormsDemo(seeded(7)).residents).not.toEqual(plan.residents);
  });

  it('has four buildings of 720 beds and a few thousand residents, each bed held once', () => {
    expect(plan.rooms).toHaveLength(4 * 6 * 30);
    expect(plan.residents.length).toBeGreaterThanOrEqual(2000);
    expect(plan.residents.length).toBeLessThanOrEqual(3000);
    const beds = plan.residents.flatMap((r) => (r.bedId ? [r.bedId] : []));
    expect(new Set(beds).size).toBe(beds.length);
    expect(new Set(plan.residents.map((r) => r.personNo)).size).toBe(plan.residents.length);
    expect(plan.residents.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
    expect(plan.residents.filter((r) => r.status === 'allocated').length).toBeGreaterThan(0);
    expect(plan.cards).toHaveLength(plan.residents.filter((r) => r.status === 'checked_in').length);
    expect(plan.cards[0]?.cardId).toBe('card-0');
  });

  it('keeps the buildings gender-separated', () => {
    const gender = new Map<string, string>(DEMO_BUILDINGS.map((b) => [b.id, b.gender]));
    for (const r of plan.residents) if (r.bedId) expect(gender.get(r.bedId.split('-')[0] ?? '')).toBe(r.gender);
  });
});
