import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { ALL_DEVICE_TOPICS } from '@campus/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { IngestPipeline } from '../ingest/pipeline.ts';

export interface ExternalBrokerOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /** A stable id makes the broker keep this gateway's session (and its unacknowledged messages) across restarts. */
  clientId?: string | undefined;
  shareGroup: string;
  /** Subscriber connections in the share group (see below). */
  connections: number;
  pipeline: IngestPipeline;
  log: Logger;
}

export interface ExternalBrokerSource {
  publish(topic: string, payload: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** How long the broker keeps a named session while its gateway is away. */
const SESSION_EXPIRY_S = 3600;

/**
 * Client mode: the gateway subscribes to an external broker (Mosquitto, EMQX) through an
 * MQTT 5 shared subscription, so several gateways split the device stream between them and
 * each message reaches exactly one. The broker authenticates devices (see mosquitto-files.ts);
 * the gateway still refuses unknown devices and topic/payload mismatches.
 *
 * Each PUBACK waits until the event is durable. mqtt.js reads a connection's next packet only
 * after the previous one is acknowledged, so one connection carries one message at a time;
 * the gateway therefore opens `connections` subscribers in the same share group, whose
 * messages meet in the same group-committed batches.
 *
 * Redelivery: with `clientId` set, the broker keeps each connection's session for an hour and
 * redelivers its unacknowledged messages when the gateway returns (meanwhile it keeps
 * assigning it new ones). Without a clientId, sessions are clean and messages in flight to a
 * gateway that crashes are lost by the broker — set MQTT_CLIENT_ID in production.
 */
export async function connectExternalBroker(options: ExternalBrokerOptions): Promise<ExternalBrokerSource> {
  const base = options.clientId ?? `campus-gateway-${randomUUID().slice(0, 8)}`;
  const clients = await Promise.all(
    Array.from({ length: options.connections }, (_, index) => subscribe(options, `${base}-${index}`)),
  );
  options.log.info({ url: options.url, group: options.shareGroup, connections: clients.length }, 'subscribed to external broker');
  let next = 0;
  return {
    async publish(topic, payload) {
      const client = clients[next++ % clients.length];
      if (!client) throw new Error('no connection to the external broker');
      await client.publishAsync(topic, payload, { qos: 1 });
    },
    async close() {
      await Promise.all(clients.map((client) => client.endAsync()));
    },
  };
}

async function subscribe(options: ExternalBrokerOptions, clientId: string): Promise<MqttClient> {
  const { pipeline, log } = options;
  const persistent = options.clientId !== undefined;
  const client: MqttClient = await mqtt.connectAsync(options.url, {
    protocolVersion: 5,
    clientId,
    clean: !persistent,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    reconnectPeriod: 1000,
    properties: { sessionExpiryInterval: persistent ? SESSION_EXPIRY_S : 0 },
    // Off: mqtt-packet's cache is 65,536 prebuilt packet-id Buffers (~7 MB of heap for good).
    writeCache: false,
  });
  client.handleMessage = (packet, callback) => {
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    pipeline.handle(packet.topic, payload).then(
      () => callback(),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };
  const noDelay = () => (client.stream as Partial<Socket> | undefined)?.setNoDelay?.(true);
  noDelay();
  client.on('connect', noDelay);
  client.on('error', (err) => log.warn({ err: err.message, clientId }, 'external broker error'));
  client.on('reconnect', () => log.info({ clientId }, 'reconnecting to external broker'));
  await client.subscribeAsync(`$share/${options.shareGroup}/${ALL_DEVICE_TOPICS}`, { qos: 1 });
  return client;
}
