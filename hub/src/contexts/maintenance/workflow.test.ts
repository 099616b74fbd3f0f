import { describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from './vocabulary.ts';
import { allows, OPEN_STATUSES, TRANSITIONS, WORKLOAD_STATUSES } from './workflow.ts';

describe('maintenance ticket workflow', () => {
  it('MNT-3 needs a confirmed visit before work is logged', () => {
    expect(allows('log_work', 'assigned')).toBe(false);
    expect(allows('confirm', 'assigned')).toBe(true);
    expect(allows('log_work', 'scheduled')).toBe(true);
  });

  it('MNT-5 accepts or rejects only work marked done; rework goes back to work', () => {
    for (const status of TICKET_STATUSES) {
      expect(allows('accept', status)).toBe(status === 'awaiting_acceptance');
      expect(allows('reject', status)).toBe(status === 'awaiting_acceptance');
    }
    expect(allows('log_work', 'rework')).toBe(true);
    expect(allows('mark_done', 'rework')).toBe(false);
  });

  it('MNT-3 books a work window only once triaged and until the work is reported done', () => {
    expect(allows('schedule', 'submitted')).toBe(false);
    expect(allows('schedule', 'assigned')).toBe(true);
    expect(allows('schedule', 'rework')).toBe(true);
    expect(allows('schedule', 'awaiting_acceptance')).toBe(false);
  });

  it('leaves nothing to do on a closed ticket', () => {
    for (const from of Object.values(TRANSITIONS)) expect(from).not.toContain('closed');
    expect(OPEN_STATUSES).not.toContain('closed');
    expect(OPEN_STATUSES).toHaveLength(TICKET_STATUSES.length - 1);
  });

  it('counts only work in a technician’s hands as workload', () => {
    expect(WORKLOAD_STATUSES).not.toContain('awaiting_acceptance');
    expect(WORKLOAD_STATUSES).not.toContain('awaiting_assignment');
  });
});
