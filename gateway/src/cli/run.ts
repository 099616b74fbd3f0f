import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../env.ts';
import { DeviceRegistryError } from '../registry/device-registry.ts';
import { addDevice, type CommandContext, exportMosquitto, listDevices, setDeviceEnabled, UsageError } from './commands.ts';
import { type OpenedRegistry, openRegistry } from './database.ts';
import { COMMAND_HELP, MAIN_HELP } from './help.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Opens the registry; tests pass one over a throwaway database. */
  open?: (env: Readonly<Record<string, string | undefined>>) => Promise<OpenedRegistry>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

interface Command {
  options: Options;
  required: string[];
  run(ctx: CommandContext, values: Values): Promise<void> | void;
}

const str = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
const req = (values: Values, name: string): string => str(values, name) ?? '';
const flag = (values: Values, name: string): boolean => values[name] === true;

const COMMANDS: Record<string, Command> = {
  add: {
    options: {
      id: { type: 'string' },
      kind: { type: 'string' },
      site: { type: 'string' },
      label: { type: 'string' },
      replace: { type: 'boolean' },
    },
    required: ['id', 'kind', 'site'],
    run: (ctx, v) =>
      addDevice(ctx, {
        id: req(v, 'id'),
        kind: req(v, 'kind'),
        site: req(v, 'site'),
        label: str(v, 'label'),
        replace: flag(v, 'replace'),
      }),
  },
  list: {
    options: { json: { type: 'boolean' } },
    required: [],
    run: (ctx, v) => listDevices(ctx, { json: flag(v, 'json') }),
  },
  disable: {
    options: { id: { type: 'string' } },
    required: ['id'],
    run: (ctx, v) => setDeviceEnabled(ctx, { id: req(v, 'id'), enabled: false }),
  },
  enable: {
    options: { id: { type: 'string' } },
    required: ['id'],
    run: (ctx, v) => setDeviceEnabled(ctx, { id: req(v, 'id'), enabled: true }),
  },
  mosquitto: {
    options: {
      out: { type: 'string' },
      'gateway-user': { type: 'string' },
      'share-group': { type: 'string' },
      port: { type: 'string' },
      'broker-dir': { type: 'string' },
      'new-gateway-password': { type: 'boolean' },
    },
    required: ['out', 'gateway-user'],
    run: (ctx, v) =>
      exportMosquitto(ctx, {
        out: req(v, 'out'),
        gatewayUser: req(v, 'gateway-user'),
        shareGroup: str(v, 'share-group'),
        port: str(v, 'port'),
        brokerDir: str(v, 'broker-dir'),
        newGatewayPassword: flag(v, 'new-gateway-password'),
      }),
  },
};

/**
 * `npm run devices -- <command>`: the registry's command line. Arguments are checked before
 * the database is opened, so a typo fails at once rather than after the embedded database starts.
 * @returns the process exit code (0 done, 1 failed, 2 invalid command, option or field).
 */
export async function runDevicesCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(MAIN_HELP);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`error: unknown command "${name}" / 未知命令`);
    io.err('Run "npm run devices -- --help" for the commands.');
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(COMMAND_HELP[name] ?? MAIN_HELP);
    return EXIT_OK;
  }

  let values: Values;
  try {
    values = parseArgs({ args: [...rest], options: command.options, strict: true, allowPositionals: false }).values;
    for (const option of command.required) {
      const value = values[option];
      if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${option}: required`);
    }
  } catch (err) {
    io.err(`error: ${describeParseError(err)}`);
    io.err(`Run "npm run devices -- ${name} --help" for its options.`);
    return EXIT_USAGE;
  }

  let opened: OpenedRegistry | undefined;
  try {
    opened = await (io.open ?? openRegistry)(io.env);
    await command.run({ registry: opened.registry, out: io.out }, values);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError || err instanceof DeviceRegistryError || err instanceof ConfigError) {
      io.err(`error: ${err.message}`);
      return EXIT_USAGE;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}${opened ? '' : ' (while opening the device registry)'}`);
    return EXIT_FAILED;
  } finally {
    await opened?.close().catch(() => {});
  }
}

/** parseArgs throws TypeErrors with codes; say which option is wrong in our own words. */
function describeParseError(err: unknown): string {
  if (err instanceof UsageError) return err.message;
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  const option = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${option ?? 'option'}: unknown option`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${option ?? 'option'}: ${/argument missing/.test(err.message) ? 'needs a value' : 'takes no value'}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ''}`.trimEnd();
    default:
      return err.message;
  }
}
