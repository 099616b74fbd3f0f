// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { setLocale } from '../../i18n/i18n.ts';
import { isoToLocalInput } from '../../lib/local-time.ts';
import { type ScheduleAction, ScheduleForm } from './schedule-form.tsx';
import type { Ticket } from './types.ts';

const ticket = (overrides: Partial<Ticket> = {}): Ticket => ({
  id: 7,
  source: 'preventive',
  title: 'Chiller service',
  description: 'Runtime hours reached',
  place: { buildingId: null, roomId: null, text: 'Plant room' },
  assetId: 'A-CH-01',
  faultType: 'hvac',
  urgency: 'normal',
  jobFlags: [],
  evidence: null,
  dedupeKey: null,
  status: 'assigned',
  statusLabel: { en: 'Assigned', zh: '已派单' },
  resolution: null,
  closeReason: null,
  requester: null,
  requesterName: 'rules',
  departmentId: null,
  contactPhone: null,
  technician: { id: 3, name: 'Wang' },
  dispatchFlag: null,
  dispatchReason: null,
  scheduledAt: null,
  plannedWindow: null,
  visitPlace: null,
  plan: null,
  pendingChange: null,
  sla: {
    respondBy: null,
    resolveBy: '2030-03-04T10:00:00.000Z',
    respondedAt: null,
    resolvedAt: null,
    respondOverdue: false,
    resolveOverdue: false,
    overdue: false,
  },
  rating: null,
  feedback: null,
  reworkCount: 0,
  labourMinutes: 0,
  partsCost: 0,
  triagedAt: null,
  assignedAt: null,
  closedAt: null,
  createdAt: '2030-03-01T08:00:00.000Z',
  updatedAt: '2030-03-01T08:00:00.000Z',
  ...overrides,
});

const action = (overrides: Partial<ScheduleAction> = {}): ScheduleAction => ({
  run: vi.fn(async () => ticket()),
  pending: false,
  error: null,
  reset: vi.fn(),
  ...overrides,
});

afterEach(() => {
  cleanup();
  act(() => setLocale('en'));
});

describe('MNT-3 the planner books a work window', () => {
  it('sends the window as instants with the note', async () => {
    const schedule = action();
    render(<ScheduleForm ticket={ticket()} schedule={schedule} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2030-03-02T09:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-03-02T12:00' } });
    fireEvent.change(screen.getByLabelText('Note for the technician (optional)'), { target: { value: 'Bring the gauges' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save the window' })));
    expect(schedule.run).toHaveBeenCalledWith(7, {
      from: new Date('2030-03-02T09:00').toISOString(),
      to: new Date('2030-03-02T12:00').toISOString(),
      note: 'Bring the gauges',
    });
  });

  it('refuses a window that ends before it starts, and warns past the resolve-by deadline', () => {
    const schedule = action();
    render(<ScheduleForm ticket={ticket()} schedule={schedule} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2030-03-02T12:00' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-03-02T09:00' } });
    expect(screen.getByRole('alert').textContent).toBe('The window must end after it starts.');
    expect((screen.getByRole('button', { name: 'Save the window' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2030-03-06T09:00' } });
    expect(screen.getByText('This window ends after the resolve-by deadline.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save the window' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('starts from the current window and shows the hub’s error naming the field, in Chinese too', () => {
    act(() => setLocale('zh'));
    const window = { from: '2030-03-02T01:00:00.000Z', to: '2030-03-02T04:00:00.000Z' };
    const error = new ApiError(400, { code: 'invalid', message: 'to: must be in the future', field: 'to' });
    render(<ScheduleForm ticket={ticket({ plannedWindow: window })} schedule={action({ error })} />);
    expect(screen.getByRole('form', { name: '安排维修时段' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '调整计划时段' })).toBeTruthy();
    expect((screen.getByLabelText('开始') as HTMLInputElement).value).toBe(isoToLocalInput(window.from));
    expect((screen.getByLabelText('结束') as HTMLInputElement).value).toBe(isoToLocalInput(window.to));
    expect(screen.getByRole('alert').textContent).toBe('to: must be in the future');
  });
});
