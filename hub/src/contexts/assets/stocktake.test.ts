import { describe, expect, it } from 'vitest';
import { actionFits, classify, closeEffects, closeProblem, reconcile, type SheetLine } from './stocktake.ts';

const line = (over: Partial<SheetLine> & { id: number }): SheetLine => ({
  assetId: `A${over.id}`,
  expected: true,
  expectedLocation: 'Lab 1',
  result: 'pending',
  foundLocation: null,
  cause: null,
  action: null,
  ...over,
});

describe('AST-6 stocktake reconciliation', () => {
  it('classifies matches, moves, losses and surplus', () => {
    expect(classify(line({ id: 1, result: 'found' }))).toBe('match');
    expect(classify(line({ id: 1, result: 'found', foundLocation: 'Lab 1' }))).toBe('match');
    expect(classify(line({ id: 1, result: 'found', foundLocation: 'Lab 2' }))).toBe('moved');
    expect(classify(line({ id: 1, result: 'not_found' }))).toBe('loss');
    expect(classify(line({ id: 1, result: 'extra', expected: false }))).toBe('surplus');
    expect(classify(line({ id: 1 }))).toBe('pending');
  });

  it('refuses to close with uncounted lines or unexplained discrepancies', () => {
    const open = reconcile([line({ id: 1 }), line({ id: 2, result: 'not_found' })]);
    expect(closeProblem(open)).toMatch(/1 asset\(s\) .* not counted/);
    const unexplained = reconcile([line({ id: 1, result: 'found' }), line({ id: 2, result: 'not_found' })]);
    expect(unexplained).toMatchObject({ counted: 2, matched: 1, unresolved: 1 });
    expect(closeProblem(unexplained)).toMatch(/1 discrepancy/);
    const explained = reconcile([line({ id: 2, result: 'not_found', cause: 'stolen', action: 'write_off' })]);
    expect(closeProblem(explained)).toBeUndefined();
  });

  it('offers loss actions for losses and surplus actions for surplus only', () => {
    expect(actionFits('loss', 'write_off')).toBe(true);
    expect(actionFits('loss', 'relocate')).toBe(false);
    expect(actionFits('surplus', 'relocate')).toBe(true);
    expect(actionFits('surplus', 'write_off')).toBe(false);
    expect(actionFits('match', 'investigate')).toBe(false);
  });

  it('turns the handling into register changes: write-off, missing, relocation', () => {
    const r = reconcile([
      line({ id: 1, result: 'not_found', cause: 'broken and thrown away', action: 'write_off' }),
      line({ id: 2, result: 'not_found', cause: 'unknown', action: 'investigate' }),
      line({ id: 3, result: 'not_found', cause: 'was in repair', action: 'found_later' }),
      line({ id: 4, result: 'found', foundLocation: 'Lab 9' }),
      line({
        id: 5,
        expected: false,
        result: 'extra',
        foundLocation: 'Store',
        cause: 'moved without transfer',
        action: 'relocate',
      }),
      line({ id: 6, assetId: null, expected: false, result: 'extra', foundLocation: 'Store', cause: 'gift', action: 'register' }),
    ]);
    expect(closeEffects(r)).toEqual([
      { kind: 'write_off', assetId: 'A1', lineId: 1, cause: 'broken and thrown away' },
      { kind: 'mark_missing', assetId: 'A2', lineId: 2 },
      { kind: 'relocate', assetId: 'A4', lineId: 4, location: 'Lab 9' },
      { kind: 'relocate', assetId: 'A5', lineId: 5, location: 'Store' },
    ]);
  });
});
