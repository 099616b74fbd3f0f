// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliverLive } from '../../live/live-connection.ts';
import { frame } from '../../live/live-test-support.ts';
import { type TicketLiveChange, useTicketLive } from './ticket-live.ts';

function Listener({ onChange, enabled = true }: { onChange: (c: TicketLiveChange[]) => void; enabled?: boolean }) {
  useTicketLive(onChange, enabled);
  return null;
}

const change = (seq: number, ticketId: number, kind = 'assigned') => ({
  seq,
  event: 'maintenance.ticket' as const,
  data: { ticketId, change: kind, status: 'assigned' },
});

afterEach(cleanup);

describe('ticket changes on the live channel', () => {
  it('hands over the changes of one frame at once, so a list re-reads once', async () => {
    const onChange = vi.fn();
    render(<Listener onChange={onChange} />);
    deliverLive([change(1, 10, 'opened'), change(2, 11, 'opened'), { seq: 3, event: 'alert', data: {} }]);
    await frame();
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange.mock.calls[0]?.[0]).toEqual([
      { ticketId: 10, change: 'opened', status: 'assigned' },
      { ticketId: 11, change: 'opened', status: 'assigned' },
    ]);
  });

  it('listens to nothing when disabled, and stops when unmounted', async () => {
    const onChange = vi.fn();
    const view = render(<Listener onChange={onChange} enabled={false} />);
    deliverLive([change(4, 12)]);
    await frame();
    view.rerender(<Listener onChange={onChange} />);
    view.unmount();
    deliverLive([change(5, 12)]);
    await frame();
    expect(onChange).not.toHaveBeenCalled();
  });
});
