import { type FromLoadChild, PROGRESS_INTERVAL_MS, type ToLoadChild } from './child-protocol.ts';
import { LoadGenerator, type LoadOptions } from './generator.ts';

/**
 * Load generator as a process of its own, so publishing never shares an event loop with
 * what it measures: `node device-sims/src/load/child.ts '<LoadOptions as JSON>'`.
 * Forked with IPC it reports `ready` once connected, starts on `go` at `startAt` (epoch ms,
 * so several children start together), reports its counts while running, takes new rates
 * (`rate`) and sends its report; run by hand it starts at once and prints the report as one
 * JSON line.
 */

/** Resolves once the message is handed to the channel, so disconnecting after it loses nothing. */
const send = (message: FromLoadChild) =>
  new Promise<void>((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, undefined, () => resolve());
  });

/** Set once the parent has its answer; a disconnect before that means the parent died. */
let reported = false;

async function main(): Promise<void> {
  const raw = process.argv[2];
  if (!raw) throw new Error("usage: node child.ts '<LoadOptions JSON>'");
  const generator = new LoadGenerator(JSON.parse(raw) as LoadOptions);
  await generator.connect();
  let progress: NodeJS.Timeout | undefined;
  if (process.send) {
    // The parent is gone: nobody wants the rest of the run.
    process.on('disconnect', () => {
      if (!reported) process.exit(1);
    });
    const go = new Promise<number>((resolve) => {
      process.on('message', (message: ToLoadChild) => {
        if (message.type === 'go') resolve(message.startAt);
        else generator.setRate(message.rate);
      });
    });
    await send({ type: 'ready' });
    const startAt = await go;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
    progress = setInterval(
      () => void send({ type: 'progress', sent: generator.sent, acked: generator.acked }),
      PROGRESS_INTERVAL_MS,
    );
  }
  const report = await generator.run();
  clearInterval(progress);
  await generator.close();
  if (process.send) {
    reported = true;
    await send({ type: 'report', report });
    process.disconnect();
  } else {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
}

main().catch(async (err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.exitCode = 1;
  if (!process.send) {
    process.stderr.write(`${message}\n`);
    return;
  }
  reported = true;
  await send({ type: 'failed', message });
  process.disconnect();
});
