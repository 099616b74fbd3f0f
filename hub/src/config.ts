import { GatewayConfigSchema, parseEnv } from '@campus/gateway';
import Type, { type Static } from 'typebox';

/** Everything the single process reads from its environment (STYLE 11), gateway included. */
export const HubConfigSchema = Type.Object({
  ...GatewayConfigSchema.properties,
  HUB_HOST: Type.String({ default: '0.0.0.0', description: 'Address the HTTP API and dashboard listen on.' }),
  HUB_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port (0 picks a free port).' }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL/TimescaleDB URL. Unset: the embedded TimescaleDB under DATA_DIR is used.',
    }),
  ),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 8, description: 'Connections in the pg pool.' }),
  DATA_DIR: Type.String({ default: './data', description: 'Embedded database, spool and generated secrets live here.' }),
  HUB_PUBLIC_URL: Type.String({
    pattern: '^https?://[^\\s]+$',
    default: 'http://localhost:8080',
    description: 'Address people reach the hub at: QR labels on assets and rooms link to this URL + /repair?asset=ID.',
  }),
  HUB_SESSION_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'Signs session tokens. Unset: generated into DATA_DIR/session-secret on first start.',
    }),
  ),
  HUB_SESSION_TTL_MINUTES: Type.Integer({
    minimum: 5,
    maximum: 10_080,
    default: 720,
    description: 'How long a sign-in lasts (a 12-hour shift by default).',
  }),
  HUB_LOGIN_ATTEMPTS_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 10,
    description: 'Sign-in attempts per minute per address and username.',
  }),
  HUB_ADMIN_PASSWORD: Type.Optional(
    Type.String({
      minLength: 10,
      description:
        'Password of the first administrator (user admin) on an empty system. Unset: generated into DATA_DIR/admin-password.',
    }),
  ),
  DEMO_DATA: Type.Boolean({
    default: false,
    description:
      'Seed the demo campus on first start (accounts demo.<role> / campus-demo-2026, residents, canteens, assets). Never in production.',
  }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'Log level.',
  }),
});
export type HubConfig = Static<typeof HubConfigSchema>;

export function loadHubConfig(env: Readonly<Record<string, string | undefined>>): HubConfig {
  const config = parseEnv(HubConfigSchema, env);
  // The spool follows DATA_DIR unless placed elsewhere on purpose.
  if (env.SPOOL_DIR === undefined || env.SPOOL_DIR === '') config.SPOOL_DIR = `${config.DATA_DIR}/spool`;
  return config;
}
