// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale, useT } from '../../i18n/i18n.ts';
import type { Requisition } from './api-types.ts';
import { messages } from './messages.ts';
import { useRequisitionActions } from './requisition-actions.ts';
import { RequisitionEditForm } from './requisition-edit-form.tsx';

const returned: Requisition = {
  id: 41,
  source: 'person',
  departmentId: 'canteen',
  departmentName: 'Canteen',
  requesterName: 'Zhao Lei',
  kind: 'goods',
  itemName: 'Rice',
  specification: null,
  quantity: 200,
  unit: 'kg',
  budget: null,
  reason: 'Term starts',
  itemRef: null,
  neededBy: null,
  status: 'returned',
  statusLabel: { en: 'Returned', zh: '已退回' },
  returnReason: 'Give a budget and a smaller quantity',
  createdAt: '2026-03-01T08:00:00Z',
  submittedAt: '2026-03-01T09:00:00Z',
};

type Answer = { status: number; body: unknown };
const ok = (body: unknown = { ...returned, status: 'submitted' }): Answer => ({ status: 200, body });
const refused = (status: number, code: string, message: string, field?: string): Answer => ({
  status,
  body: { code, message, ...(field ? { field } : {}) },
});

/** The hub: PATCH and submit answer what the test says; every call is recorded with its body. */
function stubHub(answers: { patch?: Answer; submit?: Answer }) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const method = init.method ?? 'GET';
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const answer = (method === 'PATCH' ? answers.patch : answers.submit) ?? ok();
      return Response.json(answer.body, { status: answer.status });
    }),
  );
  return calls;
}

function Form({ onClose, changed }: { onClose: () => void; changed: () => void }) {
  const t = useT(messages);
  const actions = useRequisitionActions(changed);
  return <RequisitionEditForm requisition={returned} revise={actions.revise} onClose={onClose} t={t} />;
}

function open() {
  const onClose = vi.fn();
  const changed = vi.fn();
  render(<Form onClose={onClose} changed={changed} />);
  return { onClose, changed };
}

const send = (name: string) => act(async () => fireEvent.click(screen.getByRole('button', { name })));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  act(() => setLocale('en'));
});

describe('PRC-2 revising a returned requisition', () => {
  it('sends only what changed, then resubmits it for review', async () => {
    const calls = stubHub({});
    const { onClose, changed } = open();
    expect(screen.getByText('Returned: Give a budget and a smaller quantity')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Item or service'));
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '150' } });
    fireEvent.change(screen.getByLabelText('Budget (CNY)'), { target: { value: '1200' } });
    fireEvent.change(screen.getByLabelText('Needed by (optional)'), { target: { value: '2026-03-20' } });
    await send('Save and resubmit');
    expect(calls).toEqual([
      {
        method: 'PATCH',
        url: '/api/procurement/requisitions/41',
        body: { quantity: 150, budget: 1200, neededBy: '2026-03-20' },
      },
      { method: 'POST', url: '/api/procurement/requisitions/41/submit', body: {} },
    ]);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('resubmits an untouched form as is', async () => {
    const calls = stubHub({});
    open();
    await send('Save and resubmit');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/procurement/requisitions/41/submit']);
  });

  it('shows the field the hub refuses next to it, focused, and does not resubmit', async () => {
    const calls = stubHub({ patch: refused(400, 'invalid', 'quantity: must be > 0', 'quantity') });
    const { onClose } = open();
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '0' } });
    await send('Save and resubmit');
    expect(calls.map((c) => c.method)).toEqual(['PATCH']);
    const quantity = screen.getByLabelText('Quantity');
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    const note = screen.getByRole('alert');
    expect(note.textContent).toBe('Not accepted: must be > 0');
    expect(quantity.getAttribute('aria-describedby')).toBe(note.id);
    expect(document.activeElement).toBe(quantity);
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.change(quantity, { target: { value: '150' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(quantity.getAttribute('aria-invalid')).toBeNull();
  });

  it('puts a refused resubmission next to its field too, in Chinese', async () => {
    act(() => setLocale('zh'));
    stubHub({ submit: refused(400, 'invalid', 'give the budget before submitting (PRC-1)', 'budget') });
    const { onClose, changed } = open();
    await send('保存并重新提交');
    const budget = screen.getByLabelText('预算（元）');
    expect(budget.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('未通过校验：give the budget before submitting (PRC-1)');
    expect(onClose).not.toHaveBeenCalled();
    // The list is re-read all the same: a revision saved before a refused resubmission shows.
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('says other refusals under the form', async () => {
    stubHub({ patch: refused(409, 'illegal_transition', 'requisition #41 is submitted: cannot edit') });
    open();
    fireEvent.change(screen.getByLabelText('Why it is needed'), { target: { value: 'Term starts on Monday' } });
    await send('Save and resubmit');
    expect(screen.getByRole('alert').textContent).toBe('requisition #41 is submitted: cannot edit');
    for (const input of screen.getAllByRole('textbox')) expect(input.getAttribute('aria-invalid')).toBeNull();
  });
});
