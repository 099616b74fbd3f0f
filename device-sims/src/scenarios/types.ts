import type { AlertCategory, AlertSeverity } from '@campus/protocol';
import type { SimAction } from '../actions.ts';
import type { FaultRamp } from '../equipment/physics.ts';
import type { SimDevice } from '../fleet.ts';
import type { SimWorld } from '../world.ts';

/**
 * What the hub's rules engine (docs/rules.md) should conclude from a scenario. The simulators
 * only produce device behaviour; these expectations let a rules test assert on the outcome.
 * Times are relative to the scenario start (`afterMs`: not before; `withinMs`: at the latest).
 */
export interface ExpectedOutcome {
  /** The hub's rule id (GET /api/rules). */
  rule: string;
  category: AlertCategory;
  /** The rule's subject: `card:<id>`, `card:<id>@<building>`, `gate:<id>`, `item:<id>`, `asset:<id>/<metric>`, `curfew:<building>:<date>`. */
  subject: string;
  /** Severity of the alert raised; absent when the rule only opens a ticket. */
  alert?: AlertSeverity;
  /**
   * A maintenance ticket opened automatically, by the finding that opens it. The hub keeps one
   * condition ticket (trend or anomaly findings) and one limit ticket per asset.
   */
  ticket?: 'trend' | 'anomaly' | 'limit';
  /** A purchase requisition drafted with the alert. */
  requisition?: boolean;
  afterMs: number;
  withinMs: number;
  /** When the condition clears (the rule resolves the alert itself). */
  clearsAfterMs?: number;
  why: string;
  /** What the hub must know or be set to for this conclusion (master data, rule settings). */
  needs?: string;
}

/** An expectation placed in time. */
export interface PlacedOutcome extends ExpectedOutcome {
  /** Simulated instants: the rule fires in [notBefore, notAfter]. */
  notBefore: number;
  notAfter: number;
}

export interface CastCard {
  cardId: string;
  role: 'resident' | 'unknown' | 'revoked';
  /** The resident's dorm building, when a resident. */
  building?: string;
  note: string;
}

/** Who and what a scenario involves, for a rules engineer to seed (cards, thresholds, distances). */
export interface ScenarioCast {
  devices: string[];
  cards?: CastCard[];
  assets?: string[];
  /** Stock thresholds the scenario was built around (kg). */
  stock?: { scaleId: string; itemId: string; safetyKg: number; reorderKg: number; capacityKg: number };
  /** Minimum plausible travel time between two gates (seconds). */
  travel?: { from: string; to: string; minimumSeconds: number };
  /** Local time residents should be in by. */
  curfew?: string;
}

export interface ScenarioPlan {
  scenario: string;
  start: number;
  end: number;
  cast: ScenarioCast;
  actions: SimAction[];
  /** Degradation applied to equipment (MQTT sensors and the OPC UA server read it). */
  faults: FaultRamp[];
  /** Devices taken over from the background profile while the scenario runs. */
  claims: string[];
  expected: PlacedOutcome[];
}

/** A real resident's card and the gates of their building, from the hub (the demo): cast residents are then real. */
export interface CastResident {
  cardId: string;
  gates: readonly string[];
}

export interface ScenarioOptions {
  /** Equipment scenarios: the asset to degrade (an MQTT sensor's asset, or an OPC UA asset). */
  asset?: string;
  /** Gate scenarios: the gate to use. */
  gate?: string;
  /** Local curfew (HH:MM), default 23:00. */
  curfew?: string;
  /** Gate offline: how long the gate stays away. */
  offlineMs?: number;
  /** Residents the cast may use (not simulated by the profile meanwhile); default: cast cards C20269xxx. */
  castResidents?: readonly CastResident[];
  /** Stock depletion: the item's safety stock in kg (the hub's); the story scales to it. */
  safetyKg?: number;
}

export interface ScenarioContext {
  start: number;
  durationMs: number;
  fleet: readonly SimDevice[];
  world: SimWorld;
  /** Prefix of every event id of this run, so a re-run is stored as new events. */
  runTag: string;
  options: ScenarioOptions;
  /** Assets served by an OPC UA server in this process (degradable too, with no MQTT device). */
  opcuaAssets: ReadonlyArray<{ id: string; type: string; building: string }>;
}

export interface ScenarioDefinition {
  name: string;
  title: string;
  /** What the devices do. */
  summary: string;
  /** Default duration of the simulated story. */
  durationMs: number;
  /**
   * Where the story starts by default. Time-of-day scenarios start at their hour, on the
   * latest day on which they end before now; live ones (gate offline) start now.
   */
  defaultStart(now: number, utcOffsetMin: number, durationMs: number): number;
  /** Default speed: Infinity replays a past window at once; 1 plays it live. */
  defaultSpeed: number;
  /** What a rules engine should conclude, for the default cast. */
  expected: ExpectedOutcome[];
  plan(context: ScenarioContext): ScenarioPlan;
}
