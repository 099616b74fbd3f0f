import { type ChildProcess, fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerUsage } from './worker-protocol.ts';

/**
 * The driver's side of a bench worker: a forked process (so what it measures has an event
 * loop and a resident set of its own) answering calls over IPC. Its output goes to `logFile`.
 */
export class WorkerProcess<Info> {
  readonly info: Info;
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  #nextId = 1;
  #exited: Error | undefined;

  private constructor(child: ChildProcess, info: Info) {
    this.#child = child;
    this.info = info;
    child.on('message', (message: FromWorker) => {
      if (message.type !== 'result' && message.type !== 'error') return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.type === 'result') pending?.resolve(message.value);
      else pending?.reject(new Error(message.message));
    });
    child.on('exit', (code) => {
      this.#exited = new Error(`worker ${child.pid} exited (${code})`);
      for (const pending of this.#pending.values()) pending.reject(this.#exited);
      this.#pending.clear();
    });
  }

  static async start<Info>(
    script: string,
    args: unknown,
    logFile: string,
    execArgv: string[] = [],
  ): Promise<WorkerProcess<Info>> {
    const log = openSync(logFile, 'a');
    const child = fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(args)], {
      stdio: ['ignore', log, log, 'ipc'],
      execArgv: [...process.execArgv, ...execArgv],
    });
    const info = await new Promise<Info>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`worker ${script} exited (${code}) before ready; see ${logFile}`));
      child.once('exit', onExit);
      child.once('message', (message: FromWorker) => {
        child.off('exit', onExit);
        if (message.type === 'ready') resolve(message.info as Info);
        else reject(new Error(`worker ${script} failed to start: ${'message' in message ? message.message : message.type}`));
      });
    });
    return new WorkerProcess<Info>(child, info);
  }

  call<Result>(method: string, params?: unknown): Promise<Result> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#child.send({ id, method, params } satisfies ToWorker);
    });
  }

  begin(): Promise<void> {
    return this.call('begin');
  }

  usage(): Promise<WorkerUsage> {
    return this.call('usage');
  }

  /**
   * Stops the worker's work, waits for its exit and returns its peak resident set. A worker
   * that has not stopped within `timeoutMs` is killed (`stopped: false`).
   */
  async stop(timeoutMs = 60_000): Promise<{ maxRssKb: number; stopped: boolean }> {
    const { maxRssKb } = await this.usage();
    const exited = new Promise<void>((resolve) => {
      if (this.#child.exitCode !== null || this.#exited) resolve();
      else this.#child.once('exit', () => resolve());
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([this.call<{ maxRssKb: number }>('stop').then(() => exited), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.kill();
      await exited;
      return { maxRssKb, stopped: false };
    }
    return { maxRssKb, stopped: true };
  }

  kill(): void {
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }
}
