import { MINUTE_MS } from '../time.ts';
import { castCard, castResident, gates, idSequence, place, startAtLocalTime, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Night intrusion / 夜间闯入 (IOT-8): at 02:30 an unknown card is tried three times at a dorm
 * gate and refused; at 02:31 a resident's card lets someone in. Nobody has a reason to enter at
 * that hour (residents' late returns end well before 02:00 in the profile).
 */

const UNKNOWN = castCard(1);
const RESIDENT = castCard(2);
const STORY_START = 2 * 60 + 20;
const TRIES_MS = [0, 25_000, 50_000];
const ENTRY_MS = MINUTE_MS + 5000;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.forbidden_hours',
    category: 'access',
    subject: `card:${UNKNOWN}`,
    alert: 'warning',
    afterMs: 10 * MINUTE_MS,
    withinMs: 11 * MINUTE_MS,
    why: 'a swipe at 02:30, inside the forbidden hours (00:30-05:30), refused',
  },
  {
    rule: 'access.card_denials',
    category: 'access',
    subject: `card:${UNKNOWN}`,
    alert: 'warning',
    afterMs: 10 * MINUTE_MS + 50_000,
    withinMs: 12 * MINUTE_MS,
    why: 'three refusals of one card within five minutes',
  },
  {
    rule: 'access.invalid_card',
    category: 'access',
    subject: `card:${UNKNOWN}`,
    alert: 'warning',
    afterMs: 10 * MINUTE_MS,
    withinMs: 11 * MINUTE_MS,
    why: 'a card the dorms do not know',
    needs: 'residents and cards in the dorms module (with none, card rules stay silent)',
  },
  {
    rule: 'access.forbidden_hours',
    category: 'access',
    subject: `card:${RESIDENT}`,
    alert: 'critical',
    afterMs: 11 * MINUTE_MS + 5000,
    withinMs: 12 * MINUTE_MS,
    why: 'let in at 02:31, inside the forbidden hours',
  },
];

export const nightIntrusion: ScenarioDefinition = {
  name: 'night-intrusion',
  title: 'Night intrusion / 夜间闯入',
  summary: `At 02:30 an unknown card (${UNKNOWN}) is refused three times at gate-03; at 02:31 a resident's card (${RESIDENT}) opens it.`,
  durationMs: 20 * MINUTE_MS,
  defaultStart: startAtLocalTime(STORY_START),
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start } = context;
    const all = gates(context.fleet);
    const gate = all.find((candidate) => candidate.id === (context.options.gate ?? 'gate-03')) ?? all[0];
    if (!gate) throw new Error('no gate');
    const resident = castResident(context, gate.id, 0, RESIDENT);
    const nextId = idSequence(context.runTag);
    const at = (offsetMs: number) => start + 10 * MINUTE_MS + offsetMs;
    return {
      scenario: 'night-intrusion',
      start,
      end: start + this.durationMs,
      cast: {
        devices: [gate.id],
        cards: [
          { cardId: UNKNOWN, role: 'unknown', note: 'not issued by the campus' },
          { cardId: resident, role: 'resident', building: gate.building ?? gate.id, note: 'a resident card used at 02:31' },
        ],
      },
      actions: [
        ...TRIES_MS.map((offset) =>
          swipeAction(context, nextId, at(offset), gate.id, {
            cardId: UNKNOWN,
            direction: 'in',
            result: 'denied',
            reason: 'unknown_card',
          }),
        ),
        swipeAction(context, nextId, at(ENTRY_MS), gate.id, { cardId: resident, direction: 'in', result: 'granted' }),
      ],
      faults: [],
      claims: [],
      expected: place(
        expected.map((outcome) =>
          outcome.subject === `card:${RESIDENT}` ? { ...outcome, subject: `card:${resident}` } : outcome,
        ),
        start,
      ),
    };
  },
};
