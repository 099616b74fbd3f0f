/**
 * Least-squares line through (t, v) points, on the time axis (t − origin) / unit: a window kept
 * in epoch ms is fitted in hours since its first point without a mapped copy per reading.
 */
export function fitLine(
  points: ReadonlyArray<{ t: number; v: number }>,
  origin = 0,
  unit = 1,
): { slope: number; intercept: number } | null {
  const n = points.length;
  if (n < 2) return null;
  let st = 0;
  let sv = 0;
  let stt = 0;
  let stv = 0;
  for (const point of points) {
    const t = (point.t - origin) / unit;
    const v = point.v;
    st += t;
    sv += v;
    stt += t * t;
    stv += t * v;
  }
  const denominator = n * stt - st * st;
  if (denominator === 0) return null;
  const slope = (n * stv - st * sv) / denominator;
  return { slope, intercept: (sv - slope * st) / n };
}

/** When a rising (or falling) line reaches `limit`, in the same time unit; null if never ahead. */
export function crossingTime(line: { slope: number; intercept: number }, limit: number, now: number): number | null {
  if (line.slope === 0) return null;
  const at = (limit - line.intercept) / line.slope;
  return at >= now ? at : null;
}

/** Exponentially weighted mean and variance, the learned baseline of a metric. */
export function ewma(
  baseline: { mean: number; variance: number; n: number },
  value: number,
  alpha: number,
): { mean: number; variance: number; n: number } {
  if (baseline.n === 0) return { mean: value, variance: 0, n: 1 };
  const diff = value - baseline.mean;
  const increment = alpha * diff;
  return { mean: baseline.mean + increment, variance: (1 - alpha) * (baseline.variance + diff * increment), n: baseline.n + 1 };
}
