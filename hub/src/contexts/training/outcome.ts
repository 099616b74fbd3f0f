import { addDays, addMonths } from './dates.ts';
import type { Area, Outcome } from './vocabulary.ts';

/**
 * What an exam result means for the person (TRN-5, regulation §9(三)2: "将考核结果与绩效挂钩").
 *
 * - A pass at or above the excellence mark earns recognition; any pass closes the person's
 *   open re-assessment on the same topic.
 * - A first failure on a topic calls for targeted re-training and a re-assessment by a due date.
 * - Failing while a re-assessment on the topic is open (the re-assessment itself failed) is
 *   referred to the school's procedures; the referral stays open until a pass.
 *
 * Certifications (what maintenance dispatch requires): passing an exam linked to a
 * certification kind renews the person's certificate of that kind (valid again, expiring
 * `validityMonths` after the exam, never earlier than it already did) or grants a new one. A
 * revoked certificate is a manager's decision that an exam does not overturn: nothing is granted
 * and the record says why. Failing suspends every certificate of that kind the person holds as
 * valid, which takes them out of dispatch for those jobs at once.
 */

export interface ExamMarks {
  passMark: number;
  excellenceMark: number;
}

export interface ResultDecision {
  passed: boolean;
  outcome: Outcome;
  retraining: boolean;
  /** Whether the person's open follow-ups on the topic are settled by this result. */
  settlesOpenFollowUps: boolean;
}

export function decideOutcome(score: number, marks: ExamMarks, hasOpenFollowUp: boolean): ResultDecision {
  if (score >= marks.passMark) {
    return {
      passed: true,
      outcome: score >= marks.excellenceMark ? 'recognition' : 'pass',
      retraining: false,
      settlesOpenFollowUps: true,
    };
  }
  // The failed re-assessment is settled by the referral that replaces it as the open follow-up.
  return {
    passed: false,
    outcome: hasOpenFollowUp ? 'referral' : 'reassessment',
    retraining: true,
    settlesOpenFollowUps: hasOpenFollowUp,
  };
}

/** The re-assessment is due this many days after the failed exam unless configured otherwise. */
export const DEFAULT_REASSESSMENT_DAYS = 30;

export function reassessmentDue(heldOn: string, days: number): string {
  return addDays(heldOn, days);
}

/** What links a re-assessment to the exam that was failed: the certification, else the skill, course or area. */
export function followUpTopic(exam: {
  certification: string | null;
  skill: string | null;
  courseId: number | null;
  area: Area;
}): string {
  if (exam.certification) return `certification:${exam.certification}`;
  if (exam.skill) return `skill:${exam.skill}`;
  if (exam.courseId !== null) return `course:${exam.courseId}`;
  return `area:${exam.area}`;
}

export interface HeldCertification {
  id: number;
  kind: string;
  status: 'valid' | 'suspended' | 'revoked';
  expiresOn: string;
}

export type CertificationAction =
  | { action: 'grant'; issuedOn: string; expiresOn: string }
  | { action: 'renew'; certificationId: number; expiresOn: string }
  | { action: 'suspend'; certificationIds: number[] }
  | { action: 'blocked_revoked'; certificationId: number }
  | { action: 'none' };

export function certificationAction(
  passed: boolean,
  kind: string,
  held: readonly HeldCertification[],
  heldOn: string,
  validityMonths: number,
): CertificationAction {
  const ofKind = held.filter((c) => c.kind === kind);
  if (!passed) {
    const valid = ofKind.filter((c) => c.status === 'valid').map((c) => c.id);
    return valid.length > 0 ? { action: 'suspend', certificationIds: valid } : { action: 'none' };
  }
  const expiresOn = addMonths(heldOn, validityMonths);
  const renewable = ofKind
    .filter((c) => c.status !== 'revoked')
    .sort((a, b) => b.expiresOn.localeCompare(a.expiresOn) || b.id - a.id)[0];
  if (renewable) {
    return {
      action: 'renew',
      certificationId: renewable.id,
      expiresOn: renewable.expiresOn > expiresOn ? renewable.expiresOn : expiresOn,
    };
  }
  const revoked = ofKind.find((c) => c.status === 'revoked');
  if (revoked) return { action: 'blocked_revoked', certificationId: revoked.id };
  return { action: 'grant', issuedOn: heldOn, expiresOn };
}
