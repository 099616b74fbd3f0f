import { createHash } from 'node:crypto';

/**
 * Deterministic sampling for the reviewer's spot checks (DAT-2): a record is drawn when the
 * hash of its identity falls below the rate. The same record always gets the same answer (tests
 * and re-enrolment are stable), the draw is uniform over ids, and nobody entering data can
 * predict it without knowing the hash input.
 */
export function sampled(entityType: string, entityId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return samplePoint(entityType, entityId) < rate;
}

/** Where a record falls in [0, 1): the first 32 bits of SHA-256(type:id). */
export function samplePoint(entityType: string, entityId: string): number {
  return createHash('sha256').update(`${entityType}:${entityId}`).digest().readUInt32BE(0) / 2 ** 32;
}
