import {
  BarGaugeDisplayMode,
  BarGaugeNamePlacement,
  BarGaugeSizing,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  type Dashboard,
  DashboardCursorSync,
  type DataSourceRef,
  type FieldConfigSource,
  GraphDrawStyle,
  LegendDisplayMode,
  type Panel,
  PercentChangeColorMode,
  type RowPanel,
  SortOrder,
  StackingMode,
  type Threshold,
  ThresholdsMode,
  TooltipDisplayMode,
  type VariableModel,
  VariableRefresh,
  VariableSort,
  VisibilityMode,
  VizOrientation,
} from '@grafana/schema';
import type { Options as BarChartOptions } from '@grafana/schema/dist/esm/raw/composable/barchart/panelcfg/x/BarChartPanelCfg_types.gen';
import type { Options as BarGaugeOptions } from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type { Options as TableOptions } from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import { type CampusDataSource, PROMETHEUS, TIMESCALEDB } from './datasources.ts';

/**
 * Typed builders for the dashboards, over Grafana's own `@grafana/schema` types (the JSON
 * model of the Grafana version the compose file runs). Why not the foundation SDK: it is
 * pre-1.0 and has no PostgreSQL query builder, so every SQL target would be an untyped blob
 * anyway; what we need typed is the panel model and the metadata the query test reads
 * (which tables a query needs, whether it may be empty), and that is small enough to own.
 */

/** The schema version of Grafana 13.2 (`defaultDashboard.schemaVersion` of @grafana/schema 13.2). */
export const SCHEMA_VERSION = 42;

export interface SqlQuery {
  kind: 'sql';
  /** SQL with Grafana macros ($__timeFilter, $__timeGroupAlias, …) and template variables. */
  rawSql: string;
  format: 'time_series' | 'table';
  /**
   * Tables and views the query reads. The query test skips the query, naming what is
   * missing, while one of them does not exist yet, and runs it once it does.
   */
  requires: readonly string[];
  /** Why the query may return no rows on the demo data. Unset: it must return rows. */
  mayBeEmpty?: string;
}

export interface PromQuery {
  kind: 'prometheus';
  expr: string;
  legendFormat: string;
  /** Metric families the expression reads; the test checks the hub exports each of them. */
  metrics: readonly string[];
}

export type QuerySpec = SqlQuery | PromQuery;

/** Strips the common indentation of a template literal, so the JSON shows tidy SQL. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((line) => line.trim().length > 0).map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const indent = Math.min(...indents);
  return lines.map((line) => line.slice(indent)).join('\n');
}

export function sql(
  rawSql: string,
  options: { requires: readonly string[]; format?: SqlQuery['format']; mayBeEmpty?: string },
): SqlQuery {
  return {
    kind: 'sql',
    rawSql: dedent(rawSql),
    format: options.format ?? 'time_series',
    requires: options.requires,
    ...(options.mayBeEmpty === undefined ? {} : { mayBeEmpty: options.mayBeEmpty }),
  };
}

export function prom(expr: string, options: { legendFormat: string; metrics: readonly string[] }): PromQuery {
  return { kind: 'prometheus', expr, legendFormat: options.legendFormat, metrics: options.metrics };
}

/** A panel before layout: Grafana's panel model minus what `buildDashboard` fills in. */
export interface PanelSpec {
  panel: Omit<Panel, 'id' | 'gridPos' | 'targets' | 'datasource'>;
  queries: readonly QuerySpec[];
  width: number;
  height: number;
}

interface CommonPanelOptions {
  title: string;
  /** Shown as the panel's info tooltip: say where the numbers come from. */
  description: string;
  queries: readonly QuerySpec[];
  /** Grid columns out of 24. */
  width?: number;
  height?: number;
  /** A Grafana unit id: short, percent, s, masskg, currencyCNY, … */
  unit?: string;
  decimals?: number;
  /** Ascending steps; the first is the base colour. */
  thresholds?: readonly Threshold[];
  /** The panel's minimum interval: $__interval never goes below it (e.g. a rollup's bucket). */
  interval?: string;
  overrides?: FieldConfigSource['overrides'];
  noValue?: string;
}

const BASE_THRESHOLDS: readonly Threshold[] = [{ color: 'green', value: null }];

function fieldConfig(options: CommonPanelOptions, custom: Record<string, unknown> = {}): FieldConfigSource {
  return {
    defaults: {
      custom,
      ...(options.unit === undefined ? {} : { unit: options.unit }),
      ...(options.decimals === undefined ? {} : { decimals: options.decimals }),
      ...(options.noValue === undefined ? {} : { noValue: options.noValue }),
      thresholds: { mode: ThresholdsMode.Absolute, steps: [...(options.thresholds ?? BASE_THRESHOLDS)] },
    },
    overrides: options.overrides ?? [],
  };
}

function spec(options: CommonPanelOptions, panel: PanelSpec['panel'], size: { width: number; height: number }): PanelSpec {
  return {
    panel: {
      ...panel,
      title: options.title,
      description: options.description,
      ...(options.interval === undefined ? {} : { interval: options.interval }),
    },
    queries: options.queries,
    width: options.width ?? size.width,
    height: options.height ?? size.height,
  };
}

export function timeseries(
  options: CommonPanelOptions & { style?: 'line' | 'bars'; stacked?: boolean; legendCalcs?: string[] },
): PanelSpec {
  const bars = options.style === 'bars';
  const custom: TimeSeriesFieldConfig = {
    drawStyle: bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line,
    lineWidth: 1,
    fillOpacity: bars ? 80 : 10,
    showPoints: VisibilityMode.Never,
    spanNulls: false,
    stacking: { mode: options.stacked ? StackingMode.Normal : StackingMode.None, group: 'A' },
  };
  const panelOptions: TimeSeriesOptions = {
    legend: {
      displayMode: LegendDisplayMode.List,
      placement: 'bottom',
      showLegend: true,
      calcs: options.legendCalcs ?? [],
    },
    tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
  };
  return spec(
    options,
    { type: 'timeseries', options: { ...panelOptions }, fieldConfig: fieldConfig(options, { ...custom }) },
    { width: 12, height: 8 },
  );
}

export function stat(options: CommonPanelOptions & { calc?: 'lastNotNull' | 'sum' | 'mean' | 'max' }): PanelSpec {
  const panelOptions: StatOptions = {
    reduceOptions: { calcs: [options.calc ?? 'lastNotNull'], fields: '', values: false },
    orientation: VizOrientation.Auto,
    colorMode: BigValueColorMode.Value,
    graphMode: BigValueGraphMode.None,
    justifyMode: BigValueJustifyMode.Auto,
    textMode: BigValueTextMode.Auto,
    showPercentChange: false,
    percentChangeColorMode: PercentChangeColorMode.Standard,
    wideLayout: true,
  };
  return spec(
    options,
    { type: 'stat', options: { ...panelOptions }, fieldConfig: fieldConfig(options) },
    { width: 6, height: 4 },
  );
}

export function table(options: CommonPanelOptions & { sortBy?: { displayName: string; desc: boolean } }): PanelSpec {
  const panelOptions: TableOptions = {
    showHeader: true,
    frameIndex: 0,
    ...(options.sortBy ? { sortBy: [options.sortBy] } : {}),
  };
  return spec(
    options,
    { type: 'table', options: { ...panelOptions }, fieldConfig: fieldConfig(options) },
    { width: 12, height: 8 },
  );
}

export function barGauge(options: CommonPanelOptions & { min?: number; max?: number }): PanelSpec {
  const panelOptions: BarGaugeOptions = {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
    orientation: VizOrientation.Horizontal,
    displayMode: BarGaugeDisplayMode.Gradient,
    valueMode: BarGaugeValueMode.Color,
    namePlacement: BarGaugeNamePlacement.Auto,
    showUnfilled: true,
    sizing: BarGaugeSizing.Auto,
    minVizHeight: 16,
    minVizWidth: 8,
    maxVizHeight: 300,
    legend: { displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: false, calcs: [] },
  };
  const config = fieldConfig(options);
  if (options.min !== undefined) config.defaults.min = options.min;
  if (options.max !== undefined) config.defaults.max = options.max;
  return spec(options, { type: 'bargauge', options: { ...panelOptions }, fieldConfig: config }, { width: 12, height: 8 });
}

export function barChart(options: CommonPanelOptions & { xField: string }): PanelSpec {
  const panelOptions: BarChartOptions = {
    xField: options.xField,
    orientation: VizOrientation.Auto,
    showValue: VisibilityMode.Auto,
    stacking: StackingMode.None,
    groupWidth: 0.7,
    barWidth: 0.9,
    fullHighlight: false,
    xTickLabelRotation: 0,
    xTickLabelMaxLength: 0,
    legend: { displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] },
    tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.None },
  };
  return spec(
    options,
    { type: 'barchart', options: { ...panelOptions }, fieldConfig: fieldConfig(options) },
    { width: 12, height: 8 },
  );
}

export interface VariableSpec {
  name: string;
  label: string;
  /** SQL returning one column of values; may use macros and earlier variables. */
  query: string;
  requires: readonly string[];
  /** onTimeRangeChanged for values that depend on the range, else onDashboardLoad. */
  refreshOn: 'load' | 'timeRange';
}

export function queryVariable(options: VariableSpec): VariableSpec {
  return { ...options, query: dedent(options.query) };
}

export interface RowSpec {
  title: string;
  panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: readonly string[];
  variables: readonly VariableSpec[];
  rows: readonly RowSpec[];
  /** Default range, Grafana syntax. */
  time?: { from: string; to: string };
}

/** One query of one panel of a built dashboard, with what the query test needs to run it. */
export interface PanelQuery {
  dashboardUid: string;
  panelId: number;
  panelTitle: string;
  refId: string;
  /** The panel's minimum interval, for $__interval. */
  minInterval: string | undefined;
  query: QuerySpec;
}

export interface BuiltDashboard {
  uid: string;
  json: Dashboard;
  queries: PanelQuery[];
  variables: readonly VariableSpec[];
}

const GRID_WIDTH = 24;
/** Every dashboard links to the others through this tag. */
export const CAMPUS_TAG = 'campus';

function datasourceOf(queries: readonly QuerySpec[], title: string): CampusDataSource {
  const kinds = new Set(queries.map((query) => query.kind));
  if (kinds.size !== 1) throw new Error(`panel "${title}" must have queries of exactly one data source`);
  return kinds.has('sql') ? TIMESCALEDB : PROMETHEUS;
}

function target(query: QuerySpec, refId: string, datasource: DataSourceRef): Record<string, unknown> {
  switch (query.kind) {
    case 'sql':
      return { refId, datasource, editorMode: 'code', format: query.format, rawQuery: true, rawSql: query.rawSql };
    case 'prometheus':
      return { refId, datasource, editorMode: 'code', expr: query.expr, legendFormat: query.legendFormat, range: true };
  }
}

/** `definition` is what Grafana's SQL variable editor shows; @grafana/schema does not model it. */
function variableModel(variable: VariableSpec): VariableModel & { definition: string } {
  return {
    type: 'query',
    name: variable.name,
    label: variable.label,
    datasource: TIMESCALEDB,
    query: variable.query,
    definition: variable.query,
    refresh: variable.refreshOn === 'load' ? VariableRefresh.onDashboardLoad : VariableRefresh.onTimeRangeChanged,
    multi: true,
    includeAll: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    sort: VariableSort.alphabeticalAsc,
  };
}

/**
 * Lays the rows out on Grafana's 24-column grid (left to right, wrapping), numbers the
 * panels and turns each query into a target of its data source.
 */
export function buildDashboard(spec: DashboardSpec): BuiltDashboard {
  const panels: Array<Panel | RowPanel> = [];
  const queries: PanelQuery[] = [];
  let nextId = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ type: 'row', id: nextId++, title: row.title, collapsed: false, panels: [], gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const item of row.panels) {
      if (item.width > GRID_WIDTH) throw new Error(`panel "${item.panel.title}" is wider than the grid`);
      if (x + item.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const id = nextId++;
      const title = item.panel.title ?? '';
      const datasource = datasourceOf(item.queries, title);
      const targets = item.queries.map((query, index) => target(query, refIdOf(index), datasource));
      panels.push({ ...item.panel, id, datasource, gridPos: { x, y, w: item.width, h: item.height }, targets });
      item.queries.forEach((query, index) => {
        queries.push({
          dashboardUid: spec.uid,
          panelId: id,
          panelTitle: title,
          refId: refIdOf(index),
          minInterval: item.panel.interval,
          query,
        });
      });
      x += item.width;
      lineHeight = Math.max(lineHeight, item.height);
    }
    y += lineHeight;
  }
  const json: Dashboard = {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [CAMPUS_TAG, ...spec.tags],
    timezone: 'browser',
    editable: true,
    graphTooltip: DashboardCursorSync.Crosshair,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: spec.time ?? { from: 'now-24h', to: 'now' },
    refresh: '1m',
    links: [
      {
        title: 'Campus dashboards',
        type: 'dashboards',
        tags: [CAMPUS_TAG],
        asDropdown: true,
        includeVars: false,
        keepTime: true,
        targetBlank: false,
        icon: 'external link',
        tooltip: '',
      },
    ],
    templating: { list: spec.variables.map(variableModel) },
    annotations: { list: [] },
    panels,
  };
  return { uid: spec.uid, json, queries, variables: spec.variables };
}

function refIdOf(index: number): string {
  return String.fromCharCode(65 + index);
}
