// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale, useFormat, useT } from '../../i18n/i18n.ts';
import type { Alert, StockLevel } from './api-types.ts';
import { messages } from './messages.ts';
import { stockRows } from './stock-levels.ts';
import { STOCK_ROWS_SHOWN, StockTable } from './stock-panel.tsx';

const NOW = new Date('2026-03-02T08:00:00Z');

const level = (itemId: string, name: string, nameZh: string, book: number, safety: number): StockLevel => ({
  itemId,
  name,
  nameZh,
  unit: 'kg',
  bookQuantity: book,
  safetyStock: safety,
  belowSafety: book < safety,
  scale: null,
});

const alert = (itemId: string, depletesAt: string | null): Alert => ({
  id: 1,
  ruleId: 'stock.low_stock',
  category: 'stock',
  subject: `item:${itemId}`,
  severity: 'warning',
  title: '',
  message: '',
  evidence: { depletesAt, consumptionPerHour: 7.5 },
  status: 'raised',
  raisedAt: '2026-03-02T07:00:00Z',
  lastSeenAt: '2026-03-02T07:00:00Z',
});

function Table({ levels, alerts }: { levels: StockLevel[]; alerts: Alert[] }) {
  const t = useT(messages);
  const fmt = useFormat();
  return <StockTable rows={stockRows(levels, alerts, NOW)} now={NOW} t={t} fmt={fmt} />;
}

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('stock against safety stock (CAT-4, CAT-5)', () => {
  const levels = [
    level('flour', 'Flour', '面粉', 100, 40),
    level('rice', 'Rice', '大米', 45, 60),
    level('salt', 'Salt', '盐', 2, 5),
  ];
  const alerts = [alert('rice', '2026-03-02T14:00:00Z')];

  it('puts the critical item first with its projected depletion, low next, then the rest', () => {
    render(<Table levels={levels} alerts={alerts} />);
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    // The row header holds the name and, below it, the item code.
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Ricerice', 'Saltsalt', 'Flourflour']);
    expect(within(rows[0] as HTMLElement).getByText('in 6 hours')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('Critical')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Rate not known yet')).toBeTruthy();
    expect(within(rows[2] as HTMLElement).getByText('OK')).toBeTruthy();
  });

  it('filters to the items below safety stock', () => {
    render(<Table levels={levels} alerts={alerts} />);
    fireEvent.click(screen.getByLabelText('Only items below safety stock'));
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3);
  });

  it('shows a bounded list, the rest on request', () => {
    const many = Array.from({ length: STOCK_ROWS_SHOWN + 5 }, (_, i) => level(`item-${i}`, `Item ${i}`, `品种${i}`, 100, 10));
    render(<Table levels={many} alerts={[]} />);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(STOCK_ROWS_SHOWN + 1);
    fireEvent.click(screen.getByRole('button', { name: `Show all ${STOCK_ROWS_SHOWN + 5} items` }));
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(STOCK_ROWS_SHOWN + 6);
  });

  it('speaks Chinese: names, states and relative times', () => {
    act(() => setLocale('zh'));
    render(<Table levels={levels} alerts={alerts} />);
    const first = within(screen.getByRole('table')).getAllByRole('row')[1] as HTMLElement;
    expect(within(first).getByText('大米')).toBeTruthy();
    expect(within(first).getByText('紧急')).toBeTruthy();
    expect(within(first).getByText('6小时后')).toBeTruthy();
  });
});
