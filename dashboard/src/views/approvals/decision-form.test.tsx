// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale, useT } from '../../i18n/i18n.ts';
import type { Decision } from './api-types.ts';
import { DecisionForm } from './decision-form.tsx';
import { messages } from './messages.ts';

function Form({ onDecide, mayDecide = true }: { onDecide: (d: Decision, c: string) => Promise<boolean>; mayDecide?: boolean }) {
  const t = useT(messages);
  return <DecisionForm mayDecide={mayDecide} pending={false} onDecide={onDecide} t={t} />;
}

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('the decision form of the approvals inbox', () => {
  it('refuses to reject without a reason, says why and puts the focus back in the field', () => {
    const onDecide = vi.fn(async () => true);
    render(<Form onDecide={onDecide} />);
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onDecide).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('Give the reason for rejecting: the requester sees it.');
    const field = screen.getByLabelText(/Reason or comment/);
    expect(document.activeElement).toBe(field);
    expect(field.getAttribute('aria-invalid')).toBe('true');
  });

  it('sends a rejection with its reason, and an approval without a note', async () => {
    const onDecide = vi.fn(async () => true);
    render(<Form onDecide={onDecide} />);
    fireEvent.change(screen.getByLabelText(/Reason or comment/), { target: { value: 'Over the budget' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Reject' })));
    expect(onDecide).toHaveBeenLastCalledWith('reject', 'Over the budget');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Approve' })));
    expect(onDecide).toHaveBeenLastCalledWith('approve', '');
  });

  it('offers only a comment when the step is not mine, in Chinese too', () => {
    act(() => setLocale('zh'));
    render(<Form onDecide={vi.fn(async () => true)} mayDecide={false} />);
    expect(screen.queryByRole('button', { name: '批准' })).toBeNull();
    expect(screen.queryByRole('button', { name: '驳回' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '添加意见' }));
    expect(screen.getByRole('alert').textContent).toBe('请先填写意见。');
  });
});
