/**
 * What Grafana does to a PostgreSQL panel query before it reaches the database, so a test
 * can run every panel's SQL against the real schema. Two steps, in Grafana's order:
 * 1. the browser interpolates template variables ($site, $__interval, …), multi-value
 *    variables as a quoted, comma-separated list (Grafana's SqlDatasource.interpolateVariable);
 * 2. the server expands the macros ($__timeFilter, $__timeGroup, …) as Grafana's
 *    PostgreSQL macro engine does (pkg/tsdb/grafana-postgresql-datasource/macros.go),
 *    `$__timeGroup` becoming `time_bucket` when the data source has the TimescaleDB option on.
 */

export interface TimeRange {
  from: Date;
  to: Date;
}

/** A variable's current values; `multi` variables (and "All") interpolate as a quoted list. */
export interface VariableValue {
  values: readonly string[];
  multi: boolean;
}

export interface ExpandContext {
  range: TimeRange;
  /** The data source's TimescaleDB option: `$__timeGroup` → `time_bucket(...)`. */
  timescaledb: boolean;
  /** $__interval as Grafana computed it for the panel (see `panelInterval`). */
  intervalMs: number;
  variables?: Readonly<Record<string, VariableValue>>;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Grafana's interval rounding (rangeutil.roundInterval): the table it snaps to. */
const ROUNDING: ReadonlyArray<readonly [upToMs: number, intervalMs: number]> = [
  [10, 1],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, SECOND],
  [3500, 2 * SECOND],
  [7500, 5 * SECOND],
  [12500, 10 * SECOND],
  [17500, 15 * SECOND],
  [25000, 20 * SECOND],
  [45000, 30 * SECOND],
  [90000, MINUTE],
  [210000, 2 * MINUTE],
  [450000, 5 * MINUTE],
  [750000, 10 * MINUTE],
  [1050000, 15 * MINUTE],
  [1500000, 20 * MINUTE],
  [2700000, 30 * MINUTE],
  [5400000, HOUR],
  [9000000, 2 * HOUR],
  [16200000, 3 * HOUR],
  [24300000, 6 * HOUR],
  [64800000, 12 * HOUR],
  [604800000, DAY],
  [1814400000, 7 * DAY],
  [3628800000, 30 * DAY],
];

export function roundInterval(ms: number): number {
  for (const [upTo, interval] of ROUNDING) if (ms <= upTo) return interval;
  return 365 * DAY;
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: 7 * DAY,
  M: 30 * DAY,
  y: 365 * DAY,
};

/** Parses a Grafana interval such as `5m`, `1h`, `30s`, `500ms` (gtime.ParseInterval). */
export function parseInterval(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|M|y)$/.exec(text.trim());
  const unit = match?.[2];
  if (!match || unit === undefined) throw new Error(`error parsing interval ${text}`);
  return Number(match[1]) * (UNIT_MS[unit] ?? Number.NaN);
}

/** Formats milliseconds the way Grafana writes $__interval: the largest whole unit. */
export function formatInterval(ms: number): string {
  for (const unit of ['y', 'w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 0;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/**
 * $__interval of a panel: the range over the data points Grafana asks for, rounded, never
 * below the panel's minimum interval (set to the rollup's bucket on our panels).
 */
export function panelInterval(
  range: TimeRange,
  options: { maxDataPoints?: number; minInterval?: string | undefined } = {},
): number {
  const raw = roundInterval((range.to.getTime() - range.from.getTime()) / (options.maxDataPoints ?? 1000));
  const floor = options.minInterval ? parseInterval(options.minInterval) : 0;
  return Math.max(raw, floor);
}

/** Go's RFC3339Nano in UTC, as Grafana prints times: no fraction when it is zero. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.(\d*?)0*Z$/, (_all, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Step 1: template variables, Grafana's built-in ones first. */
export function interpolateVariables(sqlText: string, context: ExpandContext): string {
  const { range, intervalMs } = context;
  const builtIns: Record<string, string> = {
    __interval: formatInterval(intervalMs),
    __interval_ms: String(intervalMs),
    __from: String(range.from.getTime()),
    __to: String(range.to.getTime()),
    __range_ms: String(range.to.getTime() - range.from.getTime()),
    __range_s: String(Math.round((range.to.getTime() - range.from.getTime()) / 1000)),
    __range: formatInterval(range.to.getTime() - range.from.getTime()),
  };
  const format = (name: string): string | undefined => {
    const builtIn = builtIns[name];
    if (builtIn !== undefined) return builtIn;
    const variable = context.variables?.[name];
    if (!variable) return undefined;
    if (variable.multi) {
      if (variable.values.length === 0) throw new Error(`variable $${name} has no value`);
      return variable.values.map(quoteLiteral).join(',');
    }
    return (variable.values[0] ?? '').replaceAll("'", "''");
  };
  // $name, ${name} (Grafana's variable regex without the [[name]] and :format forms we do not use).
  return sqlText.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    return format(braced ?? bare ?? '') ?? whole;
  });
}

/** Step 2: the PostgreSQL macro engine. Unknown macros fail, as they do in Grafana. */
export function expandMacros(sqlText: string, context: ExpandContext): string {
  const from = rfc3339(context.range.from);
  const to = rfc3339(context.range.to);
  const evaluate = (name: string, args: string[], followedByComma: boolean): string => {
    const column = args[0] ?? '';
    const needColumn = () => {
      if (!column) throw new Error(`missing time column argument for macro ${name}`);
    };
    switch (name) {
      case '__time':
        needColumn();
        return `${column} AS "time"`;
      case '__timeEpoch':
        needColumn();
        return `extract(epoch from ${column}) as "time"`;
      case '__timeFilter':
        needColumn();
        return `${column} BETWEEN '${from}' AND '${to}'`;
      case '__timeFrom':
        return `'${from}'`;
      case '__timeTo':
        return `'${to}'`;
      case '__timeGroup':
      case '__timeGroupAlias': {
        if (args.length < 2) throw new Error(`macro ${name} needs time column and interval and optional fill value`);
        const seconds = parseInterval((args[1] ?? '').replace(/^'|'$/g, '')) / 1000;
        const group = context.timescaledb
          ? `time_bucket('${seconds.toFixed(3)}s',${column})`
          : `floor(extract(epoch from ${column})/${seconds})*${seconds}`;
        // Grafana adds the alias to a bare $__timeGroup followed by a comma (pre-5.3 queries).
        return name === '__timeGroupAlias' || followedByComma ? `${group} AS "time"` : group;
      }
      case '__unixEpochFilter':
        needColumn();
        return `${column} >= ${Math.floor(context.range.from.getTime() / 1000)} AND ${column} <= ${Math.floor(context.range.to.getTime() / 1000)}`;
      default:
        throw new Error(`unknown macro "${name}"`);
    }
  };
  return sqlText.replace(/\$(\w+)\(([^)]*)\)/g, (whole, name: string, rawArgs: string, offset: number) => {
    const args = rawArgs.split(',').map((arg) => arg.trim());
    return evaluate(name, args, sqlText[offset + whole.length] === ',');
  });
}

/** Both steps: the SQL Grafana would send for this panel and range. */
export function expandQuery(sqlText: string, context: ExpandContext): string {
  return expandMacros(interpolateVariables(sqlText, context), context);
}
