import { describe, expect, it } from 'vitest';
import { findIssues, type ScoredGroup } from './issues.ts';

const group = (key: string, ratings: number, dish: number, service = 4, environment = 4): ScoredGroup => ({
  key,
  name: key,
  nameZh: null,
  ratings,
  dish,
  service,
  environment,
});

describe('CAT-8 issues to fix', () => {
  it('CAT-8 lists poorly rated subjects worst first, with enough ratings to be fair', () => {
    const issues = findIssues({
      dish: [group('noodles', 5, 2.2), group('rice', 2, 1), group('soup', 10, 4.5)],
      canteen: [group('c1', 20, 3.5, 2.8, 2.5)],
      supplier: [group('farm', 4, 2.9)],
    });
    expect(issues.map((i) => [i.subject, i.key, i.aspect, i.average])).toEqual([
      ['dish', 'noodles', 'dish', 2.2],
      ['canteen', 'c1', 'environment', 2.5],
      ['canteen', 'c1', 'service', 2.8],
      ['supplier', 'farm', 'dish', 2.9],
    ]);
    expect(issues[0]?.aspectLabel).toEqual({ en: 'Dish quality', zh: '菜品质量' });
  });

  it('CAT-8 holds a supplier to the dish aspect only', () => {
    expect(findIssues({ supplier: [group('farm', 10, 4, 1, 1)] })).toEqual([]);
  });
});
