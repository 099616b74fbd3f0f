import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { cpuMsOfPid, peakRssKbOfPid } from './proc.ts';
import { WorkerProcess } from './worker-process.ts';

/** The bare broker of references (a) and (c): Mosquitto on a free port, or a plain aedes process. */
export type BrokerKind = 'mosquitto' | 'aedes';

export interface BareBroker {
  label: string;
  port: number;
  cpuMs(): Promise<number>;
  stop(): Promise<{ peakRssKb: number }>;
}

const MOSQUITTO_PATHS = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'];

export function mosquittoPath(): string | undefined {
  return MOSQUITTO_PATHS.find((path) => existsSync(path));
}

export function startBareBroker(kind: BrokerKind, runDir: string): Promise<BareBroker> {
  return kind === 'mosquitto' ? startMosquitto(runDir) : startAedes(runDir);
}

async function startMosquitto(runDir: string): Promise<BareBroker> {
  const binary = mosquittoPath();
  if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto), or use --broker aedes');
  // `mosquitto -h` prints its version and exits non-zero.
  const version = /version (\S+)/.exec(spawnSync(binary, ['-h'], { encoding: 'utf8' }).stdout)?.[1];
  const port = await freePort();
  const config = join(runDir, `mosquitto-${port}.conf`);
  // Queues big enough that a run never drops, Nagle off like every other hop (DEPENDENCY-NOTES).
  await writeFile(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 100000',
      'max_inflight_messages 0',
      'set_tcp_nodelay true',
      'log_type error',
      'log_type warning',
      '',
    ].join('\n'),
  );
  const log = openSync(join(runDir, 'mosquitto.log'), 'a');
  const child = spawn(binary, ['-c', config], { stdio: ['ignore', log, log] });
  await waitForPort(port, child);
  const pid = child.pid ?? 0;
  return {
    label: `mosquitto ${version ?? ''}`.trim(),
    port,
    cpuMs: async () => cpuMsOfPid(pid),
    async stop() {
      const peakRssKb = peakRssKbOfPid(pid);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      return { peakRssKb };
    },
  };
}

async function startAedes(runDir: string): Promise<BareBroker> {
  const worker = await WorkerProcess.start<{ port: number }>('./workers/aedes-broker.ts', {}, join(runDir, 'aedes.log'));
  await worker.begin();
  return {
    label: 'aedes 1.x (plain)',
    port: worker.info.port,
    cpuMs: async () => (await worker.usage()).cpuMs,
    async stop() {
      return { peakRssKb: (await worker.stop()).maxRssKb };
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`broker exited (${child.exitCode}) before listening on ${port}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`broker did not listen on ${port}`);
}
