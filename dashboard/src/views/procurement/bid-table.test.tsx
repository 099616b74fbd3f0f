// @vitest-environment happy-dom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, useFormat, useT } from '../../i18n/i18n.ts';
import type { Bid } from './api-types.ts';
import { BidTable } from './bid-table.tsx';
import { messages } from './messages.ts';
import { rankedBids } from './procurement-logic.ts';

const bid = (id: number, supplierName: string, price: number, score: Bid['score']): Bid => ({
  id,
  supplierId: `S${id}`,
  supplierName,
  price,
  deliveryDays: 14,
  notes: null,
  submittedAt: '2026-03-01T00:00:00Z',
  score,
});

const BIDS = [
  bid(1, 'Late Bidder', 50_000, null),
  bid(2, 'Second', 64_800, { qualification: 80, price: 92.44, reputation: 60, total: 82.22, rank: 2 }),
  bid(3, 'Winner', 59_900, { qualification: 80, price: 100, reputation: 60, total: 86, rank: 1 }),
];

function Table({ awarded }: { awarded: number | null }) {
  const t = useT(messages);
  const fmt = useFormat();
  return <BidTable bids={rankedBids(BIDS)} awardedBidId={awarded} t={t} fmt={fmt} />;
}

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('the bid evaluation table (PRC-4)', () => {
  it('lists bids in evaluation order, unscored last, and marks the award and the best scores', () => {
    render(<Table awarded={3} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Winner', 'Second', 'Late Bidder']);
    expect(within(rows[0] as HTMLElement).getByText('Awarded')).toBeTruthy();
    // Price and total differ between bids: the best is marked; qualification and reputation tie: nothing is.
    expect(within(rows[0] as HTMLElement).getAllByText('(best)', { exact: false })).toHaveLength(2);
    expect(within(rows[2] as HTMLElement).getByText('Not scored yet')).toBeTruthy();
  });

  it('shows money in yuan, in Chinese', () => {
    act(() => setLocale('zh'));
    render(<Table awarded={null} />);
    expect(screen.getByRole('columnheader', { name: '总分' })).toBeTruthy();
    expect(screen.getByText('¥59,900.00')).toBeTruthy();
    expect(screen.queryByText('中标')).toBeNull();
  });
});
