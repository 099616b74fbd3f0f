import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ID_PATTERN } from '@campus/protocol';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import Value from 'typebox/value';
import { ConfigError } from '../env.ts';

/**
 * The OPC UA mapping file (OPCUA_CONFIG, JSON or YAML): which servers to subscribe to, how
 * securely, and which node becomes which asset's metric. One schema; docs/simulators.md and
 * docs/configuration.md describe it.
 */

const Id = Type.String({ pattern: ID_PATTERN });

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
/** The Basic128Rsa15 / Basic256 policies are deprecated (and need a Node security revert): not offered. */
export const SECURITY_POLICIES = ['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;

/** `ns=<index>;<type>=<id>`, `nsu=<uri>;<type>=<id>` or `i=<n>` (namespace 0). */
const NODE_ID_PATTERN = '^((ns=\\d+|nsu=[^;]+);)?(s=.+|i=\\d+|g=[0-9A-Fa-f-]{36}|b=[A-Za-z0-9+/=]+)$';

export const OpcuaNodeMappingSchema = Type.Object(
  {
    nodeId: Type.String({ pattern: NODE_ID_PATTERN, description: 'e.g. ns=1;s=Campus/EnergyCentre/chiller-2/SupplyTemperature' }),
    assetId: Type.String({ minLength: 1, maxLength: 64, description: 'Asset id in the asset register' }),
    metric: Type.String({ pattern: '^[a-z][a-z0-9_]{0,47}$', description: 'Metric name in telemetry' }),
    unit: Type.String({ minLength: 1, maxLength: 16, description: 'Unit stored with the value' }),
    samplingIntervalMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
    scale: Type.Optional(Type.Number({ description: 'stored = raw × scale + offset (raw counts → engineering units)' })),
    offset: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);

export const OpcuaEndpointSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    url: Type.String({ pattern: '^opc\\.tcp://[^\\s]+$' }),
    deviceId: Type.String({
      pattern: ID_PATTERN,
      description: 'Registry id (kind sensor) the telemetry is filed under; registered automatically if absent',
    }),
    site: Id,
    securityMode: Type.Enum(SECURITY_MODES, { default: 'None' }),
    securityPolicy: Type.Enum(SECURITY_POLICIES, { default: 'None' }),
    user: Type.Optional(
      Type.Object(
        {
          userName: Type.String({ minLength: 1 }),
          passwordEnv: Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: 'Environment variable holding the password' }),
        },
        { additionalProperties: false },
      ),
    ),
    publishingIntervalMs: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 1000 }),
    samplingIntervalMs: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 1000 }),
    timestamps: Type.Enum(['source', 'server', 'gateway'], {
      default: 'source',
      description: 'Which clock stamps the telemetry: the device (source), the OPC UA server, or the gateway on receipt',
    }),
    nodes: Type.Array(OpcuaNodeMappingSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const OpcuaConfigSchema = Type.Object(
  {
    applicationName: Type.String({ minLength: 1, default: 'campus-gateway' }),
    acceptUnknownCertificates: Type.Boolean({
      default: false,
      description: 'Trust any server certificate (only for simulators); otherwise move it from PKI/rejected to PKI/trusted/certs',
    }),
    endpoints: Type.Array(OpcuaEndpointSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type OpcuaConfig = Static<typeof OpcuaConfigSchema>;
export type OpcuaEndpointConfig = Static<typeof OpcuaEndpointSchema>;
export type OpcuaNodeMapping = Static<typeof OpcuaNodeMappingSchema>;

const VALIDATOR = Compile(OpcuaConfigSchema);

/**
 * Reads and checks a mapping file; reports every problem at once.
 * @throws ConfigError naming the file and each offending field.
 */
export async function loadOpcuaConfig(path: string, env: Readonly<Record<string, string | undefined>>): Promise<OpcuaConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`OPCUA_CONFIG: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`]);
  }
  let body: unknown;
  try {
    body = ['.yaml', '.yml'].includes(extname(path).toLowerCase()) ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError([
      `OPCUA_CONFIG: ${path} is not valid ${extname(path) || 'JSON'}: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  return parseOpcuaConfig(body, env, `OPCUA_CONFIG ${path}`);
}

/** Applies defaults, validates the shape and the cross-field rules. */
export function parseOpcuaConfig(
  body: unknown,
  env: Readonly<Record<string, string | undefined>>,
  source = 'OPCUA_CONFIG',
): OpcuaConfig {
  const withDefaults = Value.Default(OpcuaConfigSchema, structuredClone(body));
  if (!VALIDATOR.Check(withDefaults)) {
    throw new ConfigError(
      VALIDATOR.Errors(withDefaults)
        .slice(0, 20)
        .map((error) => `${source} ${error.instancePath || '/'}: ${error.message}`),
    );
  }
  const config = withDefaults;
  const problems: string[] = [];
  const names = new Set<string>();
  const devices = new Set<string>();
  config.endpoints.forEach((endpoint, index) => {
    const at = `${source} /endpoints/${index}`;
    if (names.has(endpoint.name)) problems.push(`${at}/name: ${endpoint.name} appears twice`);
    names.add(endpoint.name);
    if (devices.has(endpoint.deviceId)) problems.push(`${at}/deviceId: ${endpoint.deviceId} is used by two endpoints`);
    devices.add(endpoint.deviceId);
    if ((endpoint.securityMode === 'None') !== (endpoint.securityPolicy === 'None')) {
      problems.push(
        `${at}: securityMode ${endpoint.securityMode} needs ${endpoint.securityMode === 'None' ? 'securityPolicy None' : 'a securityPolicy other than None'}`,
      );
    }
    if (endpoint.user && !env[endpoint.user.passwordEnv])
      problems.push(`${at}/user/passwordEnv: ${endpoint.user.passwordEnv} is not set`);
    const metrics = new Set<string>();
    endpoint.nodes.forEach((node, nodeIndex) => {
      const key = `${node.assetId}/${node.metric}`;
      if (metrics.has(key)) problems.push(`${at}/nodes/${nodeIndex}: ${key} is mapped twice`);
      metrics.add(key);
    });
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
