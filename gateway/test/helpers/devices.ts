import type { Socket } from 'node:net';
import { eventTopic } from '@campus/protocol';
import mqtt, { type MqttClient } from 'mqtt';
import type { TestDevice } from './gateway-fixture.ts';

/** Connects a real MQTT client as a device (username = device id, password = secret). */
export async function connectDevice(
  port: number,
  device: Pick<TestDevice, 'id' | 'secret'>,
  options: { clean?: boolean; reconnectPeriod?: number } = {},
): Promise<MqttClient> {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: `${device.id}-${Math.random().toString(16).slice(2, 8)}`,
    username: device.id,
    password: device.secret,
    reconnectPeriod: options.reconnectPeriod ?? 0,
    clean: options.clean ?? true,
    connectTimeout: 5000,
  });
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  return client;
}

export function publishEvent(client: MqttClient, device: TestDevice, payload: unknown, qos: 0 | 1 = 1): Promise<unknown> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return client.publishAsync(eventTopic(device.site, device.kind, device.id), body, { qos });
}

const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

/** Valid payloads for each kind, ids from `n` so tests can count what they sent. */
export const samplePayloads = {
  gate: (n: number) => ({
    eventId: `g-${n}`,
    ts: iso(),
    cardId: `C${1000 + n}`,
    direction: n % 2 ? 'out' : 'in',
    result: 'granted',
  }),
  terminal: (n: number) => ({
    eventId: n,
    ts: Date.now(),
    orderId: `O-${n}`,
    items: [
      { dishId: 'D-rice', quantity: 2, unitPrice: 1.5 },
      { dishId: 'D-pork', quantity: 1, unitPrice: 12 },
    ],
    total: 15,
    payerCard: 'C2001',
    mealPeriod: 'lunch',
  }),
  scale: (n: number) => ({ eventId: `s-${n}`, ts: iso(), itemId: 'flour', gross: 30000, net: 25000 - n, unit: 'g' }),
  sensor: (n: number) => ({
    eventId: `t-${n}`,
    ts: iso(),
    assetId: 'A-CH-01',
    metrics: [
      { name: 'temperature', value: 7.2 + n / 100, unit: '°C' },
      { name: 'vibration', value: 2.1, unit: 'mm/s' },
    ],
  }),
};
