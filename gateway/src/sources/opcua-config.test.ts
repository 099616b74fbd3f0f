import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../env.ts';
import { eventIdOf } from './opcua.ts';
import { loadOpcuaConfig, parseOpcuaConfig } from './opcua-config.ts';

const node = (metric: string, assetId = 'chiller-2') => ({
  nodeId: `ns=1;s=Campus/EnergyCentre/${assetId}/${metric}`,
  assetId,
  metric,
  unit: '°C',
});
const endpoint = (overrides: Record<string, unknown> = {}) => ({
  name: 'plant',
  url: 'opc.tcp://plc.example.edu:4840',
  deviceId: 'opcua-plant-01',
  site: 'main',
  nodes: [node('supply_temp')],
  ...overrides,
});

describe('OPC UA mapping (OPCUA_CONFIG)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'campus-opcua-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the documented defaults', () => {
    const config = parseOpcuaConfig({ endpoints: [endpoint()] }, {});
    expect(config).toMatchObject({ applicationName: 'campus-gateway', acceptUnknownCertificates: false });
    expect(config.endpoints[0]).toMatchObject({
      securityMode: 'None',
      securityPolicy: 'None',
      publishingIntervalMs: 1000,
      samplingIntervalMs: 1000,
      timestamps: 'source',
    });
  });

  it('reports every problem at once, naming the field', () => {
    const attempt = () =>
      parseOpcuaConfig(
        {
          endpoints: [
            endpoint({ securityMode: 'SignAndEncrypt', user: { userName: 'gateway', passwordEnv: 'PLC_PASSWORD' } }),
            endpoint({ nodes: [node('supply_temp'), node('supply_temp')] }),
          ],
        },
        {},
      );
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/endpoints\/0: securityMode SignAndEncrypt needs a securityPolicy other than None/);
      expect(problems).toMatch(/endpoints\/0\/user\/passwordEnv: PLC_PASSWORD is not set/);
      expect(problems).toMatch(/endpoints\/1\/name: plant appears twice/);
      expect(problems).toMatch(/endpoints\/1\/deviceId: opcua-plant-01 is used by two endpoints/);
      expect(problems).toMatch(/endpoints\/1\/nodes\/1: chiller-2\/supply_temp is mapped twice/);
    }
    expect(() => parseOpcuaConfig({ endpoints: [endpoint({ url: 'http://plc', securityPolicy: 'Basic128Rsa15' })] }, {})).toThrow(
      /endpoints\/0\/(url|securityPolicy)/,
    );
    expect(() => parseOpcuaConfig({ endpoints: [endpoint({ nodes: [{ ...node('x'), nodeId: 'Campus/x' }] })] }, {})).toThrow(
      /nodeId/,
    );
  });

  it('reads JSON and YAML files, and says which file is wrong', async () => {
    await writeFile(join(dir, 'plant.json'), JSON.stringify({ endpoints: [endpoint()] }));
    await writeFile(
      join(dir, 'plant.yaml'),
      [
        'endpoints:',
        '  - name: plant',
        '    url: opc.tcp://plc.example.edu:4840',
        '    deviceId: opcua-plant-01',
        '    site: main',
        '    securityMode: SignAndEncrypt',
        '    securityPolicy: Basic256Sha256',
        '    nodes:',
        '      - { nodeId: "nsu=urn:plc:plant;s=Chiller2.Supply", assetId: chiller-2, metric: supply_temp, unit: "°C", scale: 0.1 }',
      ].join('\n'),
    );
    await writeFile(join(dir, 'broken.json'), '{ "endpoints": [');
    expect((await loadOpcuaConfig(join(dir, 'plant.json'), {})).endpoints).toHaveLength(1);
    const yaml = await loadOpcuaConfig(join(dir, 'plant.yaml'), {});
    expect(yaml.endpoints[0]?.nodes[0]).toMatchObject({ nodeId: 'nsu=urn:plc:plant;s=Chiller2.Supply', scale: 0.1 });
    await expect(loadOpcuaConfig(join(dir, 'broken.json'), {})).rejects.toThrow(/broken\.json is not valid/);
    await expect(loadOpcuaConfig(join(dir, 'missing.json'), {})).rejects.toThrow(/cannot read/);
  });

  it('derives event ids from asset and source time (a re-sent value is stored once)', () => {
    expect(eventIdOf('chiller-2', 1_795_488_000_000)).toBe(`chiller-2@${(1_795_488_000_000).toString(36)}`);
    const long = eventIdOf('a'.repeat(64), 1);
    expect(long).toMatch(/^[0-9a-f]{24}@1$/);
    expect(eventIdOf('冷机 2', 1)).toMatch(/^[0-9a-f]{24}@1$/);
  });
});
