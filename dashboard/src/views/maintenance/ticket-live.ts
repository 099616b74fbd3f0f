import { useEffect, useRef } from 'react';
import { subscribeLive } from '../../live/live-connection.ts';
import type { TicketStatus } from './types.ts';

/**
 * hub/src/live/live-channel.ts `#publishTicket`: a ticket changed (opened, triaged, assigned,
 * planned, confirmed, done…). Only the id and the step travel; lists re-read what they show.
 */
export interface TicketLiveChange {
  ticketId: number;
  change: string;
  status: TicketStatus;
}

const isChange = (value: unknown): value is TicketLiveChange =>
  typeof value === 'object' && value !== null && typeof (value as TicketLiveChange).ticketId === 'number';

/**
 * Calls `onChange` with the ticket changes of one animation frame (a rule opening fifty tickets
 * reloads a list once, not fifty times). `enabled` false listens to nothing.
 */
export function useTicketLive(onChange: (changes: TicketLiveChange[]) => void, enabled = true): void {
  const ref = useRef(onChange);
  ref.current = onChange;
  useEffect(() => {
    if (!enabled) return;
    return subscribeLive('maintenance.ticket', (batch) => {
      const changes = batch.filter(isChange);
      if (changes.length > 0) ref.current(changes);
    });
  }, [enabled]);
}
