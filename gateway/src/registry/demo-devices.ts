import type { DeviceKind } from '@campus/protocol';
import type { DeviceRegistry } from './device-registry.ts';

export const DEMO_SITE = 'main';

/**
 * The devices a fresh install knows, with documented secrets (`demo-<id>`), so that the
 * `mosquitto_pub` examples of docs/device-protocol.md work at once. DEVICE_SEED=none turns
 * this off; production registries are built with `npm run devices`.
 */
export const DEMO_DEVICES: ReadonlyArray<{ id: string; kind: DeviceKind; label: string }> = [
  { id: 'gate-01', kind: 'gate', label: 'Dorm 1 north gate / 1号楼北门' },
  { id: 'gate-02', kind: 'gate', label: 'Dorm 1 south gate / 1号楼南门' },
  { id: 'gate-03', kind: 'gate', label: 'Dorm 2 main gate / 2号楼正门' },
  { id: 'gate-04', kind: 'gate', label: 'Dorm 3 main gate / 3号楼正门' },
  { id: 'terminal-01', kind: 'terminal', label: 'Canteen 1 ordering terminal / 一食堂点餐机' },
  { id: 'terminal-02', kind: 'terminal', label: 'Canteen 2 ordering terminal / 二食堂点餐机' },
  { id: 'scale-01', kind: 'scale', label: 'Canteen 1 store scale / 一食堂库房秤' },
  { id: 'scale-02', kind: 'scale', label: 'Canteen 2 store scale / 二食堂库房秤' },
  { id: 'sensor-01', kind: 'sensor', label: 'Chiller 1 sensors / 1号冷水机组传感器' },
  { id: 'sensor-02', kind: 'sensor', label: 'Pump 1 sensors / 1号水泵传感器' },
  { id: 'sensor-03', kind: 'sensor', label: 'Boiler 1 sensors / 1号锅炉传感器' },
];

export function demoSecret(deviceId: string): string {
  return `demo-${deviceId}-secret`;
}

/** Seeds the demo devices into an empty registry; returns how many it added. */
export async function seedDemoDevices(registry: DeviceRegistry): Promise<number> {
  if (registry.list().length > 0) return 0;
  for (const device of DEMO_DEVICES) {
    await registry.register({ ...device, site: DEMO_SITE, secret: demoSecret(device.id) });
  }
  return DEMO_DEVICES.length;
}
