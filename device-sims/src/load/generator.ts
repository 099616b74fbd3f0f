import type { Socket } from 'node:net';
import { DEVICE_KINDS, type DeviceKind, eventTopic } from '@campus/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import { EVEN_MIX, type KindMix, type LoadDevice } from './fleet.ts';
import { assertRunTag, buildEvent, loadEventId, MAX_SENSOR_METRICS } from './payloads.ts';
import { WeightedCycle } from './weighted-cycle.ts';

export interface LoadOptions {
  host: string;
  port: number;
  devices: LoadDevice[];
  qos: 0 | 1;
  /** Events per second from this generator; 0 publishes as fast as the broker takes them. */
  rate: number;
  durationMs: number;
  /** Prefix of every event id of this run (see `loadEventId`). */
  runTag: string;
  mix?: KindMix;
  /** Most QoS 1 publishes a device keeps unacknowledged. */
  window?: number;
  sensorMetrics?: number;
  /** How long to wait for outstanding acknowledgements after the last publish. */
  drainMs?: number;
}

export interface LoadReport {
  runTag: string;
  qos: 0 | 1;
  devices: number;
  /** 0 for a run at maximum rate. */
  targetRate: number;
  sent: number;
  /** QoS 1: PUBACKs received. QoS 0: publishes handed to the socket. */
  acked: number;
  failed: number;
  disconnects: number;
  sentByKind: Record<DeviceKind, number>;
  /** Epoch ms of the first publish. */
  startedAt: number;
  publishMs: number;
  /** From the last publish until the last acknowledgement (or the drain timeout). */
  drainMs: number;
  /** CPU time (user + system) of this process from the first publish to the end of the drain. */
  cpuMs: number;
  maxRssKb: number;
}

interface Link {
  device: LoadDevice;
  topic: string;
  client: MqttClient;
  inflight: number;
  /** Events this device has sent: a gate's cards come back in turn (in, then out). */
  sent: number;
}

const DEFAULT_WINDOW = 1000;
const DEFAULT_DRAIN_MS = 15_000;
// Publishes per macrotask: enough to fill sockets, few enough that acknowledgements get read.
const MAX_BURST = 256;

/**
 * Publishes valid device events over real MQTT connections, one per device, at a fixed rate
 * or as fast as the broker acknowledges. QoS 1 keeps up to `window` publishes in flight per
 * device; QoS 0 stops a device while its socket buffer is full. Devices take turns by the
 * kind mix, strictly, so the mix holds even when the broker is the limit.
 */
export class LoadGenerator {
  readonly #options: LoadOptions;
  readonly #window: number;
  #links: Link[] = [];
  #sequence = 0;
  #sent = 0;
  #acked = 0;
  #failed = 0;
  #disconnects = 0;
  #running = false;
  #rate: number;
  /** Where the current rate took over: pacing counts from here, so a new rate applies at once. */
  #paceFrom = { at: 0, sent: 0 };
  readonly #sentByKind: Record<DeviceKind, number> = { gate: 0, terminal: 0, scale: 0, sensor: 0 };
  #onProgress: (() => void) | undefined;

  constructor(options: LoadOptions) {
    assertRunTag(options.runTag);
    if (options.devices.length === 0) throw new Error('a load needs at least one device');
    const metrics = options.sensorMetrics ?? 3;
    if (!Number.isInteger(metrics) || metrics < 1 || metrics > MAX_SENSOR_METRICS) {
      throw new Error(`sensorMetrics must be 1-${MAX_SENSOR_METRICS}`);
    }
    this.#options = options;
    this.#rate = options.rate;
    // A QoS 0 callback pending means the socket buffer is full.
    this.#window = options.qos === 0 ? 1 : (options.window ?? DEFAULT_WINDOW);
  }

  async connect(): Promise<void> {
    const { host, port, devices } = this.#options;
    this.#links = await Promise.all(
      devices.map(async (device) => {
        const client = await mqtt.connectAsync({
          host,
          port,
          protocol: 'mqtt',
          protocolVersion: 4,
          clientId: device.id,
          username: device.id,
          password: device.secret,
          clean: true,
          reconnectPeriod: 0,
          keepalive: 60,
        });
        // Nagle would hold small publishes back by tens of milliseconds (DEPENDENCY-NOTES).
        (client.stream as unknown as Socket).setNoDelay(true);
        client.on('error', () => {});
        client.on('close', () => {
          if (this.#running) this.#disconnects += 1;
        });
        return { device, topic: eventTopic(device.site, device.kind, device.id), client, inflight: 0, sent: 0 };
      }),
    );
  }

  get sent(): number {
    return this.#sent;
  }

  get acked(): number {
    return this.#acked;
  }

  /** Changes the rate while running (0: as fast as possible), e.g. for a closed-loop driver. */
  setRate(rate: number): void {
    this.#rate = rate;
    this.#paceFrom = { at: performance.now(), sent: this.#sent };
  }

  async run(): Promise<LoadReport> {
    const { durationMs, qos } = this.#options;
    const cycle = this.#cycle();
    const startedAt = Date.now();
    const start = performance.now();
    this.#paceFrom = { at: start, sent: 0 };
    const cpuStart = process.cpuUsage();
    const end = start + durationMs;
    this.#running = true;

    await new Promise<void>((resolve) => {
      let scheduled = false;
      let blocked = false;
      const deadline = setTimeout(() => {
        this.#onProgress = undefined;
        resolve();
      }, durationMs);
      const pump = () => {
        scheduled = false;
        const now = performance.now();
        if (now >= end) return;
        const rate = this.#rate;
        const due =
          rate > 0 ? Math.floor((rate * (now - this.#paceFrom.at)) / 1000) - (this.#sent - this.#paceFrom.sent) : MAX_BURST;
        for (let budget = Math.min(due, MAX_BURST); budget > 0; budget -= 1) {
          const link = cycle.peek();
          // Waiting for this device keeps the mix exact; its next acknowledgement resumes.
          if (link.inflight >= this.#window) {
            blocked = true;
            return;
          }
          this.#publish(cycle.next(), qos);
        }
        schedule(rate > 0 && due <= MAX_BURST ? 'timer' : 'immediate');
      };
      const schedule = (how: 'timer' | 'immediate') => {
        if (scheduled) return;
        scheduled = true;
        if (how === 'timer') setTimeout(pump, 1);
        else setImmediate(pump);
      };
      this.#onProgress = () => {
        if (blocked && cycle.peek().inflight < this.#window) {
          blocked = false;
          schedule('immediate');
        }
      };
      deadline.unref();
      pump();
    });

    const publishMs = performance.now() - start;
    const drainStart = performance.now();
    await this.#drain(this.#options.drainMs ?? DEFAULT_DRAIN_MS);
    this.#running = false;
    return {
      runTag: this.#options.runTag,
      qos,
      devices: this.#links.length,
      targetRate: this.#options.rate,
      sent: this.#sent,
      acked: this.#acked,
      failed: this.#failed,
      disconnects: this.#disconnects,
      sentByKind: { ...this.#sentByKind },
      startedAt,
      publishMs,
      drainMs: performance.now() - drainStart,
      cpuMs: cpuMsSince(cpuStart),
      maxRssKb: process.resourceUsage().maxRSS,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.#links.map((link) => link.client.endAsync(true)));
    this.#links = [];
  }

  #cycle(): WeightedCycle<Link> {
    const mix = this.#options.mix ?? EVEN_MIX;
    const perKind = new Map<DeviceKind, number>();
    for (const link of this.#links) perKind.set(link.device.kind, (perKind.get(link.device.kind) ?? 0) + 1);
    for (const kind of DEVICE_KINDS) {
      if (mix[kind] > 0 && !perKind.has(kind)) throw new Error(`the mix weighs ${kind} but no ${kind} device is given`);
    }
    return new WeightedCycle(
      this.#links.map((link) => ({ item: link, weight: mix[link.device.kind] / (perKind.get(link.device.kind) ?? 1) })),
    );
  }

  #publish(link: Link, qos: 0 | 1): void {
    const sequence = this.#sequence++;
    const { kind } = link.device;
    const event = buildEvent(kind, loadEventId(this.#options.runTag, sequence), Date.now(), sequence, {
      sensorMetrics: this.#options.sensorMetrics ?? 3,
      device: { id: link.device.id, sent: link.sent++ },
    });
    link.inflight += 1;
    this.#sent += 1;
    this.#sentByKind[kind] += 1;
    link.client.publish(link.topic, JSON.stringify(event), { qos }, (err) => {
      link.inflight -= 1;
      if (err) this.#failed += 1;
      else this.#acked += 1;
      this.#onProgress?.();
    });
  }

  async #drain(timeoutMs: number): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (this.#acked + this.#failed < this.#sent && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
