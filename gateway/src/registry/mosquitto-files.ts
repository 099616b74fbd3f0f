import { COMMAND_STREAM, deviceTopic, EVENT_STREAM_BY_KIND, extraStreamsOf, TOPIC_ROOT } from '@campus/protocol';
import type { DeviceRow } from './device-registry.ts';

/**
 * Credentials and ACL for an external Mosquitto in client mode (IOT-6): the broker, not the
 * gateway, authenticates devices there, so it must know the same secrets and topic rights.
 * Device hashes are already in Mosquitto's `$7$` format (see secrets.ts).
 */
export function mosquittoPasswordFile(devices: readonly DeviceRow[], gateway: { username: string; secretHash: string }): string {
  const lines = [`${gateway.username}:${gateway.secretHash}`];
  for (const device of [...devices].sort((a, b) => a.id.localeCompare(b.id))) {
    if (device.enabled) lines.push(`${device.id}:${device.secretHash}`);
  }
  return `${lines.join('\n')}\n`;
}

export function mosquittoAclFile(devices: readonly DeviceRow[], gateway: { username: string; shareGroup: string }): string {
  const out = [
    '# Generated from the campus device registry; do not edit by hand (npm run devices -- mosquitto).',
    `user ${gateway.username}`,
    `topic read ${TOPIC_ROOT}/#`,
    `topic read $share/${gateway.shareGroup}/${TOPIC_ROOT}/#`,
    `topic write ${TOPIC_ROOT}/+/+/+/${COMMAND_STREAM}`,
    '',
  ];
  for (const device of [...devices].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!device.enabled) continue;
    out.push(
      `user ${device.id}`,
      `topic write ${deviceTopic(device.site, device.kind, device.id, EVENT_STREAM_BY_KIND[device.kind])}`,
      ...extraStreamsOf(device.kind).map((stream) => `topic write ${deviceTopic(device.site, device.kind, device.id, stream)}`),
      `topic read ${deviceTopic(device.site, device.kind, device.id, COMMAND_STREAM)}`,
      '',
    );
  }
  return out.join('\n');
}
