/**
 * Smooth weighted round robin: over any window the items come up in proportion to their
 * weights, interleaved rather than in runs, so a load's kind mix holds at every rate.
 */
export class WeightedCycle<Item> {
  readonly #items: Array<{ item: Item; weight: number; current: number }>;
  readonly #total: number;
  #peeked: Item | undefined;

  constructor(entries: ReadonlyArray<{ item: Item; weight: number }>) {
    this.#items = entries.filter((entry) => entry.weight > 0).map((entry) => ({ ...entry, current: 0 }));
    this.#total = this.#items.reduce((sum, entry) => sum + entry.weight, 0);
    if (this.#items.length === 0) throw new Error('a weighted cycle needs an item with a positive weight');
  }

  /** The item `next` returns, without moving on. */
  peek(): Item {
    this.#peeked ??= this.#advance();
    return this.#peeked;
  }

  next(): Item {
    const item = this.peek();
    this.#peeked = undefined;
    return item;
  }

  #advance(): Item {
    let best = this.#items[0];
    for (const entry of this.#items) {
      entry.current += entry.weight;
      if (best === undefined || entry.current > best.current) best = entry;
    }
    if (best === undefined) throw new Error('unreachable: the cycle is empty');
    best.current -= this.#total;
    return best.item;
  }
}
