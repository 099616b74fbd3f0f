import type { TicketStatus } from './vocabulary.ts';

/**
 * What the maintenance context pushes live: that a ticket changed, and how (the history kind:
 * opened, triaged, dispatched, assigned, planned, confirmed, done, accepted…). Lists on the
 * dashboard are filtered and paged by the hub, so clients re-read what they show rather than
 * patch it; the wire message therefore carries no requester, phone or description, and a
 * technician who lost a ticket to reassignment learns only that it changed.
 */
export interface TicketChange {
  ticketId: number;
  change: string;
  status: TicketStatus;
  /** Routing only (the live channel's user rooms); not sent on the wire. */
  technicianId: number | null;
  /** The technician who had it before this step (a reassignment takes it off their list). */
  previousTechnicianId: number | null;
  requesterId: number | null;
}

export type TicketChangeListener = (change: TicketChange) => void;

/**
 * A change made inside another context's transaction (a rule or an inspection opening a ticket,
 * an approval settling a postponement) goes out once a read outside that transaction sees it:
 * the caller's commit is not ours to hook. Rolled back, it is never seen, never published.
 */
const COMMIT_PROBE_DELAYS_MS = [0, 100, 1000, 5000];

/**
 * Ticket changes, published after commit. Emitting never throws and never waits, so a slow or
 * failing subscriber cannot hold up a ticket's transaction. The context has no logger of its
 * own, so each subscriber says how its failures are reported.
 */
export class TicketFeed {
  readonly #listeners = new Map<TicketChangeListener, (err: unknown, change: TicketChange) => void>();
  readonly #uncommitted = new WeakMap<object, TicketChange[]>();
  readonly #readUpdatedAt: (ticketId: number) => Promise<Date | undefined>;

  /** @param readUpdatedAt reads a ticket's `updated_at` outside any transaction (committed state). */
  constructor(readUpdatedAt: (ticketId: number) => Promise<Date | undefined>) {
    this.#readUpdatedAt = readUpdatedAt;
  }

  /** @returns a function that removes the listener. */
  on(listener: TicketChangeListener, onError: (err: unknown, change: TicketChange) => void): () => void {
    this.#listeners.set(listener, onError);
    return () => this.#listeners.delete(listener);
  }

  /** A transaction of our own: its changes wait for `committed(tx)`; a rollback drops them with the tx. */
  begin(tx: object): void {
    this.#uncommitted.set(tx, []);
  }

  committed(tx: object): void {
    const changes = this.#uncommitted.get(tx) ?? [];
    this.#uncommitted.delete(tx);
    for (const change of changes) this.#emit(change);
  }

  /** @param updatedAt the ticket's `updated_at` as this change wrote it. */
  note(tx: object, change: TicketChange, updatedAt: Date): void {
    if (this.#listeners.size === 0) return;
    const ours = this.#uncommitted.get(tx);
    if (ours) ours.push(change);
    else this.#publishOnceSeen(change, updatedAt, 0);
  }

  #publishOnceSeen(change: TicketChange, updatedAt: Date, attempt: number): void {
    const delay = COMMIT_PROBE_DELAYS_MS[attempt];
    if (delay === undefined) return;
    setTimeout(() => {
      this.#readUpdatedAt(change.ticketId).then(
        (seen) => {
          if (seen !== undefined && seen.getTime() >= updatedAt.getTime()) this.#emit(change);
          else this.#publishOnceSeen(change, updatedAt, attempt + 1);
        },
        // The database closed (shutdown): nobody is left to tell.
        () => {},
      );
    }, delay).unref();
  }

  #emit(change: TicketChange): void {
    for (const [listener, onError] of this.#listeners) {
      try {
        listener(change);
      } catch (err) {
        onError(err, change);
      }
    }
  }
}
