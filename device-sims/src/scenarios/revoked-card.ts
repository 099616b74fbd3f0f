import { MINUTE_MS } from '../time.ts';
import { castCard, endingNow, gates, idSequence, place, swipeAction } from './helpers.ts';
import type { ExpectedOutcome, ScenarioDefinition } from './types.ts';

/**
 * Revoked card / 注销卡 (IOT-8, DRM-6): a card revoked at check-out (or reported lost) is tried
 * at one gate twice, then at two other gates; every gate refuses it (reason card_revoked).
 */

const CARD = castCard(41);

export const expected: ExpectedOutcome[] = [
  {
    rule: 'access.invalid_card',
    category: 'access',
    subject: `card:${CARD}`,
    alert: 'warning',
    afterMs: MINUTE_MS,
    withinMs: 2 * MINUTE_MS,
    why: 'a revoked card presented at a gate (refused: warning; let in it would be critical)',
    needs: 'the card revoked in the dorms module (a card the dorms do not know gives the same rule, "unknown card")',
  },
  {
    rule: 'access.card_denials',
    category: 'access',
    subject: `card:${CARD}`,
    alert: 'warning',
    afterMs: 3 * MINUTE_MS,
    withinMs: 4 * MINUTE_MS,
    why: 'three refusals within five minutes (the fourth adds to the alert)',
  },
];

export const revokedCard: ScenarioDefinition = {
  name: 'revoked-card',
  title: 'Revoked card / 注销卡',
  summary: `${CARD} (revoked) is refused twice at gate-02, then at gate-01 and gate-03.`,
  durationMs: 8 * MINUTE_MS,
  defaultStart: endingNow,
  defaultSpeed: Number.POSITIVE_INFINITY,
  expected,
  plan(context) {
    const { start } = context;
    const all = gates(context.fleet);
    const pick = (id: string, fallback: number) => all.find((gate) => gate.id === id) ?? all[fallback % all.length] ?? all[0];
    const [g1, g2, g3] = [pick(context.options.gate ?? 'gate-02', 1), pick('gate-01', 0), pick('gate-03', 2)];
    if (!g1 || !g2 || !g3) throw new Error('no gate');
    const nextId = idSequence(context.runTag);
    const denied = { cardId: CARD, direction: 'in', result: 'denied', reason: 'card_revoked' } as const;
    return {
      scenario: 'revoked-card',
      start,
      end: start + this.durationMs,
      cast: {
        devices: [...new Set([g1.id, g2.id, g3.id])],
        cards: [
          {
            cardId: CARD,
            role: 'revoked',
            building: g1.building ?? g1.id,
            note: 'revoked at check-out; the gates hold it on their deny list',
          },
        ],
      },
      actions: [
        swipeAction(context, nextId, start + MINUTE_MS, g1.id, denied),
        swipeAction(context, nextId, start + MINUTE_MS + 40_000, g1.id, denied),
        swipeAction(context, nextId, start + 3 * MINUTE_MS, g2.id, denied),
        swipeAction(context, nextId, start + 6 * MINUTE_MS, g3.id, denied),
      ],
      faults: [],
      claims: [],
      expected: place(expected, start),
    };
  },
};
