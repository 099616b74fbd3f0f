import type { DeviceKind } from '@campus/protocol';

export type StatKind = DeviceKind | 'raw' | 'status';

/** What a run sent: counted by the transport, read by the progress display and the final report. */
export class SimStats {
  sent = 0;
  /** QoS 1: acknowledged by the broker (with the embedded broker: stored). QoS 0: written to the socket. */
  acked = 0;
  failed = 0;
  /** Background actions left out because a scenario held the device, or the device was offline. */
  skipped = 0;
  readonly sentByKind: Record<StatKind, number> = { gate: 0, terminal: 0, scale: 0, sensor: 0, raw: 0, status: 0 };
  /** Simulated time of the latest action performed. */
  simTime = 0;
  readonly startedAt = Date.now();
  lastError: string | undefined;

  countSent(kind: StatKind): void {
    this.sent += 1;
    this.sentByKind[kind] += 1;
  }

  snapshot(): StatsSnapshot {
    return {
      sent: this.sent,
      acked: this.acked,
      failed: this.failed,
      skipped: this.skipped,
      sentByKind: { ...this.sentByKind },
      simTime: this.simTime,
      elapsedMs: Date.now() - this.startedAt,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }
}

export interface StatsSnapshot {
  sent: number;
  acked: number;
  failed: number;
  skipped: number;
  sentByKind: Record<StatKind, number>;
  simTime: number;
  elapsedMs: number;
  lastError?: string;
}
