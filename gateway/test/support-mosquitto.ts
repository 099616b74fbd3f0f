import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, connect, createServer } from 'node:net';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** A free TCP port on 127.0.0.1: listen on port 0, read the port, close. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MosquittoProcess {
  port: number;
  /** Everything the broker wrote to stdout/stderr, for failure messages. */
  output(): string;
  /** SIGHUP: Mosquitto re-reads password_file and acl_file and keeps clients connected. */
  reload(): void;
  stop(): Promise<void>;
}

/**
 * Starts a real `mosquitto -c <conf>` whose listener is on `port`, and resolves once the
 * port accepts connections. Rejects with the broker's output if it exits first.
 */
export async function startMosquitto(confPath: string, port: number, timeoutMs = 10_000): Promise<MosquittoProcess> {
  const child: ChildProcess = spawn('mosquitto', ['-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const deadline = Date.now() + timeoutMs;
  while (!(await canConnect(port))) {
    if (!running) throw new Error(`mosquitto exited before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(50);
  }
  return {
    port,
    output: () => output,
    reload() {
      if (running) child.kill('SIGHUP');
    },
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls until `check` returns a value other than undefined; fails with `what` after the
 * timeout. For eventual outcomes (rows arriving), never for measuring speed.
 */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Connects an mqtt.js client without automatic reconnects, so a refusal surfaces as a rejection. */
export function connectMqtt(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, ...options });
}
