import { MINUTE_MS } from '../time.ts';
import { buildingOf, castCard, castResident, endingNow, gatesOfOneBuilding, idSequence, place, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Passback / 防潜回 (IOT-8): a resident's card goes in at one gate of a dorm, then goes in again
 * at the building's other gate six minutes later without ever going out: the card was passed
 * back through the fence to someone else.
 */

const CARD = castCard(21);

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.passback',
    category: 'access',
    subject: `card:${CARD}@dorm-1`,
    alert: 'warning',
    afterMs: 7 * MINUTE_MS,
    withinMs: 8 * MINUTE_MS,
    why: "a second 'in' at the same building with no 'out' in between",
    needs: "the gates' building in the dorms module; the subject names the hub's building id",
  },
];

export const passback: ScenarioDefinition = {
  name: 'passback',
  title: 'Passback / 防潜回',
  summary: `${CARD} swipes in at gate-01, then in again at gate-02 (same dorm) 6 minutes later, with no swipe out.`,
  durationMs: 15 * MINUTE_MS,
  defaultStart: endingNow,
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start } = context;
    const [first, second] = gatesOfOneBuilding(context.fleet, context.options.gate);
    const card = castResident(context, first.id, 1, CARD);
    const nextId = idSequence(context.runTag);
    return {
      scenario: 'passback',
      start,
      end: start + this.durationMs,
      cast: {
        devices: [...new Set([first.id, second.id])],
        cards: [{ cardId: card, role: 'resident', building: buildingOf(first), note: 'lends the card through the fence' }],
      },
      actions: [
        swipeAction(context, nextId, start + MINUTE_MS, first.id, { cardId: card, direction: 'in', result: 'granted' }),
        swipeAction(context, nextId, start + 7 * MINUTE_MS, second.id, { cardId: card, direction: 'in', result: 'granted' }),
      ],
      faults: [],
      claims: [],
      expected: place(
        expected.map((outcome) => ({ ...outcome, subject: `card:${card}@${buildingOf(first)}` })),
        start,
      ),
    };
  },
};
