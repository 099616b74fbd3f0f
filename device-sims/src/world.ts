import type { AssetSpec } from './equipment/assets.ts';
import { type AssetReading, FaultRegistry, sampleAsset } from './equipment/physics.ts';
import { DEFAULT_UTC_OFFSET_MIN } from './time.ts';

export interface SimWorldOptions {
  seed: number;
  utcOffsetMin?: number;
}

/**
 * What every part of one simulation shares: the seed, the campus time zone, the equipment's
 * degradation, and which devices a scenario has taken over from the background profile.
 */
export class SimWorld {
  readonly seed: number;
  readonly utcOffsetMin: number;
  readonly faults = new FaultRegistry();
  readonly #claims = new Map<string, number>();

  constructor(options: SimWorldOptions) {
    if (!Number.isInteger(options.seed) || options.seed < 0) throw new Error('seed must be a non-negative integer');
    this.seed = options.seed;
    this.utcOffsetMin = options.utcOffsetMin ?? DEFAULT_UTC_OFFSET_MIN;
  }

  /** The asset's readings at `t`, with its degradation at `t`: the one physics for MQTT and OPC UA. */
  sample(asset: AssetSpec, t: number): AssetReading {
    return sampleAsset(asset, t, this.faults.at(asset.id, t), { seed: this.seed, utcOffsetMin: this.utcOffsetMin });
  }

  /** Takes devices over from background sources until the returned release is called. */
  claim(deviceIds: readonly string[]): () => void {
    for (const id of deviceIds) this.#claims.set(id, (this.#claims.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const id of deviceIds) {
        const count = (this.#claims.get(id) ?? 1) - 1;
        if (count <= 0) this.#claims.delete(id);
        else this.#claims.set(id, count);
      }
    };
  }

  isClaimed(deviceId: string): boolean {
    return this.#claims.has(deviceId);
  }
}
