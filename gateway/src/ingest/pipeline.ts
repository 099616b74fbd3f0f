import { COMMAND_STREAM, deviceTopic, type GateAuthorizeResult } from '@campus/protocol';
import type { GateAccess } from '../access/gate-access.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { DeviceRegistry } from '../registry/device-registry.ts';
import type { BatchWriter } from './batch-writer.ts';
import type { DeadLetter } from './records.ts';
import { type DeviceStatus, type ValidationLimits, validateMessage } from './validate.ts';

export interface DeviceStatusChange {
  deviceId: string;
  site: string;
  kind: string;
  status: DeviceStatus;
  receivedAt: Date;
}

/** How much of a refused payload is kept: enough to diagnose, bounded against floods. */
const DEAD_LETTER_PAYLOAD_BYTES = 4096;

export interface IngestPipelineOptions {
  registry: DeviceRegistry;
  writer: BatchWriter;
  metrics: GatewayMetrics;
  limits: ValidationLimits;
  onRejected(deadLetter: DeadLetter): void;
  /** A device said it is online or offline (its own status message, or its last will). */
  onStatus?(status: DeviceStatusChange): void;
  gateAccess: GateAccess;
  /** Publishes an answer to a device (its command topic) through whichever broker is in use. */
  respond(topic: string, payload: Buffer): Promise<void>;
  now?: () => Date;
}

/**
 * One path for every message, whichever source it came from (embedded broker, external
 * broker, OPC UA): validate, then hand to the writer, a valid event or a dead letter alike.
 * Resolves when the outcome is durable; never rejects, so no source can crash on bad input.
 */
export class IngestPipeline {
  readonly #options: IngestPipelineOptions;
  /** The gateway's clock: receipt times and the skew check read it. */
  readonly now: () => Date;
  readonly lastSeen = new Map<string, Date>();
  /** What each device last said of its connection (its status or its last will), and when. */
  readonly connection = new Map<string, { status: DeviceStatus; since: Date }>();

  constructor(options: IngestPipelineOptions) {
    this.#options = options;
    this.now = options.now ?? (() => new Date());
  }

  handle(topic: string, payload: Buffer): Promise<void> {
    const receivedAt = this.now();
    const { registry, writer, limits } = this.#options;
    const verdict = validateMessage(topic, payload, (id) => registry.get(id), receivedAt, limits);
    if (verdict.ok) {
      if ('status' in verdict) {
        if (verdict.status === 'online') this.lastSeen.set(verdict.device.id, receivedAt);
        if (verdict.status) {
          const { id, site, kind } = verdict.device;
          if (this.connection.get(id)?.status !== verdict.status) {
            this.connection.set(id, { status: verdict.status, since: receivedAt });
          }
          this.#options.onStatus?.({ deviceId: id, site, kind, status: verdict.status, receivedAt });
        }
        return Promise.resolve();
      }
      if ('authorize' in verdict) {
        this.lastSeen.set(verdict.device.id, receivedAt);
        return this.#authorize(verdict.device.site, verdict.device.id, verdict.authorize.requestId, verdict.authorize.cardId);
      }
      this.lastSeen.set(verdict.event.deviceId, receivedAt);
      return writer.submit(verdict.event);
    }
    if (verdict.deviceId && registry.get(verdict.deviceId)) this.lastSeen.set(verdict.deviceId, receivedAt);
    return this.reject({
      topic,
      payload,
      receivedAt,
      deviceId: verdict.deviceId,
      reason: verdict.reason,
      detail: verdict.detail,
    });
  }

  async #authorize(site: string, gateId: string, requestId: string, cardId: string): Promise<void> {
    const decision = await this.#options.gateAccess.decide(cardId, gateId);
    this.#options.metrics.gateDecisions.inc({ allowed: String(decision.allowed), reason: decision.reason });
    const answer: GateAuthorizeResult = { type: 'authorize_result', requestId, cardId, ...decision };
    await this.#options
      .respond(deviceTopic(site, 'gate', gateId, COMMAND_STREAM), Buffer.from(JSON.stringify(answer)))
      .catch(() => {
        // The gate times out and asks again; nothing is stored for a question.
      });
  }

  reject(input: Omit<DeadLetter, 'kind'>): Promise<void> {
    // Only registered ids become metric labels: unknown ids are unbounded (and attacker-chosen).
    const known = input.deviceId && this.#options.registry.get(input.deviceId) ? input.deviceId : null;
    this.#options.metrics.countRejected(known, input.reason);
    const deadLetter: DeadLetter = {
      kind: 'dead_letter',
      ...input,
      topic: input.topic.slice(0, 512),
      payload: input.payload.subarray(0, DEAD_LETTER_PAYLOAD_BYTES),
    };
    this.#options.onRejected(deadLetter);
    return this.#options.writer.submit(deadLetter);
  }
}
