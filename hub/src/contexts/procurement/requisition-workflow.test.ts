import { describe, expect, it } from 'vitest';
import { allows, nextStatus, OPEN_REQUISITION_STATUSES, REQUISITION_TRANSITIONS } from './requisition-workflow.ts';
import { REQUISITION_STATUSES, type RequisitionStatus } from './vocabulary.ts';

describe('requisition state machine', () => {
  it('PRC-1/PRC-2 draft → submitted → returned → resubmitted → approved', () => {
    let status: RequisitionStatus = 'draft';
    for (const action of ['submit', 'return', 'edit', 'submit', 'approve'] as const) {
      const next = nextStatus(action, status);
      expect(next, `${action} from ${status}`).toBeDefined();
      status = next ?? status;
    }
    expect(status).toBe('approved');
  });

  it('PRC-3..6 approved → planned → sourcing → contracted → closed, or direct purchase skips sourcing', () => {
    expect(nextStatus('plan', 'approved')).toBe('planned');
    expect(nextStatus('source', 'planned')).toBe('sourcing');
    expect(nextStatus('contract', 'sourcing')).toBe('contracted');
    expect(nextStatus('contract', 'planned')).toBe('contracted');
    expect(nextStatus('deliver', 'contracted')).toBe('closed');
    expect(nextStatus('reopen', 'sourcing')).toBe('planned');
    expect(nextStatus('cover_from_stock', 'approved')).toBe('closed');
  });

  it('refuses steps out of order', () => {
    expect(nextStatus('approve', 'draft')).toBeUndefined();
    expect(nextStatus('submit', 'submitted')).toBeUndefined();
    expect(nextStatus('edit', 'approved')).toBeUndefined();
    expect(nextStatus('plan', 'submitted')).toBeUndefined();
    expect(nextStatus('cancel', 'planned')).toBeUndefined();
    expect(nextStatus('deliver', 'sourcing')).toBeUndefined();
  });

  it('nothing leaves closed or cancelled; edit keeps the status', () => {
    for (const action of Object.keys(REQUISITION_TRANSITIONS) as Array<keyof typeof REQUISITION_TRANSITIONS>) {
      expect(allows(action, 'closed')).toBe(false);
      expect(allows(action, 'cancelled')).toBe(false);
    }
    expect(nextStatus('edit', 'returned')).toBe('returned');
  });

  it('every status but the two terminal ones is open (holds a dedupe key)', () => {
    expect([...OPEN_REQUISITION_STATUSES, 'closed', 'cancelled'].sort()).toEqual([...REQUISITION_STATUSES].sort());
  });
});
