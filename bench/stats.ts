import { BUCKET_MS, type RunStats } from './tracker.ts';

/** Events per second committed inside [from, to) (epoch ms), counting whole buckets only. */
export function sustainedRate(stats: RunStats, from: number, to: number): number {
  const start = Math.ceil(from / BUCKET_MS) * BUCKET_MS;
  const end = Math.floor(to / BUCKET_MS) * BUCKET_MS;
  if (end <= start) return 0;
  let events = 0;
  for (const [bucket, count] of stats.timeline) if (bucket >= start && bucket < end) events += count;
  return (events * 1000) / (end - start);
}

/** The q-quantile (0..1) of a [value, count] histogram, or undefined when it is empty. */
export function quantile(histogram: ReadonlyArray<[number, number]>, q: number): number | undefined {
  const total = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [value, count] of histogram) {
    seen += count;
    if (seen >= rank) return value;
  }
  return histogram.at(-1)?.[0];
}
