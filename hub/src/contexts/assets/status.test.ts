import { describe, expect, it } from 'vitest';
import { ASSET_STATUSES, assertMove, canMove } from './status.ts';

describe('asset status machine', () => {
  it('AST-3 accepts or returns an asset awaiting acceptance, and nothing else', () => {
    expect(canMove('pending_acceptance', 'in_use')).toBe(true);
    expect(canMove('pending_acceptance', 'rejected')).toBe(true);
    expect(canMove('pending_acceptance', 'borrowed')).toBe(false);
    expect(canMove('rejected', 'pending_acceptance')).toBe(true);
  });

  it('AST-4 lends only an asset in use, and takes it back', () => {
    expect(canMove('in_use', 'borrowed')).toBe(true);
    expect(canMove('borrowed', 'in_use')).toBe(true);
    expect(canMove('pending_disposal', 'borrowed')).toBe(false);
  });

  it('AST-9 disposed is final', () => {
    for (const to of ASSET_STATUSES) expect(canMove('disposed', to)).toBe(false);
    expect(() => assertMove('A1', 'disposed', 'in_use')).toThrow(/disposed and cannot become in_use/);
  });

  it('AST-8 a refused disposal returns to any status it may come from', () => {
    for (const from of ASSET_STATUSES) {
      if (canMove(from, 'pending_disposal')) expect(canMove('pending_disposal', from), from).toBe(true);
    }
  });
});
