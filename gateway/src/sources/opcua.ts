import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { eventTopic, type SensorTelemetry } from '@campus/protocol';
import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import {
  AttributeIds,
  type ClientMonitoredItemBase,
  ClientMonitoredItemGroup,
  type ClientSession,
  ClientSubscription,
  DataType,
  type DataValue,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  type Variant,
  VariantArrayType,
} from 'node-opcua-client';
import { setDebugLogger, setErrorLogger, setWarningLogger } from 'node-opcua-debug';
import type { Logger } from 'pino';
import { ConfigError } from '../env.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { DeviceRegistry } from '../registry/device-registry.ts';
import type { OpcuaConfig, OpcuaEndpointConfig, OpcuaNodeMapping } from './opcua-config.ts';

/**
 * OPC UA source (IOT-4): subscribes to monitored items on configured servers (subscriptions,
 * not polling) and turns data changes into the same SensorTelemetry events MQTT sensors send.
 *
 * An adapter at the edge (STYLE 6): it translates and decides nothing. Each endpoint is filed
 * under a registry device of kind sensor; its data changes become the JSON payload and topic
 * that device would publish, handed to the one ingest pipeline. So OPC UA telemetry goes through
 * exactly the same validation (schema, clock skew, registry: a disabled device is refused),
 * dead letters, metrics, idempotent batched writes and downstream events as MQTT telemetry,
 * at the price of a JSON round trip that OPC UA rates (hundreds of values a second) never feel.
 *
 * Changes of one asset stamped with the same time form one message. Its event id is derived
 * from (asset, timestamp), so the current values a server re-sends after a reconnection, and the
 * same change seen by two gateways, are stored once.
 *
 * Reconnection: node-opcua's client reconnects on its own (backoff up to RECONNECT_MAX_DELAY_MS)
 * and, when the server restarted and lost the session, creates a new session and re-creates the
 * subscription and its monitored items. If that ever fails, the endpoint starts over from scratch.
 */

export interface OpcuaSourceOptions {
  config: OpcuaConfig;
  /** Certificate store: own/, trusted/, rejected/ (created on first start). */
  pkiDir: string;
  registry: DeviceRegistry;
  pipeline: IngestPipeline;
  log: Logger;
  env: Readonly<Record<string, string | undefined>>;
}

export type OpcuaEndpointState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface OpcuaEndpointStatus {
  name: string;
  url: string;
  deviceId: string;
  state: OpcuaEndpointState;
  /** Monitored items the server accepted, and those it refused (bad node id, no access). */
  monitoredItems: number;
  refusedItems: number;
  dataChanges: number;
  /** Changes not stored: bad status or a value that is not a number. */
  skippedChanges: number;
  eventsSubmitted: number;
  /** Times a new session had to be built (first connection included). */
  sessions: number;
  lastChangeAt: string | null;
}

export interface OpcuaSource {
  status(): OpcuaEndpointStatus[];
  close(): Promise<void>;
}

const RECONNECT_INITIAL_DELAY_MS = 500;
const RECONNECT_MAX_DELAY_MS = 10_000;
const RESTART_DELAY_MS = 5000;
const SESSION_TIMEOUT_MS = 60_000;
const ITEMS_TIMEOUT_MS = 30_000;
const MAX_EVENT_ID = 64;

/** Routes node-opcua's console diagnostics into our logger (debug), once per process. */
let diagnosticsRouted = false;
function routeDiagnostics(log: Logger): void {
  if (diagnosticsRouted) return;
  diagnosticsRouted = true;
  const toLog = (...args: unknown[]) => {
    if (log.isLevelEnabled('debug')) log.debug({ opcua: args.map(String).join(' ').slice(0, 2000) }, 'node-opcua');
  };
  setWarningLogger(toLog);
  setErrorLogger(toLog);
  setDebugLogger(() => {});
}

/**
 * Registers each endpoint's device if absent (kind sensor, a random secret nobody knows: the id
 * cannot be used over MQTT), then connects to every endpoint in the background.
 * @throws ConfigError when an endpoint's deviceId belongs to a device of another kind or site.
 */
export async function startOpcuaSource(options: OpcuaSourceOptions): Promise<OpcuaSource> {
  const { config, registry, log } = options;
  routeDiagnostics(log);
  for (const endpoint of config.endpoints) {
    const existing = registry.get(endpoint.deviceId);
    if (!existing) {
      await registry.register({
        id: endpoint.deviceId,
        kind: 'sensor',
        site: endpoint.site,
        label: `OPC UA ${endpoint.name} (${endpoint.url})`,
      });
      log.info({ deviceId: endpoint.deviceId, endpoint: endpoint.name }, 'registered the OPC UA endpoint as a sensor device');
    } else if (existing.kind !== 'sensor' || existing.site !== endpoint.site) {
      throw new ConfigError([
        `OPCUA_CONFIG endpoint ${endpoint.name}: device ${endpoint.deviceId} is registered as ${existing.kind} on site ${existing.site}, not sensor on ${endpoint.site}`,
      ]);
    } else if (!existing.enabled) {
      log.warn({ deviceId: endpoint.deviceId }, 'the OPC UA device is disabled in the registry: its telemetry will be refused');
    }
  }
  const certificateManager = new OPCUACertificateManager({
    rootFolder: options.pkiDir,
    automaticallyAcceptUnknownCertificate: config.acceptUnknownCertificates,
  });
  // The store and the client certificate are created once, before the endpoints connect in
  // parallel (concurrent first-time creation races: "Cannot find private key").
  await certificateManager.initialize();
  await OPCUAClient.create({
    ...clientIdentity(config),
    clientCertificateManager: certificateManager,
  }).createDefaultCertificate();
  const links = config.endpoints.map((endpoint) => new EndpointLink(endpoint, config, certificateManager, options));
  for (const link of links) link.start();
  return {
    status: () => links.map((link) => link.status()),
    async close() {
      await Promise.all(links.map((link) => link.close()));
      await certificateManager.dispose();
    },
  };
}

/** The gateway's OPC UA application identity (its certificate carries the URI). */
function clientIdentity(config: OpcuaConfig): { applicationName: string; applicationUri: string } {
  return { applicationName: config.applicationName, applicationUri: `urn:${config.applicationName}:gateway` };
}

/** The PKI folder when OPCUA_PKI_DIR is unset: next to the spool (DATA_DIR/opcua-pki in the hub). */
export function defaultPkiDir(spoolDir: string): string {
  return join(dirname(spoolDir), 'opcua-pki');
}

class EndpointLink {
  readonly #endpoint: OpcuaEndpointConfig;
  readonly #config: OpcuaConfig;
  readonly #certificates: OPCUACertificateManager;
  readonly #options: OpcuaSourceOptions;
  readonly #log: Logger;
  readonly #topic: string;
  #client: OPCUAClient | undefined;
  #closed = false;
  #running: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #pending = new Map<string, { assetId: string; ts: number; metrics: SensorTelemetry['metrics'] }>();
  #flushScheduled = false;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #status: OpcuaEndpointStatus;

  constructor(
    endpoint: OpcuaEndpointConfig,
    config: OpcuaConfig,
    certificates: OPCUACertificateManager,
    options: OpcuaSourceOptions,
  ) {
    this.#endpoint = endpoint;
    this.#config = config;
    this.#certificates = certificates;
    this.#options = options;
    this.#log = options.log.child({ endpoint: endpoint.name, url: endpoint.url });
    this.#topic = eventTopic(endpoint.site, 'sensor', endpoint.deviceId);
    this.#status = {
      name: endpoint.name,
      url: endpoint.url,
      deviceId: endpoint.deviceId,
      state: 'connecting',
      monitoredItems: 0,
      refusedItems: 0,
      dataChanges: 0,
      skippedChanges: 0,
      eventsSubmitted: 0,
      sessions: 0,
      lastChangeAt: null,
    };
  }

  status(): OpcuaEndpointStatus {
    return { ...this.#status };
  }

  start(): void {
    this.#running = this.#supervise();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#status.state = 'closed';
    this.#wake?.();
    await this.#client?.disconnect().catch(() => {});
    await this.#running;
    this.#flush();
    await Promise.all(this.#inFlight);
  }

  /** Connects, subscribes and waits until the session is lost for good; then starts over. */
  async #supervise(): Promise<void> {
    while (!this.#closed) {
      try {
        await this.#session();
      } catch (err) {
        if (this.#closed) break;
        this.#log.warn({ err: err instanceof Error ? err.message : String(err) }, 'OPC UA endpoint failed; starting over');
      }
      await this.#client?.disconnect().catch(() => {});
      this.#client = undefined;
      if (this.#closed) break;
      this.#status.state = 'reconnecting';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RESTART_DELAY_MS);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async #session(): Promise<void> {
    const endpoint = this.#endpoint;
    const client = OPCUAClient.create({
      ...clientIdentity(this.#config),
      clientCertificateManager: this.#certificates,
      securityMode: MessageSecurityMode[endpoint.securityMode],
      securityPolicy: SecurityPolicy[endpoint.securityPolicy],
      // Servers often advertise a host name the gateway cannot resolve: connect to the configured URL.
      endpointMustExist: false,
      keepSessionAlive: true,
      requestedSessionTimeout: SESSION_TIMEOUT_MS,
      connectionStrategy: { initialDelay: RECONNECT_INITIAL_DELAY_MS, maxDelay: RECONNECT_MAX_DELAY_MS, maxRetry: -1 },
    });
    this.#client = client;
    client.on('connection_lost', () => {
      this.#status.state = 'reconnecting';
      this.#log.warn('OPC UA connection lost; reconnecting');
    });
    client.on('connection_reestablished', () => {
      this.#status.state = 'connected';
      this.#log.info('OPC UA connection re-established');
    });
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));

    this.#status.state = 'connecting';
    await client.connect(endpoint.url);
    if (this.#closed) return;
    const password = endpoint.user ? this.#options.env[endpoint.user.passwordEnv] : undefined;
    const session = await client.createSession(
      endpoint.user && password !== undefined
        ? { type: UserTokenType.UserName, userName: endpoint.user.userName, password }
        : { type: UserTokenType.Anonymous },
    );
    this.#status.sessions += 1;
    session.on('session_restored', () => {
      this.#status.sessions += 1;
      this.#log.info('OPC UA session restored (subscription re-created)');
    });
    const nodes = await this.#resolveNodes(session);
    const subscription = ClientSubscription.create(session, {
      requestedPublishingInterval: endpoint.publishingIntervalMs,
      requestedLifetimeCount: 120,
      requestedMaxKeepAliveCount: 10,
      maxNotificationsPerPublish: 0,
      publishingEnabled: true,
      priority: 10,
    });
    const failed = new Promise<Error>((resolve) =>
      subscription.once('terminated', () => resolve(new Error('subscription terminated'))),
    );
    // One monitored-item group per sampling interval (a group shares its monitoring parameters).
    const bySampling = new Map<number, Array<{ node: OpcuaNodeMapping; nodeId: string }>>();
    for (const entry of nodes) {
      const sampling = entry.node.samplingIntervalMs ?? endpoint.samplingIntervalMs;
      bySampling.set(sampling, [...(bySampling.get(sampling) ?? []), entry]);
    }
    let accepted = 0;
    let refused = 0;
    for (const [samplingInterval, entries] of bySampling) {
      const group = ClientMonitoredItemGroup.create(
        subscription,
        entries.map((entry) => ({ nodeId: entry.nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval, discardOldest: true, queueSize: 10 },
        TimestampsToReturn.Both,
      );
      group.on('changed', (_item: ClientMonitoredItemBase, dataValue: DataValue, index: number) => {
        const entry = entries[index];
        if (entry) this.#onChange(entry.node, dataValue);
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('monitored items were not created in time')), ITEMS_TIMEOUT_MS);
        group.once('initialized', () => {
          clearTimeout(timer);
          resolve();
        });
        group.once('err', (message: string) => {
          clearTimeout(timer);
          this.#log.warn({ err: message }, 'monitored items could not be created');
          resolve();
        });
      });
      group.monitoredItems.forEach((item, index) => {
        if (item.statusCode.isGood()) {
          accepted += 1;
          return;
        }
        refused += 1;
        this.#log.warn({ nodeId: entries[index]?.nodeId, status: item.statusCode.name }, 'the server refused a monitored item');
      });
    }
    this.#status.monitoredItems = accepted;
    this.#status.refusedItems = refused;
    this.#status.state = 'connected';
    this.#log.info({ monitoredItems: accepted, refused }, 'subscribed to OPC UA monitored items');
    const reason = await Promise.race([ended.then(() => undefined), failed]);
    if (reason && !this.#closed) throw reason;
  }

  /** Resolves `nsu=<uri>;…` node ids to the server's namespace indexes. */
  async #resolveNodes(session: ClientSession): Promise<Array<{ node: OpcuaNodeMapping; nodeId: string }>> {
    const nodes = this.#endpoint.nodes;
    if (!nodes.some((node) => node.nodeId.startsWith('nsu='))) return nodes.map((node) => ({ node, nodeId: node.nodeId }));
    const namespaces = await session.readNamespaceArray();
    return nodes.map((node) => {
      const match = /^nsu=([^;]+);(.*)$/.exec(node.nodeId);
      if (!match) return { node, nodeId: node.nodeId };
      const index = namespaces.indexOf(match[1] ?? '');
      if (index < 0) this.#log.warn({ nodeId: node.nodeId }, 'the server has no such namespace');
      return { node, nodeId: `ns=${Math.max(index, 0)};${match[2]}` };
    });
  }

  #onChange(node: OpcuaNodeMapping, dataValue: DataValue): void {
    this.#status.dataChanges += 1;
    const raw = numeric(dataValue.value);
    if (!dataValue.statusCode.isGood() || raw === undefined) {
      this.#status.skippedChanges += 1;
      if (this.#log.isLevelEnabled('debug')) {
        this.#log.debug({ nodeId: node.nodeId, status: dataValue.statusCode.name }, 'OPC UA change not stored');
      }
      return;
    }
    const ts = this.#timestamp(dataValue);
    const value = raw * (node.scale ?? 1) + (node.offset ?? 0);
    const key = `${node.assetId}\u0000${ts}`;
    let message = this.#pending.get(key);
    if (!message) {
      message = { assetId: node.assetId, ts, metrics: [] };
      this.#pending.set(key, message);
    }
    if (message.metrics.some((metric) => metric.name === node.metric)) {
      // A queued second change of the same node with the same stamp: keep the latest.
      message.metrics = message.metrics.filter((metric) => metric.name !== node.metric);
    }
    message.metrics.push({ name: node.metric, value, unit: node.unit });
    this.#status.lastChangeAt = new Date().toISOString();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // A publish response's notifications arrive in one synchronous burst: one message per asset and instant.
      setImmediate(() => this.#flush());
    }
  }

  #timestamp(dataValue: DataValue): number {
    const { timestamps } = this.#endpoint;
    const source = dataValue.sourceTimestamp?.getTime();
    const server = dataValue.serverTimestamp?.getTime();
    if (timestamps === 'source' && source) return source;
    if (timestamps !== 'gateway' && server) return server;
    return Date.now();
  }

  #flush(): void {
    this.#flushScheduled = false;
    const messages = [...this.#pending.values()];
    this.#pending = new Map();
    for (const message of messages) {
      const telemetry: SensorTelemetry = {
        eventId: eventIdOf(message.assetId, message.ts),
        ts: message.ts,
        assetId: message.assetId,
        metrics: message.metrics,
      };
      this.#status.eventsSubmitted += 1;
      // The pipeline never rejects; a refused message becomes a dead letter like any other.
      const work = this.#options.pipeline.handle(this.#topic, Buffer.from(JSON.stringify(telemetry)));
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    }
  }
}

/** `<asset>@<ts base 36>`, or a hash of the asset id when that would be too long or not printable. */
export function eventIdOf(assetId: string, ts: number): string {
  const stamp = ts.toString(36);
  const plain = `${assetId}@${stamp}`;
  if (plain.length <= MAX_EVENT_ID && /^[\x21-\x7E]+$/.test(plain)) return plain;
  return `${createHash('sha256').update(assetId).digest('hex').slice(0, 24)}@${stamp}`;
}

/** Scalar numbers, booleans (1/0) and 64-bit integers ([high, low] words) become numbers; anything else is not telemetry. */
function numeric(variant: Variant | undefined): number | undefined {
  if (!variant || variant.arrayType !== VariantArrayType.Scalar) return undefined;
  const { value } = variant;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if ((variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) && Array.isArray(value)) {
    const [high, low] = value as [number, number];
    return high * 2 ** 32 + (low >>> 0);
  }
  return undefined;
}
