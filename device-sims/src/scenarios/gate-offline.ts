import { MINUTE_MS } from '../time.ts';
import { castCard, castResident, gates, idSequence, place, startingNow, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Gate offline / 闸机离线 (IOT-11): gate-03 works normally for two minutes, then its connection
 * dies without a goodbye (power or network loss): the broker publishes its retained last will
 * `offline`, and no swipe comes for twelve minutes. It then reconnects (`online`) and swipes
 * resume. Status messages carry no timestamp, so this one plays in real time by default.
 */

const CARDS = [castCard(61), castCard(62), castCard(63)];
/** Longer than the hub's `offlineMinutes` (10), so the default rule fires. */
const DEFAULT_OFFLINE_MS = 12 * MINUTE_MS;
const SWIPE_EVERY_MS = 30_000;
/** The hub's gate-offline rule: disconnected this long (its `offlineMinutes`). */
const RULE_OFFLINE_MS = 10 * MINUTE_MS;

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.gate_offline',
    category: 'access',
    subject: 'gate:gate-03',
    alert: 'critical',
    afterMs: 2 * MINUTE_MS + RULE_OFFLINE_MS,
    withinMs: 2 * MINUTE_MS + RULE_OFFLINE_MS + 2 * MINUTE_MS,
    clearsAfterMs: 2 * MINUTE_MS + DEFAULT_OFFLINE_MS,
    why: 'its connection gone for 10 minutes (the broker published its last will "offline" at +2 min); resolved when it reconnects ("online")',
    needs: 'a live run: the rule measures the time offline on the clock',
  },
];

export const gateOffline: ScenarioDefinition = {
  name: 'gate-offline',
  title: 'Gate offline / 闸机离线',
  summary:
    'gate-03 swipes normally, drops off at +2 min (last will "offline"), stays silent 12 min, reconnects and swipes again.',
  durationMs: 15 * MINUTE_MS + 30_000,
  defaultStart: startingNow,
  defaultSpeed: 1,
  expected,
  plan(context) {
    const { start } = context;
    const gate =
      gates(context.fleet).find((candidate) => candidate.id === (context.options.gate ?? 'gate-03')) ?? gates(context.fleet)[0];
    if (!gate) throw new Error('no gate');
    const offlineMs = context.options.offlineMs ?? DEFAULT_OFFLINE_MS;
    const dropAt = start + 2 * MINUTE_MS;
    const backAt = dropAt + offlineMs;
    const nextId = idSequence(context.runTag);
    const cards = CARDS.map((card, index) => castResident(context, gate.id, 5 + index, card));
    // Each card alternates out and in across both bursts: ordinary traffic is no passback.
    const swipes = (from: number, count: number, firstOut: boolean) =>
      Array.from({ length: count }, (_, index) =>
        swipeAction(context, nextId, from + index * SWIPE_EVERY_MS, gate.id, {
          cardId: cards[index % cards.length] ?? '',
          direction: (index % 2 === 0) === firstOut ? 'out' : 'in',
          result: 'granted',
        }),
      );
    return {
      scenario: 'gate-offline',
      start,
      end: backAt + MINUTE_MS + 30_000,
      cast: {
        devices: [gate.id],
        cards: CARDS.map((cardId) => ({
          cardId,
          role: 'resident' as const,
          building: gate.building ?? gate.id,
          note: 'ordinary traffic',
        })),
      },
      actions: [
        { at: start, deviceId: gate.id, type: 'reconnect' },
        ...swipes(start + 15_000, 3, true),
        { at: dropAt, deviceId: gate.id, type: 'drop' },
        { at: backAt, deviceId: gate.id, type: 'reconnect' },
        ...swipes(backAt + 15_000, 3, false),
      ],
      faults: [],
      claims: [gate.id],
      expected: place(
        expected.map((outcome) => ({ ...outcome, subject: `gate:${gate.id}`, clearsAfterMs: backAt - start })),
        start,
      ),
    };
  },
};
