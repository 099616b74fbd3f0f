import type { Target } from './options.ts';

/** One line of the results table. */
export interface ResultRow {
  /** Unset for the bare broker, which has no database. */
  target?: Target;
  /** Unset for COPY, which has no MQTT. */
  qos?: 0 | 1;
  /** product: the hub runtime; gateway: the gateway alone. */
  reference: 'product' | 'gateway' | 'broker' | 'copy' | 'pipeline';
  /** Set for a run at a fixed rate (the latency runs); unset at maximum rate. */
  fixedRate?: number;
  label: string;
  eventsPerSec: number;
  rowsPerSec: number;
  committed: number;
  sent?: number;
  p50Ms?: number;
  p99Ms?: number;
  p999Ms?: number;
  /** Peak resident set of the measured process: the product, the broker of (a), the COPY or pipeline worker. */
  peakRssMb?: number;
  publisherPeakRssMb: number[];
  /** CPU cores used on average while the run lasted, per part. */
  cores?: { publishers: number; broker?: number; sink: number; postgres: number; other: number };
  /** Event-loop utilisation of the measured Node process (1 = its main thread never idled). */
  eventLoop?: number;
  notes: string[];
}
