/** One message of the live channel, numbered so a client can say what it saw last. */
export interface LiveMessage {
  seq: number;
  room: string;
  event: string;
  data: unknown;
}

/** A batch (swipes, telemetry) weighs what it carries; anything else weighs one. */
const weightOf = (data: unknown): number => (Array.isArray(data) ? Math.max(1, data.length) : 1);

/**
 * A bounded, in-memory journal of recent live messages. A reconnecting client asks for
 * everything after its last `seq`; when that is older than the journal holds, it learns there
 * is a gap and re-reads current state over the REST API instead of showing a hole.
 *
 * The bound counts items, not messages: a swipes batch under a flood carries hundreds, and a
 * count of messages let the journal grow to hundreds of MB at full ingest rate.
 */
export class LiveJournal {
  readonly #capacity: number;
  readonly #messages: LiveMessage[] = [];
  readonly #weights: number[] = [];
  #weight = 0;
  #seq = 0;

  /** `capacity`: items held at most (the newest message is always held). */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  append(room: string, event: string, data: unknown): LiveMessage {
    this.#seq += 1;
    const message = { seq: this.#seq, room, event, data };
    const weight = weightOf(data);
    this.#messages.push(message);
    this.#weights.push(weight);
    this.#weight += weight;
    let drop = 0;
    while (this.#weight > this.#capacity && drop < this.#messages.length - 1) {
      this.#weight -= this.#weights[drop] ?? 0;
      drop += 1;
    }
    if (drop > 0) {
      this.#messages.splice(0, drop);
      this.#weights.splice(0, drop);
    }
    return message;
  }

  /** Messages after `since` in the given rooms, or `gap` when some of them are gone. */
  since(since: number, rooms: ReadonlySet<string>): { gap: boolean; messages: LiveMessage[] } {
    const oldest = this.#messages[0]?.seq ?? this.#seq + 1;
    // Ahead of us means the client saw a previous run of the hub (its journal restarted at 0).
    const gap = (since < oldest - 1 && since < this.#seq) || since > this.#seq;
    return { gap, messages: this.#messages.filter((m) => m.seq > since && rooms.has(m.room)) };
  }
}
