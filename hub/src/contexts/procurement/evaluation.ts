import { addDays } from './dates.ts';
import type { EvaluationWeights } from './settings.ts';

export interface HeldQualification {
  kind: string;
  /** null: does not expire (e.g. a long-term business licence, 长期). */
  expiresOn: string | null;
}

export interface BidToEvaluate {
  bidId: number;
  supplierId: string;
  price: number;
  deliveryDays: number;
  submittedAt: string;
  qualifications: readonly HeldQualification[];
  /** The supplier's learned reputation, 0-100 (reputation.ts). */
  reputation: number;
}

export interface BidScore {
  bidId: number;
  supplierId: string;
  qualificationScore: number;
  priceScore: number;
  reputationScore: number;
  totalScore: number;
  rank: number;
}

/** Share of the qualification score earned by the required qualifications; the rest by additional ones. */
export const REQUIRED_SHARE = 70;
/** Additional valid qualifications (e.g. ISO 9001) beyond which no more points are given. */
export const EXTRA_QUALIFICATIONS_FOR_FULL_MARKS = 3;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** @returns why the weights are unusable, or undefined when each is in [0, 1] and they sum to 1. */
export function weightsProblem(weights: EvaluationWeights): string | undefined {
  const values = [weights.qualification, weights.price, weights.reputation];
  if (values.some((w) => !Number.isFinite(w) || w < 0 || w > 1)) return 'each weight must be between 0 and 1';
  if (Math.abs(values.reduce((a, b) => a + b, 0) - 1) > 1e-6) return 'the weights must sum to 1';
  return undefined;
}

const validThrough = (q: HeldQualification, date: string) => q.expiresOn === null || q.expiresOn >= date;

/**
 * Qualification score, 0-100: REQUIRED_SHARE points in proportion to the required kinds held
 * and still valid when the goods arrive (`validThrough`: a licence that lapses before delivery
 * is a risk), plus the remaining points for additional valid kinds, full marks at
 * EXTRA_QUALIFICATIONS_FOR_FULL_MARKS. With no required kinds the required share is earned.
 */
export function qualificationScore(
  required: readonly string[],
  held: readonly HeldQualification[],
  validThroughDate: string,
): number {
  const valid = new Set(held.filter((q) => validThrough(q, validThroughDate)).map((q) => q.kind));
  const wanted = [...new Set(required)];
  const requiredPart = wanted.length === 0 ? 1 : wanted.filter((k) => valid.has(k)).length / wanted.length;
  const extras = [...valid].filter((k) => !wanted.includes(k)).length;
  const extraPart = Math.min(1, extras / EXTRA_QUALIFICATIONS_FOR_FULL_MARKS);
  return round2(REQUIRED_SHARE * requiredPart + (100 - REQUIRED_SHARE) * extraPart);
}

/**
 * PRC-4 weighted evaluation of the bids of one request for quotes:
 *   price score       = 100 × lowest price / this price (lowest bid scores 100)
 *   qualification     = qualificationScore(required kinds, held, today + delivery days)
 *   reputation score  = the supplier's reputation
 *   total             = w_q × qualification + w_p × price + w_r × reputation
 * Ranked by total, then lower price, then earlier bid. Scores are rounded to cents of a point.
 */
export function evaluateBids(
  bids: readonly BidToEvaluate[],
  weights: EvaluationWeights,
  required: readonly string[],
  today: string,
): BidScore[] {
  if (bids.length === 0) return [];
  const lowest = Math.min(...bids.map((b) => b.price));
  const scored = bids.map((bid) => {
    const qualification = qualificationScore(required, bid.qualifications, addDays(today, bid.deliveryDays));
    const price = bid.price > 0 ? round2((100 * lowest) / bid.price) : 100;
    const reputation = round2(Math.max(0, Math.min(100, bid.reputation)));
    const total = round2(weights.qualification * qualification + weights.price * price + weights.reputation * reputation);
    return {
      bid,
      score: {
        bidId: bid.bidId,
        supplierId: bid.supplierId,
        qualificationScore: qualification,
        priceScore: price,
        reputationScore: reputation,
        totalScore: total,
        rank: 0,
      },
    };
  });
  scored.sort(
    (a, b) =>
      b.score.totalScore - a.score.totalScore ||
      a.bid.price - b.bid.price ||
      a.bid.submittedAt.localeCompare(b.bid.submittedAt) ||
      a.bid.bidId - b.bid.bidId,
  );
  return scored.map(({ score }, index) => ({ ...score, rank: index + 1 }));
}
