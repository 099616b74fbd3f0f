import type { Target } from './options.ts';
import type { ResultRow } from './results.ts';

/** The printed report: one table per database target, the ratios, the targets with PASS/MISS. */

const TARGET_NAMES: Record<Target, string> = { pg: 'PostgreSQL', embedded: 'embedded TimescaleDB (PGlite)' };

const int = (value: number | undefined) => (value === undefined ? '-' : Math.round(value).toLocaleString('en-US'));
const ms = (value: number | undefined) =>
  value === undefined ? '-' : value < 10 ? value.toFixed(0) : Math.round(value).toString();
const mb = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(0));
const cores = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(2));

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function resultsTable(rows: ResultRow[], notes: string[]): string {
  const header = [
    'measurement',
    'QoS',
    'events/s',
    'rows/s',
    'p50 ms',
    'p99 ms',
    'p99.9',
    'committed/sent',
    'RSS MB',
    'pub RSS MB',
    'cores pub/brk/sink/pg',
    'other',
    'loop',
    'note',
  ];
  const right = [false, true, true, true, true, true, true, true, true, true, false, true, true, false];
  const body = rows.map((row) => {
    const noteRefs = row.notes.map((note) => {
      notes.push(note);
      return `[${notes.length}]`;
    });
    const share = row.cores;
    return [
      row.label,
      row.qos === undefined ? '-' : String(row.qos),
      int(row.eventsPerSec),
      row.rowsPerSec > 0 ? int(row.rowsPerSec) : '-',
      ms(row.p50Ms),
      ms(row.p99Ms),
      ms(row.p999Ms),
      row.sent === undefined ? int(row.committed) : `${int(row.committed)}/${int(row.sent)}`,
      mb(row.peakRssMb),
      row.publisherPeakRssMb.length > 0 ? row.publisherPeakRssMb.map((value) => value.toFixed(0)).join(',') : '-',
      share ? `${cores(share.publishers)}/${cores(share.broker)}/${cores(share.sink)}/${cores(share.postgres)}` : '-',
      share ? cores(share.other) : '-',
      row.eventLoop === undefined ? '-' : row.eventLoop.toFixed(2),
      noteRefs.join(''),
    ];
  });
  return table(header, body, right);
}

function find(
  rows: ResultRow[],
  reference: ResultRow['reference'],
  target: Target | undefined,
  qos: 0 | 1 | undefined,
  fixed = false,
) {
  return rows.find(
    (row) =>
      row.reference === reference &&
      (target === undefined || row.target === undefined || row.target === target) &&
      (qos === undefined || row.qos === undefined || row.qos === qos) &&
      (row.fixedRate !== undefined) === fixed,
  );
}

export function ratioLines(rows: ResultRow[], target: Target, qosList: Array<0 | 1>): string[] {
  const lines: string[] = [];
  for (const qos of qosList) {
    const product = find(rows, 'product', target, qos);
    if (!product) continue;
    const parts = (['broker', 'copy', 'pipeline'] as const).flatMap((reference) => {
      const other = find(rows, reference, target, qos);
      if (!other || other.eventsPerSec === 0) return [];
      const name = { broker: '(a) bare broker', copy: '(b) COPY', pipeline: '(c) bare pipeline' }[reference];
      return [`${(product.eventsPerSec / other.eventsPerSec).toFixed(2)}× ${name}`];
    });
    if (parts.length > 0) lines.push(`QoS ${qos}: product = ${parts.join(', ')}`);
  }
  return lines;
}

export interface TargetCheck {
  name: string;
  qos: 0 | 1;
  value: string;
  pass: boolean | undefined;
}

/** The targets, judged on the PostgreSQL runs (the deployment they are set for). */
export function targetChecks(rows: ResultRow[], qosList: Array<0 | 1>, fixedRate: number): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const qos of qosList) {
    const product = find(rows, 'product', 'pg', qos);
    const fixed = find(rows, 'product', 'pg', qos, true);
    const pipeline = find(rows, 'pipeline', 'pg', qos);
    if (product && pipeline && pipeline.eventsPerSec > 0) {
      const ratio = product.eventsPerSec / pipeline.eventsPerSec;
      checks.push({ name: 'product ≥ 0.7× bare pipeline', qos, value: `${ratio.toFixed(2)}×`, pass: ratio >= 0.7 });
    }
    if (product) {
      checks.push({
        name: '≥ 35,000 events/s sustained',
        qos,
        value: `${int(product.eventsPerSec)}/s`,
        pass: product.eventsPerSec >= 35_000,
      });
    }
    if (fixed) {
      checks.push({
        name: `p99 < 250 ms at ${fixedRate.toLocaleString('en-US')} events/s`,
        qos,
        value: `${ms(fixed.p99Ms)} ms`,
        pass: fixed.p99Ms !== undefined && fixed.p99Ms < 250 && fixed.eventsPerSec >= 0.95 * fixedRate,
      });
    }
    if (product?.peakRssMb !== undefined) {
      checks.push({
        name: 'gateway+hub peak RSS < 300 MB',
        qos,
        value: `${mb(product.peakRssMb)} MB`,
        pass: product.peakRssMb < 300,
      });
    }
  }
  return checks;
}

export function targetsTable(checks: TargetCheck[]): string {
  return table(
    ['target (PostgreSQL)', 'QoS', 'measured', 'verdict'],
    checks.map((check) => [check.name, String(check.qos), check.value, check.pass ? 'PASS' : 'MISS']),
    [false, true, true, false],
  );
}

export function report(rows: ResultRow[], targets: Target[], qosList: Array<0 | 1>, fixedRate: number): string {
  const notes: string[] = [];
  const sections: string[] = [];
  const brokerRows = rows.filter((row) => row.target === undefined);
  if (brokerRows.length > 0) sections.push('== bare broker (no database) ==', resultsTable(brokerRows, notes), '');
  for (const target of targets) {
    const ofTarget = rows.filter((row) => row.target === target);
    if (ofTarget.length === 0) continue;
    sections.push(`== ${TARGET_NAMES[target]} ==`, resultsTable(ofTarget, notes), ...ratioLines(rows, target, qosList), '');
  }
  const checks = targetChecks(rows, qosList, fixedRate);
  if (checks.length > 0) sections.push(targetsTable(checks), '');
  sections.push('Notes:', ...notes.map((note, index) => `  [${index + 1}] ${note}`));
  return sections.join('\n');
}
