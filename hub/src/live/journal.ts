/** One message of the live channel, numbered so a client can say what it saw last. */
export interface LiveMessage {
  seq: number;
  room: string;
  event: string;
  data: unknown;
}

/**
 * A bounded, in-memory journal of recent live messages. A reconnecting client asks for
 * everything after its last `seq`; when that is older than the journal holds, it learns there
 * is a gap and re-reads current state over the REST API instead of showing a hole.
 */
export class LiveJournal {
  readonly #capacity: number;
  readonly #messages: LiveMessage[] = [];
  #seq = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get lastSeq(): number {
    return this.#seq;
  }

  append(room: string, event: string, data: unknown): LiveMessage {
    this.#seq += 1;
    const message = { seq: this.#seq, room, event, data };
    this.#messages.push(message);
    if (this.#messages.length > this.#capacity) this.#messages.splice(0, this.#messages.length - this.#capacity);
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
