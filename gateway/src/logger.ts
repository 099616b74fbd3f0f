import pino, { type Logger, type LoggerOptions } from 'pino';

/** The closed set of log components (STYLE 12); `LOG_LEVEL` applies to all. */
export type LogComponent =
  | 'gateway'
  | 'gateway.broker'
  | 'gateway.mqtt-client'
  | 'gateway.opcua'
  | 'gateway.ingest'
  | 'gateway.spool'
  | 'gateway.registry'
  | 'hub'
  | 'hub.http'
  | 'hub.live'
  | 'hub.rules'
  | 'storage';

export type { Logger };

export function createRootLogger(options: LoggerOptions = {}): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: ['*.password', '*.secret', '*.MQTT_PASSWORD', '*.DATABASE_URL'], censor: '[redacted]' },
    ...options,
  });
}

export function componentLogger(root: Logger, component: LogComponent): Logger {
  return root.child({ component });
}
