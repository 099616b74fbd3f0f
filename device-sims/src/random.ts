/**
 * Seeded randomness: every simulated value comes from a stream named by what it is for
 * (`rngFor(seed, 'orders', canteen, minute)`), so the output depends on the seed and the
 * simulated time only, never on how the run was sliced into ticks or in which order sources ran.
 */

/** 32-bit FNV-1a over the parts, mixed with murmur3's finaliser: a stable stream name → seed. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part}\u0000`;
    for (let index = 0; index < text.length; index += 1) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** mulberry32: a tiny, fast generator with a 32-bit state; plenty for simulation noise. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.#next();
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.#next();
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.#next());
  }

  chance(probability: number): boolean {
    return this.#next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<{ item: T; weight: number }>): T {
    const total = items.reduce((sum, entry) => sum + entry.weight, 0);
    let target = this.#next() * total;
    for (const entry of items) {
      target -= entry.weight;
      if (target < 0) return entry.item;
    }
    const last = items.at(-1);
    if (!last) throw new Error('weighted pick from an empty list');
    return last.item;
  }

  /** Normal deviate (Box-Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.#next();
    const v = this.#next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson count; Knuth's method below 30, a rounded normal above (good enough for arrivals). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let count = 0;
    let product = this.#next();
    while (product > limit) {
      count += 1;
      product *= this.#next();
    }
    return count;
  }
}

/** The generator for one named stream of one seed. */
export function rngFor(seed: number, ...parts: ReadonlyArray<string | number>): Rng {
  return new Rng(hashParts(seed, ...parts));
}

/** A deterministic value in [-1, 1) for a name and an integer step. */
export function hashNoise(seed: number, key: string, step: number): number {
  return (hashParts(seed, key, step) / 4294967296) * 2 - 1;
}

/**
 * Smooth noise in [-1, 1]: hashed knots every `periodMs`, eased between them. A function of the
 * time alone, so MQTT sensors and the OPC UA server read the same value for the same instant.
 */
export function smoothNoise(seed: number, key: string, t: number, periodMs: number): number {
  const position = t / periodMs;
  const knot = Math.floor(position);
  const fraction = position - knot;
  const eased = fraction * fraction * (3 - 2 * fraction);
  const a = hashNoise(seed, key, knot);
  const b = hashNoise(seed, key, knot + 1);
  return a + (b - a) * eased;
}
