import { describe, expect, it } from 'vitest';
import { allocateFifo } from './allocate.ts';

const batch = (name: string, day: number, remaining: number) => ({
  batch: name,
  receivedAt: new Date(Date.UTC(2026, 2, day)),
  remaining,
});

describe('FIFO batch allocation', () => {
  it('takes the oldest delivery first and spills into the next', () => {
    expect(allocateFifo(7, [batch('B2', 5, 10), batch('B1', 3, 4), batch('B0', 1, 0)])).toEqual({
      allocations: [
        { batch: 'B1', quantity: 4 },
        { batch: 'B2', quantity: 3 },
      ],
      untraced: 0,
    });
  });

  it('reports what no batch covers as untraced', () => {
    expect(allocateFifo(2.5, [batch('B1', 3, 1.2)])).toEqual({ allocations: [{ batch: 'B1', quantity: 1.2 }], untraced: 1.3 });
    expect(allocateFifo(1, [])).toEqual({ allocations: [], untraced: 1 });
  });
});
