import type { LoadReport } from './generator.ts';

/** Messages between a parent and a forked load generator (see child.ts). */
export type ToLoadChild = { type: 'go'; startAt: number } | { type: 'rate'; rate: number };

export type FromLoadChild =
  | { type: 'ready' }
  | { type: 'progress'; sent: number; acked: number }
  | { type: 'report'; report: LoadReport }
  | { type: 'failed'; message: string };

/** How often a running child reports its counts. */
export const PROGRESS_INTERVAL_MS = 100;
