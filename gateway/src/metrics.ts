import { type DeviceKind, REJECT_REASONS, type RejectReason } from '@campus/protocol';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type MetricValueWithName, Registry } from 'prom-client';

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BATCH_BUCKETS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000];

/** Ingest metrics, served as Prometheus text at /metrics and as JSON for the dashboard. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly events = new Counter({
    name: 'campus_ingest_events_total',
    help: 'Device events by kind and outcome (stored once, or a duplicate resend).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly rejected = new Counter({
    name: 'campus_ingest_rejected_total',
    help: 'Messages refused by the gateway, by device and reason.',
    labelNames: ['device_id', 'reason'] as const,
    registers: [this.registry],
  });
  readonly batchRows = new Histogram({
    name: 'campus_ingest_batch_rows',
    help: 'Records per database write.',
    labelNames: ['from'] as const,
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });
  readonly commitLatency = new Histogram({
    name: 'campus_ingest_commit_latency_seconds',
    help: 'From gateway receipt to database commit.',
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });
  readonly spoolRows = new Gauge({
    name: 'campus_ingest_spool_rows',
    help: 'Records waiting in the spool.',
    registers: [this.registry],
  });
  readonly spoolBytes = new Gauge({ name: 'campus_ingest_spool_bytes', help: 'Bytes in the spool.', registers: [this.registry] });
  readonly queued = new Gauge({
    name: 'campus_ingest_queued',
    help: 'Records waiting for the next batch.',
    registers: [this.registry],
  });
  readonly spooled = new Counter({
    name: 'campus_ingest_spooled_total',
    help: 'Records written to the spool.',
    registers: [this.registry],
  });
  readonly gateDecisions = new Counter({
    name: 'campus_gate_decisions_total',
    help: 'Gate authorization answers (DRM-6), by outcome and reason.',
    labelNames: ['allowed', 'reason'] as const,
    registers: [this.registry],
  });
  readonly clients = new Gauge({
    name: 'campus_broker_clients',
    help: 'Devices connected to the embedded broker.',
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'campus_gateway_' });
  }

  countRejected(deviceId: string | null, reason: RejectReason): void {
    this.rejected.inc({ device_id: deviceId ?? 'unknown', reason });
  }

  async snapshot(): Promise<IngestSnapshot> {
    const stored: Record<string, number> = {};
    const duplicates: Record<string, number> = {};
    for (const value of (await this.events.get()).values) {
      const target = value.labels.outcome === 'stored' ? stored : duplicates;
      const kind = String(value.labels.kind);
      target[kind] = (target[kind] ?? 0) + value.value;
    }
    const rejected: Partial<Record<RejectReason, number>> = {};
    for (const value of (await this.rejected.get()).values) {
      const reason = value.labels.reason as RejectReason;
      if (REJECT_REASONS.includes(reason)) rejected[reason] = (rejected[reason] ?? 0) + value.value;
    }
    const latency = (await this.commitLatency.get()).values;
    return {
      stored,
      duplicates,
      rejected,
      spool: {
        rows: (await this.spoolRows.get()).values[0]?.value ?? 0,
        bytes: (await this.spoolBytes.get()).values[0]?.value ?? 0,
      },
      queued: (await this.queued.get()).values[0]?.value ?? 0,
      clients: (await this.clients.get()).values[0]?.value ?? 0,
      commitLatencyMs: {
        p50: quantileFromBuckets(latency, 0.5) * 1000,
        p99: quantileFromBuckets(latency, 0.99) * 1000,
      },
    };
  }
}

export interface IngestSnapshot {
  stored: Partial<Record<DeviceKind, number>>;
  duplicates: Partial<Record<DeviceKind, number>>;
  rejected: Partial<Record<RejectReason, number>>;
  spool: { rows: number; bytes: number };
  queued: number;
  clients: number;
  commitLatencyMs: { p50: number; p99: number };
}

type HistogramValue = MetricValueWithName<string>;

/** Upper bound of the bucket holding the q-quantile: coarse, but honest about its resolution. */
function quantileFromBuckets(values: HistogramValue[], q: number): number {
  const buckets = values
    .filter((v) => v.metricName?.endsWith('_bucket') && v.labels.le !== '+Inf')
    .map((v) => ({ le: Number(v.labels.le), count: v.value }))
    .sort((a, b) => a.le - b.le);
  const total = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  if (total === 0) return 0;
  for (const bucket of buckets) if (bucket.count >= q * total) return bucket.le;
  return buckets.at(-1)?.le ?? 0;
}
