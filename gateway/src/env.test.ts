import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.ts';
import { ConfigError } from './env.ts';

describe('gateway configuration', () => {
  it('applies documented defaults', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({ MQTT_PORT: 1883, INGEST_BATCH_MAX_ROWS: 4000, DEVICE_SEED: 'demo' });
    expect(config.MQTT_URL).toBeUndefined();
  });

  it('converts strings and treats empty values as unset', () => {
    expect(loadGatewayConfig({ MQTT_PORT: '11883', MQTT_URL: '' })).toMatchObject({ MQTT_PORT: 11883 });
  });

  it('reports every invalid variable at once, by name', () => {
    let error: unknown;
    try {
      loadGatewayConfig({ MQTT_PORT: 'eighty', INGEST_BATCH_MAX_ROWS: '0', DEVICE_SEED: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MQTT_PORT/);
    expect(problems).toMatch(/INGEST_BATCH_MAX_ROWS/);
    expect(problems).toMatch(/DEVICE_SEED/);
  });
});
