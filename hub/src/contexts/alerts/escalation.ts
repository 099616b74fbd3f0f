import type { AlertSeverity } from '@campus/protocol';

/** Until configured per site, how long an alert may wait for acknowledgement before escalating. */
export const DEFAULT_ACK_WITHIN_MINUTES: Partial<Record<AlertSeverity, number>> = { critical: 5, emergency: 3 };

export function nextSeverity(severity: AlertSeverity): AlertSeverity {
  return severity === 'critical' || severity === 'emergency' ? 'emergency' : severity;
}

/**
 * Whether an unacknowledged alert is due for its next escalation: each level gets the full
 * acknowledgement window again, counted from the previous escalation (or from raising).
 */
export function isEscalationDue(
  alert: { status: string; severity: AlertSeverity; raisedAt: Date; escalatedAt: Date | null },
  ackWithinMinutes: number | undefined,
  now: Date,
): boolean {
  if (alert.status !== 'raised' || ackWithinMinutes === undefined) return false;
  const since = alert.escalatedAt ?? alert.raisedAt;
  return now.getTime() - since.getTime() >= ackWithinMinutes * 60_000;
}

/** Which rota position hears about an alert at an escalation level (the last one keeps hearing). */
export function rotaPositionFor(level: number, rotaSize: number): number | undefined {
  if (rotaSize === 0) return undefined;
  return Math.min(level, rotaSize - 1);
}
