import type { GateSwipeEvent, IngestEvent, ScaleReadingEvent, SensorTelemetryEvent } from '@campus/gateway';
import type { AlertCategory, AlertSeverity } from '@campus/protocol';
import type { TSchema } from 'typebox';

/** What a resident is, as far as the access rules need to know (from the dormitories module). */
export interface ResidentFacts {
  residentId: string;
  name: string;
  buildingId: string | null;
  status: 'active' | 'checked_out' | 'graduated' | 'suspended';
  cardStatus: 'active' | 'revoked' | 'lost' | 'expired';
  onLeave: boolean;
  visitorPassBuildings: string[];
}

/** Calendar facts of the event's day (from the academic calendar). */
export interface DayFacts {
  curfew: string | null;
  visitingHours: { from: string; to: string } | null;
  isVacation: boolean;
}

export interface GateFacts {
  buildingId: string | null;
}

/** A stocked item as the catering module keeps it. */
export interface StockItemFacts {
  itemId: string;
  name: string;
  unit: string;
  /** Kilograms per unit, to turn a scale's net weight into units (1 when the unit is kg). */
  unitWeightKg: number;
  safetyStock: number;
}

/** Who has not come back by curfew, per building (for the night shift's list). */
export interface CurfewFacts {
  outstanding: Array<{ residentId: string; name: string; buildingId: string; lastOutAt: string | null }>;
}

/** Facts the engine looks up before a rule runs, so that rules stay pure. */
export interface Facts {
  resident?: ResidentFacts | null;
  gate?: GateFacts | null;
  day?: DayFacts | null;
  stockItem?: StockItemFacts | null;
  curfew?: CurfewFacts | null;
}

/** A message the gateway refused from a registered device (a dead letter), as the rules see it. */
export interface RejectedMessage {
  deviceId: string;
  reason: string;
  detail: string;
  receivedAt: Date;
}

/** A device's own word on its connection: its status message, or the last will the broker published. */
export interface DeviceStatusSignal {
  deviceId: string;
  kind: string;
  status: 'online' | 'offline';
  receivedAt: Date;
}

export type RuleInput =
  | { kind: 'gate'; event: GateSwipeEvent; facts: Facts }
  | { kind: 'status'; signal: DeviceStatusSignal; facts: Facts }
  | { kind: 'reject'; rejected: RejectedMessage; facts: Facts }
  | { kind: 'scale'; event: ScaleReadingEvent; facts: Facts }
  | { kind: 'sensor'; event: SensorTelemetryEvent; facts: Facts }
  | { kind: 'tick'; now: Date; facts: Facts };

export type Effect =
  | {
      type: 'raise_alert';
      subject: string;
      severity: AlertSeverity;
      title: string;
      message: string;
      evidence: Record<string, unknown>;
    }
  | { type: 'resolve_alert'; subject: string; note: string }
  | {
      type: 'open_ticket';
      dedupeKey: string;
      assetId: string;
      title: string;
      description: string;
      faultType: string;
      urgency: 'low' | 'normal' | 'high' | 'critical';
      evidence: Record<string, unknown>;
    }
  | {
      type: 'draft_requisition';
      dedupeKey: string;
      departmentId: string;
      itemId: string;
      itemName: string;
      quantity: number;
      unit: string;
      reason: string;
    };

export interface RuleResult<State> {
  state: State;
  effects: Effect[];
}

/**
 * A rule is a pure function of (its state for one key, an input, its site configuration) →
 * (new state, effects): no I/O, no clock but the input's (STYLE 7). The engine keys the state
 * (per card, per gate, per item, per asset metric), looks up facts, applies effects through
 * the domain services, and persists state so a restart changes no outcome. A rule never
 * changes the state it is given: it returns a new object, or the same one to say "unchanged"
 * (which the engine then neither keeps nor saves).
 */
export interface Rule<State, Config> {
  id: string;
  category: AlertCategory;
  title: { en: string; zh: string };
  /** Inputs the rule wants; `tick` runs it periodically for every key it holds state for. */
  on: ReadonlyArray<RuleInput['kind']>;
  configSchema: TSchema;
  defaults: Config;
  /** The state keys an event belongs to (none when the rule ignores it). */
  keysOf(input: Exclude<RuleInput, { kind: 'tick' }>): string[];
  /** Facts the rule needs, so the engine looks up only those. */
  needs?: ReadonlyArray<keyof Facts>;
  initial(): State;
  evaluate(state: State, input: RuleInput, config: Config, key: string): RuleResult<State>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds rules of every state and config type.
export type AnyRule = Rule<any, any>;

export type { GateSwipeEvent, IngestEvent, ScaleReadingEvent, SensorTelemetryEvent };
