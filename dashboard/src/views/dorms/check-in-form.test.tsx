// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale, useT } from '../../i18n/i18n.ts';
import type { FacilityItem, Resident } from './api-types.ts';
import { CheckInForm } from './check-in-form.tsx';
import { messages } from './messages.ts';
import type { CheckInInput } from './use-check-in.ts';

const resident: Resident = {
  id: 5,
  personNo: 'S2026001',
  kind: 'student',
  name: 'Li Ming',
  gender: 'male',
  cohort: '2026',
  status: 'allocated',
  statusLabel: { en: 'Allocated', zh: '已分配' },
  place: { buildingId: 'b3', buildingName: '3号楼', roomId: 'b3-402', roomNumber: '402', bedId: 'b3-402-1', bedLabel: '1' },
  allocatedAt: '2026-08-20T08:00:00Z',
};

const item = (id: number, kind: string, label: string): FacilityItem => ({
  id,
  roomId: 'b3-402',
  kind,
  kindLabel: { en: kind === 'desk' ? 'Desk' : 'Window', zh: kind === 'desk' ? '书桌' : '窗户' },
  label,
  assetId: null,
  condition: 'ok',
  note: null,
});

const mutation = () => ({
  run: vi.fn(async (_input: CheckInInput): Promise<unknown> => ({})),
  pending: false,
  error: null,
  reset: vi.fn(),
});

function Form({ checkIn }: { checkIn: ReturnType<typeof mutation> }) {
  const t = useT(messages);
  return <CheckInForm resident={resident} checkIn={checkIn} t={t} />;
}

async function open(summary: string) {
  const details = screen.getByText(summary).closest('details') as HTMLDetailsElement;
  await act(async () => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  act(() => setLocale('en'));
});

describe('DRM-2 recording a check-in', () => {
  it('loads the room’s register when opened and sends identity, the items not in order and the card', async () => {
    const fetch = vi.fn(
      async (_url: string) =>
        new Response(JSON.stringify({ facilities: [item(1, 'desk', 'Desk 1'), item(2, 'window', 'Window')] })),
    );
    vi.stubGlobal('fetch', fetch);
    const checkIn = mutation();
    render(<Form checkIn={checkIn} />);
    expect(fetch).not.toHaveBeenCalled();
    await open('Check in Li Ming…');
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/dorms/rooms/b3-402');
    const submit = screen.getByRole('button', { name: 'Record the check-in' }) as HTMLButtonElement;
    fireEvent.change(screen.getByLabelText('Last 4 characters of the ID document'), { target: { value: '12' } });
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Last 4 characters of the ID document'), { target: { value: '123X' } });
    fireEvent.change(screen.getByLabelText(/Window · Window/), { target: { value: 'damaged' } });
    fireEvent.change(screen.getByLabelText('What is wrong with Window'), { target: { value: 'Cracked pane' } });
    fireEvent.change(screen.getByLabelText('Campus card to issue (optional)'), { target: { value: 'C2026001' } });
    await act(async () => fireEvent.click(submit));
    expect(checkIn.run).toHaveBeenCalledWith({
      personNo: 'S2026001',
      idLast4: '123X',
      items: [{ itemId: 2, condition: 'damaged', note: 'Cracked pane' }],
      cardId: 'C2026001',
    });
  });

  it('speaks Chinese', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ facilities: [item(1, 'desk', '书桌1')] }))),
    );
    act(() => setLocale('zh'));
    render(<Form checkIn={mutation()} />);
    await open('为 Li Ming 办理入住…');
    expect(screen.getByLabelText('身份证件后 4 位')).toBeTruthy();
    expect(screen.getByRole('option', { name: '损坏' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '登记入住' })).toBeTruthy();
  });
});
