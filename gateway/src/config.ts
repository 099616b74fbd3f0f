import Type, { type Static } from 'typebox';
import { parseEnv } from './env.ts';

const Port = (description: string, port: number) => Type.Integer({ minimum: 0, maximum: 65535, default: port, description });

/** The gateway's environment variables: one schema, defaults here and nowhere else. */
export const GatewayConfigSchema = Type.Object({
  MQTT_URL: Type.Optional(
    Type.String({
      description: 'External broker (e.g. mqtt://mosquitto:1883). Unset: the gateway runs its own embedded broker (aedes).',
    }),
  ),
  MQTT_USERNAME: Type.Optional(Type.String({ description: "The gateway's own user on the external broker." })),
  MQTT_PASSWORD: Type.Optional(Type.String({ description: "The gateway's password on the external broker." })),
  MQTT_SHARE_GROUP: Type.String({
    default: 'campus-gateways',
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Shared-subscription group: gateways in one group split the device stream between them.',
  }),
  MQTT_CLIENT_ID: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,40}$',
      description:
        'Stable client-id prefix on the external broker: the broker then keeps unacknowledged messages for this gateway across restarts. Unset: random ids, clean sessions.',
    }),
  ),
  MQTT_SUBSCRIBER_CONNECTIONS: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 8,
    description:
      'Client mode: subscriber connections per gateway in the share group (each carries one unacknowledged message at a time).',
  }),
  MQTT_HOST: Type.String({ default: '0.0.0.0', description: 'Address the embedded broker listens on.' }),
  MQTT_PORT: Port('MQTT over TCP port of the embedded broker (0 picks a free port).', 1883),
  MQTT_WS_PORT: Port('MQTT over WebSocket port of the embedded broker (0 picks a free port).', 9001),
  INGEST_MAX_PAYLOAD_BYTES: Type.Integer({
    minimum: 256,
    default: 16384,
    description: 'Larger payloads are rejected as oversize.',
  }),
  INGEST_MAX_FUTURE_SKEW_MS: Type.Integer({
    minimum: 0,
    default: 300_000,
    description: 'Events stamped further ahead of the gateway clock are rejected (clock_skew).',
  }),
  INGEST_MAX_AGE_MS: Type.Integer({
    minimum: 0,
    default: 7 * 24 * 3_600_000,
    description: 'Events older than this are rejected (clock_skew); devices that buffer offline stay within it.',
  }),
  INGEST_BATCH_MAX_ROWS: Type.Integer({
    minimum: 1,
    maximum: 5000,
    default: 4000,
    description:
      'Largest batch written at once. Light traffic makes small batches anyway; under a flood, 4000 with 3 writers stored ~1.7× the events/s of 2000 with 2 (docs/benchmarks.md).',
  }),
  INGEST_BATCH_LINGER_MS: Type.Integer({
    minimum: 0,
    maximum: 1000,
    default: 0,
    description:
      'How long a batch may wait to fill before it is written; 0 = the end of the current event-loop turn. A full batch goes at once.',
  }),
  INGEST_WRITERS: Type.Integer({
    minimum: 1,
    maximum: 8,
    default: 3,
    description:
      'Batches written at the same time, each in its own transaction (they commit in receive order). The embedded database writes one at a time whatever this says.',
  }),
  SPOOL_DIR: Type.String({ default: './data/spool', description: 'Where accepted events wait while the database is down.' }),
  SPOOL_MAX_BYTES: Type.Integer({
    minimum: 1_000_000,
    default: 1_000_000_000,
    description: 'Spool bound; when full, publishers are held (no PUBACK) instead of losing data.',
  }),
  SPOOL_RETRY_MS: Type.Integer({ minimum: 10, default: 1000, description: 'How often the spool retries the database.' }),
  DEAD_LETTER_MAX_ROWS: Type.Integer({ minimum: 100, default: 100_000, description: 'Rejected messages kept for operators.' }),
  DEVICE_REGISTRY_RELOAD_MS: Type.Integer({
    minimum: 1000,
    default: 30_000,
    description:
      'How often the gateway re-reads the device registry (devices added or disabled elsewhere take effect within this time).',
  }),
  OPCUA_CONFIG: Type.Optional(
    Type.String({
      description:
        'OPC UA mapping file (JSON or YAML): endpoints, security, node → asset + metric + unit (docs/simulators.md, "OPC UA in the gateway"). Unset: no OPC UA client.',
    }),
  ),
  OPCUA_PKI_DIR: Type.Optional(
    Type.String({
      description:
        "The OPC UA client's certificate store (own/, trusted/, rejected/). Unset: opcua-pki next to SPOOL_DIR (DATA_DIR/opcua-pki in the hub).",
    }),
  ),
  DEVICE_SEED: Type.Union([Type.Literal('demo'), Type.Literal('none')], {
    default: 'demo',
    description:
      'demo: on an empty registry, register the demo devices with the documented secrets (docs/device-protocol.md). Use none in production.',
  }),
});
export type GatewayConfig = Static<typeof GatewayConfigSchema>;

export function loadGatewayConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  return parseEnv(GatewayConfigSchema, env);
}
