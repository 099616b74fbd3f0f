import { daysUntil } from './dates.ts';
import type { NeedReason, RequirementKind, RequirementScope } from './vocabulary.ts';

/**
 * Training-needs analysis (TRN-1, regulation §9(一)1): compares what each person's role and
 * jobs require with their assessed skill levels and their certifications, and ranks the gaps.
 *
 * Who a requirement applies to: a `role` requirement to everyone holding the role; a `job`
 * requirement (elevator, high_voltage, gas, boiler...) to everyone who does that job, i.e.
 * holds the skill of that name (the convention maintenance dispatch uses: skill `elevator` for
 * elevator faults) or any certification of that kind (an electrician holding a high-voltage
 * card does high-voltage jobs). Several requirements on one skill merge to the highest level.
 *
 * A certification is in force while its status is valid and its expiry date has not passed —
 * the same test dispatch applies, so every blocking need here is a job dispatch will refuse.
 *
 * Priority (0-100), so that a ranked list means "train this first":
 * - a certification not in force (missing, expired, suspended, revoked): 100 — the person may
 *   not do the job at all today;
 * - a certification expiring within the horizon: 50 + up to 40 as the expiry nears (90 on its
 *   last day): renewal is cheap now and blocking later;
 * - a skill below the required level: 15 per missing level, +10 when never assessed (at most
 *   85): a skill gap slows and risks work but does not forbid it.
 * Ties: sooner expiry, then the person (user id), then the topic, so the order is stable.
 */

export interface Requirement {
  id: number;
  scope: RequirementScope;
  /** A role name for `role`, a job (fault type or hazard) for `job`. */
  target: string;
  kind: RequirementKind;
  /** The skill or the certification kind. */
  name: string;
  /** For skills: the minimum level 1-5. */
  minLevel: number | null;
}

export interface StaffFacts {
  userId: number;
  name: string;
  departmentId: string | null;
  roles: readonly string[];
  skills: ReadonlyArray<{ skill: string; level: number }>;
  certifications: ReadonlyArray<{ id: number; kind: string; status: 'valid' | 'suspended' | 'revoked'; expiresOn: string }>;
}

export interface NeedsOptions {
  /** The day of the analysis (YYYY-MM-DD). */
  asOf: string;
  /** Certifications expiring within this many days count as a need. */
  horizonDays: number;
}

export interface Need {
  userId: number;
  name: string;
  departmentId: string | null;
  kind: RequirementKind;
  topic: string;
  reason: NeedReason;
  requiredLevel: number | null;
  currentLevel: number | null;
  gap: number | null;
  certificationId: number | null;
  expiresOn: string | null;
  daysLeft: number | null;
  priority: number;
  /** Why it applies: "role technician", "job elevator". */
  because: string[];
  requirementIds: number[];
}

export interface TopicNeed {
  kind: RequirementKind;
  topic: string;
  people: number;
  /** Sum of the priorities: where a course helps most. */
  score: number;
  reasons: Partial<Record<NeedReason, number>>;
}

export const BLOCKING_PRIORITY = 100;

export function appliesTo(requirement: Requirement, staff: StaffFacts): boolean {
  if (requirement.scope === 'role') return staff.roles.includes(requirement.target);
  return (
    staff.skills.some((s) => s.skill === requirement.target) || staff.certifications.some((c) => c.kind === requirement.target)
  );
}

export type Standing =
  | { inForce: true; certificationId: number; expiresOn: string; daysLeft: number }
  | {
      inForce: false;
      reason: Extract<NeedReason, 'missing' | 'expired' | 'suspended' | 'revoked'>;
      certificationId: number | null;
      expiresOn: string | null;
    };

/** Where a person stands on one kind of certification on a given day. */
export function certificationStanding(certifications: StaffFacts['certifications'], kind: string, asOf: string): Standing {
  const ofKind = certifications.filter((c) => c.kind === kind);
  const inForce = ofKind
    .filter((c) => c.status === 'valid' && c.expiresOn >= asOf)
    .sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
  if (inForce) {
    return {
      inForce: true,
      certificationId: inForce.id,
      expiresOn: inForce.expiresOn,
      daysLeft: daysUntil(asOf, inForce.expiresOn),
    };
  }
  // The most actionable state first: a suspension is lifted by re-assessment, an expiry by renewal.
  for (const [reason, test] of [
    ['suspended', (c: (typeof ofKind)[number]) => c.status === 'suspended'],
    ['expired', (c: (typeof ofKind)[number]) => c.status === 'valid'],
    ['revoked', (c: (typeof ofKind)[number]) => c.status === 'revoked'],
  ] as const) {
    const found = ofKind.filter(test).sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
    if (found) return { inForce: false, reason, certificationId: found.id, expiresOn: found.expiresOn };
  }
  return { inForce: false, reason: 'missing', certificationId: null, expiresOn: null };
}

export function expiringPriority(daysLeft: number, horizonDays: number): number {
  if (horizonDays <= 0) return 90;
  return 50 + Math.round((40 * (horizonDays - Math.min(daysLeft, horizonDays))) / horizonDays);
}

export function skillPriority(gap: number, neverAssessed: boolean): number {
  return 15 * gap + (neverAssessed ? 10 : 0);
}

/** The ranked needs of every person, and the topics ranked by how much training them helps. */
export function analyseNeeds(
  requirements: readonly Requirement[],
  staff: readonly StaffFacts[],
  options: NeedsOptions,
): { items: Need[]; topics: TopicNeed[] } {
  const items: Need[] = [];
  for (const person of staff) {
    // One need per (kind, topic): merge the requirements that ask for it.
    const wanted = new Map<string, { kind: RequirementKind; topic: string; level: number; because: string[]; ids: number[] }>();
    for (const requirement of requirements) {
      if (!appliesTo(requirement, person)) continue;
      const key = `${requirement.kind}:${requirement.name}`;
      const entry = wanted.get(key) ?? { kind: requirement.kind, topic: requirement.name, level: 0, because: [], ids: [] };
      entry.level = Math.max(entry.level, requirement.minLevel ?? 0);
      const because = `${requirement.scope} ${requirement.target}`;
      if (!entry.because.includes(because)) entry.because.push(because);
      entry.ids.push(requirement.id);
      wanted.set(key, entry);
    }
    for (const want of wanted.values()) {
      const base = {
        userId: person.userId,
        name: person.name,
        departmentId: person.departmentId,
        kind: want.kind,
        topic: want.topic,
        because: want.because,
        requirementIds: want.ids.sort((a, b) => a - b),
      };
      if (want.kind === 'skill') {
        const current = person.skills.find((s) => s.skill === want.topic)?.level ?? null;
        const gap = want.level - (current ?? 0);
        if (gap <= 0) continue;
        items.push({
          ...base,
          reason: current === null ? 'missing_skill' : 'below_level',
          requiredLevel: want.level,
          currentLevel: current,
          gap,
          certificationId: null,
          expiresOn: null,
          daysLeft: null,
          priority: skillPriority(gap, current === null),
        });
        continue;
      }
      const standing = certificationStanding(person.certifications, want.topic, options.asOf);
      if (standing.inForce && standing.daysLeft > options.horizonDays) continue;
      items.push({
        ...base,
        reason: standing.inForce ? 'expiring' : standing.reason,
        requiredLevel: null,
        currentLevel: null,
        gap: null,
        certificationId: standing.certificationId,
        expiresOn: standing.expiresOn,
        daysLeft: standing.inForce ? standing.daysLeft : null,
        priority: standing.inForce ? expiringPriority(standing.daysLeft, options.horizonDays) : BLOCKING_PRIORITY,
      });
    }
  }
  items.sort(
    (a, b) =>
      b.priority - a.priority ||
      (a.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.daysLeft ?? Number.MAX_SAFE_INTEGER) ||
      a.userId - b.userId ||
      a.kind.localeCompare(b.kind) ||
      a.topic.localeCompare(b.topic),
  );
  const topics = new Map<string, TopicNeed & { users: Set<number> }>();
  for (const need of items) {
    const key = `${need.kind}:${need.topic}`;
    const topic = topics.get(key) ?? {
      kind: need.kind,
      topic: need.topic,
      people: 0,
      score: 0,
      reasons: {},
      users: new Set<number>(),
    };
    topic.users.add(need.userId);
    topic.score += need.priority;
    topic.reasons[need.reason] = (topic.reasons[need.reason] ?? 0) + 1;
    topics.set(key, topic);
  }
  const ranked = [...topics.values()]
    .map(({ users, ...topic }) => ({ ...topic, people: users.size }))
    .sort((a, b) => b.score - a.score || a.kind.localeCompare(b.kind) || a.topic.localeCompare(b.topic));
  return { items, topics: ranked };
}
