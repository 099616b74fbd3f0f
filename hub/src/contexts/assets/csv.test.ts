import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.ts';

describe('AST-7 CSV for finance', () => {
  it('quotes, keeps numbers raw and defuses formulas', () => {
    const csv = toCsv(
      ['id', 'name', 'amount'],
      [
        ['A1', 'Projector, "HD"', 158.33],
        ['A2', '=HYPERLINK("x")', -1],
        ['A3', null, 0],
      ],
    );
    expect(csv).toBe('\uFEFFid,name,amount\r\nA1,"Projector, ""HD""",158.33\r\nA2,"\'=HYPERLINK(""x"")",-1\r\nA3,,0\r\n');
  });
});
