import type { AlertRow } from './repository.ts';

export function presentAlert(row: AlertRow) {
  return {
    id: Number(row.id),
    ruleId: row.rule_id,
    category: row.category,
    subject: row.subject,
    site: row.site,
    severity: row.severity,
    title: row.title,
    message: row.message,
    evidence: row.evidence,
    status: row.status,
    occurrences: row.occurrences,
    raisedAt: row.raised_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    acknowledgedBy: row.acknowledged_by === null ? null : Number(row.acknowledged_by),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by === null ? null : Number(row.resolved_by),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolutionNote: row.resolution_note,
    escalationLevel: row.escalation_level,
  };
}
