import type { Queryable } from '@campus/storage';
import type { Actor } from '../../actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export interface AuditContext {
  requestId?: string | undefined;
  ip?: string | undefined;
}

/**
 * Appends to the audit log (DAT-6): who, when, what, before/after. Call it inside the same
 * transaction as the change it describes, so a change is never without its entry.
 */
export async function recordAudit(tx: Queryable, actor: Actor, entry: AuditEntry, context: AuditContext = {}): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_id, actor_name, action, entity_type, entity_id, before, after, request_id, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor.userId,
      actor.name,
      entry.action,
      entry.entityType,
      String(entry.entityId),
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      context.requestId ?? null,
      context.ip ?? null,
    ],
  );
}

export interface AuditRow {
  id: string | number;
  at: Date;
  actor_id: string | number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export interface AuditFilter {
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: number | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function queryAudit(db: Queryable, filter: AuditFilter): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `SELECT id, at, actor_id, actor_name, action, entity_type, entity_id, before, after, request_id FROM audit_log
     WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
       AND ($3::bigint IS NULL OR actor_id = $3) AND ($4::text IS NULL OR action = $4)
       AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
       AND ($7::bigint IS NULL OR id < $7)
     ORDER BY id DESC LIMIT $8`,
    [
      filter.entityType ?? null,
      filter.entityId ?? null,
      filter.actorId ?? null,
      filter.action ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.beforeId ?? null,
      filter.limit,
    ],
  );
}
