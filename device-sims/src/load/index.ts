export * from './fleet.ts';
export * from './generator.ts';
export * from './payloads.ts';
export * from './processes.ts';
export * from './weighted-cycle.ts';
