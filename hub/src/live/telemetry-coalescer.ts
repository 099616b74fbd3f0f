export interface TelemetryAggregate {
  assetId: string;
  metric: string;
  unit: string;
  count: number;
  min: number;
  max: number;
  mean: number;
  last: number;
  /** Device time of the last sample. */
  at: string;
}

/**
 * Folds raw telemetry into one aggregate per asset and metric per flush, so a browser gets a
 * steady trickle (one message a second) however fast sensors report.
 */
export class TelemetryCoalescer {
  readonly #buckets = new Map<
    string,
    {
      assetId: string;
      metric: string;
      unit: string;
      count: number;
      sum: number;
      min: number;
      max: number;
      last: number;
      at: Date;
    }
  >();

  add(assetId: string, metric: string, value: number, unit: string, at: Date): void {
    const key = `${assetId}\u0000${metric}`;
    const bucket = this.#buckets.get(key);
    if (!bucket) {
      this.#buckets.set(key, { assetId, metric, unit, count: 1, sum: value, min: value, max: value, last: value, at });
      return;
    }
    bucket.count += 1;
    bucket.sum += value;
    bucket.min = Math.min(bucket.min, value);
    bucket.max = Math.max(bucket.max, value);
    if (at >= bucket.at) {
      bucket.last = value;
      bucket.at = at;
    }
  }

  get size(): number {
    return this.#buckets.size;
  }

  flush(): TelemetryAggregate[] {
    const out = [...this.#buckets.values()].map((b) => ({
      assetId: b.assetId,
      metric: b.metric,
      unit: b.unit,
      count: b.count,
      min: b.min,
      max: b.max,
      mean: b.sum / b.count,
      last: b.last,
      at: b.at.toISOString(),
    }));
    this.#buckets.clear();
    return out;
  }
}
