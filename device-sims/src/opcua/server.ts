import { OPCUACertificateManager } from 'node-opcua-certificate-manager';
import { makeEUInformation } from 'node-opcua-data-access';
import { DataValue } from 'node-opcua-data-value';
import { setDebugLogger, setErrorLogger, setWarningLogger } from 'node-opcua-debug';
import { nodesets } from 'node-opcua-nodesets';
import { MessageSecurityMode, SecurityPolicy } from 'node-opcua-secure-channel';
import { OPCUAServer } from 'node-opcua-server';
import { DataType, Variant } from 'node-opcua-variant';
import type { SimClock } from '../clock.ts';
import {
  ASSET_STATUS_NAMES,
  ASSET_TYPE_SPECS,
  type AssetSpec,
  type EngineeringUnit,
  type MetricSpec,
} from '../equipment/assets.ts';
import type { SimWorld } from '../world.ts';

/**
 * The campus equipment as building and plant controllers expose it over OPC UA: under
 * Objects/Campus/<Building>/<Asset>, one object per asset, one AnalogItem per measurement with
 * its EngineeringUnits (UNECE codes) and EURange, and a MultiStateDiscrete Status. Values come
 * from the same physics as the MQTT sensors (SimWorld.sample), so the same degradation
 * scenarios play on both transports. Source timestamps are the simulated time.
 */

export const OPCUA_RESOURCE_PATH = '/campus';
export const OPCUA_APPLICATION_URI = 'urn:campus:device-sims:opcua';

/** UNECE Rec. 20 common codes, display names and descriptions (OPC UA Part 8, EUInformation). */
const UNITS: Record<EngineeringUnit, [code: string, display: string, description: string]> = {
  '°C': ['CEL', '°C', 'degree Celsius'],
  'mm/s': ['C16', 'mm/s', 'millimetre per second'],
  A: ['AMP', 'A', 'ampere'],
  kPa: ['KPA', 'kPa', 'kilopascal'],
  bar: ['BAR', 'bar', 'bar [unit of pressure]'],
  Pa: ['PAL', 'Pa', 'pascal'],
  h: ['HUR', 'h', 'hour'],
  '%': ['P1', '%', 'percent'],
};

/** The string node id of an asset's variable: `Campus/<Building>/<asset>/<BrowseName>` in the server's namespace (1). */
export function opcuaNodeId(asset: AssetSpec, metric: MetricSpec): string {
  return `ns=1;s=Campus/${asset.building}/${asset.id}/${metric.browseName}`;
}

export interface CampusOpcuaServerOptions {
  /** TCP port (4840 is the OPC UA default). */
  port: number;
  /** Host name put in endpoint URLs and the certificate (what clients connect to). */
  hostname?: string;
  assets: readonly AssetSpec[];
  world: SimWorld;
  /** Simulated time the values are read at (default: the wall clock). */
  clock?: Pick<SimClock, 'now'>;
  /** Server certificate store (created on first start). */
  pkiDir: string;
  /**
   * Trust any client certificate (Sign / SignAndEncrypt). Convenient for a simulator; a real
   * controller keeps this off and an operator trusts the gateway's certificate.
   */
  acceptUnknownCertificates?: boolean;
  /** minimumSamplingInterval of every variable, ms. */
  minimumSamplingIntervalMs?: number;
  /** Where node-opcua's own diagnostics go (default: dropped). */
  log?: (line: string) => void;
}

const DEFAULT_MINIMUM_SAMPLING_MS = 250;

export class CampusOpcuaServer {
  readonly #options: CampusOpcuaServerOptions;
  #server: OPCUAServer | undefined;

  constructor(options: CampusOpcuaServerOptions) {
    this.#options = options;
  }

  get endpointUrl(): string {
    return `opc.tcp://${this.#options.hostname ?? '127.0.0.1'}:${this.#options.port}${OPCUA_RESOURCE_PATH}`;
  }

  async start(): Promise<void> {
    const { port, assets, world, pkiDir } = this.#options;
    const hostname = this.#options.hostname ?? '127.0.0.1';
    const log = this.#options.log ?? (() => {});
    // node-opcua prints its diagnostics on the console by default.
    setWarningLogger((...args: unknown[]) => log(args.map(String).join(' ')));
    setErrorLogger((...args: unknown[]) => log(args.map(String).join(' ')));
    setDebugLogger(() => {});
    const certificateManager = new OPCUACertificateManager({
      rootFolder: pkiDir,
      automaticallyAcceptUnknownCertificate: this.#options.acceptUnknownCertificates ?? true,
    });
    const server = new OPCUAServer({
      port,
      hostname,
      resourcePath: OPCUA_RESOURCE_PATH,
      nodeset_filename: [nodesets.standard],
      serverCertificateManager: certificateManager,
      securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [
        SecurityPolicy.None,
        SecurityPolicy.Basic256Sha256,
        SecurityPolicy.Aes128_Sha256_RsaOaep,
        SecurityPolicy.Aes256_Sha256_RsaPss,
      ],
      allowAnonymous: true,
      disableDiscovery: true,
      serverInfo: {
        applicationUri: OPCUA_APPLICATION_URI,
        productUri: 'campus-device-sims',
        applicationName: { text: 'Campus equipment simulator', locale: 'en' },
      },
      buildInfo: { productName: 'campus-device-sims', manufacturerName: 'campus-ops-hub' },
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) throw new Error('OPC UA address space missing after initialize');
    const namespace = addressSpace.getOwnNamespace();
    const campus = namespace.addFolder(addressSpace.rootFolder.objects, { browseName: 'Campus', nodeId: 's=Campus' });
    const buildings = new Map<string, ReturnType<typeof namespace.addFolder>>();
    const now = () => this.#options.clock?.now() ?? Date.now();
    const sampling = this.#options.minimumSamplingIntervalMs ?? DEFAULT_MINIMUM_SAMPLING_MS;

    for (const asset of assets) {
      let building = buildings.get(asset.building);
      if (!building) {
        building = namespace.addFolder(campus, { browseName: asset.building, nodeId: `s=Campus/${asset.building}` });
        buildings.set(asset.building, building);
      }
      const spec = ASSET_TYPE_SPECS[asset.type];
      const object = namespace.addObject({
        organizedBy: building,
        browseName: asset.id,
        nodeId: `s=Campus/${asset.building}/${asset.id}`,
        description: `${asset.label ?? asset.id} (${spec.label})`,
      });
      // One physics evaluation serves every variable of the asset read at the same instant.
      let cache: { t: number; values: Record<string, number> } | undefined;
      const read = (metric: string) => {
        const t = now();
        if (cache?.t !== t) cache = { t, values: world.sample(asset, t).values };
        return { value: cache.values[metric] ?? 0, t };
      };
      for (const metric of spec.metrics) {
        const nodeId = opcuaNodeId(asset, metric).replace(/^ns=1;/, '');
        if (metric.name === 'status') {
          const variable = namespace.addMultiStateDiscrete({
            componentOf: object,
            browseName: metric.browseName,
            nodeId,
            description: metric.description,
            enumStrings: [...ASSET_STATUS_NAMES],
            value: 0,
            minimumSamplingInterval: sampling,
          });
          variable.bindVariable(
            {
              timestamped_get: () => {
                const { value, t } = read(metric.name);
                return new DataValue({
                  value: new Variant({ dataType: DataType.UInt32, value }),
                  sourceTimestamp: new Date(t),
                  serverTimestamp: new Date(),
                });
              },
            },
            true,
          );
          continue;
        }
        const [code, display, description] = UNITS[metric.unit as EngineeringUnit] ?? ['', metric.unit, metric.unit];
        namespace.addAnalogDataItem({
          componentOf: object,
          browseName: metric.browseName,
          nodeId,
          description: metric.description,
          dataType: 'Double',
          engineeringUnits: makeEUInformation(code, display, description),
          engineeringUnitsRange: metric.range,
          // The getter runs on every sample: without this, node-opcua samples getters at 1 s whatever a client asks.
          minimumSamplingInterval: sampling,
          value: {
            timestamped_get: () => {
              const { value, t } = read(metric.name);
              return new DataValue({
                value: new Variant({ dataType: DataType.Double, value }),
                sourceTimestamp: new Date(t),
                serverTimestamp: new Date(),
              });
            },
          },
        });
      }
    }
    await server.start();
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    // Timeout 0: close the sessions at once (a restart test wants the clients to notice).
    if (server) await server.shutdown(0);
  }
}

/** A gateway OPC UA mapping (OPCUA_CONFIG, see docs/simulators.md) for assets served by this simulator. */
export interface OpcuaMappingFile {
  applicationName?: string;
  acceptUnknownCertificates?: boolean;
  endpoints: Array<{
    name: string;
    url: string;
    deviceId: string;
    site: string;
    securityMode: 'None' | 'Sign' | 'SignAndEncrypt';
    securityPolicy: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
    publishingIntervalMs: number;
    samplingIntervalMs: number;
    nodes: Array<{ nodeId: string; assetId: string; metric: string; unit: string }>;
  }>;
}

export interface MappingOptions {
  url: string;
  assets: readonly AssetSpec[];
  /** The registry id the gateway files this controller's telemetry under (kind sensor). */
  deviceId?: string;
  site?: string;
  securityMode?: OpcuaMappingFile['endpoints'][number]['securityMode'];
  securityPolicy?: OpcuaMappingFile['endpoints'][number]['securityPolicy'];
  samplingIntervalMs?: number;
  publishingIntervalMs?: number;
}

export const DEFAULT_OPCUA_DEVICE_ID = 'opcua-plant-01';

/** Maps every variable of the assets to asset id + metric + unit, as the gateway's OPCUA_CONFIG expects. */
export function opcuaMapping(options: MappingOptions): OpcuaMappingFile {
  return {
    applicationName: 'campus-gateway',
    acceptUnknownCertificates: true,
    endpoints: [
      {
        name: 'campus-equipment-simulator',
        url: options.url,
        deviceId: options.deviceId ?? DEFAULT_OPCUA_DEVICE_ID,
        site: options.site ?? 'main',
        securityMode: options.securityMode ?? 'None',
        securityPolicy: options.securityPolicy ?? 'None',
        publishingIntervalMs: options.publishingIntervalMs ?? 1000,
        samplingIntervalMs: options.samplingIntervalMs ?? 1000,
        nodes: options.assets.flatMap((asset) =>
          ASSET_TYPE_SPECS[asset.type].metrics.map((metric) => ({
            nodeId: opcuaNodeId(asset, metric),
            assetId: asset.id,
            metric: metric.name,
            unit: metric.unit,
          })),
        ),
      },
    ],
  };
}
