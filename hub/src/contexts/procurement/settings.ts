import type { ProcurementMethod } from './vocabulary.ts';

/** Weights of the supplier evaluation (PRC-4); they sum to 1. */
export interface EvaluationWeights {
  qualification: number;
  price: number;
  reputation: number;
}

export interface ReputationSettings {
  /** Where a supplier without history starts (0-100): neutral, below a proven supplier. */
  prior: number;
  /** Learning rate of the exponentially weighted score: the weight of the newest observation. */
  alpha: number;
  /** Points a delivery scores less per day late (an on-time delivery scores 100). */
  latePenaltyPerDay: number;
}

/**
 * The procurement policy of the school, in yuan and days. The defaults follow the usual
 * thresholds of Chinese public institutions (direct purchase below the decentralised-purchase
 * limit, competitive quotes up to the tender limit, a public tender above): the regulation (§7)
 * says only that the plan fixes "method and timing", so every figure here is configurable
 * through the service options, never a constant in the code.
 */
export interface ProcurementSettings {
  /** A requisition with a budget of at least this goes through the `.large` chain, which adds finance (PRC-2). */
  largeRequisitionBudget: number;
  /** Estimated amount of a plan line below which it is bought directly from one supplier. */
  directBelow: number;
  /** Estimated amount of a plan line from which a public tender is required. */
  tenderFrom: number;
  /** Days the method takes from start to delivery, to derive the start date from the needed-by date. */
  leadTimeDays: Record<ProcurementMethod, number>;
  /** A requisition without a needed-by date is planned as needed this many days from now. */
  defaultNeededInDays: number;
  evaluationWeights: EvaluationWeights;
  /** Qualified suppliers a request for quotes or a tender goes to at least (the usual rule: three). */
  minInvitedSuppliers: number;
  reputation: ReputationSettings;
  /** A qualification expiring within this many days is flagged "expiring soon". */
  qualificationWarningDays: number;
}

export const DEFAULT_PROCUREMENT_SETTINGS: ProcurementSettings = {
  largeRequisitionBudget: 50_000,
  directBelow: 50_000,
  tenderFrom: 1_000_000,
  leadTimeDays: { direct: 7, rfq: 21, tender: 45 },
  defaultNeededInDays: 30,
  evaluationWeights: { qualification: 0.3, price: 0.5, reputation: 0.2 },
  minInvitedSuppliers: 3,
  reputation: { prior: 60, alpha: 0.2, latePenaltyPerDay: 10 },
  qualificationWarningDays: 30,
};
