/** The live channel's events (hub/src/live/live-channel.ts). */
export const LIVE_EVENTS = [
  'alert',
  'alert.notice',
  'swipes',
  'telemetry',
  'ingest.stats',
  'maintenance.ticket',
  'catering.kitchen_order_received',
  'catering.kitchen_order_changed',
] as const;
export type LiveEvent = (typeof LIVE_EVENTS)[number];

export interface LiveMessage {
  seq: number;
  event: LiveEvent;
  data: unknown;
}

export interface ResumeAck {
  gap: boolean;
  seq: number;
  messages: Array<{ seq: number; event: string; data: unknown }>;
}

export interface Delivery {
  deliver: LiveMessage[];
  /** Messages were lost: views must re-read their state over REST. */
  resync: boolean;
}

const isLiveEvent = (event: string): event is LiveEvent => (LIVE_EVENTS as readonly string[]).includes(event);

/**
 * Keeps the live channel's messages in order and exactly once across reconnects. Pure state
 * machine (no socket), so the ordering rules are unit-tested:
 * - first `hello`: start from the server's seq, nothing to catch up;
 * - later `hello` (a reconnect): ask `resume` from the last seq applied; live messages that arrive
 *   before the answer wait in a buffer, then come after the resumed ones, each seq once;
 * - the answer says `gap`, or the server's seq went backwards (the hub restarted): resync.
 */
export class LiveSequencer {
  #lastSeq: number | null = null;
  #resuming = false;
  #buffer: LiveMessage[] = [];

  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  get resuming(): boolean {
    return this.#resuming;
  }

  /** @returns the seq to resume from, or null when there is nothing to resume. */
  hello(serverSeq: number): { resumeFrom: number | null; resync: boolean } {
    if (this.#lastSeq === null) {
      this.#lastSeq = serverSeq;
      return { resumeFrom: null, resync: false };
    }
    if (serverSeq < this.#lastSeq) {
      // A restarted hub numbers from zero again: what we hold may be stale.
      this.#lastSeq = serverSeq;
      this.#buffer = [];
      return { resumeFrom: null, resync: true };
    }
    this.#resuming = true;
    return { resumeFrom: this.#lastSeq, resync: false };
  }

  /** A message pushed live. */
  receive(message: LiveMessage): LiveMessage[] {
    if (this.#resuming) {
      this.#buffer.push(message);
      return [];
    }
    return this.#accept([message]);
  }

  /** The answer to `resume`. */
  resumed(ack: ResumeAck): Delivery {
    this.#resuming = false;
    const resumed: LiveMessage[] = [];
    for (const m of ack.messages) if (isLiveEvent(m.event)) resumed.push({ seq: m.seq, event: m.event, data: m.data });
    const buffered = this.#buffer;
    this.#buffer = [];
    const all = [...resumed, ...buffered].sort((a, b) => a.seq - b.seq);
    const deliver = this.#accept(all);
    if (this.#lastSeq !== null && ack.seq > this.#lastSeq && !ack.gap) this.#lastSeq = ack.seq;
    return { deliver, resync: ack.gap };
  }

  /** The resume request failed (timeout, disconnected again): treat as a gap. */
  resumeFailed(): Delivery {
    this.#resuming = false;
    const deliver = this.#accept(this.#buffer.sort((a, b) => a.seq - b.seq));
    this.#buffer = [];
    return { deliver, resync: true };
  }

  #accept(messages: LiveMessage[]): LiveMessage[] {
    const out: LiveMessage[] = [];
    for (const message of messages) {
      if (this.#lastSeq !== null && message.seq <= this.#lastSeq) continue;
      this.#lastSeq = message.seq;
      out.push(message);
    }
    return out;
  }
}
