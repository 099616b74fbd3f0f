export * from './access/index.ts';
export * from './events.ts';
export * from './roles.ts';
export * from './topics.ts';
