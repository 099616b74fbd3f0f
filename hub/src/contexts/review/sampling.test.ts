import { describe, expect, it } from 'vitest';
import { sampled, samplePoint } from './sampling.ts';

describe('DAT-2 review sampling', () => {
  it('is deterministic per record', () => {
    expect(samplePoint('asset', 'A00000001')).toBe(samplePoint('asset', 'A00000001'));
    expect(sampled('asset', 'A00000001', 0.3)).toBe(sampled('asset', 'A00000001', 0.3));
    expect(samplePoint('asset', 'A00000001')).not.toBe(samplePoint('user', 'A00000001'));
  });

  it('draws nothing at 0 and everything at 1', () => {
    for (let i = 0; i < 100; i += 1) {
      expect(sampled('asset', `A${i}`, 0)).toBe(false);
      expect(sampled('asset', `A${i}`, 1)).toBe(true);
    }
  });

  it('draws close to the rate over many records', () => {
    const n = 20_000;
    let hits = 0;
    for (let i = 0; i < n; i += 1) if (sampled('asset', `A${String(i).padStart(8, '0')}`, 0.1)) hits += 1;
    expect(hits / n).toBeGreaterThan(0.09);
    expect(hits / n).toBeLessThan(0.11);
  });

  it('a record drawn at a rate is drawn at every higher rate', () => {
    for (let i = 0; i < 500; i += 1) {
      if (sampled('asset', `A${i}`, 0.2)) expect(sampled('asset', `A${i}`, 0.5)).toBe(true);
    }
  });
});
