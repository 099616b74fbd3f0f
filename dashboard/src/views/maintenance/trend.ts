/**
 * The evidence of a predictive-maintenance ticket (hub/src/rules/rules/equipment.ts): the
 * readings, the least-squares line the rule fitted (time in hours from `origin`), the limit and
 * when the line crosses it. Turned here into what the chart draws; pure, so it is unit-tested.
 */
export interface TrendEvidence {
  assetId: string | null;
  metric: string | null;
  unit: string | null;
  cause: string | null;
  series: Array<{ t: string; v: number }>;
  fit: { slope: number; intercept: number; origin: string; unit: string } | null;
  limit: { high?: number; low?: number } | null;
  predictedAt: string | null;
  hoursAhead: number | null;
}

const HOUR_MS = 3_600_000;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads the evidence defensively (it is a free-form record in the API); null when there is no series. */
export function parseTrendEvidence(evidence: Record<string, unknown> | null | undefined): TrendEvidence | null {
  if (!evidence || !Array.isArray(evidence.series)) return null;
  const series = evidence.series
    .map((p) => p as { t?: unknown; v?: unknown })
    .filter((p) => typeof p.t === 'string' && num(p.v) !== null)
    .map((p) => ({ t: p.t as string, v: p.v as number }));
  if (series.length === 0) return null;
  const rawFit = evidence.fit as { slope?: unknown; intercept?: unknown; origin?: unknown; unit?: unknown } | null | undefined;
  const slope = num(rawFit?.slope);
  const intercept = num(rawFit?.intercept);
  const origin = str(rawFit?.origin);
  const fit =
    slope !== null && intercept !== null && origin !== null
      ? { slope, intercept, origin, unit: str(rawFit?.unit) ?? 'per hour' }
      : null;
  const rawLimit = evidence.limit as { high?: unknown; low?: unknown } | null | undefined;
  const high = num(rawLimit?.high);
  const low = num(rawLimit?.low);
  const limit = high === null && low === null ? null : { ...(high === null ? {} : { high }), ...(low === null ? {} : { low }) };
  return {
    assetId: str(evidence.assetId),
    metric: str(evidence.metric),
    unit: str(evidence.unit),
    cause: str(evidence.cause),
    series,
    fit,
    limit,
    predictedAt: str(evidence.predictedAt),
    hoursAhead: num(evidence.hoursAhead),
  };
}

/** The fitted value at a time (ms since epoch). */
export function fitValueAt(fit: NonNullable<TrendEvidence['fit']>, atMs: number): number {
  return fit.intercept + fit.slope * ((atMs - Date.parse(fit.origin)) / HOUR_MS);
}

/** When the fitted line reaches the limit it heads for (high when rising, low when falling); null if never after `afterMs`. */
export function crossingOf(
  fit: NonNullable<TrendEvidence['fit']>,
  limit: TrendEvidence['limit'],
  afterMs: number,
): number | null {
  if (!limit || fit.slope === 0) return null;
  const target = fit.slope > 0 ? limit.high : limit.low;
  if (target === undefined) return null;
  const at = Date.parse(fit.origin) + ((target - fit.intercept) / fit.slope) * HOUR_MS;
  return at >= afterMs ? at : null;
}

export interface ChartPoint {
  t: number;
  reading?: number;
  trend?: number;
}

export interface TrendChart {
  points: ChartPoint[];
  /** The crossing drawn on the chart: the rule's predictedAt, else computed from the fit. */
  crossingAt: number | null;
  crossingValue: number | null;
  domain: [number, number];
}

/**
 * Readings as dots, the fitted line from the first reading to the crossing (or the last reading
 * when there is none), and the crossing point on the limit.
 */
export function trendChart(evidence: TrendEvidence): TrendChart {
  const readings = evidence.series.map((p) => ({ t: Date.parse(p.t), reading: p.v })).sort((a, b) => a.t - b.t);
  const first = readings[0]?.t ?? 0;
  const last = readings.at(-1)?.t ?? first;
  const predicted = evidence.predictedAt ? Date.parse(evidence.predictedAt) : Number.NaN;
  const crossingAt = Number.isFinite(predicted)
    ? predicted
    : evidence.fit
      ? crossingOf(evidence.fit, evidence.limit, last)
      : null;
  const end = crossingAt !== null && crossingAt > last ? crossingAt : last;
  const points: ChartPoint[] = readings.map((r) => ({ ...r }));
  let crossingValue: number | null = null;
  if (evidence.fit) {
    const fit = evidence.fit;
    for (const p of points) p.trend = fitValueAt(fit, p.t);
    if (end > last) points.push({ t: end, trend: fitValueAt(fit, end) });
    if (crossingAt !== null) crossingValue = fitValueAt(fit, crossingAt);
  }
  return { points, crossingAt, crossingValue, domain: [first, end] };
}
