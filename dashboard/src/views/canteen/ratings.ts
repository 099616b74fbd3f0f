import type { RatingAnalysis } from './api-types.ts';

export interface RatingPoint {
  /** The bucket's first day, YYYY-MM-DD. */
  key: string;
  dish: number;
  service: number;
  environment: number;
  overall: number;
  ratings: number;
}

/** Satisfaction over time (CAT-8) as chart points, oldest first, averages rounded to two decimals. */
export function ratingSeries(analysis: Pick<RatingAnalysis, 'overTime'>): RatingPoint[] {
  const round = (value: number) => Math.round(value * 100) / 100;
  return [...analysis.overTime]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((bucket) => ({
      key: bucket.key,
      dish: round(bucket.dish),
      service: round(bucket.service),
      environment: round(bucket.environment),
      overall: round(bucket.overall),
      ratings: bucket.ratings,
    }));
}

/** The date range of the analysis: the last `days` days up to today, in campus calendar dates. */
export function analysisRange(now: Date, days: number, timeZone = 'Asia/Shanghai'): { from: string; to: string } {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return { from: fmt.format(new Date(now.getTime() - (days - 1) * 86_400_000)), to: fmt.format(now) };
}
