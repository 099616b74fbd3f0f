import { readFile } from 'node:fs/promises';
import { DEVICE_KINDS, type DeviceKind, ID_PATTERN } from '@campus/protocol';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { STOCK_ITEMS } from './campus/stock.ts';
import { ASSET_TYPES, type AssetSpec, type AssetType, MQTT_DEMO_ASSETS } from './equipment/assets.ts';

/**
 * The simulated devices. Each connects with its own registry credentials (MQTT username = id,
 * password = secret), so the simulators exercise exactly what real devices do (IOT-6).
 */

const Id = Type.String({ pattern: ID_PATTERN });

export const SimDeviceSchema = Type.Object(
  {
    id: Id,
    kind: Type.Enum(DEVICE_KINDS),
    site: Id,
    secret: Type.String({ minLength: 1, description: 'The MQTT password the registry knows for this device' }),
    label: Type.Optional(Type.String()),
    building: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Gates: the dorm they guard. Terminals and scales: their canteen. Sensors: where the asset stands.',
      }),
    ),
    assetId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Sensors: the asset they measure' })),
    assetType: Type.Optional(Type.Enum(ASSET_TYPES)),
    items: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        minItems: 1,
        description: 'Scales: the stocked items they weigh',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SimDevice = Static<typeof SimDeviceSchema>;

export const FleetFileSchema = Type.Array(SimDeviceSchema, { minItems: 1 });
const FLEET_VALIDATOR = Compile(FleetFileSchema);

export const DEMO_SITE = 'main';
const demoSecret = (id: string) => `demo-${id}-secret`;
const demo = (device: Omit<SimDevice, 'site' | 'secret'>): SimDevice => ({
  ...device,
  site: DEMO_SITE,
  secret: demoSecret(device.id),
});

/**
 * The devices a fresh hub knows (gateway/src/registry/demo-devices.ts, secrets `demo-<id>-secret`),
 * with what the simulation needs to know about each. A test keeps the two lists in step.
 */
export const DEMO_FLEET: SimDevice[] = [
  demo({ id: 'gate-01', kind: 'gate', building: 'dorm-1', label: 'Dorm 1 north gate / 1号楼北门' }),
  demo({ id: 'gate-02', kind: 'gate', building: 'dorm-1', label: 'Dorm 1 south gate / 1号楼南门' }),
  demo({ id: 'gate-03', kind: 'gate', building: 'dorm-2', label: 'Dorm 2 main gate / 2号楼正门' }),
  demo({ id: 'gate-04', kind: 'gate', building: 'dorm-3', label: 'Dorm 3 main gate / 3号楼正门' }),
  demo({ id: 'terminal-01', kind: 'terminal', building: 'canteen-1', label: 'Canteen 1 ordering terminal / 一食堂点餐机' }),
  demo({ id: 'terminal-02', kind: 'terminal', building: 'canteen-2', label: 'Canteen 2 ordering terminal / 二食堂点餐机' }),
  demo({
    id: 'scale-01',
    kind: 'scale',
    building: 'canteen-1',
    items: ['rice', 'flour', 'cooking-oil', 'pork'],
    label: 'Canteen 1 store scale / 一食堂库房秤',
  }),
  demo({
    id: 'scale-02',
    kind: 'scale',
    building: 'canteen-2',
    items: ['rice', 'noodles', 'eggs', 'vegetables', 'tofu'],
    label: 'Canteen 2 store scale / 二食堂库房秤',
  }),
  demo({
    id: 'sensor-01',
    kind: 'sensor',
    building: 'EnergyCentre',
    assetId: 'chiller-1',
    assetType: 'chiller',
    label: 'Chiller 1 sensors / 1号冷水机组传感器',
  }),
  demo({
    id: 'sensor-02',
    kind: 'sensor',
    building: 'EnergyCentre',
    assetId: 'pump-1',
    assetType: 'pump',
    label: 'Pump 1 sensors / 1号水泵传感器',
  }),
  demo({
    id: 'sensor-03',
    kind: 'sensor',
    building: 'EnergyCentre',
    assetId: 'boiler-1',
    assetType: 'boiler',
    label: 'Boiler 1 sensors / 1号锅炉传感器',
  }),
];

/**
 * Where the demo gates stand on a campus grid (metres, x east, y north): dorm 1's two gates 80 m
 * apart, dorm 2 500 m away, dorm 3 across campus (1.3 km from dorm 1). The hub's
 * impossible-travel rule takes these as its `gates` setting.
 */
export const DEMO_GATE_POSITIONS: Readonly<Record<string, { x: number; y: number }>> = {
  'gate-01': { x: 0, y: 0 },
  'gate-02': { x: 0, y: -80 },
  'gate-03': { x: 420, y: 260 },
  'gate-04': { x: 1150, y: 650 },
};

export class FleetError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'FleetError';
    this.problems = problems;
  }
}

/**
 * Checks what the simulation needs beyond the schema: unique ids, sensors with a known asset
 * type, scales with known items.
 * @throws FleetError listing every problem.
 */
export function checkFleet(devices: readonly SimDevice[], source = 'fleet'): SimDevice[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  devices.forEach((device, index) => {
    const at = `[${index}] ${device.id}`;
    if (seen.has(device.id)) problems.push(`${at}: id appears twice`);
    seen.add(device.id);
    if (device.kind === 'sensor') {
      if (!device.assetId) problems.push(`${at}: a sensor needs assetId`);
      if (!assetTypeOf(device)) problems.push(`${at}: a sensor needs assetType (one of ${ASSET_TYPES.join(', ')})`);
    }
    for (const item of device.items ?? []) {
      if (!(item in STOCK_ITEMS)) problems.push(`${at}: unknown item ${item} (known: ${Object.keys(STOCK_ITEMS).join(', ')})`);
    }
  });
  if (problems.length > 0) throw new FleetError(source, problems);
  return [...devices];
}

/** Reads a JSON fleet file (an array of devices, see docs/simulators.md). */
export async function loadFleetFile(path: string): Promise<SimDevice[]> {
  let body: unknown;
  try {
    body = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new FleetError(path, [err instanceof Error ? err.message : String(err)]);
  }
  if (!FLEET_VALIDATOR.Check(body)) {
    throw new FleetError(
      path,
      FLEET_VALIDATOR.Errors(body)
        .slice(0, 20)
        .map((error) => `${error.instancePath || '/'}: ${error.message}`),
    );
  }
  return checkFleet(body, path);
}

function assetTypeOf(device: SimDevice): AssetType | undefined {
  return device.assetType ?? MQTT_DEMO_ASSETS.find((asset) => asset.id === device.assetId)?.type;
}

/** The asset a sensor measures. */
export function assetOf(device: SimDevice): AssetSpec | undefined {
  const type = assetTypeOf(device);
  if (device.kind !== 'sensor' || !device.assetId || !type) return undefined;
  const known = MQTT_DEMO_ASSETS.find((asset) => asset.id === device.assetId);
  const label = known?.label ?? device.label;
  return { id: device.assetId, type, building: device.building ?? 'Campus', ...(label ? { label } : {}) };
}

export function devicesOfKind(fleet: readonly SimDevice[], kind: DeviceKind): SimDevice[] {
  return fleet.filter((device) => device.kind === kind);
}

export function findDevice(fleet: readonly SimDevice[], id: string): SimDevice {
  const device = fleet.find((candidate) => candidate.id === id);
  if (!device) throw new Error(`no device ${id} in the fleet`);
  return device;
}
