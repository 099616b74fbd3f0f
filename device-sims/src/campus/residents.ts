import type { GateSwipe } from '@campus/protocol';
import { type Rng, rngFor } from '../random.ts';
import { atLocal, isWeekend } from '../time.ts';

/**
 * Dorm residents and their days (IOT-1): out in the morning, some back for lunch, back in the
 * evening before curfew, a few sleeping elsewhere at weekends, a rare late return. A resident's
 * day is a pure function of (seed, resident, day).
 */

export interface Resident {
  index: number;
  cardId: string;
  building: string;
  /** Gates of the resident's building, the usual one first. */
  gates: readonly string[];
}

export interface PlannedSwipe {
  at: number;
  gateId: string;
  cardId: string;
  direction: 'in' | 'out';
  result: 'granted' | 'denied';
  reason?: string;
  /** Unique within the resident's day. */
  key: string;
}

export interface ResidentOptions {
  seed: number;
  utcOffsetMin: number;
  /** Local minutes after midnight by which residents should be in (dorm rule, DRM). */
  curfewMinute: number;
  /**
   * Everyone keeps the dorm rules: no nights away and no returns after curfew. A test of "a
   * normal day raises nothing" needs it; by default a few residents do both, as they do.
   */
  compliant?: boolean;
}

/** A resident's card id: C2026 + 4 digits (C20260001 …). */
export function residentCard(index: number): string {
  return `C2026${String(index + 1).padStart(4, '0')}`;
}

/**
 * Spreads residents over the buildings that have gates, round robin, each with a usual gate.
 * @param gatesByBuilding building → gate ids
 */
export function buildResidents(count: number, gatesByBuilding: ReadonlyMap<string, readonly string[]>, seed: number): Resident[] {
  const buildings = [...gatesByBuilding.keys()].sort();
  if (buildings.length === 0) return [];
  return Array.from({ length: count }, (_, index) => {
    const building = buildings[index % buildings.length] ?? '';
    const gates = [...(gatesByBuilding.get(building) ?? [])];
    const usual = rngFor(seed, 'usual-gate', index).int(0, gates.length - 1);
    const ordered = [gates[usual] ?? '', ...gates.filter((_, position) => position !== usual)];
    return { index, cardId: residentCard(index), building, gates: ordered };
  });
}

const clampMinute = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Whether the resident sleeps away from the dorm on the night starting on `day`. */
/**
 * Residents given from outside (card + the gates they may pass); each one's building is that of
 * its first gate in the fleet, and its usual gate one of them.
 */
export function residentsFromCards(
  cards: ReadonlyArray<{ cardId: string; gates: readonly string[] }>,
  fleet: ReadonlyArray<{ id: string; kind: string; building?: string | undefined }>,
  seed: number,
): Resident[] {
  const gateIds = new Set(fleet.filter((device) => device.kind === 'gate').map((device) => device.id));
  return cards.flatMap((card, index) => {
    const gates = [...card.gates].filter((gate) => gateIds.has(gate)).sort();
    const first = gates[0];
    if (!first) return [];
    const usual = rngFor(seed, 'usual-gate', card.cardId).int(0, gates.length - 1);
    const ordered = [gates[usual] ?? first, ...gates.filter((_, position) => position !== usual)];
    const building = fleet.find((device) => device.id === first)?.building ?? first;
    return [{ index, cardId: card.cardId, building, gates: ordered }];
  });
}

function sleepsOut(options: ResidentOptions, resident: Resident, day: number): boolean {
  if (options.compliant) return false;
  return rngFor(options.seed, 'sleep-out', resident.index, day).chance(isWeekend(day) || isWeekend(day + 1) ? 0.1 : 0.015);
}

/** The swipes of one resident's day, in time order (a late return may fall after midnight). */
export function planResidentDay(options: ResidentOptions, resident: Resident, day: number): PlannedSwipe[] {
  const rng = rngFor(options.seed, 'resident-day', resident.index, day);
  const weekend = isWeekend(day);
  const at = (minutes: number) => atLocal(day, minutes, options.utcOffsetMin) + rng.int(0, 59_999);
  const moves: Array<{ minute: number; direction: 'in' | 'out'; late?: boolean }> = [];
  const curfew = options.curfewMinute;

  if (sleepsOut(options, resident, day - 1)) {
    // Back from a night away, late morning; maybe out again in the afternoon.
    const back = clampMinute(rng.normal(10.5 * 60, 80), 7 * 60, 16 * 60);
    moves.push({ minute: back, direction: 'in' });
    if (rng.chance(0.6)) {
      const out = clampMinute(rng.normal(back + 150, 40), back + 30, 19 * 60);
      moves.push({ minute: out, direction: 'out' });
      moves.push({ minute: clampMinute(rng.normal(21 * 60, 60), out + 60, curfew - 2), direction: 'in' });
    }
  } else if (rng.chance(weekend ? 0.18 : 0.04)) {
    // A day in: perhaps down to the canteen for dinner.
    if (rng.chance(0.6)) {
      const out = clampMinute(rng.normal(17 * 60 + 45, 20), 16 * 60 + 30, 19 * 60);
      moves.push({ minute: out, direction: 'out' });
      moves.push({ minute: clampMinute(rng.normal(out + 50, 15), out + 15, curfew - 2), direction: 'in' });
    }
  } else {
    const leave = clampMinute(rng.normal(weekend ? 9.5 * 60 : 7 * 60 + 35, weekend ? 60 : 30), 6 * 60, 11 * 60);
    moves.push({ minute: leave, direction: 'out' });
    let last = leave;
    if (rng.chance(weekend ? 0.35 : 0.25)) {
      const lunchIn = clampMinute(rng.normal(12 * 60 + 10, 15), last + 20, 13 * 60 + 30);
      const lunchOut = clampMinute(rng.normal(13 * 60 + 20, 15), lunchIn + 10, 14 * 60 + 30);
      moves.push({ minute: lunchIn, direction: 'in' }, { minute: lunchOut, direction: 'out' });
      last = lunchOut;
    }
    if (!sleepsOut(options, resident, day)) {
      if (rng.chance(0.006) && !options.compliant) {
        // Back after curfew: the gate lets them in and records it.
        moves.push({ minute: curfew + rng.int(5, 75), direction: 'in', late: true });
      } else {
        moves.push({ minute: clampMinute(rng.normal(21 * 60, 70), Math.max(last + 60, 17 * 60), curfew - 2), direction: 'in' });
      }
    }
  }

  const swipes: PlannedSwipe[] = [];
  for (const [index, move] of moves.entries()) {
    const gateId = pickGate(rng, resident);
    const when = at(Math.floor(move.minute));
    const key = `${index}`;
    if (rng.chance(0.01)) {
      // The reader misses the card; the resident taps again a few seconds later.
      swipes.push({
        at: when,
        gateId,
        cardId: resident.cardId,
        direction: move.direction,
        result: 'denied',
        reason: 'card_unreadable',
        key: `${key}r`,
      });
      swipes.push({
        at: when + rng.int(3, 9) * 1000,
        gateId,
        cardId: resident.cardId,
        direction: move.direction,
        result: 'granted',
        key,
      });
      continue;
    }
    swipes.push({
      at: when,
      gateId,
      cardId: resident.cardId,
      direction: move.direction,
      result: 'granted',
      ...(move.late ? { reason: 'after_curfew' } : {}),
      key,
    });
  }
  return swipes.sort((a, b) => a.at - b.at);
}

function pickGate(rng: Rng, resident: Resident): string {
  const usual = resident.gates[0] ?? '';
  return resident.gates.length > 1 && rng.chance(0.2) ? rng.pick(resident.gates.slice(1)) : usual;
}

export function swipePayload(swipe: PlannedSwipe, eventId: string, ts: string): GateSwipe {
  return {
    eventId,
    ts,
    cardId: swipe.cardId,
    direction: swipe.direction,
    result: swipe.result,
    ...(swipe.reason ? { reason: swipe.reason } : {}),
  };
}
