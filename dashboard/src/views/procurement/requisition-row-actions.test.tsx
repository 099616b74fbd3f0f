// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale, useT } from '../../i18n/i18n.ts';
import type { Requisition } from './api-types.ts';
import { messages } from './messages.ts';
import { requisitionActionsFor } from './requisition-actions.ts';
import { RequisitionRowActions, type RequisitionRowActionsProps } from './requisition-row-actions.tsx';

const requisition = (status: string, departmentId = 'canteen'): Requisition => ({
  id: 41,
  source: 'rule',
  departmentId,
  departmentName: 'Canteen',
  requesterName: 'rules',
  kind: 'goods',
  itemName: 'Rice',
  specification: null,
  quantity: 200,
  unit: 'kg',
  budget: null,
  reason: 'Below safety stock',
  itemRef: 'stock-item:rice',
  neededBy: null,
  status,
  statusLabel: { en: status, zh: status },
  returnReason: null,
  createdAt: '2026-03-01T08:00:00Z',
  submittedAt: null,
});

const mutation = () => ({ run: vi.fn(async () => requisition('submitted')), pending: false, error: null, reset: vi.fn() });

function Row(props: Omit<RequisitionRowActionsProps, 't' | 'onRevise'> & { onRevise?: () => void }) {
  const t = useT(messages);
  return <RequisitionRowActions onRevise={() => {}} {...props} t={t} />;
}

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('PRC-1/PRC-2 acting on a requisition from the procurement view', () => {
  it('offers the steps only to the procurement office or the requisition’s own department, in the statuses the hub allows', () => {
    const officer = { roles: ['procurement_officer' as const], departmentId: 'procurement' };
    const finance = { roles: ['finance' as const], departmentId: 'finance' };
    const canteen = { roles: ['canteen_manager' as const], departmentId: 'canteen' };
    expect(requisitionActionsFor(officer, requisition('draft'))).toEqual({ submit: true, cancel: true, revise: false });
    expect(requisitionActionsFor(finance, requisition('draft'))).toEqual({ submit: false, cancel: false, revise: false });
    expect(requisitionActionsFor(canteen, requisition('returned'))).toEqual({ submit: true, cancel: true, revise: true });
    expect(requisitionActionsFor(finance, requisition('returned'))).toEqual({ submit: false, cancel: false, revise: false });
    expect(requisitionActionsFor(canteen, requisition('returned', 'dorms'))).toEqual({
      submit: false,
      cancel: false,
      revise: false,
    });
    expect(requisitionActionsFor(officer, requisition('submitted'))).toEqual({ submit: false, cancel: false, revise: false });
    expect(requisitionActionsFor(officer, requisition('approved'))).toEqual({ submit: false, cancel: true, revise: false });
  });

  it('confirms and submits a rule’s draft', async () => {
    const submit = mutation();
    render(
      <Row
        requisition={requisition('draft')}
        allowed={{ submit: true, cancel: true, revise: false }}
        submit={submit}
        cancel={mutation()}
      />,
    );
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Confirm and submit requisition #41 (Rice) for review' })),
    );
    expect(submit.run).toHaveBeenCalledWith(41);
  });

  it('withdraws only with a reason', async () => {
    const cancel = mutation();
    render(
      <Row
        requisition={requisition('approved')}
        allowed={{ submit: false, cancel: true, revise: false }}
        submit={mutation()}
        cancel={cancel}
      />,
    );
    expect(screen.queryByRole('button', { name: /Confirm and submit/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Withdraw requisition #41 (Rice)' }));
    const confirm = screen.getByRole('button', { name: 'Withdraw' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Why it is withdrawn'), { target: { value: 'Bought locally' } });
    await act(async () => fireEvent.click(confirm));
    expect(cancel.run).toHaveBeenCalledWith(41, 'Bought locally');
  });

  it('offers to revise a returned requisition before resubmitting it', () => {
    const onRevise = vi.fn();
    render(
      <Row
        requisition={requisition('returned')}
        allowed={{ submit: true, cancel: true, revise: true }}
        submit={mutation()}
        cancel={mutation()}
        onRevise={onRevise}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Revise requisition #41 (Rice) and resubmit it' }));
    expect(onRevise).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Resubmit requisition #41 (Rice) for review' })).toBeTruthy();
  });

  it('says a returned requisition is resubmitted, in Chinese', () => {
    act(() => setLocale('zh'));
    render(
      <Row
        requisition={requisition('returned')}
        allowed={{ submit: true, cancel: false, revise: false }}
        submit={mutation()}
        cancel={mutation()}
      />,
    );
    expect(screen.getByRole('button', { name: '重新提交请购单 #41（Rice）审核' }).textContent).toBe('重新提交');
  });
});
