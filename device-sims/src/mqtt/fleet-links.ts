import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { deviceTopic, eventTopic, STATUS_STREAM } from '@campus/protocol';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { SimAction } from '../actions.ts';
import type { SimDevice } from '../fleet.ts';
import type { SimStats } from '../stats.ts';

/** Performs actions: the runner's view of a transport. */
export interface Publisher {
  /** Resolves once the action is done (QoS 1: acknowledged); failures are counted, never thrown. */
  perform(action: SimAction): Promise<void>;
  close(): Promise<void>;
}

export interface MqttFleetOptions {
  /** mqtt://host:port or ws://host:port of the broker devices connect to. */
  url: string;
  fleet: readonly SimDevice[];
  stats: SimStats;
  /** Default QoS of events (1: the PUBACK means stored, with the embedded broker). */
  qos: 0 | 1;
  /**
   * Appended to the device id to form the MQTT client id. A second simulator process
   * publishing as the same device must not take the first one's session over (the broker
   * would drop the older connection, both would reconnect, and so on).
   */
  clientIdSuffix?: string;
  /** Delay before reconnecting after a lost connection. */
  reconnectPeriodMs?: number;
  onError?: (deviceId: string, message: string) => void;
}

const ONLINE = 'online';
const OFFLINE = 'offline';

/**
 * One MQTT connection per simulated device, opened on first use, with the device's own
 * credentials and a retained last will `offline` on its status topic (docs/device-protocol.md).
 */
export class MqttFleet implements Publisher {
  readonly #options: MqttFleetOptions;
  readonly #devices: Map<string, SimDevice>;
  readonly #links = new Map<string, DeviceLink>();
  readonly #suffix: string;

  constructor(options: MqttFleetOptions) {
    this.#options = options;
    this.#devices = new Map(options.fleet.map((device) => [device.id, device]));
    this.#suffix = options.clientIdSuffix ?? `-sim-${randomBytes(3).toString('hex')}`;
  }

  perform(action: SimAction): Promise<void> {
    const link = this.#link(action.deviceId);
    if (!link) {
      this.#options.stats.failed += 1;
      this.#options.stats.lastError = `${action.deviceId} is not in the fleet`;
      return Promise.resolve();
    }
    return link.perform(action);
  }

  /** Connects every device now (instead of on first use), e.g. to show them online at start. */
  async connectAll(ids?: readonly string[]): Promise<void> {
    await Promise.all((ids ?? [...this.#devices.keys()]).map((id) => this.#link(id)?.ensure()));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#links.values()].map((link) => link.close()));
    this.#links.clear();
  }

  #link(deviceId: string): DeviceLink | undefined {
    let link = this.#links.get(deviceId);
    if (!link) {
      const device = this.#devices.get(deviceId);
      if (!device) return undefined;
      link = new DeviceLink(device, this.#options, `${device.id}${this.#suffix}`);
      this.#links.set(deviceId, link);
    }
    return link;
  }
}

class DeviceLink {
  readonly #device: SimDevice;
  readonly #options: MqttFleetOptions;
  readonly #clientId: string;
  readonly #statusTopic: string;
  readonly #eventTopic: string;
  #client: Promise<MqttClient> | undefined;
  /** Dropped on purpose (gate offline): stays down until a reconnect action. */
  #down = false;
  readonly #pending = new Set<Promise<void>>();
  #barrier: Promise<void> = Promise.resolve();
  #retryAt = 0;
  #lastFailure = '';

  constructor(device: SimDevice, options: MqttFleetOptions, clientId: string) {
    this.#device = device;
    this.#options = options;
    this.#clientId = clientId;
    this.#statusTopic = deviceTopic(device.site, device.kind, device.id, STATUS_STREAM);
    this.#eventTopic = eventTopic(device.site, device.kind, device.id);
  }

  ensure(): Promise<MqttClient> {
    // After a failed connect, fail fast until the reconnect period has passed (no connection storm).
    if (!this.#client && Date.now() < this.#retryAt) return Promise.reject(new Error(`not connected (${this.#lastFailure})`));
    this.#client ??= this.#connect();
    return this.#client;
  }

  /**
   * Events publish in call order, many in flight. A control action (drop, reconnect, a publish
   * the broker answers by closing the connection) first waits for everything issued before it,
   * and everything issued after it waits for the control action.
   */
  perform(action: SimAction): Promise<void> {
    const { stats } = this.#options;
    if (
      action.type === 'drop' ||
      action.type === 'reconnect' ||
      (action.type === 'raw' && (action.topic ?? this.#eventTopic) !== this.#eventTopic)
    ) {
      const before = [...this.#pending];
      const control = this.#barrier.then(() => Promise.allSettled(before)).then(() => this.#control(action));
      this.#barrier = control.catch(() => {});
      return this.#track(control);
    }
    const gate = this.#barrier;
    return this.#track(
      gate.then(() => {
        if (this.#down) {
          stats.skipped += 1;
          return;
        }
        stats.simTime = Math.max(stats.simTime, action.at);
        if (action.type === 'event') {
          stats.countSent(action.kind);
          return this.#publish(this.#eventTopic, JSON.stringify(action.event), action.qos ?? this.#options.qos);
        }
        if (action.type === 'raw') {
          stats.countSent('raw');
          return this.#publish(
            this.#eventTopic,
            Buffer.from(action.payload, action.encoding ?? 'utf8'),
            action.qos ?? this.#options.qos,
          );
        }
      }),
    );
  }

  async #control(action: SimAction): Promise<void> {
    const { stats } = this.#options;
    switch (action.type) {
      case 'raw': {
        if (this.#down) {
          stats.skipped += 1;
          return;
        }
        // Outside its own topics: the broker closes the connection (the client reconnects).
        // QoS 0, so the client does not resend it after reconnecting.
        stats.countSent('raw');
        stats.simTime = Math.max(stats.simTime, action.at);
        await this.#publish(action.topic ?? this.#eventTopic, Buffer.from(action.payload, action.encoding ?? 'utf8'), 0);
        return;
      }
      case 'drop': {
        this.#down = true;
        const client = this.#client;
        this.#client = undefined;
        // end(true) destroys the socket without DISCONNECT: the broker publishes the last will.
        if (client) await client.then((connected) => connected.endAsync(true)).catch(() => {});
        return;
      }
      case 'reconnect': {
        this.#down = false;
        await this.ensure().catch(() => {});
        return;
      }
      case 'event':
        return;
    }
  }

  async close(): Promise<void> {
    await this.#settled();
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    const connected = await client.catch(() => undefined);
    if (!connected) return;
    // A clean stop: say so (retained), then DISCONNECT (no last will).
    if (connected.connected) await connected.publishAsync(this.#statusTopic, OFFLINE, { qos: 1, retain: true }).catch(() => {});
    await connected.endAsync().catch(() => {});
  }

  async #connect(): Promise<MqttClient> {
    const options: IClientOptions = {
      clientId: this.#clientId,
      username: this.#device.id,
      password: this.#device.secret,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: this.#options.reconnectPeriodMs ?? 2000,
      will: { topic: this.#statusTopic, payload: Buffer.from(OFFLINE), qos: 1, retain: true },
    };
    try {
      const client = await mqtt.connectAsync(this.#options.url, options);
      const noDelay = () => (client.stream as Partial<Socket> | undefined)?.setNoDelay?.(true);
      noDelay();
      client.on('connect', () => {
        noDelay();
        void client.publishAsync(this.#statusTopic, ONLINE, { qos: 1, retain: true }).catch(() => {});
      });
      client.on('error', (err) => this.#fail(err.message));
      await client.publishAsync(this.#statusTopic, ONLINE, { qos: 1, retain: true });
      return client;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.#fail(`cannot connect: ${message}`);
      // An action after the reconnect period tries again.
      this.#client = undefined;
      this.#lastFailure = message;
      this.#retryAt = Date.now() + (this.#options.reconnectPeriodMs ?? 2000);
      throw err;
    }
  }

  #fail(message: string): void {
    this.#options.stats.lastError = `${this.#device.id}: ${message}`;
    this.#options.onError?.(this.#device.id, message);
  }

  async #publish(topic: string, payload: string | Buffer, qos: 0 | 1): Promise<void> {
    const { stats } = this.#options;
    try {
      const client = await this.ensure();
      await client.publishAsync(topic, payload, { qos });
      stats.acked += 1;
    } catch (err) {
      stats.failed += 1;
      this.#fail(err instanceof Error ? err.message : String(err));
    }
  }

  #track(work: Promise<void>): Promise<void> {
    this.#pending.add(work);
    return work.finally(() => this.#pending.delete(work));
  }

  async #settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
