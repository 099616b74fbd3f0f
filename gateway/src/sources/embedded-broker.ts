import { type AddressInfo, createServer, type Server } from 'node:net';
import {
  COMMAND_STREAM,
  deviceTopic,
  EVENT_STREAM_BY_KIND,
  extraStreamsOf,
  parseDeviceTopic,
  STATUS_STREAM,
} from '@campus/protocol';
import { Aedes, type Client } from 'aedes';
import { writeToStream } from 'mqtt-packet';
import type { Logger } from 'pino';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { GatewayMetrics } from '../metrics.ts';
import type { Device, DeviceRegistry } from '../registry/device-registry.ts';

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  wsPort: number;
  registry: DeviceRegistry;
  pipeline: IngestPipeline;
  metrics: GatewayMetrics;
  log: Logger;
}

export interface EmbeddedBroker {
  port: number;
  wsPort: number;
  /** Publishes from the gateway itself (answers on device command topics). */
  publish(topic: string, payload: Buffer): Promise<void>;
  close(): Promise<void>;
}

const SOCKET_BUFFER_BYTES = 256 * 1024;

class AuthError extends Error {
  readonly returnCode: number;
  constructor(message: string, returnCode: number) {
    super(message);
    this.returnCode = returnCode;
  }
}

/**
 * The embedded MQTT broker (aedes): devices authenticate with their registry credentials and
 * may publish only their own event and status topics and subscribe only to their own command
 * topic (IOT-6).
 *
 * Ingest happens in `authorizePublish` on purpose: aedes sends a QoS 1 PUBACK right after that
 * hook and before any subscriber sees the message, so answering only once the event is durable
 * is what makes "acknowledged" mean "stored" (and slows a publisher down when storage lags).
 */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { registry, pipeline, metrics, log } = options;
  // aedes writes with mqtt-packet, which by default builds a Buffer for every possible packet id
  // (65,536 of them, ~7 MB of heap held for good) the first time it writes; one 2-byte Buffer
  // per acknowledgement instead is nothing beside the event it acknowledges.
  writeToStream.cacheNumbers = false;
  const deviceOf = new WeakMap<Client, Device>();

  const broker = await Aedes.createBroker({
    // A stuck subscriber must not stall delivery for everyone (DEPENDENCY-NOTES).
    drainTimeout: 10_000,
    concurrency: 1000,
    authenticate(client, username, password, callback) {
      const device = username && password ? registry.authenticate(username, password.toString('utf8')) : undefined;
      if (!device) {
        log.warn({ clientId: client.id, username }, 'device refused: unknown device or wrong secret');
        metrics.countRejected(null, 'unknown_device');
        callback(new AuthError('bad username or password', 4) as Error & { returnCode: number }, false);
        return;
      }
      deviceOf.set(client, device);
      callback(null, true);
    },
    authorizePublish(client, packet, callback) {
      if (packet.topic.startsWith('$SYS/')) {
        callback(new Error('$SYS/ topic is reserved'));
        return;
      }
      // Last wills published after their client left arrive without a client.
      const device = client ? deviceOf.get(client) : undefined;
      const topic = parseDeviceTopic(packet.topic);
      const own =
        device &&
        topic &&
        topic.deviceId === device.id &&
        topic.site === device.site &&
        topic.kind === device.kind &&
        (topic.stream === EVENT_STREAM_BY_KIND[device.kind] || extraStreamsOf(device.kind).includes(topic.stream));
      if (!own) {
        if (!client && topic?.stream === STATUS_STREAM) {
          // A last will: the device is gone; the pipeline tells whoever watches device status.
          const will = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
          void pipeline.handle(packet.topic, will).finally(() => callback(null));
          return;
        }
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        log.warn({ deviceId: device?.id, topic: packet.topic }, "publish refused: not this device's topic");
        void pipeline.reject({
          receivedAt: pipeline.now(),
          deviceId: device?.id ?? null,
          topic: packet.topic,
          reason: 'acl_denied',
          detail: `${device?.id ?? 'an unauthenticated client'} may not publish on ${packet.topic}`,
          payload,
        });
        // MQTT 3.1.1 has no negative PUBACK: refusing means closing the connection.
        callback(new Error(`not authorised to publish on ${packet.topic}`));
        return;
      }
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      pipeline.handle(packet.topic, payload).then(
        () => callback(null),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    },
    authorizeSubscribe(client, subscription, callback) {
      const device = deviceOf.get(client);
      if (device && subscription.topic === deviceTopic(device.site, device.kind, device.id, COMMAND_STREAM)) {
        callback(null, subscription);
        return;
      }
      log.warn({ deviceId: device?.id, topic: subscription.topic }, 'subscription refused');
      // A null subscription answers SUBACK 0x80 (failure) without dropping the connection.
      callback(null, null);
    },
  });

  broker.on('clientReady', () => metrics.clients.set(broker.connectedClients));
  broker.on('clientDisconnect', () => metrics.clients.set(broker.connectedClients));
  broker.on('clientError', (client, err) => log.debug({ clientId: client.id, err: err.message }, 'client error'));

  // aedes reads a connection's buffered bytes, handles every packet in them and reads again only
  // once all are answered, i.e. stored: how much one connection has in flight is what its
  // socket buffers. Node's 64 KiB is ~300 events per commit round trip, which starved the
  // group commit of a busy device; 256 KiB (~1,200 events) keeps full batches flowing, while
  // 1 MiB only grew memory (measured: docs/benchmarks.md).
  const tcp: Server = createServer({ highWaterMark: SOCKET_BUFFER_BYTES }, (socket) => {
    // Nagle would add tens of milliseconds to every small QoS 0 event (DEPENDENCY-NOTES).
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => resolve());
  });
  const ws = new WebSocketServer({ host: options.host, port: options.wsPort });
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('listening', () => resolve());
  });
  ws.on('connection', (socket, request) => {
    request.socket.setNoDelay(true);
    broker.handle(createWebSocketStream(socket), request);
  });

  const port = (tcp.address() as AddressInfo).port;
  const wsPort = (ws.address() as AddressInfo).port;
  log.info({ port, wsPort }, 'embedded MQTT broker listening');

  return {
    port,
    wsPort,
    publish: (topic, payload) =>
      new Promise<void>((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic, payload, qos: 1, retain: false, dup: false }, (err?: Error) =>
          err ? reject(err) : resolve(),
        ),
      ),
    async close() {
      await new Promise<void>((resolve) => ws.close(() => resolve()));
      for (const client of ws.clients) client.terminate();
      await new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        // aedes closes client sockets; the server callback fires once they are gone.
        broker.close();
      });
    },
  };
}
