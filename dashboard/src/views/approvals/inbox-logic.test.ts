import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from './api-types.ts';
import {
  daysWaiting,
  decisionBody,
  decisionProblem,
  groupInbox,
  humanizeKey,
  isKnownKind,
  payloadFacts,
  stepStates,
} from './inbox-logic.ts';

function request(id: number, kind: string, createdAt: string, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id,
    kind,
    subjectType: 'x',
    subjectId: String(id),
    title: `#${id}`,
    requestedBy: 2,
    requesterName: 'R',
    requesterDepartment: 'canteen',
    steps: [
      { role: 'department_head', label: 'Head' },
      { role: 'finance', label: 'Finance' },
    ],
    currentStep: 0,
    status: 'pending',
    payload: {},
    createdAt,
    decidedAt: null,
    ...overrides,
  };
}

describe('approvals inbox', () => {
  it('groups by kind, the longest-waiting group first, oldest first inside', () => {
    const groups = groupInbox([
      request(5, 'asset.borrow', '2026-03-02T09:00:00Z'),
      request(3, 'procurement.requisition', '2026-03-01T09:00:00Z'),
      request(4, 'asset.borrow', '2026-02-27T09:00:00Z'),
      request(6, 'procurement.requisition', '2026-02-28T09:00:00Z'),
    ]);
    expect(groups.map((g) => [g.kind, g.requests.map((r) => r.id)])).toEqual([
      ['asset.borrow', [4, 5]],
      ['procurement.requisition', [6, 3]],
    ]);
  });

  it('counts whole days waiting', () => {
    expect(daysWaiting({ createdAt: '2026-02-27T09:00:00Z' }, new Date('2026-03-02T08:00:00Z'))).toBe(2);
    expect(daysWaiting({ createdAt: '2026-03-03T09:00:00Z' }, new Date('2026-03-02T08:00:00Z'))).toBe(0);
  });

  it('knows the kinds the hub defines', () => {
    expect(isKnownKind('dorm.checkout')).toBe(true);
    expect(isKnownKind('something.new')).toBe(false);
  });
});

describe('decisions', () => {
  it('needs a reason to reject and text to comment; approving needs nothing', () => {
    expect(decisionProblem('reject', '  ')).toBe('reason_required');
    expect(decisionProblem('comment', '')).toBe('comment_required');
    expect(decisionProblem('approve', '')).toBeNull();
    expect(decisionProblem('reject', 'over budget')).toBeNull();
    expect(decisionProblem('approve', 'x'.repeat(2001))).toBe('too_long');
  });

  it('sends the trimmed comment only when there is one', () => {
    expect(decisionBody('approve', '  ')).toEqual({ decision: 'approve' });
    expect(decisionBody('reject', ' too dear ')).toEqual({ decision: 'reject', comment: 'too dear' });
  });
});

describe('request details', () => {
  it('marks steps done, current and waiting', () => {
    expect(stepStates(request(1, 'k', '', { currentStep: 1 }))).toEqual(['done', 'current']);
    expect(stepStates(request(1, 'k', '', { currentStep: 1, status: 'approved' }))).toEqual(['done', 'done']);
    expect(stepStates(request(1, 'k', '', { currentStep: 0, status: 'rejected' }))).toEqual(['waiting', 'waiting']);
  });

  it('shows simple payload fields only, bounded', () => {
    expect(
      payloadFacts({
        departmentId: 'canteen',
        budget: 1200,
        urgent: true,
        nested: { a: 1 },
        empty: '',
        revision: 2,
        long: 'x'.repeat(400),
      }),
    ).toEqual([
      ['departmentId', 'canteen'],
      ['budget', 1200],
      ['urgent', true],
    ]);
    expect(payloadFacts({ a: 1, b: 2, c: 3 }, 2)).toHaveLength(2);
    expect(humanizeKey('requisitionId')).toBe('requisition id');
    expect(humanizeKey('planned_on')).toBe('planned on');
  });
});
