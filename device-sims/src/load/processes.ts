import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromLoadChild, ToLoadChild } from './child-protocol.ts';
import type { LoadOptions, LoadReport } from './generator.ts';

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface LoadProcessGroup {
  /** Starts every generator at `startAt` (epoch ms) and resolves with their reports. */
  go(startAt: number): Promise<LoadReport[]>;
  /** Splits a new total rate (events/s; 0 = maximum) evenly over the running generators. */
  setRate(totalRate: number): void;
  /** Events published so far, over all generators (as of their last progress report). */
  sent(): number;
  /** Ends the processes (after a failure; they exit by themselves after `go`). */
  kill(): void;
}

/** Forks one load generator process per options and resolves once all are connected. */
export async function startLoadProcesses(all: readonly LoadOptions[]): Promise<LoadProcessGroup> {
  const children = all.map((options) =>
    fork(CHILD, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const sent = children.map(() => 0);
  children.forEach((child, index) => {
    child.on('message', (message: FromLoadChild) => {
      if (message.type === 'progress' || message.type === 'report') {
        sent[index] = message.type === 'progress' ? message.sent : message.report.sent;
      }
    });
  });
  const kill = () => {
    for (const child of children) if (child.exitCode === null) child.kill();
  };
  try {
    await Promise.all(children.map((child) => expect(child, 'ready')));
  } catch (err) {
    kill();
    throw err;
  }
  return {
    async go(startAt) {
      const reports = children.map((child) => expect(child, 'report'));
      for (const child of children) child.send({ type: 'go', startAt } satisfies ToLoadChild);
      try {
        return await Promise.all(reports);
      } catch (err) {
        kill();
        throw err;
      }
    },
    setRate(totalRate) {
      for (const child of children) {
        if (child.connected) child.send({ type: 'rate', rate: totalRate / children.length } satisfies ToLoadChild);
      }
    },
    sent: () => sent.reduce((total, count) => total + count, 0),
    kill,
  };
}

function expect(child: ChildProcess, type: 'ready'): Promise<void>;
function expect(child: ChildProcess, type: 'report'): Promise<LoadReport>;
function expect(child: ChildProcess, type: 'ready' | 'report'): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromLoadChild) => {
      if (message.type === 'failed') finish(new Error(`load generator ${child.pid}: ${message.message}`));
      else if (message.type === type) finish(undefined, message.type === 'report' ? message.report : undefined);
    };
    const onExit = (code: number | null) => finish(new Error(`load generator ${child.pid} exited (${code}) before '${type}'`));
    const finish = (err: Error | undefined, value?: LoadReport) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(value);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
