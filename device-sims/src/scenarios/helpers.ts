import type { GateSwipe } from '@campus/protocol';
import { type EventAction, eventAction } from '../actions.ts';
import { ASSET_TYPES, type AssetSpec, type AssetType } from '../equipment/assets.ts';
import { type AssetReading, readingMetrics } from '../equipment/physics.ts';
import { assetOf, devicesOfKind, type SimDevice } from '../fleet.ts';
import { isoLocal, latestLocalTime } from '../time.ts';
import type { ExpectedOutcome, PlacedOutcome, ScenarioContext } from './types.ts';

/** Cards of scenario casts: C20269xxx, outside the profile's residents (C20260001 …). */
export const castCard = (number: number) => `C2026${String(9000 + number).padStart(4, '0')}`;

/**
 * A resident's card for the cast: the n-th of the given cast residents who may pass `gateId`
 * (the demo passes real residents of the hub), else the synthetic card.
 */
export function castResident(context: ScenarioContext, gateId: string, index: number, fallback: string): string {
  const candidates = (context.options.castResidents ?? []).filter((resident) => resident.gates.includes(gateId));
  return candidates[index]?.cardId ?? fallback;
}

export function buildingOf(device: SimDevice): string {
  return device.building ?? device.id;
}

export function place(expected: readonly ExpectedOutcome[], start: number): PlacedOutcome[] {
  return expected.map((outcome) => ({ ...outcome, notBefore: start + outcome.afterMs, notAfter: start + outcome.withinMs }));
}

/** Starts at a local time of day, on the latest day on which the story ends before now. */
export const startAtLocalTime =
  (minuteOfDay: number) =>
  (now: number, utcOffsetMin: number, durationMs: number): number =>
    latestLocalTime(now - durationMs, minuteOfDay, utcOffsetMin);

/** Ends just now. */
export const endingNow = (now: number, _utcOffsetMin: number, durationMs: number): number => now - durationMs;

/** Starts now (played live). */
export const startingNow = (now: number): number => now;

/** Event ids of one run: `<runTag>.<n>`. */
export function idSequence(runTag: string): () => string {
  let next = 0;
  return () => `${runTag}.${next++}`;
}

export function swipeAction(
  context: ScenarioContext,
  nextId: () => string,
  at: number,
  gateId: string,
  swipe: Omit<GateSwipe, 'eventId' | 'ts'>,
): EventAction {
  return eventAction(at, gateId, 'gate', { eventId: nextId(), ts: isoLocal(at, context.world.utcOffsetMin), ...swipe });
}

export function gates(fleet: readonly SimDevice[]): SimDevice[] {
  const found = devicesOfKind(fleet, 'gate');
  if (found.length === 0) throw new Error('this scenario needs at least one gate in the fleet');
  return found;
}

/** Two gates of one building (for passback), or one gate twice. */
export function gatesOfOneBuilding(fleet: readonly SimDevice[], preferred?: string): [SimDevice, SimDevice] {
  const all = gates(fleet);
  const first = all.find((gate) => gate.id === preferred) ?? all[0];
  if (!first) throw new Error('no gate');
  const sibling = all.find((gate) => gate.id !== first.id && (gate.building ?? gate.id) === (first.building ?? first.id));
  return [first, sibling ?? first];
}

/** The first gate and the gate furthest from it (another building, last in the fleet). */
export function distantGates(fleet: readonly SimDevice[]): [SimDevice, SimDevice] {
  const all = gates(fleet);
  const first = all[0];
  const far = [...all].reverse().find((gate) => (gate.building ?? gate.id) !== (first?.building ?? first?.id)) ?? all.at(-1);
  if (!first || !far || far.id === first.id) throw new Error('this scenario needs gates in two buildings');
  return [first, far];
}

export interface ResolvedAsset {
  asset: AssetSpec;
  /** The MQTT sensor measuring it, if any (else the asset is served over OPC UA). */
  sensor?: SimDevice;
}

/**
 * The asset an equipment scenario degrades: `--asset`, else the default if the fleet or the
 * OPC UA server has it, else the first asset of the wanted type.
 * @throws when no such asset is simulated.
 */
export function resolveAsset(context: ScenarioContext, fallback: string, type: AssetType): ResolvedAsset {
  const wanted = context.options.asset ?? fallback;
  const sensors = devicesOfKind(context.fleet, 'sensor').flatMap((device) => {
    const asset = assetOf(device);
    return asset ? [{ asset, sensor: device }] : [];
  });
  const opcua = context.opcuaAssets.flatMap((asset) =>
    (ASSET_TYPES as readonly string[]).includes(asset.type) ? [{ asset: { ...asset, type: asset.type as AssetType } }] : [],
  );
  const candidates: ResolvedAsset[] = [...sensors, ...opcua];
  const found =
    candidates.find((candidate) => candidate.asset.id === wanted) ??
    (context.options.asset === undefined ? candidates.find((candidate) => candidate.asset.type === type) : undefined);
  if (!found) {
    throw new Error(
      `asset ${wanted} is not simulated here (MQTT sensors: ${sensors.map((entry) => entry.asset.id).join(', ') || 'none'}; OPC UA: ${
        opcua.map((entry) => entry.asset.id).join(', ') || 'no server in this process'
      })`,
    );
  }
  return found;
}

/** Telemetry of the asset's MQTT sensor every `everyMs`, from `sample` (the physics with the scenario's faults). */
export function telemetryActions(
  resolved: ResolvedAsset,
  sample: (t: number) => AssetReading,
  from: number,
  to: number,
  everyMs: number,
  nextId: () => string,
): EventAction[] {
  const { sensor, asset } = resolved;
  if (!sensor) return [];
  const actions: EventAction[] = [];
  for (let at = from; at <= to; at += everyMs) {
    const reading = sample(at);
    actions.push(
      eventAction(at, sensor.id, 'sensor', {
        eventId: nextId(),
        ts: at,
        assetId: asset.id,
        metrics: readingMetrics(asset, reading),
      }),
    );
  }
  return actions;
}

/** The first instant in [from, to] (scanned every `stepMs`) at which a metric passes a threshold. */
export function firstCrossing(
  sample: (t: number) => AssetReading,
  metric: string,
  threshold: number,
  from: number,
  to: number,
  stepMs = 10_000,
  direction: 'above' | 'below' = 'above',
): number | undefined {
  for (let at = from; at <= to; at += stepMs) {
    const value = sample(at).values[metric];
    if (value === undefined) return undefined;
    if (direction === 'above' ? value > threshold : value < threshold) return at;
  }
  return undefined;
}
