import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  chooseTechnician,
  DEFAULT_CERTIFICATION_RULES,
  DEFAULT_URGENCY_WEIGHTS,
  type Job,
  requiredCertifications,
  workloadOf,
} from './dispatch.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const DAY_SHIFT = { startsAt: new Date('2026-03-02T08:00:00Z'), endsAt: new Date('2026-03-02T16:00:00Z') };
const NIGHT_SHIFT = { startsAt: new Date('2026-03-02T16:00:00Z'), endsAt: new Date('2026-03-03T00:00:00Z') };
const options = { rules: DEFAULT_CERTIFICATION_RULES, at: NOW };

function tech(userId: number, overrides: Partial<Candidate> = {}): Candidate {
  return {
    userId,
    name: `tech ${userId}`,
    skills: [{ skill: 'plumbing', level: 3 }],
    certifications: [],
    shifts: [DAY_SHIFT],
    workload: { weighted: 0, open: 0 },
    ...overrides,
  };
}
const plumbing: Job = { faultType: 'plumbing', urgency: 'normal', flags: [] };
const elevator: Job = { faultType: 'elevator', urgency: 'critical', flags: [] };
const chosen = (job: Job, candidates: Candidate[]) => {
  const result = chooseTechnician(job, candidates, options);
  return result.assigned ? result.technicianId : result.reason;
};

describe('MNT-3 dispatch choice', () => {
  it('takes only technicians holding the skill of the fault type', () => {
    const electrician = tech(1, { skills: [{ skill: 'electrical', level: 5 }] });
    expect(chosen(plumbing, [electrician, tech(2)])).toBe(2);
    expect(chosen(plumbing, [electrician])).toMatch(/1 technician lacks skill plumbing/);
  });

  it('demands the certifications of the job: by fault type and by hazard flag', () => {
    expect(requiredCertifications(elevator, DEFAULT_CERTIFICATION_RULES)).toEqual(['elevator']);
    expect(requiredCertifications({ faultType: 'electrical', flags: ['high_voltage'] }, DEFAULT_CERTIFICATION_RULES)).toEqual([
      'high_voltage',
    ]);
    expect(requiredCertifications({ faultType: 'electrical', flags: [] }, DEFAULT_CERTIFICATION_RULES)).toEqual([]);
    expect(
      requiredCertifications({ faultType: 'hvac', flags: ['gas', 'working_at_height'] }, [
        ...DEFAULT_CERTIFICATION_RULES,
        { faultType: 'hvac', flag: 'gas', certification: 'boiler' },
      ]),
    ).toEqual(['boiler', 'gas', 'working_at_height']);
    const lifter = { skills: [{ skill: 'elevator', level: 2 }] };
    const certified = tech(3, { ...lifter, certifications: [{ kind: 'elevator', status: 'valid', expiresOn: '2027-01-01' }] });
    expect(chosen(elevator, [tech(1, lifter), certified])).toBe(3);
  });

  it('ignores suspended, revoked and expired certifications; the expiry day itself still counts', () => {
    const lifter = (userId: number, status: 'valid' | 'suspended' | 'revoked', expiresOn: string) =>
      tech(userId, { skills: [{ skill: 'elevator', level: 4 }], certifications: [{ kind: 'elevator', status, expiresOn }] });
    expect(chosen(elevator, [lifter(1, 'suspended', '2030-01-01'), lifter(2, 'revoked', '2030-01-01')])).toMatch(
      /2 technicians lack a valid elevator certification/,
    );
    expect(chosen(elevator, [lifter(1, 'valid', '2026-03-01')])).toMatch(/1 technician lacks a valid elevator certification/);
    expect(chosen(elevator, [lifter(1, 'valid', '2026-03-01'), lifter(2, 'valid', '2026-03-02')])).toBe(2);
  });

  it('takes only technicians on shift now (start inclusive, end exclusive)', () => {
    expect(chosen(plumbing, [tech(1, { shifts: [NIGHT_SHIFT] }), tech(2, { shifts: [] }), tech(3)])).toBe(3);
    expect(chosen(plumbing, [tech(1, { shifts: [NIGHT_SHIFT] })])).toMatch(/1 technician is off shift/);
    const endsNow = { startsAt: new Date('2026-03-02T02:00:00Z'), endsAt: NOW };
    const startsNow = { startsAt: NOW, endsAt: new Date('2026-03-02T18:00:00Z') };
    expect(chosen(plumbing, [tech(1, { shifts: [endsNow] }), tech(2, { shifts: [startsNow] })])).toBe(2);
  });

  it('picks the lowest urgency-weighted workload before the higher skill level', () => {
    const busyExpert = tech(1, {
      skills: [{ skill: 'plumbing', level: 5 }],
      workload: workloadOf(['critical'], DEFAULT_URGENCY_WEIGHTS),
    });
    const idleJunior = tech(2, {
      skills: [{ skill: 'plumbing', level: 1 }],
      workload: workloadOf(['low', 'low'], DEFAULT_URGENCY_WEIGHTS),
    });
    expect(busyExpert.workload).toEqual({ weighted: 5, open: 1 });
    expect(idleJunior.workload).toEqual({ weighted: 2, open: 2 });
    expect(chosen(plumbing, [busyExpert, idleJunior])).toBe(2);
  });

  it('breaks ties by skill level, then open tickets, then user id', () => {
    const load = (weighted: number, open: number) => ({ workload: { weighted, open } });
    expect(
      chosen(plumbing, [tech(1, { ...load(2, 1), skills: [{ skill: 'plumbing', level: 2 }] }), tech(2, { ...load(2, 1) })]),
    ).toBe(2);
    expect(chosen(plumbing, [tech(1, load(2, 2)), tech(2, load(2, 1))])).toBe(2);
    expect(chosen(plumbing, [tech(7, load(2, 1)), tech(4, load(2, 1))])).toBe(4);
  });

  it('says why nobody qualifies, counting each reason', () => {
    const result = chooseTechnician(
      elevator,
      [tech(1), tech(2), tech(3, { skills: [{ skill: 'elevator', level: 1 }] })],
      options,
    );
    expect(result).toEqual({
      assigned: false,
      reason:
        'no technician qualifies for a critical elevator job: 2 technicians lack skill elevator; 1 technician lacks a valid elevator certification',
    });
    expect(chooseTechnician(plumbing, [], options)).toEqual({ assigned: false, reason: 'there is no active technician' });
  });

  it('weighs an urgency-less ticket as normal', () => {
    expect(workloadOf([null, 'high'], DEFAULT_URGENCY_WEIGHTS)).toEqual({ weighted: 5, open: 2 });
  });
});
