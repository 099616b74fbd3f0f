import { parseArgs } from 'node:util';
import { EVEN_MIX, type KindMix, parseMix } from '@campus/device-sims/load';
import { type BrokerKind, mosquittoPath } from './brokers.ts';

export type Target = 'pg' | 'embedded';
export type Reference = 'product' | 'broker' | 'copy' | 'pipeline';
export type Composition = 'hub' | 'gateway';

export interface BenchOptions {
  durationMs: number;
  warmupMs: number;
  targets: Target[];
  qos: Array<0 | 1>;
  measurements: Reference[];
  /** hub: the product as hub/src/main.ts runs it; gateway: the gateway alone (ingest path only). */
  compositions: Composition[];
  processes: number;
  devicesPerKind: number;
  window: number;
  fixedRate: number;
  broker: BrokerKind;
  mix: KindMix;
  sensorMetrics: number;
  batchEvents: number;
  pgUrl: string;
  productEnv: Record<string, string>;
  productNodeArgs: string[];
  cpuProfile: boolean;
  /** A measurement during which other processes used more cores than this is repeated... */
  maxOtherCores: number;
  /** ...this many times at most; the least disturbed attempt is kept. */
  retries: number;
  quick: boolean;
}

const HELP = `npm run bench -- [options]          (every option also reads BENCH_<NAME>, e.g. BENCH_DURATION=5)
  --quick                 smoke run: 3 s per measurement
  --duration <s>          seconds per measurement (default 10)
  --targets <list>        pg,embedded (default both)
  --qos <list>            0,1 (default both)
  --only <list>           product,broker,copy,pipeline (default all)
  --product <list>        hub,gateway: the whole hub runtime and/or the gateway alone (default hub)
  --processes <n>         publisher processes (default 2)
  --devices-per-kind <n>  devices of each kind per publisher process (default 2)
  --window <n>            QoS 1 publishes in flight per device (default 1000)
  --fixed-rate <n>        events/s of the latency run (default 5000)
  --broker <kind>         bare broker of references (a) and (c): mosquitto or aedes (default mosquitto if installed)
  --mix <weights>         e.g. gate=1,terminal=1,scale=1,sensor=1 (default even)
  --sensor-metrics <n>    metrics per sensor telemetry event (default 3)
  --batch <n>             events per COPY of reference (b) (default 5000)
  --pg-url <url>          server for throwaway databases (default postgres://postgres@127.0.0.1:5432/test)
  --product-env K=V       extra hub/gateway setting for the product (repeatable), e.g. INGEST_BATCH_MAX_ROWS=5000
  --product-node-arg <a>  extra Node flag for the product process (repeatable), e.g. --product-node-arg=--max-old-space-size=160
  --max-other <cores>     repeat a measurement when other processes used more cores meanwhile (default 0.3)
  --retries <n>           repeats of a disturbed measurement; the least disturbed is kept (default 2; 0 with --quick)
  --cpu-prof              write a V8 CPU profile of each product process into the run directory`;

function list<T extends string>(text: string, allowed: readonly T[], name: string): T[] {
  const items = text.split(',').map((item) => item.trim());
  for (const item of items)
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`--${name}: ${item} is not one of ${allowed.join(', ')}`);
  return items as T[];
}

function positive(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}

/** Parses the command line; undefined after printing help. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      targets: { type: 'string' },
      qos: { type: 'string' },
      only: { type: 'string' },
      product: { type: 'string' },
      processes: { type: 'string' },
      'devices-per-kind': { type: 'string' },
      window: { type: 'string' },
      'fixed-rate': { type: 'string' },
      broker: { type: 'string' },
      mix: { type: 'string' },
      'sensor-metrics': { type: 'string' },
      batch: { type: 'string' },
      'pg-url': { type: 'string' },
      'product-env': { type: 'string', multiple: true },
      'product-node-arg': { type: 'string', multiple: true },
      'cpu-prof': { type: 'boolean' },
      'max-other': { type: 'string' },
      retries: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return undefined;
  }
  const pick = (name: string, fallback: string): string =>
    (values[name as keyof typeof values] as string | undefined) ??
    env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`] ??
    fallback;
  const quick = values.quick === true || env.BENCH_QUICK === '1';
  const durationMs = positive(pick('duration', quick ? '3' : '10'), 'duration') * 1000;
  const productEnv: Record<string, string> = {};
  for (const pair of values['product-env'] ?? []) {
    const [key, ...rest] = pair.split('=');
    if (!key || rest.length === 0) throw new Error(`--product-env expects KEY=VALUE, got ${pair}`);
    productEnv[key] = rest.join('=');
  }
  return {
    durationMs,
    warmupMs: Math.min(1000, durationMs / 5),
    targets: list(pick('targets', 'pg,embedded'), ['pg', 'embedded'] as const, 'targets'),
    qos: list(pick('qos', '0,1'), ['0', '1'] as const, 'qos').map((qos) => (qos === '0' ? 0 : 1)),
    measurements: list(pick('only', 'product,broker,copy,pipeline'), ['product', 'broker', 'copy', 'pipeline'] as const, 'only'),
    compositions: list(pick('product', 'hub'), ['hub', 'gateway'] as const, 'product'),
    processes: positive(pick('processes', '2'), 'processes'),
    devicesPerKind: positive(pick('devices-per-kind', '2'), 'devices-per-kind'),
    window: positive(pick('window', '1000'), 'window'),
    fixedRate: positive(pick('fixed-rate', '5000'), 'fixed-rate'),
    broker:
      list(pick('broker', mosquittoPath() ? 'mosquitto' : 'aedes'), ['mosquitto', 'aedes'] as const, 'broker')[0] ?? 'aedes',
    mix: values.mix || env.BENCH_MIX ? parseMix(pick('mix', '')) : EVEN_MIX,
    sensorMetrics: positive(pick('sensor-metrics', '3'), 'sensor-metrics'),
    batchEvents: positive(pick('batch', '5000'), 'batch'),
    pgUrl: pick('pg-url', env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'),
    productEnv,
    productNodeArgs: values['product-node-arg'] ?? [],
    cpuProfile: values['cpu-prof'] === true,
    maxOtherCores: positive(pick('max-other', '0.3'), 'max-other'),
    retries: Math.floor(Number(pick('retries', quick ? '0' : '2'))),
    quick,
  };
}
