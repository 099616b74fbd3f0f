import { atLocal, formatOffset, HOUR_MS, isoLocal, localDay, MINUTE_MS, parseClockTime } from '../time.ts';
import { castCard, castResident, gates, idSequence, place, startAtLocalTime, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Curfew breach / 晚归未归 (IOT-8, IOT-10): two residents of one dorm go out in the evening. One
 * comes back at 00:20, well after the 23:00 curfew; the other does not come back that night.
 * A resident still out at curfew is what the rule looks for; the late swipe confirms it.
 */

const LATE = castCard(51);
const AWAY = castCard(52);
const STORY_START = 19 * 60;
const DEFAULT_CURFEW = '23:00';
/** The hub's curfew rule waits this long after curfew (its `graceMinutes`). */
const GRACE_MS = 15 * MINUTE_MS;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.curfew',
    category: 'access',
    subject: 'curfew:dorm-2:<date of the evening>',
    alert: 'warning',
    afterMs: 4 * HOUR_MS + GRACE_MS,
    withinMs: 4 * HOUR_MS + GRACE_MS + 5 * MINUTE_MS,
    why: `one alert for the building and night listing ${LATE} (out since 19:10, back 00:20) and ${AWAY} (out since 20:05, not back)`,
    needs:
      'the two as residents of the building in the dorms module, the curfew (23:00 in term) from the academic calendar, and a live run: the rule checks on the clock, not on event times',
  },
];

export const curfewBreach: ScenarioDefinition = {
  name: 'curfew-breach',
  title: 'Curfew breach / 晚归未归',
  summary: `${LATE} goes out at 19:10 and is back at 00:20; ${AWAY} goes out at 20:05 and does not come back (curfew 23:00).`,
  durationMs: 6 * HOUR_MS,
  defaultStart: startAtLocalTime(STORY_START),
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start, world } = context;
    const gate =
      gates(context.fleet).find((candidate) => candidate.id === (context.options.gate ?? 'gate-03')) ?? gates(context.fleet)[0];
    if (!gate) throw new Error('no gate');
    const curfew = context.options.curfew ?? DEFAULT_CURFEW;
    const day = localDay(start, world.utcOffsetMin);
    const curfewAt = atLocal(day, parseClockTime(curfew), world.utcOffsetMin);
    const nextId = idSequence(context.runTag);
    const building = gate.building ?? gate.id;
    const late = castResident(context, gate.id, 3, LATE);
    const away = castResident(context, gate.id, 4, AWAY);
    return {
      scenario: 'curfew-breach',
      start,
      end: start + this.durationMs,
      cast: {
        devices: [gate.id],
        curfew: `${curfew}${formatOffset(world.utcOffsetMin)}`,
        cards: [
          { cardId: late, role: 'resident', building, note: 'back after curfew' },
          { cardId: away, role: 'resident', building, note: 'not back that night' },
        ],
      },
      actions: [
        swipeAction(context, nextId, start + 10 * MINUTE_MS, gate.id, { cardId: late, direction: 'out', result: 'granted' }),
        swipeAction(context, nextId, start + 65 * MINUTE_MS, gate.id, { cardId: away, direction: 'out', result: 'granted' }),
        swipeAction(context, nextId, start + 5 * HOUR_MS + 20 * MINUTE_MS, gate.id, {
          cardId: late,
          direction: 'in',
          result: 'granted',
          reason: 'after_curfew',
        }),
      ],
      faults: [],
      claims: [],
      expected: place(
        expected.map((outcome) => ({
          ...outcome,
          subject: `curfew:${building}:${isoLocal(start, world.utcOffsetMin).slice(0, 10)}`,
          afterMs: curfewAt + GRACE_MS - start,
          withinMs: curfewAt + GRACE_MS + 5 * MINUTE_MS - start,
        })),
        start,
      ),
    };
  },
};
