import { DEMO_GATE_POSITIONS } from '../fleet.ts';
import { MINUTE_MS } from '../time.ts';
import { buildingOf, castCard, castResident, distantGates, endingNow, idSequence, place, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Impossible travel / 异地刷卡 (IOT-8): one card swipes out at gate-01 (dorm 1, north) and in at
 * gate-04 (dorm 3, across campus, 1.3 km) 25 seconds later: the card is cloned or shared.
 */

const CARD = castCard(31);
const GAP_MS = 25_000;
/** Brisk walking. */
const WALKING_MPS = 1.5;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.impossible_travel',
    category: 'access',
    subject: `card:${CARD}`,
    alert: 'critical',
    afterMs: 2 * MINUTE_MS + GAP_MS,
    withinMs: 3 * MINUTE_MS + GAP_MS,
    why: 'two gates 1.3 km apart, 25 s between the swipes (53 m/s)',
    needs: "gate positions in the rule's `gates` setting (DEMO_GATE_POSITIONS for the demo gates)",
  },
];

export const impossibleTravel: ScenarioDefinition = {
  name: 'impossible-travel',
  title: 'Impossible travel / 异地刷卡',
  summary: `${CARD} swipes out at gate-01, then in at gate-04 (another dorm, 1.3 km away) 25 s later.`,
  durationMs: 5 * MINUTE_MS,
  defaultStart: endingNow,
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start } = context;
    const [near, far] = distantGates(context.fleet);
    const card = castResident(context, near.id, 2, CARD);
    const nextId = idSequence(context.runTag);
    const first = start + 2 * MINUTE_MS;
    const a = DEMO_GATE_POSITIONS[near.id];
    const b = DEMO_GATE_POSITIONS[far.id];
    const minimumSeconds = a && b ? Math.round(Math.hypot(b.x - a.x, b.y - a.y) / WALKING_MPS) : 600;
    return {
      scenario: 'impossible-travel',
      start,
      end: start + this.durationMs,
      cast: {
        devices: [near.id, far.id],
        cards: [{ cardId: card, role: 'resident', building: buildingOf(near), note: 'cloned or shared card' }],
        travel: { from: near.id, to: far.id, minimumSeconds },
      },
      actions: [
        swipeAction(context, nextId, first, near.id, { cardId: card, direction: 'out', result: 'granted' }),
        swipeAction(context, nextId, first + GAP_MS, far.id, { cardId: card, direction: 'in', result: 'granted' }),
      ],
      faults: [],
      claims: [],
      expected: place(
        expected.map((outcome) => ({ ...outcome, subject: `card:${card}` })),
        start,
      ),
    };
  },
};
