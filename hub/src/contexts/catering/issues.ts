import { RATING_ASPECT_LABELS, type RatingAspect } from './vocabulary.ts';

/**
 * "Issues to fix" (CAT-8): the subjects (canteen, stall, dish, supplier) whose average score on
 * some aspect is poor, worst first. A subject needs a few ratings before it is called out, so
 * one unhappy diner does not put a dish on the list.
 */
export const ISSUE_THRESHOLD = 3;
export const ISSUE_MIN_RATINGS = 3;
export const ISSUES_MAX = 20;

export type IssueSubject = 'canteen' | 'dish' | 'stall' | 'supplier';

/** Ties read from the broadest subject to the narrowest. */
const SUBJECT_ORDER: readonly IssueSubject[] = ['canteen', 'stall', 'dish', 'supplier'];

export interface ScoredGroup {
  key: string;
  name: string | null;
  nameZh: string | null;
  ratings: number;
  dish: number;
  service: number;
  environment: number;
}

/** Which aspects each subject answers for: a supplier's batches shape the dish, not the service. */
const ASPECTS_OF: Record<IssueSubject, readonly RatingAspect[]> = {
  canteen: ['service', 'environment', 'dish'],
  stall: ['dish', 'service'],
  dish: ['dish'],
  supplier: ['dish'],
};

export interface Issue {
  subject: IssueSubject;
  key: string;
  name: string | null;
  nameZh: string | null;
  aspect: RatingAspect;
  aspectLabel: { en: string; zh: string };
  average: number;
  ratings: number;
}

export function findIssues(
  groups: Partial<Record<IssueSubject, readonly ScoredGroup[]>>,
  threshold = ISSUE_THRESHOLD,
  minRatings = ISSUE_MIN_RATINGS,
): Issue[] {
  const issues: Issue[] = [];
  for (const subject of SUBJECT_ORDER) {
    for (const group of groups[subject] ?? []) {
      if (group.ratings < minRatings) continue;
      for (const aspect of ASPECTS_OF[subject]) {
        const average = group[aspect];
        if (average < threshold) {
          issues.push({
            subject,
            key: group.key,
            name: group.name,
            nameZh: group.nameZh,
            aspect,
            aspectLabel: RATING_ASPECT_LABELS[aspect],
            average,
            ratings: group.ratings,
          });
        }
      }
    }
  }
  const rank = (subject: IssueSubject) => SUBJECT_ORDER.indexOf(subject);
  return issues
    .sort(
      (a, b) => a.average - b.average || b.ratings - a.ratings || rank(a.subject) - rank(b.subject) || a.key.localeCompare(b.key),
    )
    .slice(0, ISSUES_MAX);
}
