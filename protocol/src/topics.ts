/**
 * The MQTT topic scheme, defined once: `campus/{site}/{kind}/{deviceId}/{stream}`.
 * Devices publish their events on the stream of their kind, may publish a retained
 * `status` (birth / last will) and may subscribe only to their own `command` topic (IOT-6).
 */

export const TOPIC_ROOT = 'campus';

export const DEVICE_KINDS = ['gate', 'terminal', 'scale', 'sensor'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The one event stream each kind of device publishes on. */
export const EVENT_STREAM_BY_KIND = {
  gate: 'swipe',
  terminal: 'order',
  scale: 'reading',
  sensor: 'telemetry',
} as const satisfies Record<DeviceKind, string>;
export type EventStream = (typeof EVENT_STREAM_BY_KIND)[DeviceKind];

export const STATUS_STREAM = 'status';
export const COMMAND_STREAM = 'command';
/** Gates ask before opening (DRM-6): request on this stream, answer on their command topic. */
export const AUTHORIZE_STREAM = 'authorize';

/** Streams a device may publish on besides its event stream. */
export function extraStreamsOf(kind: DeviceKind): string[] {
  return kind === 'gate' ? [STATUS_STREAM, AUTHORIZE_STREAM] : [STATUS_STREAM];
}

/** Ids of sites and devices: safe in topics, file names and SQL identifiers' values. */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
const ID_REGEX = new RegExp(ID_PATTERN);

export interface DeviceTopic {
  site: string;
  kind: DeviceKind;
  deviceId: string;
  stream: string;
}

export function isDeviceKind(value: string): value is DeviceKind {
  return (DEVICE_KINDS as readonly string[]).includes(value);
}

export function isValidId(value: string): boolean {
  return ID_REGEX.test(value);
}

/**
 * Topics already parsed: a device publishes on the same few topics all day, and every message's
 * topic is read twice (the broker's ACL, then validation). Bounded in entries and in the length
 * of what is kept, since topics come from clients (MQTT allows 64 KiB each).
 */
const parsedTopics = new Map<string, Readonly<DeviceTopic> | null>();
const PARSED_TOPICS_MAX = 10_000;
const CACHED_TOPIC_MAX_LENGTH = 256;

/** Parses a device topic; returns null for anything outside the scheme. */
export function parseDeviceTopic(topic: string): Readonly<DeviceTopic> | null {
  const known = parsedTopics.get(topic);
  if (known !== undefined) return known;
  const parsed = parseTopicParts(topic);
  if (topic.length <= CACHED_TOPIC_MAX_LENGTH) {
    if (parsedTopics.size >= PARSED_TOPICS_MAX) parsedTopics.clear();
    parsedTopics.set(topic, parsed);
  }
  return parsed;
}

function parseTopicParts(topic: string): Readonly<DeviceTopic> | null {
  const parts = topic.split('/');
  if (parts.length !== 5) return null;
  const [root, site, kind, deviceId, stream] = parts as [string, string, string, string, string];
  if (root !== TOPIC_ROOT || !isDeviceKind(kind) || !isValidId(site) || !isValidId(deviceId)) return null;
  if (stream.length === 0) return null;
  return Object.freeze({ site, kind, deviceId, stream });
}

export function deviceTopic(site: string, kind: DeviceKind, deviceId: string, stream: string): string {
  return `${TOPIC_ROOT}/${site}/${kind}/${deviceId}/${stream}`;
}

export function eventTopic(site: string, kind: DeviceKind, deviceId: string): string {
  return deviceTopic(site, kind, deviceId, EVENT_STREAM_BY_KIND[kind]);
}

/** The wildcard a gateway subscribes to in client mode (all device streams of all sites). */
export const ALL_DEVICE_TOPICS = `${TOPIC_ROOT}/+/+/+/+`;
