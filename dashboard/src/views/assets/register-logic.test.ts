import { describe, expect, it } from 'vitest';
import type { Category } from './api-types.ts';
import { appendPage, categoryOptions, filtersFrom, queryOf, recentPeriods, searchOf } from './register-logic.ts';

describe('register filters (AST-1)', () => {
  it('reads filters from the URL, refusing an unknown status', () => {
    const filters = filtersFrom(new URLSearchParams('q=laptop&category=PC&department=physics&status=bogus'));
    expect(filters).toEqual({ q: 'laptop', categoryCode: 'PC', departmentId: 'physics', status: '' });
    expect(filtersFrom(new URLSearchParams('status=in_use')).status).toBe('in_use');
  });

  it('writes only the filters set, to the URL and to the API query', () => {
    const filters = { q: '  ', categoryCode: 'PC', departmentId: '', status: 'borrowed' as const };
    expect(searchOf(filters)).toEqual({ q: null, category: 'PC', department: null, status: 'borrowed' });
    expect(queryOf(filters, 'abc', 100)).toEqual({
      q: undefined,
      categoryCode: 'PC',
      departmentId: undefined,
      status: 'borrowed',
      cursor: 'abc',
      limit: 100,
    });
  });
});

describe('keyset pages', () => {
  const asset = (id: string) => ({ id });

  it('appends the next page and keeps its cursor', () => {
    const first = appendPage(undefined, { items: [asset('A1'), asset('A2')], nextCursor: 'c1' });
    const second = appendPage(first, { items: [asset('A2'), asset('A3')], nextCursor: null });
    expect(second).toEqual({ items: [asset('A1'), asset('A2'), asset('A3')], nextCursor: null, capped: false });
  });

  it('stops at the bound and says so', () => {
    const loaded = appendPage(undefined, { items: [asset('A1'), asset('A2'), asset('A3')], nextCursor: 'c1' }, 2);
    expect(loaded).toEqual({ items: [asset('A1'), asset('A2')], nextCursor: null, capped: true });
  });
});

describe('category tree', () => {
  const category = (code: string, parentCode: string | null): Category => ({
    code,
    name: code,
    nameZh: null,
    parentCode,
    depreciationMethod: 'straight_line',
    usefulLifeMonths: 60,
    residualRate: 0.05,
  });

  it('puts children after their parent with depth; orphans at the top level', () => {
    const options = categoryOptions([category('02-01', '02'), category('01', null), category('02', null), category('X', 'gone')]);
    expect(options.map((o) => [o.code, o.depth])).toEqual([
      ['01', 0],
      ['02', 0],
      ['02-01', 1],
      ['X', 0],
    ]);
  });
});

describe('depreciation periods (AST-7)', () => {
  it('lists the months up to now in campus time, across a year end', () => {
    expect(recentPeriods(new Date('2026-01-31T17:00:00Z'), 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(recentPeriods(new Date('2026-01-15T00:00:00Z'), 2)).toEqual(['2026-01', '2025-12']);
  });
});
