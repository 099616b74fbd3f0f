import { describe, expect, it } from 'vitest';
import { type BidToEvaluate, evaluateBids, qualificationScore, weightsProblem } from './evaluation.ts';

const TODAY = '2026-03-01';
const LICENSED = [
  { kind: 'business_license', expiresOn: null },
  { kind: 'food_operation_license', expiresOn: '2027-01-01' },
];
const bid = (overrides: Partial<BidToEvaluate>): BidToEvaluate => ({
  bidId: 1,
  supplierId: 's',
  price: 1000,
  deliveryDays: 10,
  submittedAt: '2026-02-20T08:00:00.000Z',
  qualifications: LICENSED,
  reputation: 60,
  ...overrides,
});

describe('PRC-4 supplier evaluation', () => {
  it('validates weights: each 0..1, summing to 1', () => {
    expect(weightsProblem({ qualification: 0.3, price: 0.5, reputation: 0.2 })).toBeUndefined();
    expect(weightsProblem({ qualification: 0.1, price: 0.2, reputation: 0.3 })).toMatch(/sum to 1/);
    expect(weightsProblem({ qualification: -0.5, price: 1.5, reputation: 0 })).toMatch(/between 0 and 1/);
  });

  it('scores qualifications: required kinds valid through delivery, then additional ones', () => {
    const required = ['business_license', 'food_operation_license'];
    expect(qualificationScore(required, LICENSED, '2026-03-11')).toBe(70);
    // The food licence lapses before the goods arrive: half the required share.
    expect(qualificationScore(required, LICENSED, '2027-02-01')).toBe(35);
    const extra = [...LICENSED, { kind: 'iso9001', expiresOn: '2028-01-01' }, { kind: 'haccp', expiresOn: null }];
    expect(qualificationScore(required, extra, '2026-03-11')).toBe(90);
    expect(qualificationScore([], [], '2026-03-11')).toBe(70);
  });

  it('normalises price lowest-best and weights the three criteria', () => {
    const weights = { qualification: 0.3, price: 0.5, reputation: 0.2 };
    const scores = evaluateBids(
      [
        bid({ bidId: 1, supplierId: 'cheap', price: 800, reputation: 40 }),
        bid({ bidId: 2, supplierId: 'trusted', price: 1000, reputation: 95 }),
      ],
      weights,
      ['business_license'],
      TODAY,
    );
    // cheap: 0.3×80 + 0.5×100 + 0.2×40 = 82; trusted: 0.3×80 + 0.5×80 + 0.2×95 = 83.
    expect(scores).toEqual([
      { bidId: 2, supplierId: 'trusted', qualificationScore: 80, priceScore: 80, reputationScore: 95, totalScore: 83, rank: 1 },
      { bidId: 1, supplierId: 'cheap', qualificationScore: 80, priceScore: 100, reputationScore: 40, totalScore: 82, rank: 2 },
    ]);
    const priceOnly = evaluateBids(
      [bid({ bidId: 1, price: 800, reputation: 40 }), bid({ bidId: 2, price: 1000, reputation: 95 })],
      { qualification: 0, price: 1, reputation: 0 },
      [],
      TODAY,
    );
    expect(priceOnly[0]?.bidId).toBe(1);
  });

  it('breaks ties by lower price, then by the earlier bid', () => {
    const weights = { qualification: 1, price: 0, reputation: 0 };
    const tied = evaluateBids(
      [
        bid({ bidId: 1, price: 900, submittedAt: '2026-02-21T00:00:00.000Z' }),
        bid({ bidId: 2, price: 900, submittedAt: '2026-02-20T00:00:00.000Z' }),
        bid({ bidId: 3, price: 850 }),
      ],
      weights,
      [],
      TODAY,
    );
    expect(tied.map((s) => s.bidId)).toEqual([3, 2, 1]);
    expect(evaluateBids([], weights, [], TODAY)).toEqual([]);
  });
});
