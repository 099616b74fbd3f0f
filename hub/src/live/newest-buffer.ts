/**
 * Holds the newest `capacity` items pushed since the last `take`. Trimmed in steps of
 * `capacity` rather than on every push, so a flood costs one splice per `capacity` items.
 */
export class NewestBuffer<Item> {
  readonly #capacity: number;
  #items: Item[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  push(item: Item): void {
    this.#items.push(item);
    if (this.#items.length >= 2 * this.#capacity) this.#items.splice(0, this.#items.length - this.#capacity);
  }

  /** The newest items, oldest first, and empties the buffer. */
  take(): Item[] {
    const items = this.#items.length > this.#capacity ? this.#items.slice(-this.#capacity) : this.#items;
    this.#items = [];
    return items;
  }
}
