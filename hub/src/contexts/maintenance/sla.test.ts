import { describe, expect, it } from 'vitest';
import { DEFAULT_SLA_POLICY, deadlines, postponedResolveBy, type SlaTimestamps, slaState } from './sla.ts';

const at = (iso: string) => new Date(iso);
const base: SlaTimestamps = {
  respondBy: at('2026-03-02T08:30:00Z'),
  resolveBy: at('2026-03-02T12:00:00Z'),
  respondedAt: null,
  resolvedAt: null,
  withdrawn: false,
};

describe('SLA timers', () => {
  it('MNT-2 derives respond-by and resolve-by from the report time and the urgency', () => {
    const reported = at('2026-03-02T08:00:00Z');
    expect(deadlines(reported, 'critical', DEFAULT_SLA_POLICY)).toEqual({
      respondBy: at('2026-03-02T08:30:00Z'),
      resolveBy: at('2026-03-02T12:00:00Z'),
    });
    expect(deadlines(reported, 'low', DEFAULT_SLA_POLICY).resolveBy).toEqual(at('2026-03-09T08:00:00Z'));
    const custom = { ...DEFAULT_SLA_POLICY, normal: { respondWithinMinutes: 60, resolveWithinMinutes: 120 } };
    expect(deadlines(reported, 'normal', custom)).toEqual({
      respondBy: at('2026-03-02T09:00:00Z'),
      resolveBy: at('2026-03-02T10:00:00Z'),
    });
  });

  it('is not overdue before a deadline, nor exactly on it', () => {
    expect(slaState(base, at('2026-03-02T08:29:00Z'))).toEqual({ respondOverdue: false, resolveOverdue: false, overdue: false });
    expect(slaState(base, at('2026-03-02T08:30:00Z')).overdue).toBe(false);
  });

  it('flags a deadline passed without its milestone', () => {
    expect(slaState(base, at('2026-03-02T09:00:00Z'))).toEqual({ respondOverdue: true, resolveOverdue: false, overdue: true });
    expect(slaState(base, at('2026-03-02T13:00:00Z'))).toMatchObject({ respondOverdue: true, resolveOverdue: true });
  });

  it('keeps a breach once the milestone came late, and clears it when it came in time', () => {
    const late = { ...base, respondedAt: at('2026-03-02T08:45:00Z'), resolvedAt: at('2026-03-02T11:00:00Z') };
    expect(slaState(late, at('2026-03-05T00:00:00Z'))).toEqual({ respondOverdue: true, resolveOverdue: false, overdue: true });
    const onTime = { ...base, respondedAt: at('2026-03-02T08:10:00Z'), resolvedAt: at('2026-03-02T11:00:00Z') };
    expect(slaState(onTime, at('2026-03-05T00:00:00Z')).overdue).toBe(false);
  });

  it('has no timer before triage and none on withdrawn tickets', () => {
    const untriaged = { ...base, respondBy: null, resolveBy: null };
    expect(slaState(untriaged, at('2030-01-01T00:00:00Z')).overdue).toBe(false);
    expect(slaState({ ...base, withdrawn: true }, at('2030-01-01T00:00:00Z')).overdue).toBe(false);
  });

  it('MNT-4 moves resolve-by by the approved delay, never earlier', () => {
    const resolveBy = at('2026-03-02T12:00:00Z');
    expect(
      postponedResolveBy(resolveBy, at('2026-03-02T10:00:00Z'), at('2026-03-03T10:00:00Z'), at('2026-03-02T09:00:00Z')),
    ).toEqual(at('2026-03-03T12:00:00Z'));
    expect(postponedResolveBy(resolveBy, null, at('2026-03-02T11:00:00Z'), at('2026-03-02T09:00:00Z'))).toEqual(
      at('2026-03-02T14:00:00Z'),
    );
    expect(
      postponedResolveBy(resolveBy, at('2026-03-02T10:00:00Z'), at('2026-03-02T09:00:00Z'), at('2026-03-02T08:00:00Z')),
    ).toEqual(resolveBy);
    expect(postponedResolveBy(null, null, at('2026-03-02T11:00:00Z'), at('2026-03-02T09:00:00Z'))).toBeNull();
  });
});
