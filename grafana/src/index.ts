export * from './builders.ts';
export { DASHBOARDS } from './dashboards/index.ts';
export * from './datasources.ts';
export * from './macros.ts';
export * from './render.ts';
export * from './sources.ts';
