import { isAbsolute, resolve } from 'node:path';
import { COMMAND_STREAM, deviceTopic, EVENT_STREAM_BY_KIND, isValidId, STATUS_STREAM } from '@campus/protocol';
import { loadGatewayConfig } from '../config.ts';
import { ConfigError } from '../env.ts';
import { type DeviceRegistry, DeviceRegistryError } from '../registry/device-registry.ts';
import { writeMosquittoFiles } from './mosquitto-config.ts';

/** A command-line mistake: exit code 2 and the message, which names the option. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CommandContext {
  registry: DeviceRegistry;
  out(line: string): void;
}

const RELOAD_HINT =
  'Running gateways read the registry at start: restart them (and regenerate the Mosquitto files in client mode). / 运行中的网关需重启后生效。';

/** `add`: registers a device and prints its secret, the only time it is ever shown. */
export async function addDevice(
  ctx: CommandContext,
  input: { id: string; kind: string; site: string; label: string | undefined; replace: boolean },
): Promise<void> {
  if (ctx.registry.get(input.id) && !input.replace) {
    throw new DeviceRegistryError('id', `device ${input.id} already exists; add --replace to give it a new secret`);
  }
  const { device, secret } = await ctx.registry.register({
    id: input.id,
    kind: input.kind,
    site: input.site,
    label: input.label ?? null,
  });
  ctx.out(`registered ${device.kind} ${device.id} on site ${device.site}${input.replace ? ' (secret replaced)' : ''}`);
  ctx.out('');
  ctx.out(`  MQTT username / 用户名: ${device.id}`);
  ctx.out(`  MQTT password / 密钥:   ${secret}`);
  ctx.out('');
  ctx.out('  The secret is shown once and stored only as a hash: put it in the device now.');
  ctx.out('  密钥仅显示这一次（库中只存哈希），请立即写入设备。');
  ctx.out('');
  ctx.out(`  publishes on:   ${deviceTopic(device.site, device.kind, device.id, EVENT_STREAM_BY_KIND[device.kind])}`);
  ctx.out(`                  ${deviceTopic(device.site, device.kind, device.id, STATUS_STREAM)}`);
  ctx.out(`  subscribes to:  ${deviceTopic(device.site, device.kind, device.id, COMMAND_STREAM)}`);
  ctx.out('');
  ctx.out(RELOAD_HINT);
}

/** `list`: every registered device, as a table or as JSON for scripts. */
export function listDevices(ctx: CommandContext, input: { json: boolean }): void {
  const devices = ctx.registry.list();
  if (input.json) {
    ctx.out(JSON.stringify(devices, null, 2));
    return;
  }
  if (devices.length === 0) {
    ctx.out('no devices registered / 尚无设备 (npm run devices -- add --help)');
    return;
  }
  const header = ['ID', 'KIND', 'SITE', 'ENABLED', 'LABEL'];
  const rows = devices.map((d) => [d.id, d.kind, d.site, d.enabled ? 'yes' : 'no', d.label ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of [header, ...rows]) {
    ctx.out(
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
}

/** `enable` / `disable`: a disabled device is refused at CONNECT and left out of Mosquitto's files. */
export async function setDeviceEnabled(ctx: CommandContext, input: { id: string; enabled: boolean }): Promise<void> {
  await ctx.registry.setEnabled(input.id, input.enabled);
  ctx.out(`${input.enabled ? 'enabled' : 'disabled'} ${input.id}`);
  ctx.out(RELOAD_HINT);
}

/** Mosquitto's listener for devices; the embedded broker's MQTT_PORT defaults to the same. */
const MQTT_IANA_PORT = 1883;

/** The group as the gateways will read it from MQTT_SHARE_GROUP: same default, same pattern. */
function shareGroupOf(value: string | undefined): string {
  try {
    return loadGatewayConfig(value === undefined ? {} : { MQTT_SHARE_GROUP: value }).MQTT_SHARE_GROUP;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new UsageError(
      `--share-group: ${err.problems.map((problem) => problem.replace(/^MQTT_SHARE_GROUP: /, '')).join('; ')}`,
    );
  }
}

/** `mosquitto`: passwd, acl and mosquitto.conf for an external broker (client mode). */
export async function exportMosquitto(
  ctx: CommandContext,
  input: {
    out: string;
    gatewayUser: string;
    shareGroup: string | undefined;
    port: string | undefined;
    brokerDir: string | undefined;
    newGatewayPassword: boolean;
  },
): Promise<void> {
  if (!isValidId(input.gatewayUser)) {
    throw new UsageError('--gateway-user: must be 1-64 letters, digits, . _ - (starting alphanumeric)');
  }
  if (ctx.registry.get(input.gatewayUser)) {
    throw new UsageError(`--gateway-user: ${input.gatewayUser} is a device id; the gateway needs a user of its own`);
  }
  const shareGroup = shareGroupOf(input.shareGroup);
  const port = input.port === undefined ? MQTT_IANA_PORT : Number(input.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('--port: must be an integer 1-65535');
  if (input.brokerDir !== undefined && !isAbsolute(input.brokerDir)) {
    throw new UsageError('--broker-dir: must be an absolute path (as the broker sees it)');
  }

  const outDir = resolve(input.out);
  const written = await writeMosquittoFiles(ctx.registry.rows(), {
    outDir,
    gatewayUser: input.gatewayUser,
    shareGroup,
    port,
    keepGatewayPassword: !input.newGatewayPassword,
    ...(input.brokerDir === undefined ? {} : { brokerDir: input.brokerDir }),
  });
  const devices = `${written.devices} enabled device${written.devices === 1 ? '' : 's'}`;
  ctx.out(`wrote ${written.passwordFile} (${devices} + gateway user ${input.gatewayUser})`);
  ctx.out(`wrote ${written.aclFile}`);
  ctx.out(`wrote ${written.confFile}`);
  ctx.out('');
  if (written.gatewayPassword === undefined) {
    ctx.out(`Kept the existing password of ${input.gatewayUser} (--new-gateway-password rotates it). Gateway settings:`);
    ctx.out(`  MQTT_USERNAME=${input.gatewayUser}`);
  } else {
    ctx.out('Gateway settings; the password is shown once / 网关配置（密码仅显示一次）:');
    ctx.out(`  MQTT_USERNAME=${input.gatewayUser}`);
    ctx.out(`  MQTT_PASSWORD=${written.gatewayPassword}`);
  }
  ctx.out(`  MQTT_SHARE_GROUP=${shareGroup}`);
  ctx.out(`  MQTT_URL=mqtt://<broker-host>:${port}`);
  ctx.out('');
  ctx.out('The broker must be able to read passwd (mode 0600): chown it to the user Mosquitto runs as.');
  ctx.out('Reload a running Mosquitto after regenerating: kill -HUP <pid> (clients stay connected).');
}
