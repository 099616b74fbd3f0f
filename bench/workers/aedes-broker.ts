import { type AddressInfo, createServer } from 'node:net';
import { Aedes } from 'aedes';
import { serveWorker } from './serve.ts';

/** A plain aedes broker (in-memory persistence, no auth, no hooks), as an optional reference (a). */
await serveWorker<Record<string, never>, { port: number }>(async () => {
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    info: { port: (server.address() as AddressInfo).port },
    methods: {},
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        broker.close();
      }),
  };
});
