import { addDays } from './dates.ts';

export interface Qualification {
  kind: string;
  number: string;
  expiresOn: string | null;
}

export const QUALIFICATION_KIND = /^[a-z][a-z0-9_]{1,47}$/;

/** Expiry flags of one qualification on `today` (PRC-5: qualifications and their expiry). */
export function expiryFlags(q: { expiresOn: string | null }, today: string, warningDays: number) {
  const expired = q.expiresOn !== null && q.expiresOn < today;
  const expiringSoon = !expired && q.expiresOn !== null && q.expiresOn <= addDays(today, warningDays);
  return { expired, expiringSoon };
}

/**
 * Why a supplier may not be invited or awarded on `today` (PRC-4 "合格供应商"): it must hold at
 * least one valid qualification and every required kind unexpired. Empty when qualified.
 */
export function qualificationGaps(held: readonly Qualification[], required: readonly string[], today: string): string[] {
  const valid = held.filter((q) => q.expiresOn === null || q.expiresOn >= today);
  const gaps: string[] = [];
  if (valid.length === 0) gaps.push(held.length === 0 ? 'holds no qualification' : 'every qualification has expired');
  for (const kind of new Set(required)) {
    if (valid.some((q) => q.kind === kind)) continue;
    gaps.push(held.some((q) => q.kind === kind) ? `${kind} has expired` : `lacks ${kind}`);
  }
  return gaps;
}
