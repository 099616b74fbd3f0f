import { describe, expect, it } from 'vitest';
import {
  expandMacros,
  expandQuery,
  formatInterval,
  interpolateVariables,
  panelInterval,
  parseInterval,
  rfc3339,
} from '../src/macros.ts';

const range = { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-24T06:30:00.250Z') };
const context = { range, timescaledb: true, intervalMs: 300_000 };

describe('Grafana macro expansion (PostgreSQL data source)', () => {
  it('$__timeFilter, $__timeFrom and $__timeTo use RFC 3339 UTC times, without a zero fraction', () => {
    expect(expandMacros('WHERE $__timeFilter(bucket)', context)).toBe(
      "WHERE bucket BETWEEN '2026-11-24T00:00:00Z' AND '2026-11-24T06:30:00.25Z'",
    );
    expect(expandMacros('$__timeFrom()::timestamptz, $__timeTo()', context)).toBe(
      "'2026-11-24T00:00:00Z'::timestamptz, '2026-11-24T06:30:00.25Z'",
    );
  });

  it('$__timeGroup is time_bucket with the TimescaleDB option and epoch arithmetic without it', () => {
    expect(expandMacros('$__timeGroupAlias(ts, 5m)', context)).toBe(`time_bucket('300.000s',ts) AS "time"`);
    expect(expandMacros("$__timeGroup(ts, '1h')", { ...context, timescaledb: false })).toBe(
      'floor(extract(epoch from ts)/3600)*3600',
    );
  });

  it('adds the alias to a bare $__timeGroup followed by a comma, as Grafana does for old queries', () => {
    expect(expandMacros('SELECT $__timeGroup(ts, 1m), count(*)', context)).toBe(
      `SELECT time_bucket('60.000s',ts) AS "time", count(*)`,
    );
  });

  it('$__time and $__timeEpoch alias the column as "time"', () => {
    expect(expandMacros('$__time(ts)', context)).toBe('ts AS "time"');
    expect(expandMacros('$__timeEpoch(ts)', context)).toBe('extract(epoch from ts) as "time"');
  });

  it('fails on an unknown macro or a missing argument, as Grafana does', () => {
    expect(() => expandMacros('$__timeFiltr(ts)', context)).toThrow(/unknown macro/);
    expect(() => expandMacros('$__timeFilter()', context)).toThrow(/missing time column/);
    expect(() => expandMacros('$__timeGroup(ts)', context)).toThrow(/needs time column and interval/);
  });

  it('interpolates multi-value variables as quoted lists, escaping quotes, and leaves macros alone', () => {
    const variables = { site: { multi: true, values: ['north', "o'hara"] }, tz: { multi: false, values: ['UTC'] } };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${tz} is Grafana's variable syntax under test, not JavaScript's.
    expect(interpolateVariables("site IN ($site) AND ${tz} = 'UTC' AND $__timeFilter(ts)", { ...context, variables })).toBe(
      "site IN ('north','o''hara') AND UTC = 'UTC' AND $__timeFilter(ts)",
    );
    expect(() => interpolateVariables('IN ($site)', { ...context, variables: { site: { multi: true, values: [] } } })).toThrow(
      /no value/,
    );
  });

  it('interpolates $__interval and $__interval_ms before the macros see them', () => {
    expect(expandQuery('$__timeGroupAlias(ts, $__interval), x / ($__interval_ms / 1000.0)', context)).toBe(
      `time_bucket('300.000s',ts) AS "time", x / (300000 / 1000.0)`,
    );
  });
});

describe('$__interval', () => {
  it('is the range over the data points, rounded as Grafana rounds, never below the panel minimum', () => {
    const day = { from: new Date(0), to: new Date(86_400_000) };
    expect(panelInterval(day)).toBe(60_000);
    expect(panelInterval(day, { minInterval: '5m' })).toBe(300_000);
    expect(panelInterval({ from: new Date(0), to: new Date(30 * 86_400_000) })).toBe(1_800_000);
  });

  it('parses and prints Grafana interval strings', () => {
    expect(parseInterval('5m')).toBe(300_000);
    expect(parseInterval('1d')).toBe(86_400_000);
    expect(parseInterval('500ms')).toBe(500);
    expect(() => parseInterval('5 minutes')).toThrow(/parsing interval/);
    expect(formatInterval(300_000)).toBe('5m');
    expect(formatInterval(90_000)).toBe('90s');
    expect(formatInterval(604_800_000)).toBe('1w');
    expect(rfc3339(new Date('2026-01-02T03:04:05.120Z'))).toBe('2026-01-02T03:04:05.12Z');
  });
});
