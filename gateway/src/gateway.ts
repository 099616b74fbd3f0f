import { type Db, migrate } from '@campus/storage';
import type { Logger } from 'pino';
import { GateAccess } from './access/gate-access.ts';
import type { GatewayConfig } from './config.ts';
import { EventBus } from './event-bus.ts';
import { BatchWriter } from './ingest/batch-writer.ts';
import { isUniqueViolation, storeBatchSkippingStored, storeNewBatch, trimDeadLetters } from './ingest/event-repository.ts';
import type { DeviceStatusChange } from './ingest/pipeline.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import type { DeadLetter, IngestEvent } from './ingest/records.ts';
import { Spool } from './ingest/spool.ts';
import { GatewayMetrics } from './metrics.ts';
import { seedDemoDevices } from './registry/demo-devices.ts';
import { DeviceRegistry } from './registry/device-registry.ts';
import { GATEWAY_MIGRATIONS } from './schema.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from './sources/embedded-broker.ts';
import { connectExternalBroker, type ExternalBrokerSource } from './sources/mqtt-client.ts';
import type { OpcuaEndpointStatus, OpcuaSource } from './sources/opcua.ts';

export type GatewayEvents = {
  /** Events stored for the first time (resends excluded), in arrival order. */
  'ingest.events_stored': [events: IngestEvent[]];
  'ingest.message_rejected': [deadLetter: DeadLetter];
  /** A device's own status message or its last will: `online` / `offline` (not stored). */
  'device.status': [change: DeviceStatusChange];
};

export interface GatewayOptions {
  config: GatewayConfig;
  db: Db;
  log: Logger;
  processMetrics?: boolean;
  /** The gateway's clock (receipt times, the skew check); tests replay scenarios on a controlled one. */
  now?: () => Date;
}

const DEAD_LETTER_TRIM_MS = 60_000;

/**
 * The ingest gateway: broker or broker client → validation → group-committed, idempotent
 * writes with a disk spool for database outages. Constructing assigns; `start` opens.
 */
export class Gateway {
  readonly config: GatewayConfig;
  readonly bus: EventBus<GatewayEvents>;
  readonly metrics: GatewayMetrics;
  readonly registry: DeviceRegistry;
  readonly spool: Spool;
  readonly writer: BatchWriter;
  readonly pipeline: IngestPipeline;
  readonly #db: Db;
  readonly #log: Logger;
  readonly #rootLog: Logger;
  #broker: EmbeddedBroker | undefined;
  #external: ExternalBrokerSource | undefined;
  #opcua: OpcuaSource | undefined;
  #trimTimer: NodeJS.Timeout | undefined;
  #reloadTimer: NodeJS.Timeout | undefined;

  constructor(options: GatewayOptions) {
    const { config, db, log } = options;
    this.config = config;
    this.#db = db;
    this.#rootLog = log;
    this.#log = log.child({ component: 'gateway' });
    this.bus = new EventBus<GatewayEvents>(this.#log);
    this.metrics = new GatewayMetrics({ processMetrics: options.processMetrics ?? false });
    this.registry = new DeviceRegistry(db);
    this.spool = new Spool(config.SPOOL_DIR, config.SPOOL_MAX_BYTES);
    this.writer = new BatchWriter({
      // BEGIN, one statement, COMMIT: should the batch hold a resend, the database refuses it
      // whole and it goes again in a new transaction, skipping what is stored (a savepoint would
      // cost every batch two more round trips for what a QoS 1 reconnection does now and then).
      store: async (records, beforeCommit) => {
        const write = (store: typeof storeNewBatch) =>
          db.transaction(async (tx) => {
            const result = await store(tx, records);
            await beforeCommit?.();
            return result;
          });
        try {
          return await write(storeNewBatch);
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          return write(storeBatchSkippingStored);
        }
      },
      spool: this.spool,
      maxBatch: config.INGEST_BATCH_MAX_ROWS,
      lingerMs: config.INGEST_BATCH_LINGER_MS,
      // One connection, one thread: a second transaction would only wait for the first.
      maxInFlight: db.adapter === 'pglite' ? 1 : config.INGEST_WRITERS,
      retryMs: config.SPOOL_RETRY_MS,
      log: log.child({ component: 'gateway.spool' }),
      onStored: (result, batchSize, from) => {
        const now = Date.now();
        this.metrics.batchRows.observe({ from }, batchSize);
        // Counted per kind once per batch: a labelled increment per event was ~1.5% of what the
        // gateway allocates at full rate.
        const storedByKind = new Map<string, number>();
        for (const event of result.stored) {
          storedByKind.set(event.kind, (storedByKind.get(event.kind) ?? 0) + 1);
          this.metrics.commitLatency.observe((now - event.receivedAt.getTime()) / 1000);
        }
        for (const [kind, count] of storedByKind) this.metrics.events.inc({ kind, outcome: 'stored' }, count);
        if (result.duplicates > 0) this.metrics.events.inc({ kind: 'any', outcome: 'duplicate' }, result.duplicates);
        this.#updateDepth();
        if (result.stored.length > 0) this.bus.emit('ingest.events_stored', result.stored);
      },
      onSpooled: (batchSize) => {
        this.metrics.spooled.inc(batchSize);
        this.#updateDepth();
      },
    });
    this.pipeline = new IngestPipeline({
      registry: this.registry,
      writer: this.writer,
      metrics: this.metrics,
      limits: {
        maxPayloadBytes: config.INGEST_MAX_PAYLOAD_BYTES,
        maxFutureSkewMs: config.INGEST_MAX_FUTURE_SKEW_MS,
        maxAgeMs: config.INGEST_MAX_AGE_MS,
      },
      onRejected: (deadLetter) => this.bus.emit('ingest.message_rejected', deadLetter),
      onStatus: (change) => this.bus.emit('device.status', change),
      gateAccess: new GateAccess(db, this.#log),
      ...(options.now ? { now: options.now } : {}),
      respond: (topic, payload) => {
        const source = this.#broker ?? this.#external;
        return source ? source.publish(topic, payload) : Promise.reject(new Error('no broker is running'));
      },
    });
  }

  get mqttPort(): number | undefined {
    return this.#broker?.port;
  }

  get mqttWsPort(): number | undefined {
    return this.#broker?.wsPort;
  }

  /** The OPC UA endpoints' state (empty without OPCUA_CONFIG). */
  opcuaStatus(): OpcuaEndpointStatus[] {
    return this.#opcua?.status() ?? [];
  }

  async start(): Promise<void> {
    const { config } = this;
    // A bad OPC UA mapping stops the start before anything listens (every problem at once).
    const opcuaConfig = config.OPCUA_CONFIG
      ? await (await import('./sources/opcua-config.ts')).loadOpcuaConfig(config.OPCUA_CONFIG, process.env)
      : undefined;
    await migrate(this.#db, 'gateway', GATEWAY_MIGRATIONS);
    await this.registry.load();
    if (config.DEVICE_SEED === 'demo') {
      const added = await seedDemoDevices(this.registry);
      if (added > 0) {
        this.#log.warn(
          { added },
          'registered the demo devices with their documented secrets; set DEVICE_SEED=none in production',
        );
      }
    }
    await this.spool.open();
    this.#updateDepth();
    await this.writer.start();
    if (config.MQTT_URL) {
      this.#external = await connectExternalBroker({
        url: config.MQTT_URL,
        username: config.MQTT_USERNAME,
        password: config.MQTT_PASSWORD,
        clientId: config.MQTT_CLIENT_ID,
        shareGroup: config.MQTT_SHARE_GROUP,
        connections: config.MQTT_SUBSCRIBER_CONNECTIONS,
        pipeline: this.pipeline,
        log: this.#rootLog.child({ component: 'gateway.mqtt-client' }),
      });
    } else {
      this.#broker = await startEmbeddedBroker({
        host: config.MQTT_HOST,
        port: config.MQTT_PORT,
        wsPort: config.MQTT_WS_PORT,
        registry: this.registry,
        pipeline: this.pipeline,
        metrics: this.metrics,
        log: this.#rootLog.child({ component: 'gateway.broker' }),
      });
    }
    if (opcuaConfig) {
      // Lazy: node-opcua is large and most installations have no OPC UA equipment (STYLE 6).
      const { startOpcuaSource, defaultPkiDir } = await import('./sources/opcua.ts');
      this.#opcua = await startOpcuaSource({
        config: opcuaConfig,
        pkiDir: config.OPCUA_PKI_DIR ?? defaultPkiDir(config.SPOOL_DIR),
        registry: this.registry,
        pipeline: this.pipeline,
        log: this.#rootLog.child({ component: 'gateway.opcua' }),
        env: process.env,
      });
    }
    this.#trimTimer = setInterval(() => {
      trimDeadLetters(this.#db, config.DEAD_LETTER_MAX_ROWS).catch((err: unknown) =>
        this.#log.warn({ err: String(err) }, 'dead-letter trim failed'),
      );
    }, DEAD_LETTER_TRIM_MS);
    this.#trimTimer.unref();
    this.#reloadTimer = setInterval(() => {
      this.registry.load().catch((err: unknown) => this.#log.warn({ err: String(err) }, 'device registry reload failed'));
    }, config.DEVICE_REGISTRY_RELOAD_MS);
    this.#reloadTimer.unref();
  }

  /** Stops accepting, then writes out every accepted event (to the database or the spool). */
  async stop(): Promise<void> {
    if (this.#trimTimer) clearInterval(this.#trimTimer);
    if (this.#reloadTimer) clearInterval(this.#reloadTimer);
    await this.#opcua?.close();
    this.#opcua = undefined;
    await this.#external?.close();
    await this.#broker?.close();
    await this.writer.stop();
    this.#external = undefined;
    this.#broker = undefined;
    this.bus.clear();
  }

  #updateDepth(): void {
    const depth = this.spool.depth;
    this.metrics.spoolRows.set(depth.rows);
    this.metrics.spoolBytes.set(depth.bytes);
    this.metrics.queued.set(this.writer.queued);
  }
}
