import {
  type DeviceEventByKind,
  type DeviceKind,
  type GateSwipe,
  MEAL_PERIODS,
  type ScaleReading,
  type SensorTelemetry,
  type TerminalOrder,
  WEIGHT_UNITS,
} from '@campus/protocol';

/**
 * Valid device events for load runs. The event id is `{runTag}-{sequence}`, so a consumer can
 * tell runs apart, and `ts` is the publish time in epoch milliseconds, so publish-to-commit
 * latency is `commitTime - ts` on the same machine.
 */

const RUN_TAG_PATTERN = /^[A-Za-z0-9_.]{1,24}$/;

export function assertRunTag(runTag: string): void {
  if (!RUN_TAG_PATTERN.test(runTag)) throw new Error(`run tag ${runTag} must be 1-24 letters, digits, _ or .`);
}

export function loadEventId(runTag: string, sequence: number): string {
  return `${runTag}-${sequence}`;
}

/** The run a load event belongs to, or undefined for ids not made by `loadEventId`. */
export function runTagOf(eventId: string): string | undefined {
  const dash = eventId.indexOf('-');
  return dash > 0 ? eventId.slice(0, dash) : undefined;
}

const SENSOR_METRICS = [
  { name: 'temperature', unit: '°C', base: 21 },
  { name: 'vibration', unit: 'mm/s', base: 2.5 },
  { name: 'current', unit: 'A', base: 12 },
  { name: 'pressure', unit: 'kPa', base: 101 },
  { name: 'humidity', unit: '%', base: 45 },
  { name: 'runtime', unit: 'h', base: 1200 },
] as const;

export const MAX_SENSOR_METRICS = SENSOR_METRICS.length;

export interface EventShape {
  /** Metrics per sensor telemetry event (1-6). */
  sensorMetrics: number;
  /** The sending device and how many events it has sent before this one (its own sequence). */
  device?: { id: string; sent: number };
}

export function buildEvent<Kind extends DeviceKind>(
  kind: Kind,
  eventId: string,
  ts: number,
  sequence: number,
  shape: EventShape,
): DeviceEventByKind[Kind];
export function buildEvent(
  kind: DeviceKind,
  eventId: string,
  ts: number,
  sequence: number,
  shape: EventShape,
): DeviceEventByKind[DeviceKind] {
  switch (kind) {
    case 'gate':
      return gateSwipe(eventId, ts, shape.device ?? { id: 'gate', sent: sequence });
    case 'terminal':
      return terminalOrder(eventId, ts, sequence);
    case 'scale':
      return scaleReading(eventId, ts, sequence);
    case 'sensor':
      return sensorTelemetry(eventId, ts, sequence, shape.sensorMetrics);
  }
}

/** Cards one load gate cycles through; each passes in, then out on its next visit. */
const LOAD_CARDS = 5000;
/** One swipe in this many is a stranger's card refused once: real gates see a few, not a flood. */
const DENIED_EVERY = 400;

/**
 * Ordinary traffic, so a load run is background for the rules and not an incident: each gate has
 * its own cards, which come back in turn and alternate in and out (no passback, no card at two
 * gates), and refusals are rare strangers' cards, each refused once. Cards belong to one run:
 * every run starts with "in", so a card reused by the next run would look like a passback.
 * A stranger's swipe is extra: it takes no card's turn (when it did, every card whose "out" fell
 * on a stranger's slot came in twice, ~200 passback alerts in a 10-s run at full rate).
 */
function gateSwipe(eventId: string, ts: number, device: { id: string; sent: number }): GateSwipe {
  if (device.sent % DENIED_EVERY === DENIED_EVERY - 1) {
    // Unique to the run and gate: the same stranger refused at two gates would be a card's repeated denials.
    const cardId = `visitor.${runTagOf(eventId) ?? 'run'}.${device.id}.${device.sent}`;
    return { eventId, ts, cardId, direction: 'in', result: 'denied', reason: 'unknown_card' };
  }
  const turn = device.sent - Math.floor(device.sent / DENIED_EVERY);
  return {
    eventId,
    ts,
    cardId: `${runTagOf(eventId) ?? 'run'}.${device.id}.${turn % LOAD_CARDS}`,
    direction: Math.floor(turn / LOAD_CARDS) % 2 === 0 ? 'in' : 'out',
    result: 'granted',
  };
}

function terminalOrder(eventId: string, ts: number, sequence: number): TerminalOrder {
  // Prices in half-yuan steps keep the total exact in binary floating point.
  const items = [
    { dishId: `dish-${sequence % 40}`, quantity: 1 + (sequence % 3), unitPrice: 8.5 },
    { dishId: `dish-${(sequence + 7) % 40}`, quantity: 1, unitPrice: 3 },
  ];
  const total = items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
  return {
    eventId,
    ts,
    orderId: `order-${sequence}`,
    items,
    total,
    payerCard: `card-${sequence % 5000}`,
    mealPeriod: MEAL_PERIODS[sequence % MEAL_PERIODS.length] ?? 'lunch',
  };
}

function scaleReading(eventId: string, ts: number, sequence: number): ScaleReading {
  const gross = 10 + (sequence % 100) / 4;
  return {
    eventId,
    ts,
    itemId: `item-${sequence % 200}`,
    gross,
    net: gross - 0.75,
    unit: WEIGHT_UNITS[sequence % WEIGHT_UNITS.length] ?? 'kg',
  };
}

function sensorTelemetry(eventId: string, ts: number, sequence: number, count: number): SensorTelemetry {
  return {
    eventId,
    ts,
    assetId: `asset-${sequence % 300}`,
    metrics: SENSOR_METRICS.slice(0, count).map((metric, index) => ({
      name: metric.name,
      value: metric.base + ((sequence + index) % 17) / 10,
      unit: metric.unit,
    })),
  };
}
