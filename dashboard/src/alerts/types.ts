import type { AlertCategory, AlertSeverity } from '@campus/protocol';

/**
 * An alert as the hub presents it (hub/src/contexts/alerts/schema.ts AlertSchema). The dashboard
 * may import only protocol/, so the DTOs it reads are declared here, field for field; the e2e
 * suite reads them from a real hub.
 */
export interface Alert {
  id: number;
  ruleId: string;
  category: AlertCategory;
  subject: string;
  site: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  status: 'raised' | 'acknowledged' | 'resolved';
  occurrences: number;
  raisedAt: string;
  lastSeenAt: string;
  acknowledgedBy: number | null;
  acknowledgedAt: string | null;
  resolvedBy: number | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  escalationLevel: number;
}

export type AlertChange = 'raised' | 'recurred' | 'acknowledged' | 'resolved' | 'escalated';

/** The live channel's `alert` message data. */
export interface AlertMessage {
  change: AlertChange;
  alert: Alert;
}

/** A swipe as rules keep it in evidence (hub/src/rules/rules/access.ts swipeEvidence). */
export interface EvidenceSwipe {
  deviceId: string;
  cardId: string;
  direction: 'in' | 'out';
  granted: boolean;
  reason?: string | null;
  ts: string;
}
