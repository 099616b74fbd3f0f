import type { AlertCategory, AlertSeverity } from '@campus/protocol';
import type { Queryable } from '@campus/storage';

export interface AlertRow {
  id: string | number;
  rule_id: string;
  category: AlertCategory;
  subject: string;
  site: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  status: 'raised' | 'acknowledged' | 'resolved';
  occurrences: number;
  raised_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | number | null;
  acknowledged_at: Date | null;
  resolved_by: string | number | null;
  resolved_at: Date | null;
  resolution_note: string | null;
  escalation_level: number;
  escalated_at: Date | null;
  updated_at: Date;
}

const COLUMNS = `id, rule_id, category, subject, site, severity, title, message, evidence, status, occurrences, raised_at,
  last_seen_at, acknowledged_by, acknowledged_at, resolved_by, resolved_at, resolution_note, escalation_level, escalated_at, updated_at`;

function one(rows: AlertRow[], what: string): AlertRow {
  const row = rows[0];
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
}

export async function lockOpenAlert(tx: Queryable, ruleId: string, subject: string): Promise<AlertRow | undefined> {
  return (
    await tx.query<AlertRow>(
      `SELECT ${COLUMNS} FROM alerts WHERE rule_id = $1 AND subject = $2 AND status <> 'resolved' FOR UPDATE`,
      [ruleId, subject],
    )
  )[0];
}

export interface NewAlert {
  ruleId: string;
  category: AlertCategory;
  subject: string;
  site: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  evidence: Record<string, unknown>;
  at: Date;
}

export async function insertAlert(tx: Queryable, alert: NewAlert): Promise<AlertRow> {
  return one(
    await tx.query<AlertRow>(
      `INSERT INTO alerts (rule_id, category, subject, site, severity, title, message, evidence, raised_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
      [
        alert.ruleId,
        alert.category,
        alert.subject,
        alert.site,
        alert.severity,
        alert.title,
        alert.message,
        JSON.stringify(alert.evidence),
        alert.at,
      ],
    ),
    'insert into alerts',
  );
}

export async function recordRecurrence(
  tx: Queryable,
  id: number,
  input: { severity: AlertSeverity; message: string; evidence: Record<string, unknown>; at: Date },
): Promise<AlertRow> {
  return one(
    await tx.query<AlertRow>(
      `UPDATE alerts SET occurrences = occurrences + 1, last_seen_at = $2, severity = $3, message = $4, evidence = $5, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, input.at, input.severity, input.message, JSON.stringify(input.evidence)],
    ),
    'update alerts',
  );
}

export async function lockAlert(tx: Queryable, id: number): Promise<AlertRow | undefined> {
  return (await tx.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = $1 FOR UPDATE`, [id]))[0];
}

export async function findAlert(q: Queryable, id: number): Promise<AlertRow | undefined> {
  return (await q.query<AlertRow>(`SELECT ${COLUMNS} FROM alerts WHERE id = $1`, [id]))[0];
}

export async function acknowledge(tx: Queryable, id: number, userId: number | null, at: Date): Promise<AlertRow> {
  return one(
    await tx.query<AlertRow>(
      `UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, userId, at],
    ),
    'acknowledge alert',
  );
}

export async function resolve(tx: Queryable, id: number, userId: number | null, note: string, at: Date): Promise<AlertRow> {
  return one(
    await tx.query<AlertRow>(
      `UPDATE alerts SET status = 'resolved', resolved_by = $2, resolved_at = $4, resolution_note = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, userId, note, at],
    ),
    'resolve alert',
  );
}

export async function escalate(tx: Queryable, id: number, severity: AlertSeverity, at: Date): Promise<AlertRow> {
  return one(
    await tx.query<AlertRow>(
      `UPDATE alerts SET severity = $2, escalation_level = escalation_level + 1, escalated_at = $3, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, severity, at],
    ),
    'escalate alert',
  );
}

export async function unacknowledged(q: Queryable): Promise<AlertRow[]> {
  return q.query<AlertRow>(
    `SELECT ${COLUMNS} FROM alerts WHERE status = 'raised' AND severity IN ('critical', 'emergency') ORDER BY id`,
  );
}

export interface AlertFilter {
  categories: AlertCategory[];
  site?: string | undefined;
  status?: 'open' | 'raised' | 'acknowledged' | 'resolved' | undefined;
  severity?: AlertSeverity | undefined;
  ruleId?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listAlerts(q: Queryable, filter: AlertFilter): Promise<AlertRow[]> {
  return q.query<AlertRow>(
    `SELECT ${COLUMNS} FROM alerts
     WHERE category = ANY ($1::text[]) AND ($2::text IS NULL OR site = $2)
       AND (CASE WHEN $3::text IS NULL THEN true WHEN $3 = 'open' THEN status <> 'resolved' ELSE status = $3 END)
       AND ($4::text IS NULL OR severity = $4) AND ($5::text IS NULL OR rule_id = $5) AND ($6::bigint IS NULL OR id < $6)
     ORDER BY id DESC LIMIT $7`,
    [
      filter.categories,
      filter.site ?? null,
      filter.status ?? null,
      filter.severity ?? null,
      filter.ruleId ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}

export async function ackPolicy(q: Queryable, site: string, severity: AlertSeverity): Promise<number | undefined> {
  return (
    await q.query<{ m: number }>('SELECT ack_within_minutes AS m FROM alert_policies WHERE site = $1 AND severity = $2', [
      site,
      severity,
    ])
  )[0]?.m;
}

export async function savePolicy(tx: Queryable, site: string, severity: AlertSeverity, minutes: number): Promise<void> {
  await tx.query(
    `INSERT INTO alert_policies (site, severity, ack_within_minutes) VALUES ($1, $2, $3)
     ON CONFLICT (site, severity) DO UPDATE SET ack_within_minutes = EXCLUDED.ack_within_minutes`,
    [site, severity, minutes],
  );
}

export interface RotaRow {
  id: string | number;
  site: string;
  category: string;
  user_id: string | number;
  position: number;
  starts_at: Date;
  ends_at: Date;
}

export async function rotaAt(q: Queryable, site: string, category: AlertCategory, at: Date): Promise<RotaRow[]> {
  return q.query<RotaRow>(
    `SELECT id, site, category, user_id, position, starts_at, ends_at FROM duty_rota
     WHERE site = $1 AND category = $2 AND starts_at <= $3 AND ends_at > $3 ORDER BY position, id`,
    [site, category, at],
  );
}

export async function insertRota(
  tx: Queryable,
  entry: { site: string; category: AlertCategory; userId: number; position: number; startsAt: string; endsAt: string },
): Promise<RotaRow> {
  const rows = await tx.query<RotaRow>(
    `INSERT INTO duty_rota (site, category, user_id, position, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, site, category, user_id, position, starts_at, ends_at`,
    [entry.site, entry.category, entry.userId, entry.position, entry.startsAt, entry.endsAt],
  );
  const row = rows[0];
  if (!row) throw new Error('insert into duty_rota returned nothing');
  return row;
}

export async function insertNotification(
  tx: Queryable,
  input: { alertId: number; userId: number | null; kind: 'raised' | 'escalated'; level: number },
): Promise<void> {
  await tx.query('INSERT INTO alert_notifications (alert_id, user_id, kind, escalation_level) VALUES ($1, $2, $3, $4)', [
    input.alertId,
    input.userId,
    input.kind,
    input.level,
  ]);
}

export async function notificationsOf(
  q: Queryable,
  alertId: number,
): Promise<Array<{ user_id: string | number | null; kind: string; escalation_level: number }>> {
  return q.query('SELECT user_id, kind, escalation_level FROM alert_notifications WHERE alert_id = $1 ORDER BY id', [alertId]);
}

/** What happened in a shift window and what is still open at its end, for the handover. */
export async function shiftSummary(q: Queryable, site: string, categories: AlertCategory[], from: Date, to: Date) {
  const open = await q.query<AlertRow>(
    `SELECT ${COLUMNS} FROM alerts WHERE site = $1 AND category = ANY ($2::text[]) AND raised_at < $3
       AND (status <> 'resolved' OR resolved_at >= $3) ORDER BY severity DESC, id`,
    [site, categories, to],
  );
  const counts = await q.query<{ raised: string; resolved: string }>(
    `SELECT count(*) FILTER (WHERE raised_at >= $3 AND raised_at < $4) AS raised,
            count(*) FILTER (WHERE resolved_at >= $3 AND resolved_at < $4) AS resolved
     FROM alerts WHERE site = $1 AND category = ANY ($2::text[])`,
    [site, categories, from, to],
  );
  return { open, raised: Number(counts[0]?.raised ?? 0), resolved: Number(counts[0]?.resolved ?? 0) };
}
