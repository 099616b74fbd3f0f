// @vitest-environment happy-dom
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { deliverLive } from '../../live/live-connection.ts';
import { frame, settle, signedInDuringEachTest } from '../../live/live-test-support.ts';
import type { Ticket } from '../maintenance/types.ts';
import RepairView from './repair-view.tsx';

const ME = 7;

function ticket(status: string, technician: string | null): Partial<Ticket> {
  return {
    id: 31,
    title: 'Air conditioner leaks water',
    place: { buildingId: null, roomId: null, text: 'Library 2F' },
    createdAt: '2026-03-02T08:00:00Z',
    status: status as Ticket['status'],
    statusLabel: { en: status, zh: status },
    technician: technician ? { id: 40, name: technician } : null,
    scheduledAt: null,
    rating: null,
  };
}

/** The hub as the requester sees it: the ticket list answers whatever `current` holds now. */
function stubHub() {
  const hub = { current: ticket('triaged', null), listReads: 0 };
  const fetch = vi.fn(async (url: string) => {
    if (url.startsWith('/api/maintenance/tickets?')) {
      hub.listReads += 1;
      return Response.json({ items: [hub.current], nextCursor: null });
    }
    if (url === '/api/maintenance/vocabulary')
      return Response.json({ photos: { maxBytes: 5_242_880, perTicket: 3, types: ['image/jpeg'] } });
    return Response.json({ code: 'not_found', message: url }, { status: 404 });
  });
  vi.stubGlobal('fetch', fetch);
  return { hub, fetch };
}

signedInDuringEachTest({
  id: ME,
  username: 's2026001',
  displayName: 'Li Ming',
  roles: ['requester'],
  departmentId: null,
  permissions: ['maintenance.request'],
  mustChangePassword: false,
});

describe('MNT-5 my repair requests follow the live channel', () => {
  it('shows the technician as soon as the hub says the request changed', async () => {
    const { hub, fetch } = stubHub();
    render(<RepairView />);
    await settle();
    expect(fetch.mock.calls.map(([url]) => url)).toContain(`/api/maintenance/tickets?requesterId=${ME}&limit=200`);
    expect(screen.getByText('triaged')).toBeTruthy();
    expect(screen.queryByText('Technician: Wang Qiang')).toBeNull();

    hub.current = ticket('assigned', 'Wang Qiang');
    deliverLive([{ seq: 1, event: 'maintenance.ticket', data: { ticketId: 31, change: 'assigned', status: 'assigned' } }]);
    await frame();
    expect(screen.getByText('assigned')).toBeTruthy();
    expect(screen.getByText('Technician: Wang Qiang')).toBeTruthy();
  });

  it('re-reads the list once for a frame of changes', async () => {
    const { hub } = stubHub();
    render(<RepairView />);
    await settle();
    const first = hub.listReads;
    deliverLive([
      { seq: 2, event: 'maintenance.ticket', data: { ticketId: 31, change: 'planned', status: 'assigned' } },
      { seq: 3, event: 'maintenance.ticket', data: { ticketId: 31, change: 'confirmed', status: 'scheduled' } },
    ]);
    await frame();
    expect(hub.listReads).toBe(first + 1);
  });

  it('keeps only a slow poll, every two minutes, for what the live channel does not say', async () => {
    // Only the poll's clock is faked: fetch and the live hand-over keep their real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { hub } = stubHub();
    render(<RepairView />);
    await settle();
    const mounted = hub.listReads;
    await act(async () => vi.advanceTimersByTime(60_000));
    await settle();
    expect(hub.listReads).toBe(mounted);
    await act(async () => vi.advanceTimersByTime(60_000));
    await settle();
    expect(hub.listReads).toBe(mounted + 1);
  });
});
