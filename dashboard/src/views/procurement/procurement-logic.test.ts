import { describe, expect, it } from 'vitest';
import type { Bid, ContractDetail, Instalment } from './api-types.ts';
import { bestScores, campusToday, contractTracking, instalmentState, lineProgress, rankedBids } from './procurement-logic.ts';

function bid(id: number, price: number, score: Bid['score'] = null): Bid {
  return {
    id,
    supplierId: `S${id}`,
    supplierName: `Supplier ${id}`,
    price,
    deliveryDays: 7,
    notes: null,
    submittedAt: '',
    score,
  };
}
const score = (rank: number, total: number, price = 80) => ({ qualification: 70, price, reputation: 60, total, rank });

describe('bid evaluation table (PRC-4)', () => {
  it('keeps the evaluation rank, then unscored bids by price', () => {
    const bids = [bid(1, 900), bid(2, 1000, score(2, 81.5)), bid(3, 1200, score(1, 88)), bid(4, 800)];
    expect(rankedBids(bids).map((b) => b.id)).toEqual([3, 2, 4, 1]);
  });

  it('breaks equal ranks by total, then price', () => {
    const bids = [bid(1, 1000, score(1, 80)), bid(2, 900, score(1, 80)), bid(3, 950, score(1, 85))];
    expect(rankedBids(bids).map((b) => b.id)).toEqual([3, 2, 1]);
  });

  it('finds the best value per criterion, none where every bid ties', () => {
    expect(bestScores([bid(1, 1, score(1, 88, 100)), bid(2, 1, score(2, 81, 90)), bid(3, 1)])).toEqual({
      qualification: undefined,
      price: 100,
      reputation: undefined,
      total: 88,
    });
    expect(bestScores([bid(1, 1, score(1, 88))])).toEqual({ qualification: 70, price: 80, reputation: 60, total: 88 });
    expect(bestScores([bid(1, 1)])).toBeNull();
  });
});

function instalment(id: number, dueOn: string, overrides: Partial<Instalment> = {}): Instalment {
  return {
    id,
    contractId: 1,
    contractNumber: 'HT-1',
    supplierName: 'S',
    seq: id,
    label: `#${id}`,
    percent: 50,
    amount: 500,
    dueOn,
    paidAmount: 0,
    paidOn: null,
    outstanding: 500,
    status: 'due',
    overdue: false,
    daysOverdue: 0,
    ...overrides,
  };
}

describe('contract tracking (PRC-6)', () => {
  const today = '2026-03-02';

  it('flags instalments overdue, due within a week, paid', () => {
    expect(instalmentState(instalment(1, '2026-03-01'), today)).toBe('overdue');
    expect(instalmentState(instalment(2, '2026-03-20', { overdue: true }), today)).toBe('overdue');
    expect(instalmentState(instalment(3, '2026-03-09'), today)).toBe('due_soon');
    expect(instalmentState(instalment(4, '2026-03-10'), today)).toBe('due');
    expect(instalmentState(instalment(5, '2026-01-01', { status: 'paid' }), today)).toBe('paid');
  });

  it('sums delivery, acceptance and payment progress', () => {
    const detail: Pick<ContractDetail, 'contract' | 'lines' | 'instalments' | 'deliveries' | 'issues'> = {
      contract: {
        id: 1,
        number: 'HT-1',
        title: 'Rice',
        signedOn: '2026-01-10',
        supplierId: 'S',
        supplierName: 'S',
        departmentId: 'canteen',
        amount: 1000,
        status: 'active',
        statusLabel: { en: 'In performance', zh: '履行中' },
        overdue: true,
        overdueInstalments: 1,
      },
      lines: [
        {
          id: 1,
          lineNo: 1,
          itemName: 'Rice',
          quantity: 100,
          unit: 'kg',
          unitPrice: 10,
          amount: 1000,
          target: { kind: 'stock_item', ref: 'rice', label: { en: '', zh: '' } },
          dueOn: null,
          deliveredQuantity: 60,
          acceptedQuantity: 40,
          status: 'open',
        },
      ],
      instalments: [
        instalment(1, '2026-02-01', { paidAmount: 300, outstanding: 200 }),
        instalment(2, '2026-04-01', { outstanding: 500 }),
      ],
      deliveries: [
        {
          id: 1,
          lineId: 1,
          quantity: 40,
          deliveredOn: '2026-02-01',
          batch: 'b1',
          daysLate: 2,
          acceptance: 'passed',
          acceptanceLabel: { en: '', zh: '' },
          acceptedQuantity: 40,
          acceptanceNote: null,
        },
        {
          id: 2,
          lineId: 1,
          quantity: 20,
          deliveredOn: '2026-02-20',
          batch: 'b2',
          daysLate: 0,
          acceptance: 'pending',
          acceptanceLabel: { en: '', zh: '' },
          acceptedQuantity: null,
          acceptanceNote: null,
        },
      ],
      issues: [],
    };
    expect(contractTracking(detail, today)).toEqual({
      acceptedShare: 0.4,
      paid: 300,
      outstanding: 700,
      paidShare: 0.3,
      overdueAmount: 200,
      lateDeliveries: 1,
      pendingAcceptance: 1,
      openIssues: 0,
    });
    expect(lineProgress({ quantity: 100, deliveredQuantity: 120, acceptedQuantity: 40 })).toEqual({
      delivered: 120,
      accepted: 40,
      deliveredShare: 1,
      acceptedShare: 0.4,
    });
  });

  it('takes the campus date', () => {
    expect(campusToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
  });
});
