import type { Socket } from 'node:net';
import { ALL_DEVICE_TOPICS } from '@campus/protocol';
import mqtt from 'mqtt';
import { CommitTracker } from '../tracker.ts';
import { serveWorker } from './serve.ts';

/** Reference (a)'s far end: one plain subscriber that only counts what the broker delivers. */

export interface SubscriberArgs {
  brokerPort: number;
  qos: 0 | 1;
  runTag: string;
}

await serveWorker<SubscriberArgs, Record<string, never>>(async (args) => {
  const tracker = new CommitTracker();
  const client = await mqtt.connectAsync({
    host: '127.0.0.1',
    port: args.brokerPort,
    protocolVersion: 4,
    clientId: 'bench-counter',
    clean: true,
    reconnectPeriod: 0,
  });
  (client.stream as unknown as Socket).setNoDelay(true);
  client.on('message', () => tracker.committed(args.runTag, 1, 1));
  await client.subscribeAsync(ALL_DEVICE_TOPICS, { qos: args.qos });
  return {
    info: {},
    methods: {
      progress: () => tracker.events(args.runTag),
      collect: () => ({ stats: tracker.take(args.runTag) }),
    },
    stop: () => client.endAsync(true),
  };
});
