/**
 * The device simulators as a library (tests, benchmarks, the demo). They speak only the public
 * device contract of @campus/protocol: topics, payloads, credentials.
 */
export * from './actions.ts';
export * from './campus/canteen.ts';
export * from './campus/profile.ts';
export * from './campus/residents.ts';
export * from './campus/stock.ts';
export * from './clock.ts';
export * from './equipment/assets.ts';
export * from './equipment/physics.ts';
export * from './fleet.ts';
export { MqttFleet, type MqttFleetOptions, type Publisher } from './mqtt/fleet-links.ts';
export * from './progress.ts';
export * from './runner.ts';
export { OPCUA_LIVE_DURATION_MS, samplingInterval } from './scenarios/equipment.ts';
export * from './scenarios/index.ts';
export * from './simulation.ts';
export * from './stats.ts';
export * from './time.ts';
export * from './world.ts';
