export { buildApp } from './app.ts';
export * from './config.ts';
export * from './runtime.ts';
