import { describe, expect, it } from 'vitest';
import { analyseNeeds, certificationStanding, expiringPriority, type Requirement, type StaffFacts } from './needs.ts';

const REQUIREMENTS: Requirement[] = [
  { id: 1, scope: 'role', target: 'technician', kind: 'skill', name: 'system_operation', minLevel: 2 },
  { id: 2, scope: 'job', target: 'elevator', kind: 'skill', name: 'elevator', minLevel: 3 },
  { id: 3, scope: 'job', target: 'elevator', kind: 'certification', name: 'elevator', minLevel: null },
  { id: 4, scope: 'job', target: 'high_voltage', kind: 'certification', name: 'high_voltage', minLevel: null },
  { id: 5, scope: 'role', target: 'asset_clerk', kind: 'skill', name: 'system_operation', minLevel: 3 },
  { id: 6, scope: 'role', target: 'asset_clerk', kind: 'skill', name: 'data_entry', minLevel: 3 },
];

const person = (userId: number, overrides: Partial<StaffFacts>): StaffFacts => ({
  userId,
  name: `Person ${userId}`,
  departmentId: 'logistics-office',
  roles: ['technician'],
  skills: [],
  certifications: [],
  ...overrides,
});

const AS_OF = '2026-11-24';

describe('TRN-1 training-needs analysis', () => {
  it('TRN-1 finds nothing for a person who meets every requirement of their role and jobs', () => {
    const fine = person(1, {
      skills: [
        { skill: 'elevator', level: 4 },
        { skill: 'system_operation', level: 2 },
      ],
      certifications: [{ id: 10, kind: 'elevator', status: 'valid', expiresOn: '2028-01-01' }],
    });
    expect(analyseNeeds(REQUIREMENTS, [fine], { asOf: AS_OF, horizonDays: 60 })).toEqual({ items: [], topics: [] });
  });

  it('TRN-1 applies job requirements to whoever holds the job skill or a certification of that kind', () => {
    const liftTech = person(1, {
      skills: [
        { skill: 'elevator', level: 1 },
        { skill: 'system_operation', level: 2 },
      ],
    });
    const hvCardHolder = person(2, {
      roles: ['maintenance_planner'],
      certifications: [{ id: 20, kind: 'high_voltage', status: 'valid', expiresOn: '2026-12-04' }],
    });
    const { items } = analyseNeeds(REQUIREMENTS, [liftTech, hvCardHolder], { asOf: AS_OF, horizonDays: 60 });
    expect(items.map((n) => [n.userId, n.kind, n.topic, n.reason, n.priority])).toEqual([
      [1, 'certification', 'elevator', 'missing', 100],
      // 10 of 60 days left: 50 + 40 × 50/60.
      [2, 'certification', 'high_voltage', 'expiring', 83],
      [1, 'skill', 'elevator', 'below_level', 30],
    ]);
    expect(items[1]).toMatchObject({ certificationId: 20, expiresOn: '2026-12-04', daysLeft: 10, because: ['job high_voltage'] });
    expect(items[2]).toMatchObject({ requiredLevel: 3, currentLevel: 1, gap: 2, because: ['job elevator'], requirementIds: [2] });
  });

  it('TRN-1 reports a suspended, expired or revoked certification as blocking, suspended first', () => {
    const standing = (certifications: StaffFacts['certifications']) => certificationStanding(certifications, 'elevator', AS_OF);
    expect(standing([])).toEqual({ inForce: false, reason: 'missing', certificationId: null, expiresOn: null });
    expect(standing([{ id: 1, kind: 'elevator', status: 'valid', expiresOn: '2026-11-23' }])).toMatchObject({
      reason: 'expired',
    });
    expect(
      standing([
        { id: 1, kind: 'elevator', status: 'revoked', expiresOn: '2029-01-01' },
        { id: 2, kind: 'elevator', status: 'valid', expiresOn: '2025-01-01' },
        { id: 3, kind: 'elevator', status: 'suspended', expiresOn: '2027-05-01' },
      ]),
    ).toMatchObject({ reason: 'suspended', certificationId: 3 });
    // The last day is still in force, like dispatch's inclusive expiry.
    expect(standing([{ id: 4, kind: 'elevator', status: 'valid', expiresOn: AS_OF }])).toMatchObject({
      inForce: true,
      daysLeft: 0,
    });
    expect(expiringPriority(0, 60)).toBe(90);
    expect(expiringPriority(60, 60)).toBe(50);
  });

  it('TRN-1 merges requirements on one skill to the highest level and ranks topics by total priority', () => {
    // A technician who is also an asset clerk: system_operation is wanted at 2 and at 3.
    const both = person(1, { roles: ['technician', 'asset_clerk'], skills: [{ skill: 'system_operation', level: 1 }] });
    const clerk = person(2, { roles: ['asset_clerk'], skills: [{ skill: 'data_entry', level: 3 }] });
    const { items, topics } = analyseNeeds(REQUIREMENTS, [both, clerk], { asOf: AS_OF, horizonDays: 30 });
    const merged = items.find((n) => n.userId === 1 && n.topic === 'system_operation');
    expect(merged).toMatchObject({ requiredLevel: 3, currentLevel: 1, gap: 2, because: ['role technician', 'role asset_clerk'] });
    expect(merged?.requirementIds).toEqual([1, 5]);
    expect(items.map((n) => [n.userId, n.topic, n.priority])).toEqual([
      // Equal priorities: by person.
      [1, 'data_entry', 55],
      [2, 'system_operation', 55],
      [1, 'system_operation', 30],
    ]);
    expect(topics).toEqual([
      { kind: 'skill', topic: 'system_operation', people: 2, score: 85, reasons: { below_level: 1, missing_skill: 1 } },
      { kind: 'skill', topic: 'data_entry', people: 1, score: 55, reasons: { missing_skill: 1 } },
    ]);
  });
});
