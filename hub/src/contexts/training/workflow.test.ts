import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES, SESSION_STATUSES } from './vocabulary.ts';
import { PLAN_TRANSITIONS, planAllows, SESSION_TRANSITIONS, sessionAllows } from './workflow.ts';

describe('training plan and session state machines', () => {
  it('TRN-2 edits and submits only drafts; sessions need an approved plan; delivery needs it running', () => {
    expect(PLAN_STATUSES.filter((s) => planAllows('edit', s))).toEqual(['draft']);
    expect(PLAN_STATUSES.filter((s) => planAllows('submit', s))).toEqual(['draft']);
    expect(PLAN_STATUSES.filter((s) => planAllows('schedule', s))).toEqual(['approved', 'in_progress']);
    expect(PLAN_STATUSES.filter((s) => planAllows('deliver', s))).toEqual(['in_progress']);
    expect(PLAN_STATUSES.filter((s) => planAllows('close', s))).toEqual(['in_progress']);
    // Nothing leaves closed.
    for (const action of Object.keys(PLAN_TRANSITIONS) as Array<keyof typeof PLAN_TRANSITIONS>) {
      expect(planAllows(action, 'closed'), action).toBe(false);
    }
  });

  it('TRN-3 enrols only while scheduled; attendance can be corrected after the session; cancelled is final', () => {
    expect(SESSION_STATUSES.filter((s) => sessionAllows('enrol', s))).toEqual(['scheduled']);
    expect(SESSION_STATUSES.filter((s) => sessionAllows('attendance', s))).toEqual(['scheduled', 'held']);
    for (const action of Object.keys(SESSION_TRANSITIONS) as Array<keyof typeof SESSION_TRANSITIONS>) {
      expect(sessionAllows(action, 'cancelled'), action).toBe(false);
    }
  });
});
