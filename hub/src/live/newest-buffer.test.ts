import { describe, expect, it } from 'vitest';
import { NewestBuffer } from './newest-buffer.ts';

describe('NewestBuffer', () => {
  it('gives back everything pushed since the last take while it fits', () => {
    const buffer = new NewestBuffer<number>(3);
    buffer.push(1);
    buffer.push(2);
    expect(buffer.take()).toEqual([1, 2]);
    expect(buffer.take()).toEqual([]);
  });

  it('keeps only the newest items of a flood, oldest first, whatever the count', () => {
    for (const pushed of [4, 5, 6, 7, 1000, 1001]) {
      const buffer = new NewestBuffer<number>(3);
      for (let n = 1; n <= pushed; n += 1) buffer.push(n);
      expect(buffer.take()).toEqual([pushed - 2, pushed - 1, pushed]);
    }
  });
});
