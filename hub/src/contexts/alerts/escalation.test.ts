import { describe, expect, it } from 'vitest';
import { isEscalationDue, nextSeverity, rotaPositionFor } from './escalation.ts';

const raisedAt = new Date('2026-11-24T02:00:00Z');
const at = (minutes: number) => new Date(raisedAt.getTime() + minutes * 60_000);

describe('alert escalation', () => {
  it('escalates an unacknowledged critical alert once its window has passed', () => {
    const alert = { status: 'raised', severity: 'critical' as const, raisedAt, escalatedAt: null };
    expect(isEscalationDue(alert, 5, at(4.9))).toBe(false);
    expect(isEscalationDue(alert, 5, at(5))).toBe(true);
  });

  it('counts the next window from the previous escalation', () => {
    const alert = { status: 'raised', severity: 'emergency' as const, raisedAt, escalatedAt: at(5) };
    expect(isEscalationDue(alert, 3, at(7))).toBe(false);
    expect(isEscalationDue(alert, 3, at(8))).toBe(true);
  });

  it('never escalates acknowledged alerts or severities without a window', () => {
    expect(isEscalationDue({ status: 'acknowledged', severity: 'critical', raisedAt, escalatedAt: null }, 5, at(60))).toBe(false);
    expect(isEscalationDue({ status: 'raised', severity: 'warning', raisedAt, escalatedAt: null }, undefined, at(60))).toBe(
      false,
    );
  });

  it('raises severity up to emergency and walks down the rota', () => {
    expect(nextSeverity('critical')).toBe('emergency');
    expect(nextSeverity('emergency')).toBe('emergency');
    expect(nextSeverity('warning')).toBe('warning');
    expect([0, 1, 2, 3].map((level) => rotaPositionFor(level, 3))).toEqual([0, 1, 2, 2]);
    expect(rotaPositionFor(1, 0)).toBeUndefined();
  });
});
