import type { Urgency } from '../../contracts.ts';
import type { FaultType, JobFlag } from './vocabulary.ts';

/**
 * Automatic dispatch (MNT-3, regulation §4(二)1: "by the technicians' skill level and workload").
 *
 * 1. Qualified: the technician holds the skill named like the fault type (skill `plumbing` for
 *    a plumbing fault, `other` for other faults), at any level 1-5, and every certification the
 *    job demands (CertificationRule: by fault type, e.g. elevator → elevator; or by a hazard
 *    flag set at triage, e.g. high_voltage → high_voltage, gas → gas). A certification counts
 *    only while its status is `valid` and its expiry date (inclusive, UTC) has not passed, so a
 *    suspension or an expiry takes a technician out of dispatch at once.
 * 2. Available: one of their shifts covers the moment of dispatch (start inclusive, end exclusive).
 * 3. Least loaded: the urgency-weighted count of their open tickets (assigned, scheduled,
 *    in progress, rework; weights low 1, normal 2, high 3, critical 5 by default), so one
 *    critical job weighs more than two routine ones.
 * 4. Ties, in order: higher skill level for this fault type, fewer open tickets (unweighted),
 *    lower user id; the choice is a pure function of its inputs.
 *
 * Load comes before skill level on purpose: ranking by level first would send every job to the
 * best technician until someone of equal level turned up, which is the opposite of balancing.
 * Manual assignment checks step 1 only (a planner may book someone for a later shift).
 */

export interface CertificationRule {
  certification: string;
  /** The rule applies to this fault type... */
  faultType?: FaultType;
  /** ...or to jobs carrying this hazard flag (both given: both must match). */
  flag?: JobFlag;
}

export const DEFAULT_CERTIFICATION_RULES: readonly CertificationRule[] = [
  { faultType: 'elevator', certification: 'elevator' },
  { flag: 'high_voltage', certification: 'high_voltage' },
  { flag: 'gas', certification: 'gas' },
  { flag: 'working_at_height', certification: 'working_at_height' },
];

export type UrgencyWeights = Record<Urgency, number>;
export const DEFAULT_URGENCY_WEIGHTS: UrgencyWeights = { low: 1, normal: 2, high: 3, critical: 5 };

export interface Job {
  faultType: FaultType;
  urgency: Urgency;
  flags: readonly JobFlag[];
}

export interface TechnicianFacts {
  userId: number;
  name: string;
  skills: ReadonlyArray<{ skill: string; level: number }>;
  certifications: ReadonlyArray<{ kind: string; status: 'valid' | 'suspended' | 'revoked'; expiresOn: string }>;
  shifts: ReadonlyArray<{ startsAt: Date; endsAt: Date }>;
}

export interface Workload {
  /** Urgency-weighted open tickets. */
  weighted: number;
  open: number;
}

export type Candidate = TechnicianFacts & { workload: Workload };

export function workloadOf(urgencies: ReadonlyArray<Urgency | null>, weights: UrgencyWeights): Workload {
  // A ticket assigned by hand before triage set an urgency weighs as normal.
  return { weighted: urgencies.reduce((sum, u) => sum + weights[u ?? 'normal'], 0), open: urgencies.length };
}

export function requiredSkill(faultType: FaultType): string {
  return faultType;
}

export function requiredCertifications(job: Pick<Job, 'faultType' | 'flags'>, rules: readonly CertificationRule[]): string[] {
  const needed = rules.filter(
    (rule) =>
      (rule.faultType !== undefined || rule.flag !== undefined) &&
      (rule.faultType === undefined || rule.faultType === job.faultType) &&
      (rule.flag === undefined || job.flags.includes(rule.flag)),
  );
  return [...new Set(needed.map((rule) => rule.certification))].sort();
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export function certificationValid(cert: TechnicianFacts['certifications'][number], at: Date): boolean {
  return cert.status === 'valid' && cert.expiresOn >= utcDay(at);
}

export function onShift(shifts: TechnicianFacts['shifts'], at: Date): boolean {
  return shifts.some((shift) => shift.startsAt.getTime() <= at.getTime() && at.getTime() < shift.endsAt.getTime());
}

export type Shortfall = { kind: 'skill'; skill: string } | { kind: 'certification'; certification: string };

/** What keeps a technician from doing a job (empty: qualified), and their level in its skill. */
export function qualification(
  technician: TechnicianFacts,
  job: Pick<Job, 'faultType' | 'flags'>,
  rules: readonly CertificationRule[],
  at: Date,
): { level: number; shortfalls: Shortfall[] } {
  const skill = requiredSkill(job.faultType);
  const level = technician.skills.find((s) => s.skill === skill)?.level ?? 0;
  const shortfalls: Shortfall[] = level > 0 ? [] : [{ kind: 'skill', skill }];
  for (const certification of requiredCertifications(job, rules)) {
    if (!technician.certifications.some((c) => c.kind === certification && certificationValid(c, at))) {
      shortfalls.push({ kind: 'certification', certification });
    }
  }
  return { level, shortfalls };
}

/** "lacks skill plumbing" / "lack a valid elevator certification" (plural: several technicians). */
export function describeShortfall(shortfall: Shortfall | 'off_shift', plural = false): string {
  if (shortfall === 'off_shift') return plural ? 'are off shift' : 'is off shift';
  const lack = plural ? 'lack' : 'lacks';
  return shortfall.kind === 'skill'
    ? `${lack} skill ${shortfall.skill}`
    : `${lack} a valid ${shortfall.certification} certification`;
}

export type DispatchResult =
  | { assigned: true; technicianId: number; name: string; level: number; workload: Workload; reason: string }
  | { assigned: false; reason: string };

export interface DispatchOptions {
  rules: readonly CertificationRule[];
  at: Date;
}

/** Picks the technician for a job, or says why nobody qualifies (see the module comment). */
export function chooseTechnician(job: Job, candidates: readonly Candidate[], options: DispatchOptions): DispatchResult {
  // Counted per reason, in order of first appearance, so the planner reads one line per cause.
  const refusals = new Map<string, { why: Shortfall | 'off_shift'; n: number }>();
  const refuse = (why: Shortfall | 'off_shift') => {
    const key = typeof why === 'string' ? why : `${why.kind}:${why.kind === 'skill' ? why.skill : why.certification}`;
    const seen = refusals.get(key);
    if (seen) seen.n += 1;
    else refusals.set(key, { why, n: 1 });
  };
  const eligible: Array<Candidate & { level: number }> = [];
  for (const candidate of candidates) {
    const { level, shortfalls } = qualification(candidate, job, options.rules, options.at);
    const first = shortfalls[0];
    if (first) refuse(first);
    else if (!onShift(candidate.shifts, options.at)) refuse('off_shift');
    else eligible.push({ ...candidate, level });
  }
  eligible.sort(
    (a, b) =>
      a.workload.weighted - b.workload.weighted || b.level - a.level || a.workload.open - b.workload.open || a.userId - b.userId,
  );
  const chosen = eligible[0];
  if (!chosen) {
    const detail = [...refusals.values()].map(
      ({ why, n }) => `${n} ${n === 1 ? 'technician' : 'technicians'} ${describeShortfall(why, n > 1)}`,
    );
    return {
      assigned: false,
      reason:
        candidates.length === 0
          ? 'there is no active technician'
          : `no technician qualifies for a ${job.urgency} ${job.faultType} job: ${detail.join('; ')}`,
    };
  }
  return {
    assigned: true,
    technicianId: chosen.userId,
    name: chosen.name,
    level: chosen.level,
    workload: chosen.workload,
    reason: `${chosen.name}: skill ${requiredSkill(job.faultType)} level ${chosen.level}, on shift, workload ${chosen.workload.weighted} (${chosen.workload.open} open), lowest of ${eligible.length} qualified`,
  };
}
