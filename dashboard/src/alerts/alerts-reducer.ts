import type { AlertSeverity } from '@campus/protocol';
import type { Alert, AlertMessage, EvidenceSwipe } from './types.ts';

export const SEVERITY_RANK: Record<AlertSeverity, number> = { emergency: 0, critical: 1, warning: 2, info: 3 };
export const OPEN_ALERTS_CAP = 500;

export const isUrgent = (severity: AlertSeverity) => severity === 'critical' || severity === 'emergency';

/** Open alerts, most severe first, then newest: what the queue shows. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.lastSeenAt.localeCompare(a.lastSeenAt) || b.id - a.id,
  );
}

/** Applies live `alert` messages to the open list: upsert by id, drop resolved, stay bounded. */
export function applyAlertMessages(open: readonly Alert[], messages: readonly AlertMessage[]): Alert[] {
  const byId = new Map(open.map((alert) => [alert.id, alert]));
  for (const { alert } of messages) {
    if (alert.status === 'resolved') byId.delete(alert.id);
    else byId.set(alert.id, alert);
  }
  return sortAlerts([...byId.values()]).slice(0, OPEN_ALERTS_CAP);
}

/** The swipes an access alert carries as evidence (none for other rules). */
export function evidenceSwipes(alert: Alert): EvidenceSwipe[] {
  const swipes = alert.evidence.swipes;
  if (!Array.isArray(swipes)) return [];
  return swipes.filter(
    (s): s is EvidenceSwipe => typeof s === 'object' && s !== null && typeof (s as EvidenceSwipe).cardId === 'string',
  );
}
