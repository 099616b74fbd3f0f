import type { DeviceKind, MealPeriod, RejectReason } from '@campus/protocol';

/** What every accepted device event becomes once validated: normalised, typed, timed. */
interface EventBase {
  site: string;
  deviceId: string;
  eventId: string;
  /** Device time. */
  ts: Date;
  /** Gateway receive time (ARCHITECTURE: the gateway stamps receive time as well). */
  receivedAt: Date;
}

export interface GateSwipeEvent extends EventBase {
  kind: 'gate';
  cardId: string;
  direction: 'in' | 'out';
  granted: boolean;
  reason: string | null;
}

export interface TerminalOrderEvent extends EventBase {
  kind: 'terminal';
  orderId: string;
  items: Array<{ dishId: string; quantity: number; unitPrice: number }>;
  total: number;
  payerCard: string;
  mealPeriod: MealPeriod;
}

export interface ScaleReadingEvent extends EventBase {
  kind: 'scale';
  itemId: string;
  gross: number;
  net: number;
  unit: 'kg' | 'g' | 'lb';
  /** Net weight converted to kilograms, so rules and charts compare like with like. */
  netKg: number;
}

export interface SensorTelemetryEvent extends EventBase {
  kind: 'sensor';
  assetId: string;
  metrics: Array<{ name: string; value: number; unit: string }>;
}

export type IngestEvent = GateSwipeEvent | TerminalOrderEvent | ScaleReadingEvent | SensorTelemetryEvent;

/** A refused message, kept with its raw bytes so an operator can see exactly what came in. */
export interface DeadLetter {
  kind: 'dead_letter';
  receivedAt: Date;
  deviceId: string | null;
  topic: string;
  reason: RejectReason;
  detail: string;
  payload: Buffer;
}

export type IngestRecord = IngestEvent | DeadLetter;

export type EventKind = DeviceKind;
